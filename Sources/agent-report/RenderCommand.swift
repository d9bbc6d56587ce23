import AgentReport
import ArgumentParser
import JSONSchema

struct RenderCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "render",
        abstract: "Render answers as reports.",
        discussion: """
            --to json prints, for each answer, {"source", "valid", "schema", "metadata", "data", \
            "extras", "diagnostics"}: `data` is the instance the schema validates, keyed by the \
            schema's property names; `extras` keeps everything the schema has no place for. With \
            several inputs the reports form a JSON array.
            """)

    enum Format: String, ExpressibleByArgument, CaseIterable {
        case json
    }

    @OptionGroup var input: InputOptions
    @OptionGroup var schemaOption: SchemaOption

    @Option(name: .long, help: "Output format: json.")
    var to: Format = .json

    func run() throws {
        let sources = try input.sources()
        let builder = ReportBuilder(schema: try schemaOption.load())
        var reports: [JSONValue] = []
        var anyInvalid = false
        for source in sources {
            let report: Report
            switch try input.content(of: source) {
            case .text(let text, let diagnostics):
                report = builder.report(for: text, diagnostics: diagnostics)
            case .unusable(let text, let diagnostics):
                report = ReportBinder.outlineOnly(ResponseParser().parse(text), schemaName: nil)
                    .withDiagnostics(diagnostics)
            case .instance:
                throw CommandFailure(message: "\(source.name): a JSON instance, not an answer; `validate` checks instances (or pass --input text)")
            }
            anyInvalid = anyInvalid || !report.isValid
            reports.append(JSONRenderer().json(report))
        }
        let output = reports.count == 1 ? reports[0] : .array(reports)
        Terminal.out(output.serialized(pretty: true) + "\n")
        if anyInvalid { throw ExitCode(1) }
    }
}
