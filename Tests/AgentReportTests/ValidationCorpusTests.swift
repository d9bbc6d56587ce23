import AgentReport
import Foundation
import JSONSchema
import Testing

/// The manifest's verdict and defects are the oracle for validation: the verdict must agree
/// on every answer, and each defect must be reported with its code at its path.
@Suite struct ValidationCorpusTests {
    @Test func verdictsAndDefectsMatchTheManifest() throws {
        let corpus = try Corpus.generated(count: 600, seed: 5, extra: ["--envelope-rate", "0.05"])
        let builder = ReportBuilder(schema: try SchemaCatalog.load("backend-engineer"))
        var wrongVerdicts: [String] = []
        var unreported: [String] = []
        for entry in corpus.entries {
            let bytes = try [UInt8](Data(contentsOf: entry.file))
            guard case .text(let text, let diagnostics) = ResultEnvelope.classify(bytes, name: entry.file.lastPathComponent) else {
                Issue.record("\(entry.file.lastPathComponent) was not read as an answer")
                continue
            }
            let report = builder.report(for: text, diagnostics: diagnostics)
            if report.isValid != entry.valid {
                wrongVerdicts.append("\(entry.file.lastPathComponent): \(report.diagnostics.filter { $0.severity == .error }.map(\.code))")
            }
            for defect in entry.defects {
                let (code, path) = Self.expected(defect)
                let found = report.diagnostics.contains { $0.code == code && (path == nil || $0.path == path) && $0.range != nil }
                if !found { unreported.append("\(entry.file.lastPathComponent): \(code) \(path ?? "")") }
            }
        }
        #expect(wrongVerdicts.isEmpty, "verdicts differ: \(wrongVerdicts.prefix(5))")
        #expect(unreported.isEmpty, "defects not reported: \(unreported.prefix(10))")
    }

    @Test func heldOutAnswersAreValid() throws {
        let corpus = try Corpus.generated(count: 200, seed: 9, heldOut: true)
        let builder = ReportBuilder(schema: try SchemaCatalog.load("backend-engineer"))
        var invalid: [String] = []
        for entry in corpus.entries {
            let bytes = try [UInt8](Data(contentsOf: entry.file))
            let (text, diagnostics) = SourceDecoder().decode(bytes, name: entry.file.lastPathComponent)
            let report = builder.report(for: text, diagnostics: diagnostics)
            if !report.isValid { invalid.append("\(entry.file.lastPathComponent): \(report.diagnostics.map(\.message).prefix(3))") }
        }
        #expect(Double(invalid.count) / Double(corpus.entries.count) <= 0.03, "\(invalid.count) held-out answers judged invalid: \(invalid.prefix(5))")
    }

    /// The diagnostic code and path a manifest defect must produce.
    static func expected(_ defect: JSONObject) -> (String, String?) {
        let section = defect["section"]?.stringValue ?? ""
        let field = defect["field"]?.stringValue ?? ""
        switch defect["kind"]?.stringValue ?? "" {
        case "missing_section": return ("missing-section", "/\(section)")
        case "missing_field": return ("missing-field", "/\(section)/\(field)")
        case "placeholder": return ("placeholder", "/\(section)/\(field)")
        case "filler":
            switch defect["value"]?.stringValue {
            case "": return ("empty-field", "/\(section)/\(field)")
            case "N/A": return ("not-applicable", "/\(section)/\(field)")
            default: return ("filler", "/\(section)/\(field)")
            }
        case "misspelled_label": return ("misspelled-label", "/\(section)/\(field)")
        case "unknown_field": return ("unknown-field", "/\(section)")
        case "unknown_section": return ("unknown-section", nil)
        case "duplicate_section": return ("duplicate-section", "/\(section)")
        default: return ("?", nil)
        }
    }
}
