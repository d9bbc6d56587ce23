import CLibXML2

/// Reads a whole HTML page back with libxml2's HTML parser and hands out what it found as
/// plain values: the elements in document order with their attributes, the text, and every
/// error and warning the parser reported. For tests and tools that check a page by its
/// structure instead of by searching its text.
public enum HTMLInspector {
    /// An element of the parsed page.
    public struct Element: Sendable {
        public var name: String
        /// Attributes in document order, values as the parser decoded them.
        public var attributes: [(name: String, value: String)]
        /// Index of the parent element in ``Inspection/elements``; nil for the root.
        public var parent: Int?
        public var children: [Node]

        public func attribute(_ name: String) -> String? {
            attributes.first { $0.name == name }?.value
        }
    }

    /// A child of an element.
    public enum Node: Sendable {
        case element(Int)
        case text(String)
        case comment(String)
    }

    /// An error or warning of the parser.
    public struct Problem: Sendable, CustomStringConvertible {
        /// libxml2's error code (`xmlParserErrors`), such as 801 for an unknown tag.
        public var code: Int
        public var isWarning: Bool
        public var message: String
        public var line: Int
        /// The name the message is about (the tag of an unknown-tag error), when libxml2 gives one.
        public var subject: String?

        public var description: String { "\(line): [\(code)] \(message)" }

        /// libxml2 reports a tag it does not know (its tables are HTML 4, so `header`, `nav`,
        /// `main`, `section` are unknown to it).
        public static let unknownTagCode = Int(XML_HTML_UNKNOWN_TAG.rawValue)
    }

    /// What the parser read.
    public struct Inspection: Sendable {
        /// The doctype's name (`html`), nil without a doctype.
        public var doctype: String?
        /// Top-level nodes of the document other than the doctype.
        public var topLevel: [Node]
        public var elements: [Element]
        public var problems: [Problem]

        /// Every element with this name, in document order.
        public func elements(named name: String) -> [Element] {
            elements.filter { $0.name == name }
        }

        /// Names of the element's ancestors, nearest first.
        public func ancestors(of index: Int) -> [String] {
            var names: [String] = []
            var current = elements[index].parent
            while let parent = current {
                names.append(elements[parent].name)
                current = elements[parent].parent
            }
            return names
        }

        /// The text inside the element, in document order.
        public func text(of index: Int) -> String {
            var result = ""
            var stack: [Node] = elements[index].children.reversed()
            while let node = stack.popLast() {
                switch node {
                case .text(let text): result += text
                case .element(let child): stack.append(contentsOf: elements[child].children.reversed())
                case .comment: break
                }
            }
            return result
        }
    }

    /// Parses `html` as a page: no network, errors and warnings collected rather than printed.
    public static func inspect(_ html: String) -> Inspection {
        LibXML.ensureInitialized()
        let collector = ProblemCollector()
        let unmanaged = Unmanaged.passRetained(collector)
        defer { unmanaged.release() }
        // Structured error handlers are per thread in libxml2 built with threads.
        xmlSetStructuredErrorFunc(unmanaged.toOpaque(), { context, error in
            guard let context, let error else { return }
            let collector = Unmanaged<ProblemCollector>.fromOpaque(context).takeUnretainedValue()
            collector.problems.append(HTMLInspector.Problem(
                code: Int(error.pointee.code),
                isWarning: error.pointee.level == XML_ERR_WARNING,
                message: string(fromXML: UnsafeRawPointer(error.pointee.message)?.assumingMemoryBound(to: xmlChar.self))
                    .trimmingTrailingNewlines,
                line: Int(error.pointee.line),
                subject: error.pointee.str1.map { String(cString: $0) }))
        })
        defer { xmlSetStructuredErrorFunc(nil, nil) }

        let options = Int32(HTML_PARSE_NONET.rawValue | HTML_PARSE_NODEFDTD.rawValue | HTML_PARSE_IGNORE_ENC.rawValue)
        var text = html
        let parsed: xmlDocPtr? = text.withUTF8 { bytes in
            guard let base = bytes.baseAddress, !bytes.isEmpty else { return nil }
            return base.withMemoryRebound(to: CChar.self, capacity: bytes.count) {
                htmlReadMemory($0, Int32(clamping: bytes.count), nil, "UTF-8", options)
            }
        }
        guard let document = parsed else {
            return Inspection(doctype: nil, topLevel: [], elements: [], problems: collector.problems)
        }
        defer { xmlFreeDoc(document) }
        var inspection = Inspection(doctype: nil, topLevel: [], elements: [], problems: collector.problems)
        if let dtd = document.pointee.intSubset { inspection.doctype = string(fromXML: dtd.pointee.name) }
        walk(document, into: &inspection)
        return inspection
    }

    /// The tree of a page being built, read the same way (no parse, so no problems): with
    /// ``inspect(_:)`` of its serialised text, this shows whether a page reads back as built.
    public static func inspect(_ document: HTMLDocument) -> Inspection {
        var inspection = Inspection(doctype: nil, topLevel: [], elements: [], problems: [])
        guard let doc = document.doc else { return inspection }
        if let dtd = doc.pointee.intSubset { inspection.doctype = string(fromXML: dtd.pointee.name) }
        walk(doc, into: &inspection)
        return inspection
    }

    /// Reads the tree iteratively, so a deep page cannot exhaust the stack.
    private static func walk(_ document: xmlDocPtr, into inspection: inout Inspection) {
        // (node to visit, index of the element it belongs to)
        var pending: [(xmlNodePtr, Int?)] = []
        var child = document.pointee.children
        var top: [(xmlNodePtr, Int?)] = []
        while let node = child {
            top.append((node, nil))
            child = node.pointee.next
        }
        pending = top.reversed()
        while let (node, parent) = pending.popLast() {
            let value: Node
            switch node.pointee.type {
            case XML_ELEMENT_NODE:
                var attributes: [(name: String, value: String)] = []
                var property = node.pointee.properties
                while let attribute = property {
                    let value = xmlNodeListGetString(document, attribute.pointee.children, 1)
                    attributes.append((string(fromXML: attribute.pointee.name), string(fromXML: value)))
                    LibXML.free(value)
                    property = attribute.pointee.next
                }
                let index = inspection.elements.count
                inspection.elements.append(Element(
                    name: string(fromXML: node.pointee.name), attributes: attributes, parent: parent, children: []))
                var children: [(xmlNodePtr, Int?)] = []
                var next = node.pointee.children
                while let current = next {
                    children.append((current, index))
                    next = current.pointee.next
                }
                pending.append(contentsOf: children.reversed())
                value = .element(index)
            case XML_TEXT_NODE, XML_CDATA_SECTION_NODE:
                value = .text(string(fromXML: node.pointee.content))
            case XML_COMMENT_NODE:
                value = .comment(string(fromXML: node.pointee.content))
            default:
                continue
            }
            if let parent {
                inspection.elements[parent].children.append(value)
            } else {
                inspection.topLevel.append(value)
            }
        }
    }
}

/// Receives libxml2's structured errors during one parse.
private final class ProblemCollector {
    var problems: [HTMLInspector.Problem] = []
}

extension String {
    fileprivate var trimmingTrailingNewlines: String {
        var result = self
        while result.last == "\n" { result.removeLast() }
        return result
    }
}
