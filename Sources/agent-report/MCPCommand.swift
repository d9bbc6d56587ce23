import AgentReport
import Foundation

/// `agent-report mcp`: a Model Context Protocol server over stdio, so that an agent checks its
/// own answer before it returns it. This checks the options and becomes `agent-report-mcp`
/// (the program beside this one, built on the MCP SDK), which serves ``AnswerService``'s calls.
/// The SDK lives in a program of its own because it brings FoundationNetworking and libcurl,
/// which `agent-report hook`, started at every sub-agent stop, should not load (and which a
/// static build cannot link without libcurl's development files).
struct MCPCommand: Command {
    static let name = "mcp"
    static let spec = CommandSpec(
        name: name,
        abstract: "Serve agent-report's checks to agents as an MCP server (stdio).",
        discussion: """
            Speaks the Model Context Protocol on stdin and stdout (nothing else is written to
            stdout; problems go to stderr) until stdin closes.

            Tools: validate_answer {answer, format?}, render_report {answer, format?, to},
            get_return_format {format}, list_formats {}, publish_report {answer, format?,
            system?, out?}. Prompt: return_format {format}. A format is a bundled schema's
            name, a schema or agent definition file (relative to the project), or the name of
            an agent in the project's .claude/agents/ or ~/.claude/agents/; without one,
            validate_answer and render_report pick the bundled format that fits.

            The project is CLAUDE_PROJECT_DIR, else --project, else the nearest folder at or
            above the current one with a .claude folder, else the current folder. publish_report
            writes inside it only, unless --allow-publish-outside.

            The server itself is the program agent-report-mcp, which must sit beside
            agent-report or on PATH (swift build -c release --product agent-report-mcp).

            Add it to Claude Code with:
              claude mcp add agent-report -- agent-report mcp
            """,
        arguments: [],
        options: [
            .option("--project", value: "DIR", help: "The project folder (agents, relative paths, the report tree)."),
            .option("--publish-dir", value: "DIR", help: "The report tree publish_report writes to when given no out.", default: "reports"),
            .flag("--allow-publish-outside", help: "Let publish_report write outside the project."),
            SharedOptions.maxInputSize,
        ])

    /// The server's arguments, checked.
    let serverArguments: [String]

    init(_ arguments: ParsedArguments) throws {
        let given = arguments.value("--project", spec: Self.spec)
        let project = AgentLookup.projectDirectory(given: given) ?? FileManager.default.currentDirectoryPath
        var isFolder: ObjCBool = false
        guard FileManager.default.fileExists(atPath: project, isDirectory: &isFolder), isFolder.boolValue else {
            throw UsageError.message("--project \(project): no such folder")
        }
        let megabytes = try SharedOptions.maxBytes(arguments, spec: Self.spec) >> 20
        serverArguments = ["--project", project, "--publish-dir", arguments.value("--publish-dir", spec: Self.spec) ?? "reports",
                           "--max-input-size", "\(megabytes)"] + (arguments.flag("--allow-publish-outside") ? ["--allow-publish-outside"] : [])
    }

    func run() throws -> Int32 {
        let program = try Self.serverProgram()
        let argv = [program] + serverArguments
        var cArguments = argv.map { strdup($0) } + [nil]
        execv(program, &cArguments)
        throw CommandFailure(message: "mcp: cannot start \(program): \(String(cString: strerror(errno)))")
    }

    /// `agent-report-mcp` beside this program, else on PATH.
    static func serverProgram() throws -> String {
        let name = "agent-report-mcp"
        var folders: [String] = []
        if let own = Bundle.main.executableURL?.resolvingSymlinksInPath().deletingLastPathComponent() { folders.append(own.path) }
        folders += (ProcessInfo.processInfo.environment["PATH"] ?? "").split(separator: ":").map(String.init)
        for folder in folders {
            let path = (folder as NSString).appendingPathComponent(name)
            if FileManager.default.isExecutableFile(atPath: path) { return path }
        }
        throw CommandFailure(message: "mcp: the server program \(name) is neither beside agent-report nor on PATH; "
            + "build it with `swift build --product \(name)` (or -c release) and install it beside agent-report")
    }
}
