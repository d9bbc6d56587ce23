import Foundation
import JSONSchema
import Testing

/// Every output format of `validate` on every sample, against golden files
/// (Fixtures/golden/validate/<sample>.<format>; RECORD_SNAPSHOTS=1 records them).
@Suite struct GoldenOutputTests {
    static let samples: [String] = ((try? FileManager.default.contentsOfDirectory(
        atPath: CLI.packageRoot.appendingPathComponent("samples").path)) ?? []).sorted()

    static let formats = ["text", "json", "sarif", "github", "junit"]

    @Test func thereAreSamples() {
        #expect(Self.samples.count >= 8)
    }

    @Test(arguments: formats)
    func validateOutputMatchesGoldens(_ format: String) throws {
        for sample in Self.samples {
            let output = try CLI.run(["validate", "samples/\(sample)", "--format", format])
            #expect(output.status == 0 || output.status == 1, "\(sample): \(output.stderr)")
            try CLI.assertGolden(output.stdout, "validate/\(sample).\(format)")
        }
    }

    /// The SARIF output of all samples together validates against the SARIF 2.1.0 schema
    /// (Fixtures/sarif, OASIS), with the project's own validator.
    @Test func sarifValidatesAgainstTheSARIFSchema() throws {
        let schemaURL = CLI.fixtures.appendingPathComponent("sarif/sarif-schema-2.1.0.json")
        let schema = try SchemaCompiler().compile(contentsOf: schemaURL)
        let output = try CLI.run(["validate", "samples", "--format", "sarif"])
        let log = try JSONParser.parse(output.stdout)
        let errors = schema.validate(log)
        #expect(errors.isEmpty, "\(errors.prefix(5))")
        let results = log["runs"]?.arrayValue?.first?["results"]?.arrayValue ?? []
        #expect(results.count > 10)
        for result in results {
            #expect(result["partialFingerprints"]?["primaryLocationLineHash"]?.stringValue != nil)
            let rule = result["ruleId"]?.stringValue ?? ""
            let rules = log["runs"]?.arrayValue?.first?["tool"]?["driver"]?["rules"]?.arrayValue ?? []
            let index = Int(result["ruleIndex"]?.numberValue?.intValue ?? -1)
            #expect(rules.indices.contains(index) && rules[index]["id"]?.stringValue == rule)
        }
    }

    /// A broken schema must not pass everything: the SARIF schema rejects a log without `version`.
    @Test func theSARIFSchemaRejectsABrokenLog() throws {
        let schema = try SchemaCompiler().compile(contentsOf: CLI.fixtures.appendingPathComponent("sarif/sarif-schema-2.1.0.json"))
        #expect(!schema.isValid(["runs": []]))
    }

    @Test func colourOnlyWhenAskedAndNeverWithNoColor() throws {
        let plain = try CLI.run(["validate", "samples/defects.md"])
        #expect(!plain.stdout.contains("\u{1B}["))
        let noColor = try CLI.run(["validate", "samples/defects.md"], environment: ["NO_COLOR": "1"])
        #expect(!noColor.stdout.contains("\u{1B}["))
    }

    @Test func manyInputsKeepTheirOrder() throws {
        let output = try CLI.run(["validate", "samples", "--format", "json"])
        let sources = (try JSONParser.parse(output.stdout)["inputs"]?.arrayValue ?? []).compactMap { $0["source"]?.stringValue }
        #expect(sources == Self.samples.map { "samples/\($0)" })
    }
}
