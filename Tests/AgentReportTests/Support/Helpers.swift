import AgentReport
import JSONSchema

/// Parses `text` as an answer.
func outline(_ text: String, name: String = "test.md") -> ResponseOutline {
    ResponseParser().parse(Array(text.utf8), name: name)
}

/// Parses `text` and binds it to the bundled backend-engineer schema.
func report(_ text: String, schema: String = "backend-engineer") throws -> Report {
    let loaded = try SchemaCatalog.load(schema)
    let (source, diagnostics) = SourceDecoder().decode(Array(text.utf8), name: "test.md")
    return ReportBuilder(schema: loaded).report(for: source, diagnostics: diagnostics)
}

extension ResponseOutline {
    /// Every field of every section, in order.
    var allFields: [OutlineField] {
        sections.flatMap { $0.items.compactMap { if case .field(let f) = $0 { f } else { nil } } }
    }
}

extension JSONObject {
    /// `data["section"]["field"]` as a string.
    func string(_ section: String, _ field: String) -> String? {
        self[section]?.objectValue?[field]?.stringValue
    }
}
