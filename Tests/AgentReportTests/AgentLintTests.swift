import AgentReport
import Foundation
import Testing

/// `agent lint`: front matter, name, description and known keys, with positions.
@Suite struct AgentLintTests {
    static func lint(_ text: String) -> [Diagnostic] {
        AgentLinter().lint(AgentDefinition(source: SourceText(name: "agent.md", text: text)))
    }

    /// `code line:column` of each diagnostic.
    static func summary(_ diagnostics: [Diagnostic]) -> [String] {
        diagnostics.map { "\($0.code) \($0.range.map { "\($0.start.line):\($0.start.column)" } ?? "-")" }
    }

    static func seed(_ file: String) throws -> [Diagnostic] {
        let url = DerivationTests.seeds.appendingPathComponent(file)
        return AgentLinter().lint(try DerivationTests.definition(url))
    }

    @Test func seedsLint() throws {
        // 000: one key Claude Code does not read.
        #expect(Self.summary(try Self.seed("000_d28cbc7bf0754a80.txt")) == ["agent-unknown-key 7:1"])
        // 001: clean.
        #expect(try Self.seed("001_6863014e70f319c7.txt").isEmpty)
        // 002: a capitalised name, and a description whose `Examples: <example>Context: …` is not valid YAML.
        let s002 = try Self.seed("002_568361a15d96b4c5.txt")
        #expect(Self.summary(s002) == ["agent-invalid-name 2:1", "agent-front-matter 3:376"])
        #expect(s002.first?.suggestion == "name: backend-developer")
        // 003: the same YAML problem; its name is fine (read from its line although the YAML fails).
        #expect(Self.summary(try Self.seed("003_a9156db7926ac2a9.txt")) == ["agent-front-matter 3:581"])
        // 004: extended metadata keys, nested ones included, are warnings.
        let s004 = try Self.seed("004_a555f86474ba1545.txt")
        #expect(Self.summary(s004) == [
            "agent-unknown-key 7:1", "agent-unknown-key 8:1", "agent-unknown-key 9:1",
            "agent-unknown-key 12:1", "agent-unknown-key 18:1", "agent-unknown-key 25:1",
        ])
        #expect(s004.allSatisfy { $0.severity == .warning })
        #expect(s004.map { $0.message }.contains("`quality_standards` is not a key Claude Code reads; it is ignored"))
    }

    @Test func noFrontMatterIsAnError() {
        let found = Self.lint("# Helper\n\nYou help.\n")
        #expect(Self.summary(found) == ["agent-front-matter 1:1"])
        #expect(found.first?.severity == .error)
        #expect(Self.summary(Self.lint("---\nname: a\n")) == ["agent-front-matter 1:1"])
    }

    @Test func missingAndEmptyKeys() {
        #expect(Self.summary(Self.lint("---\ntools: Read\n---\nBody\n")) == ["agent-missing-key 1:1", "agent-missing-key 1:1"])
        #expect(Self.summary(Self.lint("---\nname: ok\ndescription:\n---\nBody\n")) == ["agent-missing-key 3:1"])
    }

    @Test(arguments: [("backend-engineer", true), ("a1-b2", true), ("Backend-Developer", false), ("my_agent", false), ("my agent", false)])
    func names(_ name: String, _ valid: Bool) {
        #expect(AgentLinter.isValidName(name) == valid)
        let found = Self.lint("---\nname: \(name)\ndescription: Does things.\n---\nBody\n")
        #expect(found.isEmpty == valid)
    }

    @Test func knownKeysPassAndMisspellingsGetASuggestion() {
        let text = """
            ---
            name: reviewer
            description: Reviews code.
            tools: Read, Grep
            disallowedTools: [Bash]
            model: sonnet
            permissionMode: default
            maxTurns: 12
            skills: [review]
            mcpServers: [github]
            hooks: {}
            color: blue
            isolation: worktree
            max_turns: 3
            ---
            You review code.
            """
        let found = Self.lint(text)
        #expect(Self.summary(found) == ["agent-unknown-key 14:1"])
        #expect(found.first?.suggestion == "did you mean `maxTurns`?")
    }

    @Test func wrongTypesAndAnEmptyBody() {
        let found = Self.lint("---\nname: x\ndescription: y\nmaxTurns: many\n---\n")
        #expect(Self.summary(found) == ["agent-invalid-value 4:1", "agent-empty-body 5:1"])
    }

    @Test func rangesPointAtTheKey() throws {
        let found = Self.lint("---\nname: ok\ndescription: fine\ncategory: x\n---\nBody\n")
        let range = try #require(found.first?.range)
        #expect((range.start.line, range.start.column, range.end.column) == (4, 1, 9))
    }
}
