/// A finding about an input: what is wrong, where, and how to mend it.
///
/// Content problems are diagnostics, never thrown errors. The library never words them for a
/// terminal; the command decides how to print them.
public struct Diagnostic: Hashable, Sendable {
    public enum Severity: String, Sendable, Comparable, CaseIterable {
        case error, warning, note

        private var rank: Int {
            switch self {
            case .error: 0
            case .warning: 1
            case .note: 2
            }
        }

        public static func < (lhs: Severity, rhs: Severity) -> Bool { lhs.rank < rhs.rank }
    }

    public var severity: Severity
    /// A stable kebab-case code, such as `missing-field`.
    public var code: String
    public var message: String
    /// Where in the input; nil only when the input has no text to point into.
    public var range: SourceRange?
    /// A JSON Pointer into the report's `data`, where one applies.
    public var path: String?
    /// A fix to offer, such as `did you mean "Framework Choice"?`.
    public var suggestion: String?

    public init(
        _ severity: Severity, _ code: String, _ message: String,
        range: SourceRange?, path: String? = nil, suggestion: String? = nil
    ) {
        self.severity = severity
        self.code = code
        self.message = message
        self.range = range
        self.path = path
        self.suggestion = suggestion
    }
}

extension Array where Element == Diagnostic {
    public var errorCount: Int { lazy.filter { $0.severity == .error }.count }
    public var warningCount: Int { lazy.filter { $0.severity == .warning }.count }
    public var hasErrors: Bool { contains { $0.severity == .error } }
}
