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
}
