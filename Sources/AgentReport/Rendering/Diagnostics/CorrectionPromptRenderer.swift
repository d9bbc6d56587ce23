import JSONSchema

/// What to tell an agent whose answer does not fit its Return Format, in its own terms: each
/// error with where it is and what to write — the heading or label quoted as the schema
/// titles it, and for a missing part the template lines to add. Deterministic, no model call,
/// and bounded: past `limit` problems it says how many more there are.
///
/// ```
/// Your answer does not follow the Return Format yet: 2 problems. Fix them and return the
/// whole answer again; keep everything else as it is.
///
/// 1. Missing section "DATABASE DESIGN": add the "DATABASE DESIGN" section before "SECURITY".
///    Write it as:
///        DATABASE DESIGN:
///        - Schema Design: [tables, keys and indexes]
/// ```
public struct CorrectionPromptRenderer: Sendable {
    public var format: ReturnFormat?
    /// How many problems are spelled out.
    public var limit: Int
    /// How many template lines a missing part shows at most.
    public var templateLines: Int

    public init(format: ReturnFormat?, limit: Int = 8, templateLines: Int = 12) {
        self.format = format
        self.limit = limit
        self.templateLines = templateLines
    }

    /// The prompt for one answer; empty when it has no errors.
    public func render(_ verdict: Verdict) -> String {
        let errors = verdict.diagnostics.filter { $0.severity == .error }
        guard !errors.isEmpty else { return "" }
        let count = errors.count == 1 ? "1 problem" : "\(errors.count) problems"
        var out = "Your answer does not follow the Return Format yet: \(count). Fix \(errors.count == 1 ? "it" : "them") "
            + "and return the whole answer again; keep everything else as it is.\n"
        for (index, diagnostic) in errors.prefix(limit).enumerated() {
            out += "\n\(index + 1). " + problem(diagnostic) + "\n"
            if let lines = template(for: diagnostic) {
                out += "   Write it as:\n" + lines.map { "       " + $0 }.joined(separator: "\n") + "\n"
            }
        }
        if errors.count > limit {
            let rest = errors.count - limit
            out += "\n(\(rest) more problem\(rest == 1 ? " is" : "s are") not shown; fix these first.)\n"
        }
        return out
    }

    /// `Line 4, API ARCHITECTURE › Framework Choice: "Framework Choice" still holds … — replace …`
    /// (one line, no control characters). The place is named by the schema's titles, as the
    /// agent must write them; a missing part's own message names it already.
    private func problem(_ diagnostic: Diagnostic) -> String {
        var place: [String] = []
        if let range = diagnostic.range { place.append("Line \(range.start.line)") }
        if !["missing-section", "missing-field"].contains(diagnostic.code), let path = diagnostic.path, let titles = titles(path) {
            place.append(titles)
        }
        var text = place.isEmpty ? "" : place.joined(separator: ", ") + ": "
        text += Self.sentence(diagnostic.message)
        if let suggestion = diagnostic.suggestion, !suggestion.isEmpty { text += ": " + suggestion.replacingControlCharacters() }
        return text + "."
    }

    /// `/issues/0/severity` → `Issues › item 1 › Severity`, by the format's titles.
    private func titles(_ path: String) -> String? {
        guard let format, let pointer = JSONPointer(parsing: path), !pointer.tokens.isEmpty else { return nil }
        var nodes = format.sections
        var parts: [String] = []
        for token in pointer.tokens {
            if let index = Int(token) {
                parts.append("item \(index + 1)")
                continue
            }
            guard let node = nodes.first(where: { $0.key == token }) else { break }
            parts.append(node.title.replacingControlCharacters())
            nodes = node.fields
        }
        return parts.isEmpty ? nil : parts.joined(separator: " › ")
    }

    private static func sentence(_ message: String) -> String {
        let clean = message.replacingControlCharacters()
        return clean.prefix(1).uppercased() + clean.dropFirst()
    }

    /// For a missing part, the lines the template shows for it.
    private func template(for diagnostic: Diagnostic) -> [String]? {
        guard ["missing-section", "missing-field"].contains(diagnostic.code), let format, let path = diagnostic.path,
              var lines = ReturnFormatPromptWriter().template(at: path, in: format) else { return nil }
        while lines.first?.isEmpty == true { lines.removeFirst() }
        if lines.count > templateLines { lines = Array(lines.prefix(templateLines)) + ["…"] }
        return lines.map { $0.replacingControlCharacters() }
    }
}
