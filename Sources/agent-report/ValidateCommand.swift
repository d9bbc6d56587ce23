import AgentReport
import Foundation
import JSONSchema

struct ValidateCommand: Command {
    static let name = "validate"
    static let spec = CommandSpec(
        name: name,
        abstract: "Check answers (or JSON instances) against a schema and report what is wrong and where.",
        discussion: """
            Each answer is parsed, bound to the schema, validated, and checked for placeholders,
            filler and empty fields. Diagnostics point at file:line:column (columns count UTF-8
            bytes). A JSON input that is not a result envelope is validated as an instance.

            Exit status: 0 every input valid (with --strict, also without warnings); 1 some input
            is not; 2 usage error, unreadable input or bad schema.

            Examples:
              agent-report validate answers/ --schema backend-engineer
              agent-report validate answer.md --format sarif > results.sarif
              agent-report validate --schema order.schema.json --ref-map https://example.com/schemas/=schemas/ order.json
            """,
        arguments: [SharedOptions.inputs],
        options: [
            DiagnosticsOutput.validateOption,
            .flag("--strict", help: "Count warnings as failures."),
        ] + DiagnosticsOutput.presentationOptions + SharedOptions.schema + SharedOptions.input)

    let reader: InputReader
    let schema: SchemaChoice
    let format: String
    let strict: Bool
    let presentation: DiagnosticsOutput.Presentation

    init(_ arguments: ParsedArguments) throws {
        reader = try InputReader(arguments, spec: Self.spec)
        schema = try SchemaChoice(arguments, spec: Self.spec)
        format = arguments.value("--format", spec: Self.spec) ?? "text"
        strict = arguments.flag("--strict")
        presentation = try DiagnosticsOutput.Presentation(arguments, spec: Self.spec)
    }

    func run() throws -> Int32 {
        let sources = try reader.sources()
        let builder = ReportBuilder(schema: schema.schema, options: schema.options)
        let results = ConcurrentSlots<Result<Verdict, CommandFailure>>(count: sources.count)
        DispatchQueue.concurrentPerform(iterations: sources.count) { index in
            results[index] = Result { () throws(CommandFailure) -> Verdict in
                try verdict(for: sources[index], builder: builder)
            }
        }
        var verdicts: [Verdict] = []
        var unreadable: [String] = []
        for result in results.values {
            switch result {
            case .success(let verdict): verdicts.append(verdict)
            case .failure(let failure): unreadable.append(failure.message)
            case nil: break
            }
        }
        if !verdicts.isEmpty || unreadable.isEmpty {
            Terminal.out(DiagnosticsOutput.render(verdicts, format: format, strict: strict, presentation: presentation, returnFormat: { builder.format(named: $0.schema) }))
        }
        unreadable.forEach { Terminal.error($0) }
        if !unreadable.isEmpty { return 2 }
        return verdicts.contains { !$0.isValid(strict: strict) } ? 1 : 0
    }

    private func verdict(for source: InputLoader.Source, builder: ReportBuilder) throws(CommandFailure) -> Verdict {
        let content = try reader.content(of: source)
        do throws(ReportBuilder.Failure) {
            return try builder.check(content, name: source.name).verdict
        } catch {
            throw CommandFailure(message: error.message)
        }
    }
}
