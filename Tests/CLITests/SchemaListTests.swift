import Foundation
import TestSupport
import Testing

/// `schema list` shows the project's agents beside the bundled schemas, each with the Return
/// Format its definition gives, or that it gives none.
@Suite struct SchemaListTests {
    @Test func projectAgentsAreListedWithTheirFormats() throws {
        let project = FileManager.default.temporaryDirectory.appendingPathComponent("agent-report-list-\(getpid())")
        let agents = project.appendingPathComponent(".claude/agents")
        try? FileManager.default.removeItem(at: project)
        try FileManager.default.createDirectory(at: agents, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: project) }
        try Data("""
            ---
            name: reviewer
            description: Reviews a change.
            ---

            ## Return Format

            REVIEW:
            - Verdict: [APPROVE/REQUEST CHANGES]
            - Reason: [One paragraph]

            """.utf8).write(to: agents.appendingPathComponent("reviewer.md"))
        try Data("---\nname: helper\ndescription: Helps.\n---\nJust helps out.\n".utf8).write(to: agents.appendingPathComponent("helper.md"))
        let output = try CLI.run(["schema", "list"], environment: ["CLAUDE_PROJECT_DIR": project.path])
        #expect(output.status == 0)
        let lines = output.stdout.split(separator: "\n").map(String.init)
        #expect(lines.contains { $0.hasPrefix("* backend-engineer") })
        #expect(lines.contains { $0.hasPrefix("* reviewer") && $0.contains("1 part, 2 fields: REVIEW") }, "\(output.stdout)")
        #expect(lines.contains { $0.hasPrefix("  helper") && $0.contains("no Return Format found") }, "\(output.stdout)")
        // And the name is a schema.
        let validated = try CLI.run(["validate", "--schema", "reviewer"], stdin: "REVIEW:\n- Verdict: APPROVE\n- Reason: Small, tested and documented.\n",
                                    environment: ["CLAUDE_PROJECT_DIR": project.path])
        #expect(validated.status == 0, "\(validated.stdout) \(validated.stderr)")
    }
}
