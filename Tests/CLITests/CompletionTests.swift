import Foundation
import TestSupport
import Testing

/// `completion`: scripts a shell accepts, offering what `--help` lists.
@Suite struct CompletionTests {
    static let commands = ["validate", "render", "publish", "parse", "hook", "mcp", "init", "agent", "schema", "completion"]

    @Test func bashAcceptsItsScriptAndCompletesCommandsOptionsAndChoices() throws {
        let output = try CLI.run(["completion", "bash"])
        #expect(output.status == 0)
        let script = FileManager.default.temporaryDirectory.appendingPathComponent("agent-report-completion-\(getpid()).bash")
        try Data(output.stdout.utf8).write(to: script)
        defer { try? FileManager.default.removeItem(at: script) }
        let syntax = try ProcessRunner.run(URL(fileURLWithPath: "/bin/bash"), ["-n", script.path])
        #expect(syntax.status == 0, "\(String(decoding: syntax.stderr, as: UTF8.self))")
        func complete(_ words: [String]) throws -> [String] {
            let line = "source \(script.path); COMP_WORDS=(\(words.map { "'\($0)'" }.joined(separator: " "))); COMP_CWORD=\(words.count - 1); _agent_report; echo \"${COMPREPLY[@]}\""
            let run = try ProcessRunner.run(URL(fileURLWithPath: "/bin/bash"), ["-c", line])
            return String(decoding: run.stdout, as: UTF8.self).split(whereSeparator: \.isWhitespace).map(String.init)
        }
        #expect(try complete(["agent-report", "val"]) == ["validate"])
        #expect(try complete(["agent-report", "validate", "--max-d"]) == ["--max-diagnostics"])
        #expect(try complete(["agent-report", "render", "--to", ""]) == ["markdown", "json", "html"])
    }

    @Test func zshAndFishScriptsNameEveryCommand() throws {
        for shell in ["zsh", "fish"] {
            let output = try CLI.run(["completion", shell])
            #expect(output.status == 0)
            for command in Self.commands {
                #expect(output.stdout.contains(command), "\(shell) lacks \(command)")
            }
        }
        #expect(try CLI.run(["completion", "powershell"]).status == 2)
    }
}
