/// Decides which link targets may stay on a sanitised `a`: `http:`, `https:` and `mailto:`
/// URLs, relative references and `#fragment`s.
///
/// The value is judged as a browser would read it (WHATWG URL, "basic URL parser"): libxml2
/// has already decoded character references, leading and trailing C0 controls and spaces are
/// trimmed, and ASCII tab and newline are removed wherever they are — so `java\tscript:` and
/// `&#x20;javascript:` are both `javascript:`. Then anything before the first `/`, `?` or `#`
/// that holds a `:` must be one of the allowed schemes; otherwise the link is dropped. This is
/// stricter than a browser (which would read `\u{A0}javascript:x` as a relative path) on purpose.
public struct LinkPolicy: Sendable {
    /// Allowed schemes, lowercase.
    public var schemes: Set<String>

    public init(schemes: Set<String> = ["http", "https", "mailto"]) {
        self.schemes = schemes
    }

    /// The URL to write in `href`, cleaned as described above, or nil when the link must go.
    public func allowedHref(_ raw: String) -> String? {
        if let verdict = quickVerdict(raw) { return verdict ? raw : nil }
        var scalars = Substring(raw).unicodeScalars
        while let first = scalars.first, first.value <= 0x20 { scalars.removeFirst() }
        while let last = scalars.last, last.value <= 0x20 { scalars.removeLast() }
        var cleaned = String.UnicodeScalarView()
        for scalar in scalars {
            switch scalar.value {
            case 0x09, 0x0A, 0x0D: continue
            case 0x00..<0x20, 0x7F: return nil  // controls inside a URL: never a link we want
            default: cleaned.append(scalar)
            }
        }
        let url = String(cleaned)
        let head = url.prefix { $0 != "/" && $0 != "?" && $0 != "#" }
        guard let colon = head.firstIndex(of: ":") else { return url }  // relative or #fragment
        let scheme = head[..<colon].lowercased()
        return schemes.contains(scheme) ? url : nil
    }

    /// The verdict for a URL of printable ASCII alone (no spaces, controls or anything to
    /// clean up), read straight from its bytes; nil for any other URL.
    private func quickVerdict(_ url: String) -> Bool? {
        var colon: Int?
        var headEnded = false
        for (offset, byte) in url.utf8.enumerated() {
            guard byte > 0x20, byte < 0x7F else { return nil }
            switch byte {
            case UInt8(ascii: "/"), UInt8(ascii: "?"), UInt8(ascii: "#"): headEnded = true
            case UInt8(ascii: ":") where !headEnded && colon == nil: colon = offset
            default: break
            }
        }
        guard let colon else { return true }
        return schemes.contains(String(decoding: url.utf8.prefix(colon), as: UTF8.self).lowercased())
    }
}
