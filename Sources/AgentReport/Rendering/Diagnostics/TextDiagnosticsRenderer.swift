/// Diagnostics the way a compiler prints them:
///
/// ```
/// samples/defects.md:4:21: error[placeholder]: "Framework Choice" still holds the template's placeholder
///     4 | - Framework Choice: [Express/FastAPI/Spring Boot with version and rationale]
///       |                     ^~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~
///       = help: replace the bracketed guidance with the actual framework choice
/// ```
///
/// then a one-line summary. Colour (ANSI) only when asked; the command asks only on a
/// terminal and never when `NO_COLOR` is set.
public struct TextDiagnosticsRenderer: Sendable {
    public var color: Bool
    public var strict: Bool
    /// Errors alone (and the summary): warnings and notes still count, unprinted.
    public var quiet = false
    /// Source lines longer than this many characters are shown as a window around the caret.
    public var maxLineWidth = 160

    public init(color: Bool = false, strict: Bool = false) {
        self.color = color
        self.strict = strict
    }

    public func render(_ verdicts: [Verdict]) -> String {
        var out = ""
        for verdict in verdicts {
            var quoted: SourceRange? = nil
            for diagnostic in verdict.diagnostics where !quiet || diagnostic.severity == .error {
                // Several findings at one place (missing sections at the end): the line once.
                out += render(diagnostic, in: verdict, quote: diagnostic.range != quoted)
                quoted = diagnostic.range
            }
            if let omitted = verdict.omitted, !quiet || omitted.errors > 0 {
                out += verdict.source.replacingControlCharacters() + ": " + paint("note", "36") + ": " + omitted.line + "\n"
            }
        }
        out += summary(VerdictSummary(verdicts, strict: strict)) + "\n"
        return out
    }

    public func render(_ diagnostic: Diagnostic, in verdict: Verdict, quote showsLine: Bool = true) -> String {
        // Agent text reaches messages (titles, labels): no control character may reach the terminal.
        var out = verdict.source.replacingControlCharacters()
        if let range = diagnostic.range { out += ":\(range.start.line):\(range.start.column)" }
        let severity = diagnostic.severity.rawValue
        out += ": " + paint("\(severity)[\(diagnostic.code)]", severityColor(diagnostic.severity)) + ": "
        out += diagnostic.message.replacingControlCharacters()
        if diagnostic.range == nil, let path = diagnostic.path, !path.isEmpty { out += " (at \(path))" }
        out += "\n"
        if showsLine, let range = diagnostic.range, let text = verdict.text, range.start.line - 1 < text.lineCount, text.lineCount > 0 {
            out += quote(range, in: text)
        }
        if let suggestion = diagnostic.suggestion {
            out += "      = " + paint("help", "36") + ": \(suggestion.replacingControlCharacters())\n"
        }
        return out
    }

    public func summary(_ summary: VerdictSummary) -> String {
        let invalid = summary.inputs - summary.valid
        let inputs = summary.inputs == 1 ? "1 input" : "\(summary.inputs) inputs"
        var verdict: String
        if summary.notValidated == 0 {
            verdict = invalid == 0 ? paint("all valid", "32") : paint("\(invalid) invalid", "31")
        } else {
            // Read without a schema is not "valid": say that nothing was checked, and how to check it.
            let checked = summary.valid - summary.notValidated
            let unchecked = summary.notValidated == summary.inputs ? "not validated" : "\(summary.notValidated) not validated"
            var parts = [paint(unchecked, "33") + " (no schema fits; pass --schema NAME|PATH to check)"]
            if checked > 0 { parts.insert(paint("\(checked) valid", "32"), at: 0) }
            if invalid > 0 { parts.append(paint("\(invalid) invalid", "31")) }
            verdict = parts.joined(separator: ", ")
        }
        return "\(inputs): \(verdict); \(plural(summary.errors, "error")), \(plural(summary.warnings, "warning"))"
    }

    /// The source line with a caret under the range (its first line, when it spans several).
    private func quote(_ range: SourceRange, in text: SourceText) -> String {
        let index = range.start.line - 1
        let span = text.lineSpan(index)
        let start = min(span.lowerBound + range.start.column - 1, span.upperBound)
        let end = range.end.line == range.start.line ? min(max(range.end.offset, start), span.upperBound) : span.upperBound
        var before = text.string(span.lowerBound..<start)
        var marked = text.string(start..<end)
        var after = text.string(end..<span.upperBound)
        // A window around the caret for long lines.
        if before.count > maxLineWidth / 2 { before = "…" + before.suffix(maxLineWidth / 2) }
        if marked.count > maxLineWidth { marked = String(marked.prefix(maxLineWidth)) + "…" }
        if after.count > maxLineWidth / 2 { after = String(after.prefix(maxLineWidth / 2)) + "…" }
        let number = String(range.start.line)
        let gutter = String(repeating: " ", count: max(4, number.count + 1))
        let padding = String(before.unicodeScalars.map { scalar -> String in
            scalar == "\t" ? "\t" : String(repeating: " ", count: Self.width(scalar))
        }.joined())
        let width = max(1, marked.unicodeScalars.reduce(0) { $0 + Self.width($1) })
        let caret = "^" + String(repeating: "~", count: width - 1)
        let shown = (before + marked + after).replacingControlCharacters()
        return "\(String(repeating: " ", count: max(0, gutter.count - number.count)))\(number) | \(shown)\n"
            + "\(gutter) | \(padding)\(paint(caret, "32"))\n"
    }

    private func plural(_ count: Int, _ noun: String) -> String { "\(count) \(noun)\(count == 1 ? "" : "s")" }

    private func severityColor(_ severity: Diagnostic.Severity) -> String {
        switch severity {
        case .error: "1;31"
        case .warning: "1;33"
        case .note: "1;36"
        }
    }

    private func paint(_ text: String, _ code: String) -> String {
        color ? "\u{1B}[\(code)m\(text)\u{1B}[0m" : text
    }

    /// Terminal cells a scalar takes: 2 for wide East Asian characters and emoji, 0 for
    /// combining marks, 1 otherwise.
    static func width(_ scalar: Unicode.Scalar) -> Int {
        let v = scalar.value
        if v < 0x300 { return 1 }
        switch scalar.properties.generalCategory {
        case .nonspacingMark, .enclosingMark, .format: return 0
        default: break
        }
        switch v {
        case 0x1100...0x115F, 0x2E80...0xA4CF, 0xAC00...0xD7A3, 0xF900...0xFAFF, 0xFE30...0xFE4F,
             0xFF00...0xFF60, 0xFFE0...0xFFE6, 0x1F300...0x1F64F, 0x1F900...0x1F9FF, 0x20000...0x3FFFD:
            return 2
        default:
            return 1
        }
    }
}

extension String {
    /// Control characters (other than tab) shown as U+FFFD, so a quoted line cannot move the cursor.
    public func replacingControlCharacters() -> String {
        guard unicodeScalars.contains(where: { $0.value < 0x20 && $0 != "\t" || $0.value == 0x7F || (0x80...0x9F).contains($0.value) }) else {
            return self
        }
        return String(String.UnicodeScalarView(unicodeScalars.map { scalar in
            scalar.value < 0x20 && scalar != "\t" || scalar.value == 0x7F || (0x80...0x9F).contains(scalar.value) ? "\u{FFFD}" : scalar
        }))
    }
}
