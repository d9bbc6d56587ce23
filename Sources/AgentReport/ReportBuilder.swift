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
    private let binder: ReportBinder?
    private let candidateBinders: [String: ReportBinder]

    /// `options` compile the bundled schemas considered when `schema` is nil.
    public init(schema: LoadedSchema?, options: SchemaOptions = .init()) {
        self.schema = schema
        self.candidates = schema == nil ? SchemaCatalog.bundledFormats(options: options) : []
        self.binder = schema.flatMap { schema in schema.format.map { ReportBinder(format: $0, schemaName: schema.name) } }
        var binders: [String: ReportBinder] = [:]
        for candidate in candidates {
            if let format = candidate.format { binders[candidate.name] = ReportBinder(format: format, schemaName: candidate.name) }
        }
        self.candidateBinders = binders
    }

    public func report(for source: SourceText, diagnostics: [Diagnostic] = []) -> Report {
        var outline = ResponseParser().parse(source)
        outline.diagnostics.insert(contentsOf: diagnostics, at: 0)
        if let binder, let schema {
            return ReportValidator(schema: schema).validate(binder.bind(outline))
        }
        if schema == nil, let picked = SchemaSelector.select(for: outline, among: candidates),
           let binder = candidateBinders[picked.name] {
            return ReportValidator(schema: picked).validate(binder.bind(outline))
        }
        return ReportBinder.outlineOnly(outline, schemaName: schema?.name)
    }
}
