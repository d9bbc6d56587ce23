import AgentReport
import Foundation
import JSONSchema
import Testing

/// The canonical Markdown reads back to the same report: parsing the rendered Markdown gives
/// the same data, metadata and extras, and no new diagnostics.
@Suite struct MarkdownRoundTripTests {
    static let schema = Result { try SchemaCatalog.load("backend-engineer") }

    static let samples: [String] = ((try? FileManager.default.contentsOfDirectory(atPath: TestPaths.samples.path)) ?? []).sorted()

    @Test(arguments: samples)
    func sampleRoundTrips(_ name: String) throws {
        let bytes = try [UInt8](Data(contentsOf: TestPaths.samples.appendingPathComponent(name)))
        try expectRoundTrip(bytes, name: name, builder: ReportBuilder(schema: nil))
    }

    @Test func generatedCorpusRoundTrips() throws {
        let corpus = try Corpus.generated(count: 300, seed: 17)
        let builder = ReportBuilder(schema: try Self.schema.get())
        for entry in corpus.entries {
            try expectRoundTrip(try [UInt8](Data(contentsOf: entry.file)), name: entry.file.lastPathComponent, builder: builder)
        }
    }

    @Test func heldOutCorpusRoundTrips() throws {
        let corpus = try Corpus.generated(count: 100, seed: 21, heldOut: true)
        let builder = ReportBuilder(schema: try Self.schema.get())
        for entry in corpus.entries {
            try expectRoundTrip(try [UInt8](Data(contentsOf: entry.file)), name: entry.file.lastPathComponent, builder: builder)
        }
    }

    /// Every definition fixture's compliant answer and one-defect variants, under the schema
    /// derived from its definition.
    @Test(arguments: DefinitionFixtureTests.names)
    func definitionFixtureRoundTrips(_ name: String) throws {
        let schema = try DefinitionFixtureTests.schema(name)
        let answer = try String(contentsOf: DefinitionFixtureTests.root.appendingPathComponent(name).appendingPathComponent("answer.md"), encoding: .utf8)
        let variants = [("answer.md", answer)] + (try DefinitionFixtureTests.defects(name)).map {
            ("\(name)/\($0.name)", answer.replacingOccurrences(of: $0.from, with: $0.to))
        }
        for (label, text) in variants {
            try expectRoundTrip(Array(text.utf8), name: "\(name): \(label)", builder: ReportBuilder(schema: schema), schema: schema)
        }
    }

    @Test func nestedReviewRoundTrips() throws {
        let schema = try SchemaCatalog.load(NestedBindingTests.schemaPath)
        for (name, text) in [("compliant", NestedBindingTests.compliant), ("issues", NestedBindingTests.issues)] {
            try expectRoundTrip(Array(text.utf8), name: "review: \(name)", builder: ReportBuilder(schema: schema), schema: schema)
        }
    }

    /// A text section's own headings are written below the section's heading, wherever the
    /// answer had them.
    @Test(arguments: ["#", "##", "###"])
    func headingsInATextSectionRoundTrip(_ level: String) throws {
        let text = "\(level) Findings\n\(level)# Finding 1\n- Severity: Major\n\n\(level)## Detail\n```\n# not a heading\n```\n\n\(level) Verdict\nApprove\n"
        let schema = try NestedBindingTests.loadedTextSectionSchema()
        try expectRoundTrip(Array(text.utf8), name: "text section under \(level)", builder: ReportBuilder(schema: schema), schema: schema)
    }

    /// The tree is written as Markdown writes trees: items under their pattern's headings one
    /// level below the block, rows of a block without a pattern as a table, checklists with
    /// boxes, counts as written.
    @Test func nestedNodesAreWrittenByTheirKind() throws {
        func markdown(_ name: String) throws -> String {
            let schema = try DefinitionFixtureTests.schema(name)
            let answer = try String(contentsOf: DefinitionFixtureTests.root.appendingPathComponent(name).appendingPathComponent("answer.md"), encoding: .utf8)
            return MarkdownRenderer(format: schema.format).render(ReportBuilder(schema: schema).report(for: SourceText(name: name, text: answer)))
        }
        let adr = try markdown("adr-writer")
        #expect(adr.contains("\n## Options Considered\n\n### Option 1: Postgres logical replication to a staging database\n\n- **Pros:** "))
        // Items read from a table capture no heading: a table again, `|` escaped in its cells.
        let schema = try SchemaCatalog.load(NestedBindingTests.schemaPath)
        let table = NestedBindingTests.compliant.replacingOccurrences(of: NestedBindingTests.issues, with: """
            | Title | Severity | Location | Fix |
            |---|---|---|---|
            | Cache never expires | Major | `cache.py:42` | add a TTL |
            | Missing lock | Critical | `a || b` in `cache.py:60` | guard with a mutex \\| a lock |
            """)
        let review = MarkdownRenderer(format: schema.format).render(ReportBuilder(schema: schema).report(for: SourceText(name: "table", text: table)))
        #expect(review.contains("| Title | Severity | Location | Fix |\n| --- | --- | --- | --- |\n| Cache never expires | Major | `cache.py:42` | add a TTL |\n"
            + "| Missing lock | Critical | `a \\|\\| b` in `cache.py:60` | guard with a mutex \\| a lock |"), "\(review)")
        try expectRoundTrip(Array(table.utf8), name: "review: table", builder: ReportBuilder(schema: schema), schema: schema)
        let audit = try markdown("accessibility-auditor")
        #expect(audit.contains("- [x] Every image has meaningful alt text"))
        #expect(audit.contains("- **Score:** 64"))
    }

    @Test func missingPartsAreMarked() throws {
        let original = try report("API ARCHITECTURE:\n- API Style: REST\n")
        let markdown = MarkdownRenderer(format: try Self.schema.get().format).render(original)
        #expect(markdown.contains("<!-- missing: Framework Choice -->"))
        #expect(markdown.contains("<!-- missing section: DATABASE DESIGN -->"))
    }

    @Test func frontMatterKeepsSeed004Order() throws {
        let original = try report("---\ncompliance: [GDPR]\nsystem: \"ledger\"\ntitle: \"Ledger\"\n---\nAPI ARCHITECTURE:\n- API Style: REST\n")
        let markdown = MarkdownRenderer(format: try Self.schema.get().format).render(original)
        #expect(markdown.hasPrefix("---\ntitle: \"Ledger\"\nsystem: \"ledger\"\ncompliance:\n  - \"GDPR\"\n---\n\n# Ledger\n"))
    }

    private func expectRoundTrip(_ bytes: [UInt8], name: String, builder: ReportBuilder, schema: LoadedSchema? = nil) throws {
        let first: Report
        switch ResultEnvelope.classify(bytes, name: name) {
        case .text(let text, let diagnostics): first = builder.report(for: text, diagnostics: diagnostics)
        default:
            Issue.record("\(name) is not an answer")
            return
        }
        let loaded = try schema ?? first.schema.map { try SchemaCatalog.load($0) }
        let markdown = MarkdownRenderer(format: loaded?.format).render(first)
        let reread = ReportBuilder(schema: loaded).report(for: SourceText(name: name, text: markdown))
        #expect(reread.schema == first.schema, "\(name): schema")
        #expect(reread.data == first.data, "\(name): data differs\n\(markdown)")
        #expect(reread.metadata == first.metadata, "\(name): metadata differs")
        #expect(Self.texts(reread.extras) == Self.texts(first.extras), "\(name): extras differ\n\(Self.texts(reread.extras))\nvs\n\(Self.texts(first.extras))")
        let before = Set(first.diagnostics.map { "\($0.code) \($0.path ?? "")" })
        let new = reread.diagnostics.filter { !before.contains("\($0.code) \($0.path ?? "")") }
        #expect(new.isEmpty, "\(name): new diagnostics \(new.map { "\($0.code) \($0.message)" })")
    }

    /// Extras without source ranges (the rendered text has its own).
    static func texts(_ extras: Extras) -> [String] {
        ["preamble: " + extras.preamble, "epilogue: " + extras.epilogue]
            + extras.unknownSections.map { "section \($0.title): \($0.text)" }
            + extras.unknownFields.map { "field \($0.section)/\($0.label): \($0.value)" }
            + extras.repeatedFields.map { "repeated \($0.section)/\($0.label): \($0.value)" }
            + extras.notes.map { "note \($0.section ?? "-"): \($0.text)" }
    }
}
