import AgentReport
import Foundation
import JSONSchema
import Testing

/// A Return Format of labelled lines with no heading (`VERDICT: <…>`) derives one implicit
/// section; answers that write those labels with no heading bind to it.
@Suite struct FlatFormatTests {
    @Test func answersToAFlatTemplateBind() throws {
        let definition = try String(contentsOf: TestPaths.packageRoot.appendingPathComponent("Tests/AgentReportTests/Fixtures/agents/triage-bot.md"), encoding: .utf8)
        let derived = try SchemaDeriver().derive(AgentDefinition(source: SourceText(name: "triage-bot.md", text: definition))).get()
        let url = try TestPaths.scratch("flat").appendingPathComponent("triage.schema.json")
        try Data(derived.schema.serialized(pretty: true).utf8).write(to: url)
        let schema = try SchemaCatalog.load(url.path)
        let answer = "Here is my triage.\n\nVERDICT: BUG\nPRIORITY: P1\nSUMMARY: Invoices fail to render for EU customers.\nLABELS: billing, i18n\n"
        let report = ReportBuilder(schema: schema).report(for: SourceText(name: "a.md", text: answer))
        #expect(report.diagnostics.isEmpty, "\(report.diagnostics.map(\.message))")
        let section = report.data.keys.first ?? ""
        #expect(report.data.string(section, "priority") == "P1")
        #expect(report.extras.preamble == "Here is my triage.")
        let missing = ReportBuilder(schema: schema).report(for: SourceText(name: "b.md", text: "VERDICT: BUG\nSUMMARY: x\n"))
        #expect(missing.diagnostics.filter { $0.code == "missing-field" }.count == 2)
    }
}
