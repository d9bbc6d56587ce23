import AgentReport
import Foundation

/// `agent-report hook`: Claude Code's SubagentStop hook. Reads the payload on stdin; the
/// library decides; this prints and exits.
struct HookCommand: Command {
    static let name = "hook"
    static let spec = CommandSpec(
        name: name,
        abstract: "Claude Code SubagentStop hook: send a sub-agent back until its answer fits its Return Format.",
        discussion: """
            Reads one hook payload (JSON) on stdin. The agent's definition is found by its
            agent_type in the project's .claude/agents/ (CLAUDE_PROJECT_DIR, else the payload's
            cwd), then ~/.claude/agents/, then each --agents-dir; its Return Format is derived and
            its answer (last_assistant_message, else the last assistant text of
            agent_transcript_path) validated.

            Exit status: 0 the answer fits, or nothing was checked (no definition, no Return
            Format, another event, stdin not a hook payload: a one-line systemMessage on stdout
            says why); 2 the answer does not fit: the correction for the agent is on stderr;
            1 the payload or transcript could not be read, or a bad option (a non-blocking hook
            error: the agent is never held for the hook's own trouble). After --max-retries
            blocks of one sub-agent, its next answer is let through with a systemMessage
            listing what is still wrong.

            The project's .claude/agent-report.json may set, for every agent or by agent name,
            the schema, maxRetries and publish folder, or "check": false to leave an agent
            unchecked (schema show agent-report-config describes the file):
              {"maxRetries": 3, "agents": {"reviewer": {"schema": "schemas/review.schema.json"},
                "explorer": {"check": false}}}
            An option given here overrides the file.

            Configure it in .claude/settings.json:
              {"hooks": {"SubagentStop": [{"matcher": "reviewer",
                "hooks": [{"type": "command", "command": "agent-report hook", "timeout": 60}]}]}}
            """,
        arguments: [],
        options: [
            .option("--schema", value: "NAME|PATH", help: "Check every agent's answer against this schema instead of its own Return Format."),
            .option("--agents-dir", value: "DIR", help: "Another folder of agent definitions, searched last.", repeatable: true),
            .option("--max-retries", value: "N", help: "Blocks of one sub-agent before its answer is let through (default: \(SubagentGate.defaultMaxRetries))."),
            .option("--publish", value: "DIR", help: "Publish each answer that fits into this report tree (relative to the project)."),
            .option("--state-dir", value: "DIR", help: "Where retry counts are kept (default: the project's .claude/agent-report/retries)."),
        ],
        troubleStatus: 1)

    let options: SubagentGate.Options

    init(_ arguments: ParsedArguments) throws {
        var options = SubagentGate.Options()
        if let name = arguments.value("--schema", spec: Self.spec) {
            do {
                options.schema = try SchemaCatalog.load(name)
            } catch {
                throw CommandFailure(message: "hook: \(error.message)", status: 1)
            }
        }
        options.agentsDirectories = arguments.values("--agents-dir")
        if let retries = arguments.value("--max-retries", spec: Self.spec) {
            guard let count = Int(retries), count >= 0, count <= 100 else {
                throw UsageError.message("--max-retries \(retries): expected a number from 0 to 100")
            }
            options.maxRetries = count
        }
        options.stateFolder = arguments.value("--state-dir", spec: Self.spec)
        options.publish = arguments.value("--publish", spec: Self.spec)
        self.options = options
    }

    func run() throws -> Int32 {
        let stdin: [UInt8]
        do {
            stdin = try InputLoader.read(.standardInput)
        } catch {
            throw CommandFailure(message: "hook: cannot read stdin: \(error.message)", status: 1)
        }
        let outcome = SubagentGate(options: options).run(stdin)
        if !outcome.stdout.isEmpty { Terminal.out(outcome.stdout) }
        // Written as it is: for a block, stderr is the agent's next instruction.
        if !outcome.stderr.isEmpty { FileHandle.standardError.write(Data(outcome.stderr.utf8)) }
        return outcome.status
    }
}
