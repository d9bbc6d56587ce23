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
    static let fixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures/fuzz")

    /// nested: a bold label whose value runs into an unclosed fence, then a sibling's label —
    /// the split at the sibling counted lines past the end of the answer.
    @Test func siblingLabelAfterAnUnclosedFence() throws {
        let bytes = [UInt8](try Data(contentsOf: Self.fixtures.appendingPathComponent("sibling-label-past-the-end.md")))
        let schema = try DefinitionFixtureTests.schema("db-migration-planner")
        let report = ReportBuilder(schema: schema).report(for: SourceDecoder().decode(bytes, name: "answer.md").0)
        let lines = report.outline.source.lineCount
        for (pointer, range) in report.locations {
            #expect(range.start.line >= 1 && range.end.line <= lines, "\(pointer) at \(range)")
        }
        for diagnostic in report.diagnostics {
            if let range = diagnostic.range { #expect(range.end.line <= lines, "\(diagnostic.code) at \(range)") }
        }
    }
}
