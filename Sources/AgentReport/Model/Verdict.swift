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
    /// Diagnostics left out of `diagnostics` by `limited(to:)`; they still count.
    public var omitted: OmittedDiagnostics?

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
            && (omitted?.errors ?? 0) == 0 && (!strict || (omitted?.warnings ?? 0) == 0)
    }

    /// At most `limit` diagnostics, the most severe first (errors, then warnings, then notes),
    /// kept in source order; the rest counted in `omitted`, so that a huge answer's report
    /// stays readable and its verdict and totals stay true.
    public func limited(to limit: Int) -> Verdict {
        guard diagnostics.count > limit else { return self }
        func rank(_ severity: Diagnostic.Severity) -> Int { severity == .error ? 0 : severity == .warning ? 1 : 2 }
        let kept = Set(diagnostics.indices.sorted { (rank(diagnostics[$0].severity), $0) < (rank(diagnostics[$1].severity), $1) }.prefix(limit))
        var result = self
        result.diagnostics = diagnostics.indices.filter(kept.contains).map { diagnostics[$0] }
        let left = diagnostics.indices.filter { !kept.contains($0) }.map { diagnostics[$0] }
        var codes: [String] = []
        for diagnostic in left where !codes.contains(diagnostic.code) { codes.append(diagnostic.code) }
        result.omitted = OmittedDiagnostics(
            count: left.count + (omitted?.count ?? 0), errors: left.errorCount + (omitted?.errors ?? 0),
            warnings: left.warningCount + (omitted?.warnings ?? 0), codes: codes)
        return result
    }
}

/// What `Verdict.limited(to:)` left out: how many, of which severity, with which codes.
public struct OmittedDiagnostics: Sendable, Equatable {
    public var count: Int
    public var errors: Int
    public var warnings: Int
    /// The codes of the diagnostics left out, in order of first occurrence.
    public var codes: [String]

    /// `… and 12 more (codes: placeholder, missing-field)`.
    public var line: String {
        "… and \(count) more (codes: \(codes.joined(separator: ", ")))"
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
        errors = verdicts.reduce(0) { $0 + $1.diagnostics.errorCount + ($1.omitted?.errors ?? 0) }
        warnings = verdicts.reduce(0) { $0 + $1.diagnostics.warningCount + ($1.omitted?.warnings ?? 0) }
    }
}
