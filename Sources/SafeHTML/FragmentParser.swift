import CLibXML2

/// A libxml2 HTML parser context for untrusted fragments, reused across parses of one
/// document (a fresh context per fragment costs more than the parse of a short value).
///
/// Options: no network, no error or warning output, no default doctype, and the encoding is
/// UTF-8 whatever a `<meta charset>` in the fragment says.
final class FragmentParser {
    private let context: htmlParserCtxtPtr?

    static let options = Int32(
        HTML_PARSE_NOERROR.rawValue | HTML_PARSE_NOWARNING.rawValue | HTML_PARSE_NONET.rawValue
            | HTML_PARSE_NODEFDTD.rawValue | HTML_PARSE_IGNORE_ENC.rawValue | HTML_PARSE_COMPACT.rawValue)

    init() {
        LibXML.ensureInitialized()
        context = htmlNewParserCtxt()
    }

    deinit {
        if let context { htmlFreeParserCtxt(context) }
    }

    /// Parses `html` into a document the caller must free with `xmlFreeDoc`; nil when there is
    /// nothing to read (libxml2 returns no document for empty input). `complete` is false
    /// when libxml2 stopped early — it halts past 256 levels of nesting — and the document
    /// holds only part of the fragment.
    func parse(_ html: String) -> (document: xmlDocPtr, complete: Bool)? {
        guard let context else { return nil }
        var text = html
        let document = text.withUTF8 { bytes -> xmlDocPtr? in
            guard let base = bytes.baseAddress, !bytes.isEmpty else { return nil }
            return base.withMemoryRebound(to: CChar.self, capacity: bytes.count) { chars in
                htmlCtxtReadMemory(context, chars, Int32(clamping: bytes.count), nil, "UTF-8", Self.options)
            }
        }
        guard let document else { return nil }
        // xmlHaltParser, libxml2's way of giving up, disables the SAX callbacks for good.
        return (document, context.pointee.disableSAX == 0)
    }
}
