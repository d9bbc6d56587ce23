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
        let indent = lines.filter { !String($0).trimmingSpaces.isEmpty }.map { $0.prefix { $0 == " " }.count }.min() ?? 0
        return lines.map { String($0.dropFirst(min(indent, $0.prefix { $0 == " " }.count))) }.joined(separator: "\n")
    }
}
