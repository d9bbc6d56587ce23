import AgentReport
import ArgumentParser

/// Options every command that reads answers shares.
struct InputOptions: ParsableArguments {
    @Argument(help: ArgumentHelp(
        "Answers to read: files, directories (recursively), or - for standard input.",
        discussion: "With none, standard input is read when it is not a terminal."))
    var inputs: [String] = []

    @Option(name: .customLong("input"), help: "How to read inputs: auto (JSON when it parses, text otherwise), json, or text.")
    var mode: InputMode = .auto

    @Option(name: .customLong("max-input-size"), help: "Refuse inputs larger than this many MiB.")
    var maxInputMiB: Int = InputLoader.defaultMaxBytes >> 20

    /// The inputs to read, in order; standard input when none is named and it is piped.
    func sources() throws -> [InputLoader.Source] {
        if inputs.isEmpty {
            guard !Terminal.stdinIsTerminal else {
                throw CommandFailure(message: "no input: name a file or directory, or pipe an answer on standard input (see --help)")
            }
            return [.standardInput]
        }
        do {
            let sources = try InputLoader.sources(for: inputs)
            if sources.isEmpty {
                throw CommandFailure(message: "no .md, .markdown, .txt or .json files under \(inputs.joined(separator: ", "))")
            }
            return sources
        } catch let error as InputLoader.Error {
            throw CommandFailure(message: error.message)
        }
    }

    /// Reads and classifies one input; unreadable input is a failure with exit status 2.
    func content(of source: InputLoader.Source) throws -> InputContent {
        do {
            let bytes = try InputLoader.read(source, maxBytes: max(1, maxInputMiB) << 20)
            return ResultEnvelope.classify(bytes, name: source.name, mode: mode)
        } catch {
            throw CommandFailure(message: error.message)
        }
    }
}

extension InputMode: ExpressibleByArgument {}
