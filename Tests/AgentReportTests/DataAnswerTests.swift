import AgentReport
import Foundation
import JSONSchema
import Testing

/// A Return Format written as a JSON or YAML document: the derived schema types the
/// document's values from their guidance, the answer is read as a document (fenced or not),
/// and a document that does not parse is an `invalid-input` error, not a crash or a pass.
@Suite struct DataAnswerTests {
    static let definition = """
        ---
        name: gate
        description: Decides whether a release goes out.
        ---

        ## Return Format

        ```yaml
        release: <semver>
        verdict: GO | HOLD
        checks:
          - name: <check name>
            status: pass | fail
            detail: <one line, only when status is fail>
        ```
        """

    /// Derived and written once: the scratch folder is emptied when made.
    static let loaded = Result { try makeSchema() }

    static func schema() throws -> LoadedSchema { try loaded.get() }

    static func makeSchema() throws -> LoadedSchema {
        let (source, _) = SourceDecoder().decode(Array(definition.utf8), name: "gate.md")
        guard case .success(let derivation) = SchemaDeriver().derive(AgentDefinition(source: source)) else {
            throw CorpusError(message: "no schema derived")
        }
        guard derivation.schema["x-answer-format"] == "yaml" else { throw CorpusError(message: "not read as a YAML document") }
        let file = try TestPaths.scratch("data-answer").appendingPathComponent("gate.schema.json")
        try Data(derivation.schema.serialized(pretty: true).utf8).write(to: file)
        return try SchemaCatalog.load(file.path)
    }

    static func errors(_ answer: String) throws -> [String] {
        let (source, diagnostics) = SourceDecoder().decode(Array(answer.utf8), name: "answer.md")
        let report = ReportBuilder(schema: try schema()).report(for: source, diagnostics: diagnostics)
        return report.diagnostics.filter { $0.severity == .error }.map { "\($0.code) \($0.path ?? "-")" }
    }

    @Test func aDocumentAnswerValidatesFencedOrNot() throws {
        let document = "release: 2.4.0\nverdict: GO\nchecks:\n  - name: smoke tests\n    status: pass\n"
        #expect(try Self.errors(document) == [])
        #expect(try Self.errors("Here is the decision.\n\n```yaml\n" + document + "```\n") == [])
        #expect(try Self.errors("{\"release\": \"2.4.0\", \"verdict\": \"GO\", \"checks\": []}") == [])
    }

    /// Each error points at the line that holds the value, in YAML and in JSON, fenced or not;
    /// a missing key at its parent's line, with help that writes the key.
    @Test func defectsAreReportedAtTheLineOfTheirKey() throws {
        func places(_ answer: String) throws -> [String] {
            let (source, diagnostics) = SourceDecoder().decode(Array(answer.utf8), name: "answer.md")
            let report = ReportBuilder(schema: try Self.schema()).report(for: source, diagnostics: diagnostics)
            return report.diagnostics.filter { $0.severity == .error }.map { "\($0.code) \($0.range?.start.line ?? 0) \($0.suggestion ?? "")" }
        }
        let yaml = "Decision below.\n\n```yaml\nrelease: 2.4.0\nverdict: GO\nchecks:\n  - name: smoke\n    status: pass\n  - name: lint\n    status: maybe\n```\n"
        #expect(try places(yaml) == ["schema-enum 10 "])
        let json = "{\n  \"release\": \"2.4.0\",\n  \"verdict\": \"GO\",\n  \"checks\": [\n    {\"name\": \"smoke\", \"status\": \"pass\"},\n    {\"name\": \"lint\"}\n  ]\n}\n"
        let jsonPlaces = try places(json)
        #expect(jsonPlaces == ["missing-field 6 add status: …"], "\(jsonPlaces)")
        #expect(try places("release: 2.4.0\nchecks: []\n") == ["missing-section 1 add verdict: …"])
    }

    @Test func defectsAreReportedAtTheirPointers() throws {
        #expect(try Self.errors("release: 2.4.0\nverdict: MAYBE\nchecks: []\n") == ["schema-enum /verdict"])
        #expect(try Self.errors("release: 2.4.0\nverdict: GO\nchecks:\n  - name: smoke\n") == ["missing-field /checks/0/status"])
        #expect(try Self.errors("release: <semver>\nverdict: GO\nchecks: []\n") == ["placeholder /release"])
    }

    @Test func anUnreadableDocumentIsAnError() throws {
        let found = try Self.errors("release: [2.4.0\nverdict: GO\n")
        #expect(found == ["invalid-input -"], "\(found)")
    }

    static let jsonDefinition = """
        ---
        name: scanner
        description: Lists vulnerable packages.
        ---

        ## Output Format

        ```json
        {"repository": "<owner/name>", "risk": "high | medium | low", "findings": [{"id": "<advisory id>", "package": "<name@version>"}]}
        ```
        """

    @Test func aJSONAnswerIsReadByTheJSONParserAndSaysWhereItBreaks() throws {
        let (source, _) = SourceDecoder().decode(Array(Self.jsonDefinition.utf8), name: "scanner.md")
        guard case .success(let derivation) = SchemaDeriver().derive(AgentDefinition(source: source)) else {
            Issue.record("no schema derived")
            return
        }
        #expect(derivation.schema["x-answer-format"] == "json")
        let file = try TestPaths.scratch("data-answer-json").appendingPathComponent("scanner.schema.json")
        try Data(derivation.schema.serialized(pretty: true).utf8).write(to: file)
        let builder = ReportBuilder(schema: try SchemaCatalog.load(file.path))
        func report(_ answer: String) -> Report {
            let (source, diagnostics) = SourceDecoder().decode(Array(answer.utf8), name: "answer.md")
            return builder.report(for: source, diagnostics: diagnostics)
        }
        let good = report("Scan done.\n\n```json\n{\"repository\": \"acme/api\", \"risk\": \"low\",\n \"findings\": [{\"id\": \"CVE-1\", \"package\": \"a@1\"}]}\n```\n")
        #expect(good.diagnostics.filter { $0.severity == .error }.isEmpty, "\(good.diagnostics)")
        #expect(good.data["findings"]?.arrayValue?.count == 1)
        // A stray `]` on the fourth line of the answer (the third of the document).
        let broken = report("Scan done.\n```json\n{\"repository\": \"acme/api\",\n \"risk\": \"low\"]\n}\n```\n")
        let errors = broken.diagnostics.filter { $0.severity == .error }
        #expect(errors.map(\.code) == ["invalid-input"])
        #expect(errors.first?.range?.start.line == 4, "\(errors)")
        #expect(errors.first?.message.contains("JSON") == true)
        // What only YAML reads (a comment) is still read rather than refused.
        let lenient = report("{\"repository\": \"acme/api\", # the main one\n \"risk\": \"low\", \"findings\": []}\n")
        #expect(lenient.diagnostics.filter { $0.severity == .error }.isEmpty, "\(lenient.diagnostics)")
    }

    @Test func thePromptDerivesTheSameSchema() throws {
        let schema = try Self.schema()
        let prompt = ReturnFormatPromptWriter().write(try #require(schema.format))
        let (source, _) = SourceDecoder().decode(Array(("---\nname: gate\ndescription: x\n---\n\n" + prompt).utf8), name: "gate.md")
        guard case .success(let again) = SchemaDeriver().derive(AgentDefinition(source: source)) else {
            Issue.record("the prompt derived nothing")
            return
        }
        #expect(again.schema["properties"] == schema.document["properties"])
    }
}
