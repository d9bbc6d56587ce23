import AgentReport
import Foundation

/// `agent-report init claude-code`: adds the hook to Claude Code's settings.
struct InitCommand: Command {
    static let name = "init"
    static let spec = CommandSpec(
        name: name,
        abstract: "Set agent-report up in a tool: `init claude-code` adds the SubagentStop hook to .claude/settings.json.",
        discussion: """
            init claude-code [--agent NAME]… [--publish DIR] [--user]

            Adds {"hooks": {"SubagentStop": [{"matcher": …, "hooks": [{"type": "command",
            "command": "agent-report hook", "timeout": 60}]}]}} to the project's
            .claude/settings.json (CLAUDE_PROJECT_DIR, else the current folder), or with --user
            to ~/.claude/settings.json. Everything else in the file stays as it was, byte for
            byte; running it again changes nothing; a file that is not valid JSON is refused
            with the place of the error and left untouched. Without --agent the hook checks
            every sub-agent (matcher "*"); agents without a Return Format are let through.
            """,
        arguments: [("claude-code", "The tool to set up (only claude-code).")],
        options: [
            .option("--agent", value: "NAME", help: "Check this agent's answers (repeatable); default: every agent.", repeatable: true),
            .option("--publish", value: "DIR", help: "Publish answers that fit into DIR (the hook's --publish)."),
            .flag("--user", help: "Write ~/.claude/settings.json instead of the project's."),
        ])

    let agents: [String]
    let publish: String?
    let settings: String

    init(_ arguments: ParsedArguments) throws {
        guard let tool = arguments.positionals.first else { throw UsageError.message("init: name the tool to set up (claude-code)") }
        guard tool == "claude-code", arguments.positionals.count == 1 else {
            throw UsageError.message("init \(arguments.positionals.joined(separator: " ")): the tool is claude-code")
        }
        agents = arguments.values("--agent")
        publish = arguments.value("--publish", spec: Self.spec)
        let environment = ProcessInfo.processInfo.environment
        if arguments.flag("--user") {
            guard let home = environment["HOME"], !home.isEmpty else { throw CommandFailure(message: "--user: HOME is not set") }
            settings = home + "/.claude/settings.json"
        } else {
            let project = environment["CLAUDE_PROJECT_DIR"].flatMap { $0.isEmpty ? nil : $0 } ?? FileManager.default.currentDirectoryPath
            settings = project + "/.claude/settings.json"
        }
    }

    func run() throws -> Int32 {
        let existing = FileManager.default.contents(atPath: settings).map { [UInt8]($0) }
        let command = "agent-report hook" + (publish.map { " --publish " + Self.quoted($0) } ?? "")
        let updated: [UInt8]?
        do {
            updated = try ClaudeSettings.adding(ClaudeSettings.Hook(command: command, agents: agents), to: existing)
        } catch {
            throw CommandFailure(message: "\(settings): \(error.message)")
        }
        let shown = ShareableName.of(settings)
        guard let updated else {
            Terminal.out("\(shown): the hook is there already; nothing changed\n")
            return 0
        }
        do {
            try FileManager.default.createDirectory(atPath: (settings as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
            try OutputFile.write(String(decoding: updated, as: UTF8.self), to: settings)
        } catch {
            throw CommandFailure(message: "cannot write \(settings): \(error)")
        }
        let scope = agents.isEmpty ? "every sub-agent" : agents.joined(separator: ", ")
        Terminal.out("\(shown): \(existing == nil ? "created with" : "added") a SubagentStop hook running `\(command)` for \(scope)\n")
        return 0
    }

    /// A folder name for the hook's command line, quoted when it needs it.
    static func quoted(_ text: String) -> String {
        text.allSatisfy { $0.isLetter || $0.isNumber || "-_./".contains($0) } ? text : "'" + text.replacingOccurrences(of: "'", with: "'\\''") + "'"
    }
}
