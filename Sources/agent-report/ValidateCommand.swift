import AgentReport
import ArgumentParser
import Foundation
import JSONSchema

struct ValidateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "validate",
        abstract: "Check answers (or JSON instances) against a schema and report what is wrong and where.",
        discussion: """
            Each answer is parsed, bound to the schema, validated, and checked for placeholders, \
            filler and empty fields. Diagnostics point at file:line:column (columns count UTF-8 \
            bytes). A JSON input that is not a result envelope is validated as an instance.

            Exit status: 0 every input valid (with --strict, also without warnings); 1 some input \
            is not; 2 usage error, unreadable input or bad schema.

            Examples:
              agent-report validate answers/ --schema backend-engineer
              agent-report validate answer.md --format sarif > results.sarif
              agent-report validate --schema order.schema.json --ref-map https://example.com/schemas/=schemas/ order.json
            """)

    enum Format: String, ExpressibleByArgument, CaseIterable {
        case text, json, sarif, github, junit
    }

    @OptionGroup var input: InputOptions
    @OptionGroup var schemaOption: SchemaOption

    @Option(name: .long, help: "Output: text, json, sarif, github (workflow annotations) or junit.")
    var format: Format = .text

    @Flag(help: "Count warnings as failures.")
    var strict = false

    @Option(name: .customLong("ref-map"), help: ArgumentHelp(
        "Serve $refs to absolute URIs starting with PREFIX from DIR (repeatable).",
        valueName: "PREFIX=DIR"))
    var refMaps: [String] = []

    @Flag(name: .customLong("assert-format"), help: "Treat `format` (date-time, email, uri, …) as an assertion, not an annotation.")
    var assertFormat = false

    func run() throws {
        let options = try schemaOptions()
        let schema = try schemaOption.load(options: options)
        let sources = try input.sources()
        let builder = ReportBuilder(schema: schema, options: options)
        let results = ConcurrentResults<Result<Verdict, CommandFailure>>(count: sources.count)
        DispatchQueue.concurrentPerform(iterations: sources.count) { index in
            results[index] = Result { () throws(CommandFailure) -> Verdict in
                try verdict(for: sources[index], builder: builder, schema: schema)
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
        if !verdicts.isEmpty || unreadable.isEmpty { Terminal.out(render(verdicts)) }
        unreadable.forEach { Terminal.error($0) }
        if !unreadable.isEmpty { throw ExitCode(2) }
        if verdicts.contains(where: { !$0.isValid(strict: strict) }) { throw ExitCode(1) }
    }

    private func verdict(for source: InputLoader.Source, builder: ReportBuilder, schema: LoadedSchema?) throws(CommandFailure) -> Verdict {
        let content: InputContent
        do {
            content = try input.content(of: source)
        } catch let failure as CommandFailure {
            throw failure
        } catch {
            throw CommandFailure(message: "\(source.name): \(error)")
        }
        switch content {
        case .text(let text, let diagnostics):
            return Verdict(builder.report(for: text, diagnostics: diagnostics))
        case .unusable(let text, let diagnostics):
            return Verdict(source: source.name, schema: schema?.name, diagnostics: diagnostics, text: text)
        case .instance(let value):
            guard let schema else {
                throw CommandFailure(message: "\(source.name) is a JSON instance: name the schema to validate it against with --schema")
            }
            return InstanceValidator(schema: schema).verdict(for: value, source: source.name)
        }
    }

    private func render(_ verdicts: [Verdict]) -> String {
        switch format {
        case .text: TextDiagnosticsRenderer(color: Terminal.useColor, strict: strict).render(verdicts)
        case .json: JSONDiagnosticsRenderer(strict: strict).render(verdicts)
        case .sarif: SARIFRenderer().render(verdicts)
        case .github: GitHubAnnotationsRenderer().render(verdicts)
        case .junit: JUnitRenderer(strict: strict).render(verdicts)
        }
    }

    private func schemaOptions() throws -> JSONSchema.SchemaOptions {
        var options = JSONSchema.SchemaOptions()
        options.formatAssertion = assertFormat
        for mapping in refMaps {
            guard let equals = mapping.firstIndex(of: "="), equals != mapping.startIndex, mapping.index(after: equals) != mapping.endIndex else {
                throw CommandFailure(message: "--ref-map \(mapping): expected PREFIX=DIR, such as https://example.com/schemas/=schemas/")
            }
            let directory = String(mapping[mapping.index(after: equals)...])
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: directory, isDirectory: &isDirectory), isDirectory.boolValue else {
                throw CommandFailure(message: "--ref-map \(mapping): \(directory) is not a directory")
            }
            options.refMap.append((prefix: String(mapping[..<equals]), directory: URL(fileURLWithPath: directory, isDirectory: true)))
        }
        return options
    }
}

/// Results written by concurrent workers, one slot each, read once they are all done.
final class ConcurrentResults<Value>: @unchecked Sendable {
    private var slots: [Value?]
    private let lock = NSLock()

    init(count: Int) {
        slots = Array(repeating: nil, count: count)
    }

    subscript(index: Int) -> Value? {
        get { lock.withLock { slots[index] } }
        set { lock.withLock { slots[index] = newValue } }
    }

    var values: [Value?] { lock.withLock { slots } }
}
