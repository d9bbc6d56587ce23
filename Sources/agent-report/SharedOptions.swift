import AgentReport
import Foundation
import JSONSchema

/// Options every command that reads answers shares, and what they mean.
enum SharedOptions {
    static let inputs = (name: "[INPUT…]", help: "Answers: files, directories (recursively), or - for standard input. With none, standard input is read when it is not a terminal.")

    static let input: [OptionSpec] = [
        .option("--input", value: "MODE", help: "How to read inputs: auto (JSON when it parses, text otherwise), json or text.",
                choices: InputMode.allCases.map(\.rawValue), default: "auto"),
        maxInputSize,
    ]

    static let maxInputSize = OptionSpec.option("--max-input-size", value: "MiB", help: "Refuse inputs larger than this.",
                                                 default: "\(InputLoader.defaultMaxBytes >> 20)")

    /// `--max-input-size`, in bytes.
    static func maxBytes(_ arguments: ParsedArguments, spec: CommandSpec) throws -> Int {
        guard let megabytes = Int(arguments.value("--max-input-size", spec: spec) ?? ""), (1...2047).contains(megabytes) else {
            throw UsageError.message("--max-input-size: expected a number of MiB from 1 to 2047")
        }
        return megabytes << 20
    }

    static let schema: [OptionSpec] = [
        .option("--schema", value: "NAME|PATH", help: "A bundled schema's name (such as backend-engineer) or a schema file. Without it, the bundled schema that fits best is used, or none."),
        .option("--ref-map", value: "PREFIX=DIR", help: "Serve $refs to absolute URIs starting with PREFIX from DIR; nothing is fetched from the network.", repeatable: true),
        .flag("--assert-format", help: "Treat `format` (date-time, email, uri, …) as an assertion, not an annotation."),
    ]
}

/// The inputs named on the command line, and how to read them.
struct InputReader {
    var paths: [String]
    var mode: InputMode
    var maxBytes: Int

    init(_ arguments: ParsedArguments, spec: CommandSpec) throws {
        paths = arguments.positionals
        mode = InputMode(rawValue: arguments.value("--input", spec: spec) ?? "auto") ?? .auto
        maxBytes = try SharedOptions.maxBytes(arguments, spec: spec)
    }

    /// The inputs to read, in order; standard input when none is named and it is piped.
    func sources() throws -> [InputLoader.Source] {
        if paths.isEmpty {
            guard !Terminal.stdinIsTerminal else {
                throw CommandFailure(message: "no input: name a file or directory, or pipe an answer on standard input (see --help)")
            }
            return [.standardInput]
        }
        let sources: [InputLoader.Source]
        do {
            sources = try InputLoader.sources(for: paths)
        } catch {
            throw CommandFailure(message: error.message)
        }
        if sources.isEmpty {
            throw CommandFailure(message: "no .md, .markdown, .txt or .json files under \(paths.joined(separator: ", "))")
        }
        return sources
    }

    /// Reads and classifies one input; unreadable input is a failure with exit status 2.
    func content(of source: InputLoader.Source) throws(CommandFailure) -> InputContent {
        do {
            return ResultEnvelope.classify(try InputLoader.read(source, maxBytes: maxBytes), name: source.name, mode: mode)
        } catch {
            throw CommandFailure(message: error.message)
        }
    }
}

/// `--schema`, `--ref-map` and `--assert-format`.
struct SchemaChoice {
    var schema: LoadedSchema?
    var options: JSONSchema.SchemaOptions

    init(_ arguments: ParsedArguments, spec: CommandSpec) throws {
        var options = JSONSchema.SchemaOptions()
        options.formatAssertion = arguments.flag("--assert-format")
        for mapping in arguments.values("--ref-map") {
            guard let equals = mapping.firstIndex(of: "="), equals != mapping.startIndex, mapping.index(after: equals) != mapping.endIndex else {
                throw UsageError.message("--ref-map \(mapping): expected PREFIX=DIR, such as https://example.com/schemas/=schemas/")
            }
            let directory = String(mapping[mapping.index(after: equals)...])
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: directory, isDirectory: &isDirectory), isDirectory.boolValue else {
                throw CommandFailure(message: "--ref-map \(mapping): \(directory) is not a directory")
            }
            options.refMap.append((prefix: String(mapping[..<equals]), directory: URL(fileURLWithPath: directory, isDirectory: true)))
        }
        self.options = options
        if let name = arguments.value("--schema", spec: spec) {
            do {
                schema = try SchemaCatalog.load(name, options: options)
            } catch {
                throw CommandFailure(message: error.message)
            }
        }
    }
}
