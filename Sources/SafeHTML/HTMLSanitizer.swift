import CLibXML2

/// Copies the allowed part of an untrusted HTML fragment into a page.
///
/// The fragment is parsed by libxml2's HTML parser (``FragmentParser``: no network, encoding
/// hints ignored, depth capped by libxml2 at 256), then walked iteratively; only these
/// elements are re-created in the page, each from the policy's own name:
///
///     p br strong em code pre ul ol li a blockquote table thead tbody tr th td h4 h5 h6 del hr
///
/// `s` and `strike` (Ink's strike-through) are kept as `del`.
/// No attribute survives except `href` on `a`, when ``LinkPolicy`` allows its URL; such a link
/// gets `rel="noopener noreferrer nofollow"`, and an `a` without an allowed `href` is dropped.
/// Every other element is dropped and its text kept, as a text node — including the text of
/// `script` and `style`, which is inert there. Comments, processing instructions and doctype
/// declarations are dropped whole.
///
/// The copy also keeps the HTML content model libxml2 and browsers parse back: a block
/// (`p`, `ul`, `table`, …) is unwrapped inside `p`, a heading, `pre` or an inline element; `li`
/// only stays in a list, table parts only in their table, `a` never nests; past
/// ``Policy/maxDepth`` allowed levels elements are unwrapped. So serialising the page and
/// parsing it again gives the same tree, and no text can turn into markup.
public struct HTMLSanitizer: Sendable {
    /// What the sanitizer keeps.
    public struct Policy: Sendable {
        /// Which link targets stay.
        public var links: LinkPolicy
        /// `rel` of every kept link.
        public var linkRel: String
        /// When nil, `h4`–`h6` are kept and `h1`–`h3` dropped (their text kept). When set,
        /// every heading is kept and re-levelled so that the fragment's outline starts at
        /// `h<headingBase>` and never skips a level — for a page whose own outline reaches
        /// `h<headingBase - 1>` where the fragment goes.
        public var headingBase: Int?
        /// Allowed elements nested deeper than this are unwrapped.
        public var maxDepth: Int

        public init(links: LinkPolicy = LinkPolicy(), linkRel: String = "noopener noreferrer nofollow", headingBase: Int? = nil, maxDepth: Int = 48) {
            self.links = links
            self.linkRel = linkRel
            self.headingBase = headingBase.map { min(6, max(1, $0)) }
            self.maxDepth = maxDepth
        }

        /// The allowed elements, in the order the issue lists them.
        public static let allowedElements: [String] = [
            "p", "br", "strong", "em", "code", "pre", "ul", "ol", "li", "a", "blockquote",
            "table", "thead", "tbody", "tr", "th", "td", "h4", "h5", "h6", "del", "hr",
        ]
    }

    public var policy: Policy

    public init(policy: Policy = Policy()) {
        self.policy = policy
    }

    /// The sanitised fragment as HTML text, serialised by libxml2. When libxml2 cannot read the
    /// whole fragment, the fragment is given as text.
    public func sanitize(_ html: String) -> String {
        let document = HTMLDocument()
        let container = document.body.element("div")
        if !append(html, to: container) { container.text(html) }
        return container.serializedContent()
    }

    /// Parses `html` and appends what the policy allows under `parent`, which is taken to
    /// accept flow content (like `div`, `dd`, `li`, `td`).
    ///
    /// - Returns: false, having appended nothing, when libxml2 gave up before the end of the
    ///   fragment (past 256 levels of nesting); the caller then shows the source as text.
    @discardableResult
    func append(_ html: String, to parent: HTMLElement) -> Bool {
        guard let output = parent.node, !html.isEmpty else { return true }
        let document = parent.document
        let parser: FragmentParser
        if let existing = document.fragmentParser {
            parser = existing
        } else {
            parser = FragmentParser()
            document.fragmentParser = parser
        }
        guard let (fragment, complete) = parser.parse(html) else { return true }
        defer { xmlFreeDoc(fragment) }
        guard complete else { return false }
        var copier = Copier(policy: policy, page: document.doc)
        copier.copy(from: fragment, into: output)
        return true
    }
}

/// Where a copied node lands: what its output parent may hold.
enum Slot {
    case flow, phrasing, list, table, tableSection, row
}

/// The allowed elements and what each may sit in and hold.
enum AllowedTag {
    case block(HTMLName, holds: Slot)  // only in flow
    case inline(HTMLName)  // in flow or phrasing; holds phrasing
    case void(HTMLName, inPhrasing: Bool)  // no content
    case link
    case heading(Int)
    case listItem, tableSection(HTMLName), row, cell(HTMLName)

    static func named(_ name: String) -> AllowedTag? {
        switch name {
        case "p": .block("p", holds: .phrasing)
        case "pre": .block("pre", holds: .phrasing)
        case "ul": .block("ul", holds: .list)
        case "ol": .block("ol", holds: .list)
        case "blockquote": .block("blockquote", holds: .flow)
        case "table": .block("table", holds: .table)
        case "strong": .inline("strong")
        case "em": .inline("em")
        case "code": .inline("code")
        case "del", "s", "strike": .inline("del")  // Ink writes `~~x~~` as <s>
        case "br": .void("br", inPhrasing: true)
        case "hr": .void("hr", inPhrasing: false)
        case "a": .link
        case "h1": .heading(1)
        case "h2": .heading(2)
        case "h3": .heading(3)
        case "h4": .heading(4)
        case "h5": .heading(5)
        case "h6": .heading(6)
        case "li": .listItem
        case "thead": .tableSection("thead")
        case "tbody": .tableSection("tbody")
        case "tr": .row
        case "th": .cell("th")
        case "td": .cell("td")
        default: nil
        }
    }

    static let headingNames: [HTMLName] = ["h1", "h2", "h3", "h4", "h5", "h6"]
}

/// One walk over a parsed fragment, copying allowed nodes into the page.
struct Copier {
    let policy: HTMLSanitizer.Policy
    let page: xmlDocPtr?

    /// An element of the fragment being visited, and where its children go.
    private struct Frame {
        var source: xmlNodePtr
        var output: xmlNodePtr
        var slot: Slot
        var inLink: Bool
        var depth: Int
        /// Dropped and not inline: a line break follows its text so words do not run together.
        var separates: Bool
    }

    /// Original and new level of the open headings, for re-levelling.
    private var headings: [(original: Int, level: Int)] = []

    init(policy: HTMLSanitizer.Policy, page: xmlDocPtr?) {
        self.policy = policy
        self.page = page
    }

    mutating func copy(from fragment: xmlDocPtr, into container: xmlNodePtr) {
        var stack: [Frame] = []
        var output = container
        var slot = Slot.flow
        var inLink = false
        var depth = 0
        var next = fragment.pointee.children
        while let node = next {
            var descend = false
            switch node.pointee.type {
            case XML_TEXT_NODE, XML_CDATA_SECTION_NODE:
                appendText(node.pointee.content, to: output)
            case XML_ELEMENT_NODE:
                var frame = Frame(source: node, output: output, slot: slot, inLink: inLink, depth: depth, separates: false)
                if let kept = place(node, in: &frame) {
                    frame.output = kept
                } else {
                    frame.separates = isBlock(node)
                }
                if node.pointee.children != nil {
                    stack.append(frame)
                    (output, slot, inLink, depth) = (frame.output, frame.slot, frame.inLink, frame.depth)
                    descend = true
                } else if frame.separates {
                    appendText(newline, to: output)
                }
            default:
                break  // comments, processing instructions, DTDs, entity declarations
            }
            if descend {
                next = node.pointee.children
                continue
            }
            next = node.pointee.next
            while next == nil, let frame = stack.popLast() {
                let parent = stack.last
                output = parent?.output ?? container
                slot = parent?.slot ?? .flow
                inLink = parent?.inLink ?? false
                depth = parent?.depth ?? 0
                if frame.separates { appendText(newline, to: output) }
                next = frame.source.pointee.next
            }
        }
    }

    /// Creates the page element for an allowed `node` that fits where it is, updating `frame`
    /// to describe its content; nil when the node is to be unwrapped.
    private mutating func place(_ node: xmlNodePtr, in frame: inout Frame) -> xmlNodePtr? {
        guard frame.depth < policy.maxDepth, let tag = AllowedTag.named(string(fromXML: node.pointee.name)) else { return nil }
        let name: HTMLName
        var holds = Slot.phrasing
        var href: String?
        switch tag {
        case .block(let blockName, let content):
            guard frame.slot == .flow else { return nil }
            (name, holds) = (blockName, content)
        case .inline(let inlineName):
            guard frame.slot == .flow || frame.slot == .phrasing else { return nil }
            name = inlineName
        case .void(let voidName, let inPhrasing):
            guard frame.slot == .flow || (inPhrasing && frame.slot == .phrasing) else { return nil }
            name = voidName
        case .link:
            guard frame.slot == .flow || frame.slot == .phrasing, !frame.inLink,
                  let raw = attribute("href", of: node), let allowed = policy.links.allowedHref(raw)
            else { return nil }
            (name, href) = ("a", allowed)
            frame.inLink = true
        case .heading(let original):
            guard frame.slot == .flow, let level = relevel(original) else { return nil }
            name = AllowedTag.headingNames[level - 1]
        case .listItem:
            guard frame.slot == .list else { return nil }
            (name, holds) = ("li", .flow)
        case .tableSection(let sectionName):
            guard frame.slot == .table else { return nil }
            (name, holds) = (sectionName, .tableSection)
        case .row:
            guard frame.slot == .table || frame.slot == .tableSection else { return nil }
            (name, holds) = ("tr", .row)
        case .cell(let cellName):
            guard frame.slot == .row else { return nil }
            (name, holds) = (cellName, .flow)
        }
        guard let element = xmlNewDocNode(page, nil, name.xml, nil) else { return nil }
        xmlAddChild(frame.output, element)
        if let href { setLinkAttributes(of: element, href: href, rel: policy.linkRel) }
        frame.slot = holds
        frame.depth += 1
        return element
    }

    /// The level a heading of `original` rank gets, or nil when the policy drops it.
    private mutating func relevel(_ original: Int) -> Int? {
        guard let base = policy.headingBase else { return original >= 4 ? original : nil }
        while let last = headings.last, last.original >= original { headings.removeLast() }
        let level = min(6, (headings.last?.level ?? base - 1) + 1)
        headings.append((original, level))
        return level
    }

    /// An attribute's value as libxml2 decoded it; nil when absent.
    private func attribute(_ name: String, of node: xmlNodePtr) -> String? {
        guard let value = xmlGetProp(node, name) else { return nil }
        defer { LibXML.free(value) }
        return string(fromXML: value)
    }

    /// True for an element libxml2's HTML tables call a block (unknown elements count as
    /// inline), other than the `html`, `head` and `body` the parser wraps every fragment in.
    private func isBlock(_ node: xmlNodePtr) -> Bool {
        switch string(fromXML: node.pointee.name) {
        case "html", "head", "body": return false
        default: break
        }
        guard let description = htmlTagLookup(node.pointee.name) else { return false }
        return description.pointee.isinline == 0 && description.pointee.empty == 0
    }

    private let newline: [xmlChar] = [0x0A, 0]

    private func appendText(_ bytes: [xmlChar], to output: xmlNodePtr) {
        bytes.withUnsafeBufferPointer { appendText($0.baseAddress, to: output) }
    }

    /// Appends a NUL-terminated libxml2 string as a text node, replacing characters HTML cannot carry.
    private func appendText(_ content: UnsafePointer<xmlChar>?, to output: xmlNodePtr) {
        guard let content, content.pointee != 0 else { return }
        let length = Int(xmlStrlen(content))
        let bytes = UnsafeBufferPointer(start: content, count: length)
        let text: xmlNodePtr?
        if isXMLSafe(bytes) {
            text = xmlNewDocTextLen(page, content, Int32(length))
        } else {
            var safe = String(decoding: bytes, as: UTF8.self).xmlSafe
            text = safe.withUTF8 { xmlNewDocTextLen(page, $0.baseAddress, Int32($0.count)) }
        }
        if let text { xmlAddChild(output, text) }
    }
}
