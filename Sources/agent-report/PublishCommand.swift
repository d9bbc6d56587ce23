import AgentReport
import Foundation
import JSONSchema

struct PublishCommand: Command {
    static let name = "publish"
    static let spec = CommandSpec(
        name: name,
        abstract: "Publish answers into a report tree with an index, for any agent's format.",
        discussion: """
            With the backend engineer's format (the default --schema), writes
            DIR/Design/Backend/{system}-backend-design-{ts}.{md,html,json} and, for each
            category the schema declares (x-report-tree), DIR/Design/Backend/API/{system}-api-design-{ts}.{md,html}
            and the like. A format that declares no tree (one derived from your agent's
            definition, say) writes DIR/Reports/{agent}/{system}-{agent}-{ts}.{md,html,json},
            the agent named after the schema file. Then DIR/index.json, index.md and index.html,
            grouped by agent, over every report in DIR. Every .md starts with YAML front matter:
            title, type, system, created, agent and the answer's own metadata.

            created: the answer's front matter, else --created, else SOURCE_DATE_EPOCH, else the
            clock; the file name's timestamp is created in UTC. system: the front matter, else
            --system, else the title; always a slug of [a-z0-9-].

            Safe to run concurrently and again, also for several agents into one DIR: the same
            answer twice changes nothing, another answer never overwrites a report, nothing is
            written outside DIR or through a symbolic link in it. Exit status: 0 all published
            (or already there); 1 an answer has errors (with --strict it is then not
            published); 2 usage or file trouble.
            """,
        arguments: [SharedOptions.inputs],
        options: [
            .option("--out", value: "DIR", help: "The output folder (created if missing)."),
            .option("--system", value: "NAME", help: "The system's name, when an answer's front matter has none."),
            .option("--created", value: "TIMESTAMP", help: "When an answer's front matter has no created: YYYY-MM-DD HH:MM:SS (UTC), ISO 8601, or seconds since 1970."),
            .flag("--strict", help: "Refuse to publish an answer with errors."),
            .option("--format", value: "FORMAT", help: "How to report diagnostics.", choices: ["text", "json"], default: "text"),
        ] + SharedOptions.schema + SharedOptions.input)

    let reader: InputReader
    let schema: SchemaChoice
    let out: String
    let options: PublishOptions
    let format: String

    init(_ arguments: ParsedArguments) throws {
        reader = try InputReader(arguments, spec: Self.spec)
        schema = try SchemaChoice(arguments, spec: Self.spec)
        guard let out = arguments.value("--out", spec: Self.spec) else { throw UsageError.message("--out DIR is required") }
        self.out = out
        var created: Timestamp? = nil
        if let text = arguments.value("--created", spec: Self.spec) {
            guard let parsed = Timestamp(parsing: text) else {
                throw UsageError.message("--created \(text): expected YYYY-MM-DD HH:MM:SS, ISO 8601, or seconds since 1970")
            }
            created = parsed
        }
        var epoch: Timestamp? = nil
        if let text = ProcessInfo.processInfo.environment["SOURCE_DATE_EPOCH"], !text.isEmpty {
            guard let seconds = Int64(text), let stamp = Timestamp(checking: seconds) else {
                throw CommandFailure(message: "SOURCE_DATE_EPOCH=\(text) is not a number of seconds between the years 0000 and 9999")
            }
            epoch = stamp
        }
        options = PublishOptions(system: arguments.value("--system", spec: Self.spec), created: created,
                                 sourceDateEpoch: epoch, strict: arguments.flag("--strict"))
        format = arguments.value("--format", spec: Self.spec) ?? "text"
    }

    func run() throws -> Int32 {
        let loaded: LoadedSchema
        if let chosen = schema.schema {
            loaded = chosen
        } else {
            do {
                loaded = try SchemaCatalog.load("backend-engineer", options: schema.options)
            } catch {
                throw CommandFailure(message: error.message)
            }
        }
        var inputs: [PublishInput] = []
        var unusable: [Verdict] = []
        for source in try reader.sources() {
            switch try reader.content(of: source) {
            case .text(let text, let diagnostics): inputs.append(PublishInput(text: text, diagnostics: diagnostics))
            case .unusable(let text, let diagnostics):
                unusable.append(Verdict(source: source.name, schema: loaded.name, diagnostics: diagnostics, text: text))
            case .instance:
                throw CommandFailure(message: "\(source.name): a JSON instance, not an answer (pass --input text to read it as text)")
            }
        }
        let results: [PublishResult]
        do throws(Publisher.Error) {
            results = try Publisher(root: out, schema: loaded, options: options).publish(inputs)
        } catch {
            throw CommandFailure(message: error.message)
        }
        let verdicts = results.map(\.verdict) + unusable
        if format == "json" {
            Terminal.out(json(results, unusable: unusable).serialized(pretty: true) + "\n")
        } else {
            let diagnostics = TextDiagnosticsRenderer(color: Terminal.useColor)
            for verdict in verdicts {
                for diagnostic in verdict.diagnostics where diagnostic.severity != .note {
                    Terminal.out(diagnostics.render(diagnostic, in: verdict))
                }
            }
            for result in results {
                switch result.outcome {
                case .published(let files): Terminal.out("published \(result.source) -> \(out)/\(files.first ?? "")\n")
                case .unchanged(let files): Terminal.out("unchanged \(result.source): already published as \(out)/\(files.first ?? "")\n")
                case .refused: Terminal.out("refused \(result.source): it has errors and --strict is on\n")
                }
            }
            for verdict in unusable { Terminal.out("not published \(verdict.source): it holds no answer\n") }
        }
        return verdicts.contains { !$0.isValid() } ? 1 : 0
    }

    /// `--format json`: validate's JSON with each input's outcome and files added.
    private func json(_ results: [PublishResult], unusable: [Verdict]) -> JSONValue {
        let base = JSONDiagnosticsRenderer().json(results.map(\.verdict) + unusable)
        guard case .object(var object) = base, case .array(var inputs)? = object["inputs"] else { return base }
        for index in inputs.indices {
            guard case .object(var input) = inputs[index] else { continue }
            if index < results.count {
                switch results[index].outcome {
                case .published(let files):
                    input["outcome"] = "published"
                    input["files"] = .array(files.map(JSONValue.string))
                case .unchanged(let files):
                    input["outcome"] = "unchanged"
                    input["files"] = .array(files.map(JSONValue.string))
                case .refused:
                    input["outcome"] = "refused"
                    input["files"] = []
                }
            } else {
                input["outcome"] = "not-published"
                input["files"] = []
            }
            inputs[index] = .object(input)
        }
        object["inputs"] = .array(inputs)
        return .object(object)
    }
}
