import Foundation
import JSONSchema
import Testing

/// The hook's retry cap and state, and answers read from a transcript, end to end.
@Suite struct HookTests {
    static let fixtures = CLI.packageRoot.appendingPathComponent("Tests/CLITests/Fixtures/hook")
    static let valid = (try? String(contentsOf: fixtures.appendingPathComponent("valid-answer.md"), encoding: .utf8)) ?? ""
    static let invalid = valid.replacingOccurrences(of: "## Summary\n", with: "")

    static func payload(agentID: String, answer: String? = nil, transcript: String? = nil,
                        cwd: String = fixtures.appendingPathComponent("project").path, agentType: String = "reviewer") -> String {
        var object = JSONObject([
            ("session_id", "s"), ("cwd", .string(cwd)), ("hook_event_name", "SubagentStop"),
            ("stop_hook_active", false), ("agent_id", .string(agentID)), ("agent_type", .string(agentType)),
        ])
        if let answer { object["last_assistant_message"] = .string(answer) }
        if let transcript { object["agent_transcript_path"] = .string(transcript) }
        return JSONValue.object(object).serialized()
    }

    static func stateDirectory(_ name: String) throws -> URL {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("agent-report-hook-\(getpid())-\(name)")
        try? FileManager.default.removeItem(at: folder)
        return folder
    }

    @Test func afterTheRetryCapTheAnswerIsLetThroughWithWhatIsStillWrong() throws {
        let state = try Self.stateDirectory("cap")
        let arguments = ["hook", "--max-retries", "2", "--state-dir", state.path]
        let first = try CLI.run(arguments, stdin: Self.payload(agentID: "cap", answer: Self.invalid))
        let second = try CLI.run(arguments, stdin: Self.payload(agentID: "cap", answer: Self.invalid))
        let third = try CLI.run(arguments, stdin: Self.payload(agentID: "cap", answer: Self.invalid))
        #expect([first.status, second.status, third.status] == [2, 2, 0], "\(third.stderr)")
        #expect(third.stdout.contains("still has 1 error after 2 corrections") && third.stdout.contains("missing-section /summary"), "\(third.stdout)")
        // The count starts again: the next defective answer is sent back.
        #expect(try CLI.run(arguments, stdin: Self.payload(agentID: "cap", answer: Self.invalid)).status == 2)
        // Another sub-agent has its own count.
        #expect(try CLI.run(arguments, stdin: Self.payload(agentID: "other", answer: Self.invalid)).status == 2)
        // A valid answer clears the count.
        #expect(try CLI.run(arguments, stdin: Self.payload(agentID: "cap", answer: Self.valid)).status == 0)
        #expect(try CLI.run(arguments, stdin: Self.payload(agentID: "cap", answer: Self.invalid)).status == 2)
    }

    @Test func staleStateIsCleanedUp() throws {
        let state = try Self.stateDirectory("stale")
        try FileManager.default.createDirectory(at: state, withIntermediateDirectories: true)
        let stale = state.appendingPathComponent("old-000000000000.json")
        try Data(#"{"agent_id":"old","attempts":1,"codes":["missing-section"],"updated":1000}"#.utf8).write(to: stale)
        let fresh = state.appendingPathComponent("recent-000000000000.json")
        let now = Int(Date().timeIntervalSince1970)
        try Data(#"{"agent_id":"recent","attempts":1,"codes":[],"updated":\#(now)}"#.utf8).write(to: fresh)
        let run = try CLI.run(["hook", "--state-dir", state.path], stdin: Self.payload(agentID: "new", answer: Self.invalid))
        #expect(run.status == 2)
        #expect(!FileManager.default.fileExists(atPath: stale.path), "state older than a day is removed")
        #expect(FileManager.default.fileExists(atPath: fresh.path))
    }

    @Test func aDefectiveAnswerInTheTranscriptBlocks() throws {
        let state = try Self.stateDirectory("transcript")
        try FileManager.default.createDirectory(at: state, withIntermediateDirectories: true)
        let transcript = state.appendingPathComponent("agent.jsonl")
        let line = JSONValue.object(JSONObject([("type", "assistant"), ("message", .object(JSONObject([
            ("id", "msg_1"), ("role", "assistant"), ("content", .array([.object(JSONObject([("type", "text"), ("text", .string(Self.invalid))]))])),
        ])))])).serialized()
        try Data((line + "\n").utf8).write(to: transcript)
        let run = try CLI.run(["hook", "--state-dir", state.path], stdin: Self.payload(agentID: "t", transcript: transcript.path))
        #expect(run.status == 2, "\(run.stdout)\(run.stderr)")
        #expect(run.stderr.contains("Missing section \"Summary\""))
    }

    @Test func badOptionsNeverBlock() throws {
        let run = try CLI.run(["hook", "--max-retries", "lots"], stdin: Self.payload(agentID: "x", answer: Self.invalid))
        #expect(run.status == 1, "a usage error of the hook must not read as a block (2)")
        let unknown = try CLI.run(["hook", "--no-such-option"], stdin: "{}")
        #expect(unknown.status == 1)
    }

    @Test func aFittingAnswerIsPublishedWhenAsked() throws {
        let state = try Self.stateDirectory("publish")
        let out = state.appendingPathComponent("reports")
        let run = try CLI.run(["hook", "--state-dir", state.path, "--publish", out.path], stdin: Self.payload(agentID: "p", answer: Self.valid))
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stdout.contains("published"), "\(run.stdout)")
        let files = (try? FileManager.default.contentsOfDirectory(atPath: out.appendingPathComponent("Reports/reviewer").path)) ?? []
        #expect(files.filter { $0.hasSuffix(".md") }.count == 1, "\(files)")
    }

    // MARK: The project's .claude/agent-report.json

    /// A project with the fixture's reviewer agent and `settings` as its .claude/agent-report.json.
    static func project(_ name: String, settings: String, files: [String: String] = [:]) throws -> URL {
        let root = try stateDirectory("project-\(name)")
        let agents = root.appendingPathComponent(".claude/agents")
        try FileManager.default.createDirectory(at: agents, withIntermediateDirectories: true)
        try FileManager.default.copyItem(at: fixtures.appendingPathComponent("project/.claude/agents/reviewer.md"),
                                         to: agents.appendingPathComponent("reviewer.md"))
        try Data(settings.utf8).write(to: root.appendingPathComponent(".claude/agent-report.json"))
        for (path, text) in files { try Data(text.utf8).write(to: root.appendingPathComponent(path)) }
        return root
    }

    @Test func theProjectSetsTheRetryCapAndTheCommandLineOverridesIt() throws {
        let root = try Self.project("retries", settings: #"{"maxRetries": 5, "agents": {"Reviewer": {"maxRetries": 0}}}"#)
        let state = root.appendingPathComponent("state").path
        // The agent's entry (matched in any case) wins over the top level: no block at all.
        let let_through = try CLI.run(["hook", "--state-dir", state], stdin: Self.payload(agentID: "a", answer: Self.invalid, cwd: root.path))
        #expect(let_through.status == 0, "\(let_through.stderr)")
        #expect(let_through.stdout.contains("still has 1 error after 0 corrections"), "\(let_through.stdout)")
        let forced = try CLI.run(["hook", "--state-dir", state, "--max-retries", "1"],
                                 stdin: Self.payload(agentID: "b", answer: Self.invalid, cwd: root.path))
        #expect(forced.status == 2, "an option on the command line overrides the file")
        // A plugin's agent is matched by the part after the colon.
        let plugin = try CLI.run(["hook", "--state-dir", state],
                                 stdin: Self.payload(agentID: "c", answer: Self.invalid, cwd: root.path, agentType: "tools:reviewer"))
        #expect(plugin.status == 0, "\(plugin.stdout)\(plugin.stderr)")
    }

    @Test func anAgentLeftUncheckedPassesWithoutANote() throws {
        let root = try Self.project("unchecked", settings: #"{"agents": {"reviewer": {"check": false}}}"#)
        let run = try CLI.run(["hook", "--state-dir", root.appendingPathComponent("state").path],
                              stdin: Self.payload(agentID: "a", answer: "nothing like the format", cwd: root.path))
        #expect(run.status == 0 && run.stdout.isEmpty && run.stderr.isEmpty, "\(run)")
    }

    @Test func theProjectNamesTheSchemaAnAgentIsCheckedAgainst() throws {
        // A schema of the project (a path relative to it) that asks for the findings alone:
        // the answer without its summary fits it.
        let schema = #"{"type": "object", "properties": {"findings": {"title": "Findings", "type": "string"}}, "required": ["findings"]}"#
        let root = try Self.project("schema", settings: #"{"agents": {"reviewer": {"schema": "overview.schema.json"}}}"#,
                                    files: ["overview.schema.json": schema])
        let state = root.appendingPathComponent("state").path
        let run = try CLI.run(["hook", "--state-dir", state], stdin: Self.payload(agentID: "a", answer: Self.invalid, cwd: root.path))
        #expect(run.status == 0, "\(run.stderr)")
        let missing = try Self.project("schema-missing", settings: #"{"schema": "nowhere.schema.json"}"#)
        let broken = try CLI.run(["hook", "--state-dir", state], stdin: Self.payload(agentID: "a", answer: Self.valid, cwd: missing.path))
        #expect(broken.status == 1, "a schema that cannot be loaded is the hook's trouble, never a block")
        #expect(broken.stderr.contains("names schema \"nowhere.schema.json\""), "\(broken.stderr)")
    }

    @Test func theProjectNamesTheReportTree() throws {
        let root = try Self.project("publish", settings: #"{"publish": "docs"}"#)
        let run = try CLI.run(["hook", "--state-dir", root.appendingPathComponent("state").path],
                              stdin: Self.payload(agentID: "a", answer: Self.valid, cwd: root.path))
        #expect(run.status == 0 && run.stdout.contains("published docs/"), "\(run.stdout)\(run.stderr)")
        let files = (try? FileManager.default.contentsOfDirectory(atPath: root.appendingPathComponent("docs/Reports/reviewer").path)) ?? []
        #expect(files.filter { $0.hasSuffix(".md") }.count == 1, "\(files)")
    }

    @Test func aBrokenSettingsFileIsAHookErrorThatSaysWhere() throws {
        let cases = [
            (#"{"maxRetry": 3}"#, "/maxRetry"),
            (#"{"agents": {"reviewer": {"maxRetries": -1}}}"#, "/agents/reviewer/maxRetries"),
            (#"{"agents": {"reviewer": {"check": "no"}}}"#, "/agents/reviewer/check"),
            ("{\"maxRetries\": 3,\n}", "not valid JSON at 2:1"),
        ]
        for (index, (settings, place)) in cases.enumerated() {
            let root = try Self.project("broken-\(index)", settings: settings)
            let run = try CLI.run(["hook", "--state-dir", root.appendingPathComponent("state").path],
                                  stdin: Self.payload(agentID: "a", answer: Self.invalid, cwd: root.path))
            #expect(run.status == 1, "\(settings): never a block for the hook's own trouble")
            #expect(run.stderr.contains(".claude/agent-report.json") && run.stderr.contains(place), "\(settings): \(run.stderr)")
        }
    }
}
