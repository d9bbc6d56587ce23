// The `agent-report` command: argument parsing and printing only; the library does the work.
import AgentReport
import Foundation

/// A subcommand: its spec, how it reads parsed arguments, and its run, which returns the
/// exit status (0 fine, 1 findings, 2 trouble).
protocol Command {
    /// The command's name, known without building its spec.
    static var name: String { get }
    static var spec: CommandSpec { get }
    init(_ arguments: ParsedArguments) throws
    func run() throws -> Int32
}

/// A command as the dispatcher sees it: its name, its spec (built only when asked for: a run
/// needs one command's), and how to run it.
struct RegisteredCommand {
    let name: String
    private let makeSpec: () -> CommandSpec
    let execute: (ParsedArguments) throws -> Int32

    var spec: CommandSpec { makeSpec() }

    init<C: Command>(_ type: C.Type) {
        name = C.name
        makeSpec = { C.spec }
        execute = { arguments in try C(arguments).run() }
    }
}

enum Main {
    nonisolated(unsafe) static let commands: [RegisteredCommand] = [
        RegisteredCommand(ValidateCommand.self), RegisteredCommand(RenderCommand.self), RegisteredCommand(PublishCommand.self),
        RegisteredCommand(ParseCommand.self), RegisteredCommand(HookCommand.self), RegisteredCommand(MCPCommand.self), RegisteredCommand(InitCommand.self),
        RegisteredCommand(AgentCommand.self), RegisteredCommand(SchemaCommand.self), RegisteredCommand(CompletionCommand.self),
    ]

    static let overview = """
        agent-report \(AgentReportVersion.current): check, render and publish the structured answers of LLM agents.

        Agents are given a Return Format: ALL-CAPS sections such as `API ARCHITECTURE:` with
        labelled fields such as `- Framework Choice: …`. agent-report reads their answers however
        the model wrote them (fenced or not, markdown headings, bold labels, any bullet), binds
        them to a JSON Schema of the format, and says exactly what is wrong and where.

        USAGE: agent-report COMMAND [OPTIONS] [INPUT…]

        COMMANDS:
        \(commands.map { CommandSpec.row($0.spec.name, $0.spec.abstract) }.joined())
        Inputs are files, directories (their .md, .markdown, .txt and .json files) or - for
        standard input; with no input, standard input is read when it is not a terminal. A JSON
        input that is a Claude Code result envelope is unwrapped to its `result` text.

        Exit status: 0 all inputs fine, 1 some input has errors, 2 usage error, unreadable
        input or bad schema.

        Examples:
          agent-report validate samples/defects.md
          agent-report render samples/clean-plain.md --to json --schema backend-engineer
          claude -p "…" --output-format json | agent-report validate --format github
          agent-report parse answer.md --dump

        See 'agent-report COMMAND --help' for a command's options.

        """

    /// Runs the command line; the one place that turns errors into messages and exit codes.
    static func run(_ arguments: [String]) -> Int32 {
        guard let first = arguments.first else {
            Terminal.error("no command given (see 'agent-report --help')")
            return 2
        }
        switch first {
        case "-h", "--help", "help":
            if arguments.count > 1, let command = commands.first(where: { $0.name == arguments[1] }) {
                Terminal.out(command.spec.help)
            } else {
                Terminal.out(overview)
            }
            return 0
        case "--version":
            Terminal.out(AgentReportVersion.current + "\n")
            return 0
        default:
            break
        }
        guard let command = commands.first(where: { $0.name == first }) else {
            Terminal.error("unknown command '\(first)'; commands: \(commands.map(\.name).joined(separator: ", ")) (see 'agent-report --help')")
            return 2
        }
        let spec = command.spec
        do {
            let parsed = try ParsedArguments.parse(Array(arguments.dropFirst()), spec: spec)
            return try command.execute(parsed)
        } catch let usage as UsageError {
            switch usage {
            case .help:
                Terminal.out(spec.help)
                return 0
            case .message(let message):
                Terminal.error("\(message)\nSee 'agent-report \(spec.name) --help'.")
                return spec.troubleStatus
            }
        } catch let failure as CommandFailure {
            if !failure.message.isEmpty { Terminal.error(failure.message) }
            return failure.status == 2 ? spec.troubleStatus : failure.status
        } catch {
            Terminal.error("\(error)")
            return spec.troubleStatus
        }
    }
}

/// An error the command reports itself: a message for standard error and an exit status.
struct CommandFailure: Error {
    var message: String
    var status: Int32 = 2
}

/// Writing to the terminal.
enum Terminal {
    static func out(_ text: String) {
        FileHandle.standardOutput.write(Data(text.utf8))
    }

    static func error(_ text: String) {
        let line = text.hasSuffix("\n") ? text : text + "\n"
        FileHandle.standardError.write(Data(("agent-report: " + line).utf8))
    }

    static var stdinIsTerminal: Bool { isatty(STDIN_FILENO) != 0 }

    /// Colour on a terminal, never when `NO_COLOR` is set (https://no-color.org).
    static var useColor: Bool {
        isatty(STDOUT_FILENO) != 0 && (ProcessInfo.processInfo.environment["NO_COLOR"] ?? "").isEmpty
    }
}

exit(Main.run(Array(CommandLine.arguments.dropFirst())))
