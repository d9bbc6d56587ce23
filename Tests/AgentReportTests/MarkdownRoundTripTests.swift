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

    private func expectRoundTrip(_ bytes: [UInt8], name: String, builder: ReportBuilder) throws {
        let first: Report
        switch ResultEnvelope.classify(bytes, name: name) {
        case .text(let text, let diagnostics): first = builder.report(for: text, diagnostics: diagnostics)
        default:
            Issue.record("\(name) is not an answer")
            return
        }
        let format = try first.schema.map { try SchemaCatalog.load($0) }?.format
        let markdown = MarkdownRenderer(format: format).render(first)
        let reread = (try first.schema.map { ReportBuilder(schema: try SchemaCatalog.load($0)) } ?? ReportBuilder(schema: nil))
            .report(for: SourceText(name: name, text: markdown))
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
