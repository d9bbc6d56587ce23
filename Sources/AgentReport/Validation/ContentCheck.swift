/// Checks a field's text for the ways agents leave a field unfilled: an empty value, the
/// template's guidance copied back, filler such as `TBD`, or a bare `N/A`.
enum ContentCheck {
    enum Finding: Equatable {
        /// Nothing after the label.
        case empty
        /// The template's guidance, or any value that is one bracket expression (`[…]`).
        case placeholder
        /// `TBD`, `TODO`, `...`, `-`, `???` and their kin.
        case filler(String)
        /// `N/A` with no reason.
        case notApplicable
    }

    /// Words that stand for "not written yet", compared in lower case with surrounding
    /// emphasis, quotes and a final full stop removed.
    static let fillers: Set<String> = [
        "tbd", "tba", "tbc", "todo", "to do", "to-do", "fixme", "xxx", "wip", "pending",
        "to be determined", "to be decided", "to be defined", "to be confirmed", "to be added",
        "placeholder", "lorem ipsum", "coming soon", "fill in", "fill me in", "etc",
        "...", "…", "..", "-", "--", "---", "—", "–", "?", "??", "???", "????", "_", "__", "*",
    ]

    static let notApplicable: Set<String> = ["n/a", "na", "n.a", "n.a.", "not applicable"]

    /// What is wrong with `value`, or nil when it reads as an answer. `guidance` is the
    /// schema's description of the field (the template's bracketed text).
    static func check(_ value: String, guidance: String?) -> Finding? {
        let trimmed = value.trimmingSpaces
        if trimmed.isEmpty { return .empty }
        if isPlaceholder(trimmed, guidance: guidance) { return .placeholder }
        let word = bare(trimmed)
        if notApplicable.contains(word) { return .notApplicable }
        if fillers.contains(word) { return .filler(trimmed) }
        for lead in ["todo", "tbd", "fixme"] where word.hasPrefix(lead) {
            let rest = word.dropFirst(lead.count)
            if let next = rest.first, !next.isLetter && !next.isNumber { return .filler(trimmed) }
        }
        return nil
    }

    private static func isPlaceholder(_ value: String, guidance: String?) -> Bool {
        if let guidance, collapse(value) == collapse(guidance) { return true }
        if let inner = Self.unwrapped(guidance), collapse(value) == collapse(inner) { return true }
        // One bracket expression, and not a markdown link or reference (`[text](url)`).
        guard value.hasPrefix("["), value.hasSuffix("]"), !value.contains("\n") else { return false }
        var depth = 0
        for (offset, character) in value.enumerated() {
            if character == "[" { depth += 1 }
            if character == "]" {
                depth -= 1
                if depth == 0 && offset != value.count - 1 { return false }  // `[a] [b]`, `[a](b)…]`
            }
        }
        return depth == 0
    }

    /// The guidance without its brackets: `[REST/GraphQL]` → `REST/GraphQL`.
    private static func unwrapped(_ guidance: String?) -> String? {
        guard let guidance = guidance?.trimmingSpaces, let first = guidance.first, let last = guidance.last,
              (first == "[" && last == "]") || (first == "<" && last == ">") || (first == "{" && last == "}"),
              guidance.count >= 2
        else { return nil }
        return String(guidance.dropFirst().dropLast())
    }

    /// Lower case, without surrounding emphasis, code marks or quotes, or a final full stop.
    private static func bare(_ value: String) -> String {
        var text = Substring(value.lowercased())
        let marks: Set<Character> = ["*", "_", "`", "\"", "'", "“", "”"]
        while let first = text.first, let last = text.last, text.count >= 2, marks.contains(first), first == last || (first == "“" && last == "”") {
            text = text.dropFirst().dropLast()
        }
        if text.count > 1, text.last == ".", !text.hasSuffix("..") { text = text.dropLast() }
        return String(text).trimmingSpaces
    }

    private static func collapse(_ text: String) -> String {
        text.lowercased().split(whereSeparator: \.isWhitespace).joined(separator: " ")
    }
}
