import AgentReport
import Foundation
import JSONSchema

/// `agent-report hook` as Claude Code runs it at every sub-agent stop: one ~5 KB answer in a
/// SubagentStop payload, whole process, static build (budget: median <= 5 ms with the schema
/// at hand), beside a static Swift process that does nothing (`agent-report --version`).
enum HookBenchmark {
    static func run() throws {
        let binary = try Bench.releaseBinary()
        let scratch = FileManager.default.temporaryDirectory.appendingPathComponent("agent-report-bench-hook")
        try? FileManager.default.removeItem(at: scratch)
        let agents = scratch.appendingPathComponent(".claude/agents")
        try FileManager.default.createDirectory(at: agents, withIntermediateDirectories: true)
        // The backend engineer: its definition, and its schema file (the Return Format at hand).
        let seeds = Bench.packageRoot.deletingLastPathComponent().appendingPathComponent("shared/seeds")
        let definition = try FileManager.default.contentsOfDirectory(atPath: seeds.path).sorted().first { $0.hasPrefix("001") }
            .map { seeds.appendingPathComponent($0) }
        guard let definition else { throw BenchError("no backend-engineer definition under ../shared/seeds") }
        try FileManager.default.copyItem(at: definition, to: agents.appendingPathComponent("backend-engineer.md"))
        let answer = try ValidateBenchmark.fiveKilobyteAnswer().text
        let payload = JSONValue.object(JSONObject([
            ("session_id", "bench"), ("cwd", .string(scratch.path)), ("hook_event_name", "SubagentStop"), ("stop_hook_active", false),
            ("agent_id", "bench"), ("agent_type", "backend-engineer"), ("last_assistant_message", .string(answer)),
        ])).serialized()
        let payloadURL = scratch.appendingPathComponent("payload.json")
        try Data(payload.utf8).write(to: payloadURL)
        let state = scratch.appendingPathComponent("state").path
        let runs = 60
        var rows: [[String]] = []
        let commands: [(String, [String])] = [
            ("hook, schema at hand (--schema backend-engineer)", ["hook", "--schema", "backend-engineer", "--state-dir", state]),
            ("hook, Return Format derived from the definition", ["hook", "--state-dir", state]),
            ("reference: static Swift process (--version)", ["--version"]),
        ]
        for (name, arguments) in commands {
            var times: [Double] = []
            for _ in 0..<runs { times.append(try Bench.time(process: binary, arguments, stdin: payloadURL.path)) }
            times.sort()
            rows.append([name, Bench.format(times[runs / 2] * 1000, 2) + " ms", Bench.format(times[runs * 9 / 10] * 1000, 2) + " ms",
                         Bench.format(times[0] * 1000, 2) + " ms"])
        }
        Bench.table("agent-report hook, whole process, \(answer.utf8.count) byte answer, \(runs) runs (budget: median <= 5 ms)",
                    ["command", "median", "p90", "min"], rows)
    }
}
