/// Small text helpers every stage shares: trimming by a rule, and removing the indentation
/// lines share.
extension StringProtocol {
    /// Without the leading and trailing characters that satisfy `predicate`.
    func trimming(where predicate: (Character) -> Bool) -> String {
        var text = self[...]
        while let first = text.first, predicate(first) { text = text.dropFirst() }
        while let last = text.last, predicate(last) { text = text.dropLast() }
        return String(text)
    }

    /// Without the leading and trailing characters of `set`.
    func trimming(_ set: String) -> String {
        trimming { set.contains($0) }
    }
}

enum TextLines {
    /// `lines` without the spaces of indentation they share (blank lines aside), joined by
    /// line breaks.
    static func dedented<Line: StringProtocol>(_ lines: some Collection<Line>) -> String {
        func indent(_ line: Line) -> Int { line.utf8.prefix { $0 == 0x20 }.count }
        let shared = lines.filter { !String($0).trimmingSpaces.isEmpty }.map(indent).min() ?? 0
        return lines.map { String(decoding: $0.utf8.dropFirst(min(shared, indent($0))), as: UTF8.self) }.joined(separator: "\n")
    }
}

extension StringProtocol {
    /// Whether the text holds a line feed: found on its bytes in place, not by iterating a view.
    var containsLineFeed: Bool {
        utf8.withContiguousStorageIfAvailable { $0.contains(0x0A) } ?? utf8.contains(0x0A)
    }
}

extension String {
    /// The text's lines, split at each line feed on its bytes, empty lines kept. (Splitting
    /// by characters would read every grapheme; a line feed always ends one, unless a carriage
    /// return precedes it, and values hold none.)
    var linesAtLineFeeds: [Substring] {
        var text = self
        let feeds = text.withUTF8 { bytes in bytes.indices.filter { bytes[$0] == 0x0A } }
        var lines: [Substring] = []
        lines.reserveCapacity(feeds.count + 1)
        let utf8 = self.utf8
        var start = utf8.startIndex
        for offset in feeds {
            let end = utf8.index(utf8.startIndex, offsetBy: offset)
            lines.append(Substring(utf8[start..<end]))
            start = utf8.index(after: end)
        }
        lines.append(Substring(utf8[start...]))
        return lines
    }
}
