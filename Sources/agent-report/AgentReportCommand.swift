import AgentReport
import ArgumentParser
import Foundation

/// The `agent-report` command: argument parsing and printing only; the library does the work.
struct AgentReportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "agent-report",
        abstract: "Check, render and publish the structured answers of LLM agents.",
        discussion: """
            Agents are given a Return Format: ALL-CAPS sections such as `API ARCHITECTURE:` with \
            labelled fields such as `- Framework Choice: …`. agent-report reads their answers however \
            the model wrote them (fenced or not, markdown headings, bold labels, any bullet), binds \
            them to a JSON Schema of the format, and says exactly what is wrong and where.

            Inputs are files, directories (their .md, .markdown, .txt and .json files) or `-` for \
            standard input; with no input, standard input is read when it is not a terminal. A JSON \
            input that is a Claude Code result envelope is unwrapped to its `result` text.

            Exit status: 0 all inputs fine, 1 some input has errors, 2 usage error, unreadable \
            input or bad schema.

            Examples:
              agent-report validate samples/defects.md
              agent-report render samples/clean-plain.md --to json --schema backend-engineer
              claude -p "…" --output-format json | agent-report render --to json
              agent-report parse answer.md --dump
            """,
        version: AgentReportVersion.current,
        subcommands: [ValidateCommand.self, RenderCommand.self, ParseCommand.self],
        helpNames: [.short, .long]
    )
}

/// An error the command reports itself: a message for standard error and an exit status.
struct CommandFailure: Error {
    var message: String
    var status: Int32 = 2
}

@main
enum Main {
    static func main() {
        do {
            var command = try AgentReportCommand.parseAsRoot()
            try command.run()
        } catch let failure as CommandFailure {
            if !failure.message.isEmpty { Terminal.error(failure.message) }
            exit(failure.status)
        } catch let code as ExitCode {
            exit(code.rawValue)
        } catch {
            // Help and version requests exit 0 and print as ArgumentParser words them; every
            // other parsing error is a usage error: exit 2.
            if AgentReportCommand.exitCode(for: error) == .success {
                AgentReportCommand.exit(withError: error)
            }
            Terminal.error(AgentReportCommand.fullMessage(for: error))
            exit(2)
        }
    }
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
