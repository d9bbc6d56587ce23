/// What a field's guidance says its value is: one of a closed set, a count, yes or no, or
/// free text. The rules follow the idioms counted in real definitions (Tests/…/IDIOMS.md):
///
/// - Options separated by `|` are a closed set (`Critical | Major | Minor`, `{haiku|sonnet}`).
/// - Options separated by `/` are a closed set when every option is a short name of one to
///   three words with nothing descriptive in it (`[High/Medium/Low]`, `APPROVE / REQUEST
///   CHANGES`); guidance that lists examples in a phrase (`[Express/FastAPI/Spring Boot with
///   version and rationale]`, `[Module/Feature Name]`) stays free text.
/// - `Yes/No` and `true/false` are yes or no.
/// - `[count]`, `[N]`, `[number]`, `XX`, a range such as `[0-100]` (optionally with `%`, or
///   followed by a unit: `[N] files`) are numbers; a range gives `minimum` and `maximum`.
/// - A closed set or a count followed by a reason (`[Low/High] - [why]`) keeps its type: the
///   binder reads the member or number and keeps the text as written.
enum GuidanceType: Equatable {
    case enumeration([String])
    case integer(minimum: Int?, maximum: Int?)
    case number
    case boolean
    case text

    static func read(_ guidance: String) -> GuidanceType {
        let head = leadingExpression(guidance.trimmingSpaces)
        guard !head.isEmpty else { return .text }
        // `<true only when … else false>`: a placeholder that names both truth values and asks
        // for nothing more (`<true or false, with the evidence>` is text).
        let words = Set(head.lowercased().split { !$0.isLetter }.map(String.init))
        if words.contains("true") && words.contains("false") && !head.contains("|") && !head.contains("/"),
           words.isDisjoint(with: ["why", "reason", "evidence", "explain", "explanation", "because", "with"]) {
            return .boolean
        }
        if let count = countType(head) { return count }
        let options: [String]
        if head.contains("|") {
            // `a | b | c, with detail`: a choice with more written after it — text.
            if head.split(separator: "|").last?.contains(",") == true { return .text }
            options = head.split(separator: "|").map { clean($0) }
        } else if head.contains("/") {
            // `ci/pipelines/main.yml`, `team-a/checker`: a path or a name written with slashes.
            if !head.contains(" "), head.contains(where: { ".-_~".contains($0) }) { return .text }
            options = head.split(separator: "/").map { clean($0) }
            let capitals = options.allSatisfy { option in !option.contains { $0.isLowercase } }
            guard options.allSatisfy({ isShortName($0, capitals: capitals) }), !isPhrase(options) else { return .text }
            // `[Screenshot/Log/Response]`: kinds of content to paste, not values to pick.
            if options.allSatisfy({ contentKinds.contains($0.lowercased()) }) { return .text }
        } else if head.contains(" or ") {
            // `` `true` or `false` ``, `"open", "fixed" or "wontfix"`: values in code or quotes.
            let parts = head.trimming(". ").replacingOccurrences(of: ", ", with: " or ").components(separatedBy: " or ")
            let quoted = parts.allSatisfy { part in
                let text = part.trimmingSpaces
                return text.count >= 3 && (text.first == "`" && text.last == "`" || text.first == "\"" && text.last == "\"")
            }
            options = parts.map { clean(Substring($0)) }
            let lower = Set(options.map { $0.lowercased() })
            // `APPROVE or REVISE`: words in capitals are values; `ID or URL` names what to write.
            let capitals = options.allSatisfy { option in
                option.contains(where: \.isLetter) && !option.contains(where: \.isLowercase) && isShortName(option, capitals: true)
                    && !option.lowercased().split(separator: " ").contains { descriptive.contains(String($0)) || identifiers.contains(String($0)) }
            }
            guard quoted || capitals || lower == ["yes", "no"] || lower == ["true", "false"] else { return .text }
        } else {
            return .text
        }
        guard options.count >= 2, options.count <= 12, options.allSatisfy({ !$0.isEmpty && $0.count <= 40 }) else { return .text }
        // `PASS / N warnings / N errors`: a value or a count of something — free text.
        if options.contains(where: { option in
            let words = option.lowercased().split(separator: " ")
            return words.count > 1 && ["n", "x", "xx", "#", "[n]", "<n>"].contains(String(words[0]))
        }) { return .text }
        let lower = Set(options.map { $0.lowercased() })
        if lower == ["yes", "no"] || lower == ["true", "false"] || lower == ["y", "n"] { return .boolean }
        guard Set(options).count == options.count else { return .text }
        return .enumeration(options)
    }

    /// The guidance without a reason after it: `[Low/High] - [why]` → `Low/High`; a whole
    /// bracket expression is unwrapped.
    private static func leadingExpression(_ text: String) -> String {
        guard let first = text.first else { return "" }
        let closers: [Character: Character] = ["[": "]", "<": ">", "{": "}", "(": ")"]
        if let closer = closers[first], let end = text.firstIndex(of: closer) {
            let inner = String(text[text.index(after: text.startIndex)..<end])
            let rest = String(text[text.index(after: end)...]).trimmingSpaces
            if rest.isEmpty { return inner.trimmingSpaces }
            // A reason or unit after the expression: `[N] files`, `[Low/High] - [why]`.
            if rest.hasPrefix("-") || rest.hasPrefix("—") || rest.hasPrefix("–") || rest.hasPrefix(":") || rest.hasPrefix("(")
                || countType(inner.trimmingSpaces) != nil && rest.split(separator: " ").count <= 2 {
                return inner.trimmingSpaces
            }
            return ""
        }
        // Unbracketed: `Critical | Major | Minor`, `APPROVE / REQUEST CHANGES`, also with a
        // bracketed reason after a dash (`✅ SAFE / ❌ UNSAFE — [main reason]`).
        // Also a reason in parentheses (`PASS | FAIL (<one-line reason>)`).
        var head = Substring(text)
        for separator in [" — ", " – ", " - ", ": ", " ("] {
            for opener in ["[", "<", "{"] {
                if let cut = head.range(of: separator + opener) { head = head[..<cut.lowerBound] }
            }
        }
        // A placeholder among the options (`Not found | Altered to: "{quote}"`): not a closed set.
        return head.contains("[") || head.contains("<") || head.contains("{") ? "" : String(head)
    }

    private static func countType(_ text: String) -> GuidanceType? {
        let lower = text.lowercased().trimmingSpaces
        let percent = lower.hasSuffix("%")
        let bare = percent ? String(lower.dropLast()).trimmingSpaces : lower
        if ["count", "n", "number", "#", "x", "xx", "num", "total", "integer", "int", "number of issues"].contains(bare) {
            return percent ? .number : .integer(minimum: nil, maximum: nil)
        }
        if ["score", "percentage", "percent", "float", "decimal"].contains(bare) { return .number }
        // `X/100`, `N/10`: a score out of a maximum (`6.5/10` is one).
        let ratio = bare.split(separator: "/").map { String($0).trimmingSpaces }
        if ratio.count == 2, ["x", "xx", "n", "score", "#"].contains(ratio[0]), let high = Int(ratio[1]), high > 0 {
            return .number
        }
        // `0-100`, `1–10`
        let parts = bare.split { $0 == "-" || $0 == "–" }.map { String($0).trimmingSpaces }
        if parts.count == 2, let low = Int(parts[0]), let high = Int(parts[1]), low < high {
            return percent ? .number : .integer(minimum: low, maximum: high)
        }
        return nil
    }

    /// An option without emphasis, quotes, spacing or a gloss in parentheses around it
    /// (`P0 (fix now)` → `P0`).
    private static func clean(_ option: Substring) -> String {
        var text = String(option).trimmingSpaces
        if text.hasSuffix(")"), let open = text.lastIndex(of: "("), open > text.startIndex {
            let head = String(text[..<open]).trimmingSpaces
            if !head.isEmpty { text = head }
        }
        return text.trimming("*_`\"'").trimmingSpaces
    }

    /// Words that make an option a phrase describing a value rather than the value itself.
    private static let descriptive: Set<String> = [
        "with", "and", "or", "of", "for", "the", "an", "to", "in", "on", "e", "g", "eg", "etc", "such", "as", "like",
        "name", "names", "title", "description", "version", "rationale", "details", "detail", "path", "file", "line",
        "url", "link", "id", "value", "text", "summary", "reason", "explanation", "type", "list",
    ]

    /// Kinds of content an answer pastes (`[Screenshot/Log/Response]`), in lower case.
    private static let contentKinds: Set<String> = [
        "screenshot", "screenshots", "log", "logs", "log excerpt", "response", "responses", "output", "trace", "stack trace",
        "image", "link", "links", "url", "file", "files", "path", "snippet", "code", "code snippet", "diff", "command",
        "commands", "quote", "example", "video", "recording", "request", "payload", "transcript", "excerpt", "har", "gif",
    ]

    /// Capitals that name a kind of value rather than being one (`SHA or PR`).
    private static let identifiers: Set<String> = ["url", "uri", "sha", "pr", "n", "x", "xx", "api", "json", "yaml", "md"]

    /// Slash-separated words that read as one phrase: a last option longer than the others
    /// whose last word names what they all are (`Module/Feature Name`, `Application/database/CDN
    /// caching layers`), or options in mixed letter case (`Application/database`). Capitals
    /// (`APPROVE / REQUEST CHANGES`) are always values.
    private static func isPhrase(_ options: [String]) -> Bool {
        let isCapitals = options.allSatisfy { option in !option.contains { $0.isLowercase } }
        if isCapitals { return false }
        let words = options.map { $0.split(separator: " ").count }
        if let last = words.last, words.count > 1, words.dropLast().allSatisfy({ $0 < last }) { return true }
        let initials = Set(options.compactMap { option in option.first { $0.isLetter }.map(\.isUppercase) })
        if initials.count > 1 { return true }
        // Lower-case plural nouns name what to write about (`[risks/alternatives]`,
        // `[steps/notes]`), not values to pick.
        let lower = options.allSatisfy { option in !option.contains { $0.isUppercase } }
        let plurals = options.filter { option in
            let word = option.split(separator: " ").last.map(String.init) ?? option
            return word.count > 3 && word.hasSuffix("s") && !word.hasSuffix("ss") && !word.hasSuffix("us")
        }
        return lower && plurals.count * 2 >= options.count
    }

    /// One to three words of letters, digits and `-+.` (a leading emoji or mark allowed:
    /// `✅ SAFE`); words in capitals are values whatever they say (`SAFE TO APPLY`).
    private static func isShortName(_ option: String, capitals: Bool) -> Bool {
        let body = String(option.drop { !$0.isLetter && !$0.isNumber }).trimmingSpaces
        let words = body.lowercased().split { !$0.isLetter && !$0.isNumber }
        guard !words.isEmpty, words.count <= 3 else { return false }
        guard body.allSatisfy({ $0.isLetter || $0.isNumber || " -+.".contains($0) }) else { return false }
        return capitals || !words.contains { descriptive.contains(String($0)) }
    }
}
