import AgentReport
import Foundation
import JSONSchema
import Testing

/// Inputs the fuzz targets (Fuzz/) found crashing or breaking an invariant, kept as
/// regression tests after the fix. Each names the target that found it.
@Suite struct FuzzFindingTests {
    /// answer: a table row of invalid UTF-8 over an indented list item — the second line
    /// was in two nodes.
    @Test func invalidUTF8TableRowOverAList() {
        let bytes: [UInt8] = [0x7C, 0x8A, 0x7C, 0x23, 0x20, 0x5F, 0x26, 0x0A, 0x20, 0xF5, 0x2D, 0x20, 0x4B]
        let outline = ResponseParser().parse(bytes, name: "answer.md")
        #expect(outline.misplacedLines.isEmpty, "\(outline.misplacedLines)")
    }

    /// derive: a bullet marker alone on the last line of a format block read past the end.
    @Test func bareBulletAtTheEndOfAFormatBlock() {
        let bytes = Array("## Output FormatU".utf8) + [0xBA, 0x0A, 0x2A]
        let definition = AgentDefinition(source: SourceDecoder().decode(bytes, name: "agent.md").0)
        if case .success(let derivation) = SchemaDeriver().derive(definition) {
            #expect(throws: Never.self) { try SchemaCompiler().compile(derivation.schema) }
        }
    }
}

extension FuzzFindingTests {
    /// Derived once: the derivation writes a scratch file that parallel cases would share.
    static let migrationPlanner = Result { try DefinitionFixtureTests.schema("db-migration-planner") }

    static let fixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures/fuzz")

    /// nested: a bold label whose value runs into an unclosed fence, then a sibling's label —
    /// the split at the sibling counted lines past the end of the answer. html: the same split,
    /// its tail read as titled lines past the end.
    @Test(arguments: ["sibling-label-past-the-end.md", "titled-lines-past-the-end.md"])
    func siblingLabelAfterAFence(_ file: String) throws {
        let bytes = [UInt8](try Data(contentsOf: Self.fixtures.appendingPathComponent(file)))
        let schema = try Self.migrationPlanner.get()
        let report = ReportBuilder(schema: schema).report(for: SourceDecoder().decode(bytes, name: "answer.md").0)
        let lines = report.outline.source.lineCount
        for (pointer, range) in report.locations {
            #expect(range.start.line >= 1 && range.end.line <= lines, "\(pointer) at \(range)")
        }
        for diagnostic in report.diagnostics {
            if let range = diagnostic.range { #expect(range.end.line <= lines, "\(diagnostic.code) at \(range)") }
        }
        #expect(HTMLChecks.problems(rendering: report, options: HTMLOptions(format: schema.format)).problems.isEmpty)
    }

    /// json-schema: a `minLength` too large for an integer overflowed when compared with a
    /// string's byte count.
    @Test func hugeMinLength() throws {
        let bytes = [UInt8](try Data(contentsOf: Self.fixtures.appendingPathComponent("min-length-overflow.bin")))
        let cut = try #require(bytes.firstIndex(of: 0))
        let schema = try SchemaCompiler().compile(try JSONParser.parse(Array(bytes[..<cut])))
        let errors = schema.validate(try JSONParser.parse(Array(bytes[(cut + 1)...])))
        #expect(errors.contains { "\($0)".contains("minLength") || "\($0.kind)".contains("minLength") })
    }

    /// json-schema: recursion that branches — a `$dynamicRef` to its own schema beside a
    /// `$ref` back to the tree (its errors grew past 2 GB), `$ref` cycles under `oneOf` —
    /// made work exponential in the depth limit (past 10 s). The work budget ends each with
    /// one error. The schemas are mutations of JSON-Schema-Test-Suite cases (licence in
    /// Fuzz/corpus/LICENSE.JSON-Schema-Test-Suite).
    @Test(arguments: [
        "dynamic-ref-cycle-tree-errors.bin", "dynamic-ref-cycle-tree.bin",
        "oneOf-ref-cycle-1.bin", "oneOf-ref-cycle-2.bin", "oneOf-ref-cycle-3.bin",
    ])
    func branchingRecursionEndsAtTheWorkBudget(_ file: String) throws {
        let bytes = [UInt8](try Data(contentsOf: Self.fixtures.appendingPathComponent(file)))
        let cut = try #require(bytes.firstIndex(of: 0))
        let schema = try SchemaCompiler().compile(try JSONParser.parse(Array(bytes[..<cut])))
        let instance = try JSONParser.parse(Array(bytes[(cut + 1)...]))
        let errors = schema.validate(instance)
        #expect(errors.map(\.kind) == [.evaluationLimit(schema.budget(for: instance))])
        #expect(errors.first?.keyword == ValidationErrorKind.evaluationLimitKeyword)
        #expect(errors.first?.instanceLocation.tokens == [])
        #expect(!schema.isValid(instance))
    }
}
