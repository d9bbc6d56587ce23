import AgentReport
import Foundation
import JSONSchema
import Testing

/// `render --to json` keeps the contract written down in schemas/report-output.schema.json,
/// checked with the project's own validator, and carries any string through unchanged.
@Suite struct JSONContractTests {
    static let contract = Result { try SchemaCatalog.load("report-output") }

    @Test func everySampleMatchesTheContract() throws {
        let contract = try Self.contract.get().validator
        let builder = ReportBuilder(schema: nil)
        for name in MarkdownRoundTripTests.samples {
            let bytes = try [UInt8](Data(contentsOf: TestPaths.samples.appendingPathComponent(name)))
            let report: Report
            switch ResultEnvelope.classify(bytes, name: name) {
            case .text(let text, let diagnostics): report = builder.report(for: text, diagnostics: diagnostics)
            case .unusable(let text, let diagnostics):
                report = ReportBinder.outlineOnly(ResponseParser().parse(text)).withDiagnostics(diagnostics)
            case .instance:
                Issue.record("\(name) read as an instance")
                continue
            }
            let json = try JSONParser.parse(JSONRenderer().render(report))
            #expect(contract.validate(json).isEmpty, "\(name): \(contract.validate(json).prefix(3))")
        }
    }

    /// Nested data, values as written and extras at depth, for every definition fixture's
    /// answer and one-defect variants.
    @Test(arguments: DefinitionFixtureTests.names)
    func everyFixtureMatchesTheContract(_ name: String) throws {
        let contract = try Self.contract.get().validator
        let schema = try DefinitionFixtureTests.schema(name)
        let answer = try String(contentsOf: DefinitionFixtureTests.root.appendingPathComponent(name).appendingPathComponent("answer.md"), encoding: .utf8)
        let variants = [answer] + (try DefinitionFixtureTests.defects(name)).map { answer.replacingOccurrences(of: $0.from, with: $0.to) }
        for text in variants {
            let json = try JSONParser.parse(JSONRenderer().render(ReportBuilder(schema: schema).report(for: SourceText(name: name, text: text))))
            #expect(contract.validate(json).isEmpty, "\(name): \(contract.validate(json).prefix(3))")
        }
    }

    @Test func extrasAndWrittenValuesSayWhereTheyBelong() throws {
        let schema = try DefinitionFixtureTests.schema("incident-commander")
        let answer = try String(contentsOf: DefinitionFixtureTests.root.appendingPathComponent("incident-commander/answer.md"), encoding: .utf8)
        let json = JSONRenderer().json(ReportBuilder(schema: schema).report(for: SourceText(name: "answer.md", text: answer)))
        let unknown = json.objectValue?["extras"]?.objectValue?["unknownFields"]?.arrayValue?.first?.objectValue
        #expect(unknown?["label"] == .string("IC-STATUS"))
        #expect(unknown?["parent"] == .string("/action_items/2"))
        let audit = try DefinitionFixtureTests.schema("accessibility-auditor")
        let text = try String(contentsOf: DefinitionFixtureTests.root.appendingPathComponent("accessibility-auditor/answer.md"), encoding: .utf8)
        let written = JSONRenderer().json(ReportBuilder(schema: audit).report(for: SourceText(name: "answer.md", text: text))).objectValue?["written"]?.objectValue
        #expect(written?["/summary/score"] == .string("64"))
        #expect(written?["/checks"]?.stringValue?.hasPrefix("- [x] Every image") == true)
    }

    @Test func theContractRejectsWhatItShould() throws {
        let contract = try Self.contract.get().validator
        let report = try report("API ARCHITECTURE:\n- API Style: REST\n")
        guard case .object(var json) = JSONRenderer().json(report) else {
            Issue.record("not an object")
            return
        }
        #expect(contract.isValid(.object(json)))
        json["surprise"] = true
        #expect(!contract.isValid(.object(json)))
    }

    @Test func theContractIsNotTakenForAReturnFormat() {
        #expect(SchemaCatalog.bundledFormats().map(\.name) == ["backend-engineer"])
    }

    /// Every string of the Big List of Naughty Strings, as a value, a label, a title and
    /// metadata, survives a JSON render unchanged.
    @Test func naughtyStringsSurviveAJSONRender() throws {
        let list = try JSONParser.parse(try [UInt8](Data(contentsOf: TestPaths.shared.appendingPathComponent("testdata/naughty-strings/blns.json"))))
        let strings = (list.arrayValue ?? []).compactMap(\.stringValue)
        #expect(strings.count > 500)
        var base = try report("API ARCHITECTURE:\n- API Style: REST\n")
        for string in strings {
            base.data = JSONObject([("api_architecture", .object(JSONObject([("api_style", .string(string))])))])
            base.metadata = JSONObject([("title", .string(string))])
            base.title = string
            base.extras.unknownFields = [Extras.UnknownField(section: "api_architecture", label: string, value: string, range: nil)]
            let read = try JSONParser.parse(JSONRenderer().render(base))
            #expect(read["data"]?["api_architecture"]?["api_style"]?.stringValue == string)
            #expect(read["metadata"]?["title"]?.stringValue == string)
            #expect(read["title"]?.stringValue == string)
            #expect(read["extras"]?["unknownFields"]?.arrayValue?.first?["label"]?.stringValue == string)
        }
    }
}
