import AgentReport
import Foundation
import JSONSchema
import Testing

/// The generator's manifest is the oracle: the parser and binder must extract exactly its
/// `data` and report every misspelling, unknown field or section, and duplicate.
@Suite struct CorpusTests {
    static let schema = Result { try SchemaCatalog.load("backend-engineer") }

    @Test func generatedCorpusYieldsTheManifestData() throws {
        let corpus = try Corpus.generated(count: 400, seed: 11, extra: ["--envelope-rate", "0.1"])
        let builder = ReportBuilder(schema: try Self.schema.get())
        var matched = 0
        var misses: [String] = []
        var unreported: [String] = []
        for entry in corpus.entries {
            let bytes = try [UInt8](Data(contentsOf: entry.file))
            guard case .text(let text, let diagnostics) = ResultEnvelope.classify(bytes, name: entry.file.lastPathComponent) else {
                Issue.record("\(entry.file.lastPathComponent) was not read as an answer")
                continue
            }
            let report = builder.report(for: text, diagnostics: diagnostics)
            if collapsed(.object(report.data)) == collapsed(.object(entry.data)) {
                matched += 1
            } else {
                misses.append(entry.file.lastPathComponent)
            }
            for defect in entry.defects {
                if let missing = unreportedDefect(defect, in: report) { unreported.append("\(entry.file.lastPathComponent): \(missing)") }
            }
        }
        let share = Double(matched) / Double(corpus.entries.count)
        #expect(share >= 0.995, "data matched for \(matched)/\(corpus.entries.count); first misses: \(misses.prefix(5))")
        #expect(unreported.isEmpty, "defects not reported: \(unreported.prefix(10))")
    }

    @Test func heldOutCorpusYieldsItsData() throws {
        let corpus = try Corpus.generated(count: 300, seed: 7, heldOut: true)
        let misses = try Self.dataMisses(corpus) { entry, report in
            #expect(!report.diagnostics.contains { $0.code == "misspelled-label" || $0.code.hasPrefix("unknown-") },
                    "\(entry.file.lastPathComponent): \(report.diagnostics.map(\.message))")
        }
        let share = Double(corpus.entries.count - misses.count) / Double(corpus.entries.count)
        #expect(share >= 0.97, "held-out data matched for \(corpus.entries.count - misses.count)/\(corpus.entries.count): \(misses.prefix(5))")
    }

    /// Every combination of the ways the backend-engineer format is written (label decoration,
    /// separator and its spacing, value beside or below the label, heading style, wrapper
    /// fence, indentation, code inside values): 5 000 answers, at least 99.5 % exactly.
    @Test func combinatorialShapesYieldTheirData() throws {
        let corpus = try Corpus.generated(count: 5_000, seed: 3, writer: .shapes)
        let misses = try Self.dataMisses(corpus)
        #expect(corpus.entries.count == 5_000)
        let share = Double(corpus.entries.count - misses.count) / Double(corpus.entries.count)
        #expect(share >= 0.995, "shapes matched for \(corpus.entries.count - misses.count)/\(corpus.entries.count): \(misses.prefix(8))")
    }

    /// The entries whose answer does not bind to the manifest's data (name and style), each
    /// report also passed to `inspect`.
    static func dataMisses(_ corpus: Corpus, inspect: (Corpus.Entry, Report) -> Void = { _, _ in }) throws -> [String] {
        let builder = ReportBuilder(schema: try schema.get())
        var misses: [String] = []
        for entry in corpus.entries {
            let bytes = try [UInt8](Data(contentsOf: entry.file))
            let (text, diagnostics) = SourceDecoder().decode(bytes, name: entry.file.lastPathComponent)
            let report = builder.report(for: text, diagnostics: diagnostics)
            if collapsed(.object(report.data)) != collapsed(.object(entry.data)) {
                misses.append("\(entry.file.lastPathComponent) \(entry.style.serialized())")
            }
            inspect(entry, report)
        }
        return misses
    }

    /// What the report lacks for one manifest defect, or nil when it is reported.
    private func unreportedDefect(_ defect: JSONObject, in report: Report) -> String? {
        let kind = defect["kind"]?.stringValue ?? ""
        let section = defect["section"]?.stringValue ?? ""
        let field = defect["field"]?.stringValue ?? ""
        func has(_ code: String, path: String? = nil) -> Bool {
            report.diagnostics.contains { $0.code == code && (path == nil || $0.path == path) && $0.range != nil }
        }
        switch kind {
        case "misspelled_label":
            return has("misspelled-label", path: "/\(section)/\(field)") ? nil : "misspelled-label at /\(section)/\(field)"
        case "unknown_field":
            return has("unknown-field", path: "/\(section)") ? nil : "unknown-field in /\(section)"
        case "unknown_section":
            return has("unknown-section") ? nil : "unknown-section"
        case "duplicate_section":
            return has("duplicate-section", path: "/\(section)") ? nil : "duplicate-section at /\(section)"
        default:
            return nil  // missing sections and fields, placeholders and fillers are the validator's
        }
    }
}
