import Foundation
import Testing

/// `--color`, and what SARIF says of diagnostics left out by `--max-diagnostics`.
@Suite struct OutputPresentationTests {
    static let answer = "REVIEW:\n- Verdcit: APPROVE\n- Extra One: x\n- Extra Two: y\n"
    static let schema = "Tests/CLITests/Fixtures/schemas/review.schema.json"

    @Test func colourIsAskedForOrRefused() throws {
        let always = try CLI.run(["validate", "--schema", Self.schema, "--color", "always"], stdin: Self.answer)
        #expect(always.stdout.contains("\u{1B}["), "\(always.stdout)")
        // Not a terminal: `auto` is no colour, and `never` wins over a terminal.
        for when in ["auto", "never"] {
            let output = try CLI.run(["validate", "--schema", Self.schema, "--color", when], stdin: Self.answer)
            #expect(!output.stdout.contains("\u{1B}"), "\(when): \(output.stdout)")
            #expect(output.stdout.contains("error[missing-field]"))
        }
        let bad = try CLI.run(["validate", "--schema", Self.schema, "--color", "sometimes"], stdin: Self.answer)
        #expect(bad.status == 2)
    }

    @Test func sarifCountsWhatItLeavesOut() throws {
        let output = try CLI.run(["validate", "--schema", Self.schema, "--max-diagnostics", "1", "--format", "sarif"], stdin: Self.answer)
        #expect(output.status == 1)
        let sarif = try #require(try JSONSerialization.jsonObject(with: Data(output.stdout.utf8)) as? [String: Any])
        let run = try #require((sarif["runs"] as? [[String: Any]])?.first)
        #expect((run["results"] as? [Any])?.count == 1)
        let omitted = try #require(((run["properties"] as? [String: Any])?["omittedResults"] as? [[String: Any]])?.first)
        #expect(omitted["artifact"] as? String == "<stdin>")
        #expect(omitted["count"] as? Int == 3)
        #expect(omitted["warnings"] as? Int == 3)
        #expect(omitted["codes"] as? [String] == ["misspelled-label", "unknown-field"])
        // No limit: everything, and no omission.
        let all = try CLI.run(["validate", "--schema", Self.schema, "--max-diagnostics", "0", "--format", "sarif"], stdin: Self.answer)
        #expect(!all.stdout.contains("omittedResults"))
    }
}
