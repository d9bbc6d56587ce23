import JSONSchema

/// The pipeline from an input's text to a `Report`: parse, pick or take a schema, bind.
///
/// ```swift
/// let report = ReportBuilder(schema: try SchemaCatalog.load("backend-engineer"))
///     .report(for: source)
/// ```
public struct ReportBuilder: Sendable {
    /// The schema to bind to; nil picks the best-fitting bundled Return Format, or reads the
    /// answer in outline-only mode when none fits.
    public var schema: LoadedSchema?
    private let candidates: [LoadedSchema]

    public init(schema: LoadedSchema?) {
        self.schema = schema
        self.candidates = schema == nil ? SchemaCatalog.bundledFormats() : []
    }

    public func report(for source: SourceText, diagnostics: [Diagnostic] = []) -> Report {
        var outline = ResponseParser().parse(source)
        outline.diagnostics.insert(contentsOf: diagnostics, at: 0)
        if let schema, let format = schema.format {
            return ReportBinder(format: format, schemaName: schema.name).bind(outline)
        }
        if schema == nil, let picked = SchemaSelector.select(for: outline, among: candidates), let format = picked.format {
            return ReportBinder(format: format, schemaName: picked.name).bind(outline)
        }
        return ReportBinder.outlineOnly(outline, schemaName: schema?.name)
    }
}
