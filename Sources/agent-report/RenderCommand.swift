import AgentReport
import JSONSchema

struct RenderCommand: Command {
    static let spec = CommandSpec(
        name: "render",
        abstract: "Render answers as reports.",
        discussion: """
            --to json prints, for each answer, {"source", "valid", "schema", "metadata", "data",
            "extras", "diagnostics"}: `data` is the instance the schema validates, keyed by the
            schema's property names; `extras` keeps everything the schema has no place for. With
            several inputs the reports form a JSON array. Exit status 1 when an answer has errors.
            """,
        arguments: [SharedOptions.inputs],
        options: [.option("--to", value: "FORMAT", help: "Output format.", choices: ["json"], default: "json")]
            + SharedOptions.schema + SharedOptions.input)

    let reader: InputReader
    let schema: SchemaChoice

    init(_ arguments: ParsedArguments) throws {
        reader = try InputReader(arguments, spec: Self.spec)
        schema = try SchemaChoice(arguments, spec: Self.spec)
    }

    func run() throws -> Int32 {
        let sources = try reader.sources()
        let builder = ReportBuilder(schema: schema.schema, options: schema.options)
        var reports: [JSONValue] = []
        var anyInvalid = false
        for source in sources {
            let report: Report
            switch try reader.content(of: source) {
            case .text(let text, let diagnostics):
                report = builder.report(for: text, diagnostics: diagnostics)
            case .unusable(let text, let diagnostics):
                report = ReportBinder.outlineOnly(ResponseParser().parse(text), schemaName: nil).withDiagnostics(diagnostics)
            case .instance:
                throw CommandFailure(message: "\(source.name): a JSON instance, not an answer; `validate` checks instances (or pass --input text)")
            }
            anyInvalid = anyInvalid || !report.isValid
            reports.append(JSONRenderer().json(report))
        }
        let output = reports.count == 1 ? reports[0] : .array(reports)
        Terminal.out(output.serialized(pretty: true) + "\n")
        return anyInvalid ? 1 : 0
    }
}
