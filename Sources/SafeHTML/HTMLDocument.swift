import CLibXML2

/// An element or attribute name: a compile-time literal, so no input ever names an element
/// or an attribute of a page.
public struct HTMLName: ExpressibleByStringLiteral, Sendable, CustomStringConvertible {
    let literal: StaticString

    public init(stringLiteral value: StaticString) {
        literal = value
    }

    public var description: String { literal.description }

    /// The name as libxml2 wants it: a NUL-terminated UTF-8 string that lives for the whole run.
    var xml: UnsafePointer<xmlChar> {
        UnsafeRawPointer(literal.utf8Start).assumingMemoryBound(to: xmlChar.self)
    }
}

/// An HTML page under construction, held as a libxml2 tree: `<!DOCTYPE html>`,
/// `<html lang=…>`, `<head>` and `<body>`.
///
/// Build it through ``head`` and ``body``, then call ``serialized()``. A document and its
/// elements belong to one thread at a time; separate documents may be built concurrently.
///
/// ```swift
/// let page = HTMLDocument(language: "en")
/// page.head.element("title", text: "Report")
/// page.body.element("p", ["class": "note"], text: "<b> stays text")
/// let html = page.serialized()
/// ```
public final class HTMLDocument {
    /// Nil only when libxml2 could not allocate; every operation is then a no-op.
    let doc: xmlDocPtr?
    private let rootNode, headNode, bodyNode: xmlNodePtr?
    /// A parser context kept for the sanitizer's fragments, reused across calls.
    var fragmentParser: FragmentParser?

    /// A new page with `<!DOCTYPE html>` and `<html lang="language">`.
    public init(language: String = "en") {
        LibXML.ensureInitialized()
        let doc: xmlDocPtr? = htmlNewDocNoDtD(nil, nil)
        // Element and attribute names are interned in the document's dictionary (freed with
        // it) instead of copied into every node.
        if let doc { doc.pointee.dict = xmlDictCreate() }
        xmlCreateIntSubset(doc, "html", nil, nil)
        let html: xmlNodePtr? = xmlNewDocNode(doc, nil, "html", nil)
        xmlDocSetRootElement(doc, html)
        let head: xmlNodePtr? = xmlNewDocNode(doc, nil, "head", nil)
        let body: xmlNodePtr? = xmlNewDocNode(doc, nil, "body", nil)
        xmlAddChild(html, head)
        xmlAddChild(html, body)
        self.doc = doc
        rootNode = html
        headNode = head
        bodyNode = body
        root.setAttribute("lang", language)
    }

    deinit {
        xmlFreeDoc(doc)
    }

    /// `<html>`.
    public var root: HTMLElement { HTMLElement(document: self, node: rootNode) }
    /// `<head>`.
    public var head: HTMLElement { HTMLElement(document: self, node: headNode) }
    /// `<body>`.
    public var body: HTMLElement { HTMLElement(document: self, node: bodyNode) }

    /// The page as HTML text, written by libxml2's HTML serialiser in UTF-8, indented where
    /// white space does not matter.
    public func serialized() -> String {
        // An output buffer without an encoder writes libxml2's UTF-8 as is; htmlDocDumpMemory
        // would pick the "HTML" encoder (non-ASCII as entities) since it only reads the
        // encoding from `<meta http-equiv>`, not `<meta charset>`.
        guard let doc, let output = xmlAllocOutputBuffer(nil) else { return "" }
        defer { xmlOutputBufferClose(output) }
        htmlDocContentDumpFormatOutput(output, doc, "UTF-8", 1)
        xmlOutputBufferFlush(output)
        guard let content = xmlOutputBufferGetContent(output) else { return "" }
        return String(decoding: UnsafeBufferPointer(start: content, count: xmlOutputBufferGetSize(output)), as: UTF8.self)
    }
}

/// An element of an ``HTMLDocument``. It keeps its document alive.
public struct HTMLElement {
    let document: HTMLDocument
    /// Nil only when libxml2 could not allocate; every operation is then a no-op.
    let node: xmlNodePtr?

    /// Appends a child element with these attributes and returns it.
    @discardableResult
    public func element(_ name: HTMLName, _ attributes: KeyValuePairs<HTMLName, String> = [:]) -> HTMLElement {
        var child: xmlNodePtr?
        if let node {
            child = xmlNewDocNode(document.doc, nil, name.xml, nil)
            if let created = child { xmlAddChild(node, created) }
        }
        let element = HTMLElement(document: document, node: child)
        for (attribute, value) in attributes { element.setAttribute(attribute, value) }
        return element
    }

    /// Appends a child element with one attribute and returns it (no list of attributes to
    /// build: the form for elements drawn once per field).
    @discardableResult
    public func element(_ name: HTMLName, _ attribute: HTMLName, _ value: String) -> HTMLElement {
        let element = element(name)
        element.setAttribute(attribute, value)
        return element
    }

    /// Appends a child element holding `text` as a text node and returns it.
    @discardableResult
    public func element(_ name: HTMLName, _ attributes: KeyValuePairs<HTMLName, String> = [:], text: String) -> HTMLElement {
        let element = element(name, attributes)
        element.text(text)
        return element
    }

    /// Appends `text` as a text node: it is never read as markup.
    public func text(_ text: String) {
        guard let node, !text.isEmpty else { return }
        var safe = text.xmlSafe
        safe.withUTF8 { bytes in
            guard let base = bytes.baseAddress else { return }
            guard let child = xmlNewDocTextLen(document.doc, base, Int32(clamping: bytes.count)) else { return }
            // Merges with a preceding text node, freeing `child`, when there is one.
            xmlAddChild(node, child)
        }
    }

    /// Appends UTF-8 `bytes` as a text node, like ``text(_:)`` without making a `String`.
    public func text(utf8 bytes: UnsafeBufferPointer<UInt8>) {
        guard let node, let base = bytes.baseAddress, !bytes.isEmpty else { return }
        guard isXMLSafe(bytes) else { return text(String(decoding: bytes, as: UTF8.self)) }
        guard let child = xmlNewDocTextLen(document.doc, base, Int32(clamping: bytes.count)) else { return }
        xmlAddChild(node, child)
    }

    /// Appends an `a` to `href` as the sanitizer keeps links: only when `policy` allows the
    /// URL, escaped the same way, with the policy's `rel`. Nil, having appended nothing, when
    /// the link must go (its text then belongs in this element).
    public func link(to href: String, policy: HTMLSanitizer.Policy) -> HTMLElement? {
        guard let node, let allowed = policy.links.allowedHref(href),
              let child = xmlNewDocNode(document.doc, nil, ("a" as HTMLName).xml, nil)
        else { return nil }
        xmlAddChild(node, child)
        setLinkAttributes(of: child, href: allowed, rel: policy.linkRel)
        return HTMLElement(document: document, node: child)
    }

    /// Sets an attribute; the value is stored as text and escaped by the serialiser.
    public func setAttribute(_ name: HTMLName, _ value: String) {
        guard let node else { return }
        value.xmlSafe.withXMLString { setProperty(of: node, name.xml, $0) }
    }

    /// The element's children as HTML text, serialised by libxml2 (for tests and snippets).
    public func serializedContent() -> String {
        guard let node, let buffer = xmlBufferCreate() else { return "" }
        defer { xmlBufferFree(buffer) }
        var child = node.pointee.children
        while let current = child {
            htmlNodeDump(buffer, document.doc, current)
            child = current.pointee.next
        }
        guard let content = xmlBufferContent(buffer) else { return "" }
        return String(decoding: UnsafeBufferPointer(start: content, count: Int(xmlBufferLength(buffer))), as: UTF8.self)
    }

    /// Appends the allowed part of an untrusted HTML fragment (see ``HTMLSanitizer``).
    ///
    /// - Returns: false, having appended nothing, when libxml2 could not read the whole
    ///   fragment (it gives up past 256 levels of nesting); show its source as text instead.
    @discardableResult
    public func appendSanitized(_ html: String, using sanitizer: HTMLSanitizer) -> Bool {
        sanitizer.append(html, to: self)
    }
}

/// Sets attribute `name` of `element` to `value` (both NUL-terminated, `value` text, never
/// parsed for entities). A new attribute is linked in directly: `xmlSetProp` would also look
/// for a DTD default and register every `id` in the document's ID table, which a page never
/// reads and which costs more than the attribute itself.
func setProperty(of element: xmlNodePtr, _ name: UnsafePointer<xmlChar>, _ value: UnsafePointer<xmlChar>) {
    var last: xmlAttrPtr?
    var attribute = element.pointee.properties
    while let current = attribute {
        if xmlStrEqual(current.pointee.name, name) != 0 {
            xmlSetProp(element, name, value)
            return
        }
        last = current
        attribute = current.pointee.next
    }
    guard let created = xmlNewDocProp(element.pointee.doc, name, nil) else { return }
    if let text = xmlNewDocText(element.pointee.doc, value) {
        text.pointee.parent = UnsafeMutableRawPointer(created).assumingMemoryBound(to: xmlNode.self)
        created.pointee.children = text
        created.pointee.last = text
    }
    created.pointee.parent = element
    if let last {
        last.pointee.next = created
        created.pointee.prev = last
    } else {
        element.pointee.properties = created
    }
}

/// Gives a kept link its `href` — escaped as libxml2's serialiser escapes URI attributes, so
/// the page reads back with the same value — and its `rel`.
func setLinkAttributes(of element: xmlNodePtr, href: String, rel: String) {
    if let escaped = href.xmlSafe.withXMLString({ xmlURIEscapeStr($0, "@/:=?;#%&,+<>") }) {
        setProperty(of: element, ("href" as HTMLName).xml, escaped)
        LibXML.free(escaped)
    }
    rel.xmlSafe.withXMLString { setProperty(of: element, ("rel" as HTMLName).xml, $0) }
}
