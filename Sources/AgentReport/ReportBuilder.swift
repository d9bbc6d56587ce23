import JSONSchema

/// The pipeline from an input's text to a `Report`: parse, pick or take a schema, bind,
/// validate.
///
/// ```swift
/// let report = ReportBuilder(schema: try SchemaCatalog.load("backend-engineer"))
///     .report(for: source)
/// ```
public struct ReportBuilder: Sendable {
    /// The schema to bind to; nil picks the best-fitting bundled Return Format, or reads the
    /// answer in outline-only mode when none fits.
    public let schema: LoadedSchema?
    private let candidates: [LoadedSchema]
    private let stages: Stages?
    private let candidateStages: [String: Stages]

    /// The binder and validator of one schema, made once.
    private struct Stages: Sendable {
        let binder: ReportBinder
        let validator: ReportValidator

        init?(_ schema: LoadedSchema) {
            guard let format = schema.format else { return nil }
            binder = ReportBinder(format: format, schemaName: schema.name)
            validator = ReportValidator(schema: schema)
        }

        func report(_ outline: ResponseOutline) -> Report {
            let bound = binder.bind(outline)
            // A JSON or YAML answer that does not parse has no data to hold against the schema:
            // its one error says so, rather than every required part reported missing.
            if bound.unreadableDocument { return bound }
            return validator.validate(bound)
        }
    }

    /// `options` compile the bundled schemas considered when `schema` is nil.
    public init(schema: LoadedSchema?, options: SchemaOptions = .init()) {
        self.schema = schema
        self.candidates = schema == nil ? SchemaCatalog.bundledFormats(options: options) : []
        self.stages = schema.flatMap(Stages.init)
        var stages: [String: Stages] = [:]
        for candidate in candidates { stages[candidate.name] = Stages(candidate) }
        self.candidateStages = stages
    }

    public func report(for source: SourceText, diagnostics: [Diagnostic] = []) -> Report {
        var outline = ResponseParser().parse(source)
        outline.diagnostics.insert(contentsOf: diagnostics, at: 0)
        if let stages {
            return stages.report(outline)
        }
        if schema == nil, let picked = SchemaSelector.select(for: outline, among: candidates),
           let stages = candidateStages[picked.name] {
            return stages.report(outline)
        }
        return ReportBinder.outlineOnly(outline, schemaName: schema?.name)
    }

    /// What one input comes to.
    public enum Checked: Sendable {
        /// An answer, bound and validated (or read without a schema when none fits).
        case report(Report)
        /// An input that holds no answer (empty, binary, an envelope without a result): the
        /// outline of what it holds, and the verdict whose diagnostics say why.
        case unusable(Report, Verdict)
        /// A JSON instance, validated against the schema.
        case instance(JSONValue, Verdict)

        public var verdict: Verdict {
            switch self {
            case .report(let report): Verdict(report)
            case .unusable(_, let verdict), .instance(_, let verdict): verdict
            }
        }
    }

    public struct Failure: Swift.Error, Sendable, CustomStringConvertible {
        public var message: String
        public var description: String { message }
    }

    /// The one way from what the input loader read to a result: an answer's report, an
    /// unusable input's verdict, or a JSON instance's verdict (which needs a schema).
    public func check(_ content: InputContent, name: String) throws(ReportBuilder.Failure) -> Checked {
        switch content {
        case .text(let text, let diagnostics):
            return .report(report(for: text, diagnostics: diagnostics))
        case .unusable(let text, let diagnostics):
            let outline = ReportBinder.outlineOnly(ResponseParser().parse(text), schemaName: nil).withDiagnostics(diagnostics)
            return .unusable(outline, Verdict(source: name, schema: schema?.name, diagnostics: diagnostics, text: text))
        case .instance(let value):
            guard let schema else {
                throw Failure(message: "\(name) is a JSON instance: name the schema to validate it against with --schema")
            }
            return .instance(value, InstanceValidator(schema: schema).verdict(for: value, source: name))
        }
    }

    /// The Return Format of the schema a report of this builder names (`Report.schema`): the
    /// one it was given, or the bundled schema it picked — already loaded, never again by name.
    public func format(named name: String?) -> ReturnFormat? {
        guard let name else { return nil }
        if let schema, schema.name == name { return schema.format }
        return candidates.first { $0.name == name }?.format
    }
}
