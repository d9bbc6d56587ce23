import Foundation
import Testing

/// `--schema` takes what a user has: an agent definition file, whose Return Format is derived,
/// or the name of one of the project's agents (`.claude/agents/NAME.md`).
@Suite struct AgentSchemaTests {
    static func project(_ label: String) throws -> (root: URL, answer: URL, defect: URL) {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("agent-report-project-\(getpid())-\(label)")
        try? FileManager.default.removeItem(at: root)
        let agents = root.appendingPathComponent(".claude/agents")
        try FileManager.default.createDirectory(at: agents, withIntermediateDirectories: true)
        let fixture = CLI.packageRoot.appendingPathComponent("Tests/AgentReportTests/Fixtures/definitions/pr-reviewer")
        // Filed under another file name: found by its front matter's name too.
        try FileManager.default.copyItem(at: fixture.appendingPathComponent("agent.md"), to: agents.appendingPathComponent("reviewing.md"))
        let answer = root.appendingPathComponent("answer.md")
        try FileManager.default.copyItem(at: fixture.appendingPathComponent("answer.md"), to: answer)
        let text = try String(contentsOf: answer, encoding: .utf8)
        let defect = root.appendingPathComponent("defect.md")
        try Data(text.replacingOccurrences(of: "## Summary", with: "## Overview").utf8).write(to: defect)
        return (root, answer, defect)
    }

    @Test func anAgentDefinitionFileIsASchema() throws {
        let (root, answer, defect) = try Self.project("file")
        let definition = root.appendingPathComponent(".claude/agents/reviewing.md").path
        let valid = try CLI.run(["validate", "--schema", definition, answer.path])
        #expect(valid.status == 0, "\(valid.stdout)\(valid.stderr)")
        let invalid = try CLI.run(["validate", "--schema", definition, defect.path])
        #expect(invalid.status == 1)
        #expect(invalid.stdout.contains("missing-section"), "\(invalid.stdout)")
    }

    @Test func anAgentOfTheProjectIsFoundByName() throws {
        let (root, answer, _) = try Self.project("name")
        let name = try #require(try String(contentsOf: root.appendingPathComponent(".claude/agents/reviewing.md"), encoding: .utf8)
            .split(separator: "\n").first { $0.hasPrefix("name:") }?.dropFirst(5).trimmingCharacters(in: .whitespaces))
        let output = try CLI.run(["validate", "--schema", name, answer.path], environment: ["CLAUDE_PROJECT_DIR": root.path])
        #expect(output.status == 0, "\(output.stdout)\(output.stderr)")
        let missing = try CLI.run(["validate", "--schema", "no-such-agent", answer.path], environment: ["CLAUDE_PROJECT_DIR": root.path])
        #expect(missing.status == 2)
        #expect(missing.stderr.contains("no agent definition no-such-agent.md"), "\(missing.stderr)")
    }

    @Test func aDefinitionWithoutAFormatSaysSo() throws {
        let (root, answer, _) = try Self.project("plain")
        let plain = root.appendingPathComponent("plain.md")
        try Data("---\nname: plain\ndescription: helps\n---\nYou help.\n".utf8).write(to: plain)
        let output = try CLI.run(["validate", "--schema", plain.path, answer.path])
        #expect(output.status == 2)
        #expect(output.stderr.contains("agent definition") && !output.stderr.contains("not valid JSON"), "\(output.stderr)")
        // It names the file once, and what was looked for.
        #expect(output.stderr.components(separatedBy: plain.path).count == 2, "\(output.stderr)")
        #expect(output.stderr.contains("no Return Format found; looked for"), "\(output.stderr)")
    }
}
