/// One input's verdict: what the `validate` command reports for it.
public struct Verdict: Sendable {
    /// The input's name (a path as given, or `<stdin>`).
    public var source: String
    /// The schema it was checked against; nil when none was (outline-only mode).
    public var schema: String?
    public var diagnostics: [Diagnostic]
    /// The text the diagnostics point into, to quote source lines; nil for JSON instances.
    public var text: SourceText?
    /// False for an answer read without a schema (outline-only): nothing was checked.
    public var validated = true

    public init(source: String, schema: String?, diagnostics: [Diagnostic], text: SourceText?) {
        self.source = source
        self.schema = schema
        self.diagnostics = diagnostics
        self.text = text
    }

    public init(_ report: Report) {
        self.init(source: report.source, schema: report.schema, diagnostics: report.diagnostics, text: report.outline.source)
        validated = report.schema != nil
    }

    /// No errors; with `strict`, no warnings either.
    public func isValid(strict: Bool = false) -> Bool {
        !diagnostics.contains { $0.severity == .error || (strict && $0.severity == .warning) }
    }
}

/// Totals over several verdicts, for summaries.
public struct VerdictSummary: Sendable, Equatable {
    public var inputs: Int
    /// Without errors, `notValidated` included.
    public var valid: Int
    /// Of `valid`: read without a schema (no bundled schema fits and none was named), so
    /// nothing was checked.
    public var notValidated: Int
    public var errors: Int
    public var warnings: Int

    public init(_ verdicts: [Verdict], strict: Bool = false) {
        inputs = verdicts.count
        valid = verdicts.filter { $0.isValid(strict: strict) }.count
        notValidated = verdicts.filter { !$0.validated && $0.isValid(strict: strict) }.count
        errors = verdicts.reduce(0) { $0 + $1.diagnostics.errorCount }
        warnings = verdicts.reduce(0) { $0 + $1.diagnostics.warningCount }
    }
}
