import Foundation
import JSONSchema
import Testing

/// `init claude-code` adds the hook to .claude/settings.json and nothing else.
@Suite struct InitTests {
    static func project(_ name: String, settings: String? = nil) throws -> URL {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("agent-report-init-\(getpid())-\(name)")
        try? FileManager.default.removeItem(at: root)
        try FileManager.default.createDirectory(at: root.appendingPathComponent(".claude"), withIntermediateDirectories: true)
        if let settings { try Data(settings.utf8).write(to: root.appendingPathComponent(".claude/settings.json")) }
        return root
    }

    static func initialise(_ root: URL, _ extra: [String] = []) throws -> CLI.Output {
        try CLI.run(["init", "claude-code"] + extra, environment: ["CLAUDE_PROJECT_DIR": root.path])
    }

    static func settings(_ root: URL) throws -> String {
        try String(contentsOf: root.appendingPathComponent(".claude/settings.json"), encoding: .utf8)
    }

    /// What `after` has that `before` has not, when the difference is one insertion.
    static func insertion(from before: String, to after: String) -> String? {
        let a = Array(before.utf8), b = Array(after.utf8)
        var prefix = 0
        while prefix < a.count && prefix < b.count && a[prefix] == b[prefix] { prefix += 1 }
        var suffix = 0
        while suffix < a.count - prefix && suffix < b.count - prefix && a[a.count - 1 - suffix] == b[b.count - 1 - suffix] { suffix += 1 }
        guard prefix + suffix == a.count else { return nil }
        return String(decoding: b[prefix..<(b.count - suffix)], as: UTF8.self)
    }

    @Test func anEmptyProjectGetsSettingsWithTheHook() throws {
        let root = try Self.project("empty")
        let output = try Self.initialise(root, ["--agent", "reviewer"])
        #expect(output.status == 0, "\(output.stderr)")
        let value = try JSONParser.parse(try Self.settings(root))
        let group = value["hooks"]?["SubagentStop"]?.arrayValue?.first
        #expect(group?["matcher"]?.stringValue == "^reviewer$")
        #expect(group?["hooks"]?.arrayValue?.first?["command"]?.stringValue == "agent-report hook")
    }

    @Test func otherKeysAndHooksStayByteForByte() throws {
        let original = """
            {
                "permissions": {"allow": ["Bash(npm test:*)"], "deny": []},
                "hooks": {
                    "PreToolUse": [{"matcher": "Bash", "hooks": [{"type": "command", "command": "./check.sh"}]}],
                    "SubagentStop": [
                        {"matcher": "writer", "hooks": [{"type": "command", "command": "./lint-writer.sh"}]}
                    ]
                },
                "model":   "sonnet"
            }

            """
        let root = try Self.project("existing", settings: original)
        let output = try Self.initialise(root, ["--agent", "reviewer", "--agent", "api-designer"])
        #expect(output.status == 0, "\(output.stderr)")
        let after = try Self.settings(root)
        let inserted = try #require(Self.insertion(from: original, to: after), "more than one insertion:\n\(after)")
        #expect(inserted.contains("\"matcher\":\"^(reviewer|api-designer)$\"") && inserted.contains("agent-report hook"), "\(inserted)")
        let value = try JSONParser.parse(after)
        #expect(value["hooks"]?["SubagentStop"]?.arrayValue?.count == 2)
        #expect(value["model"]?.stringValue == "sonnet")
        #expect(after.contains("\n            {\"matcher\":\"^(reviewer|api-designer)$\"") || after.contains("\n        {\"matcher\""), "indented like its siblings:\n\(after)")
    }

    @Test func settingsWithoutHooksGetAHooksKey() throws {
        for (name, original) in [("flat", "{\"model\": \"opus\"}\n"), ("nested", "{\n  \"model\": \"opus\"\n}\n"), ("empty-object", "{}\n"),
                                 ("hooks-without-stop", "{\"hooks\": {\"Stop\": []}}")] {
            let root = try Self.project(name, settings: original)
            let output = try Self.initialise(root)
            #expect(output.status == 0, "\(name): \(output.stderr)")
            let after = try Self.settings(root)
            #expect(Self.insertion(from: original, to: after) != nil, "\(name): \(after)")
            let value = try JSONParser.parse(after)
            #expect(value["hooks"]?["SubagentStop"]?.arrayValue?.first?["matcher"]?.stringValue == "*", "\(name): \(after)")
        }
    }

    @Test func twiceChangesNothing() throws {
        let root = try Self.project("twice")
        _ = try Self.initialise(root, ["--publish", "reports"])
        let first = try Self.settings(root)
        let again = try Self.initialise(root, ["--publish", "reports"])
        #expect(again.status == 0)
        #expect(again.stdout.contains("nothing changed"))
        #expect(try Self.settings(root) == first)
        #expect(first.contains("agent-report hook --publish reports"))
    }

    @Test func invalidJSONIsRefusedAndLeftAlone() throws {
        let original = "{\n  \"model\": \"opus\",\n  \"hooks\": {\n}\n"
        let root = try Self.project("invalid", settings: original)
        let output = try Self.initialise(root)
        #expect(output.status == 2)
        #expect(output.stderr.contains("not valid JSON at 5:1"), "\(output.stderr)")
        #expect(try Self.settings(root) == original)
    }
}
