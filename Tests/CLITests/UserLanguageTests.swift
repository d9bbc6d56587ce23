import Foundation
import Testing

/// What a user reads speaks of what things are, not of the project's history: no "seed" in
/// any command's help, in the diagnostic catalog (SARIF rules, `--help` tables), in the
/// bundled schemas' texts, or in the README.
@Suite struct UserLanguageTests {
    static let commands = [[], ["validate"], ["render"], ["publish"], ["parse"], ["agent"], ["agent", "lint"], ["schema"],
                           ["schema", "list"], ["schema", "show"], ["schema", "check"], ["schema", "derive"], ["schema", "prompt"], ["completion"]]

    static func mentionsSeed(_ text: String) -> [String] {
        text.split(separator: "\n").filter { line in
            line.lowercased().split { !$0.isLetter }.contains("seed") || line.lowercased().contains("seed 00")
        }.map(String.init)
    }

    @Test func helpSaysNothingOfSeeds() throws {
        for command in Self.commands {
            let output = try CLI.run(command + ["--help"])
            #expect(output.status == 0, "\(command): \(output.stderr)")
            #expect(Self.mentionsSeed(output.stdout + output.stderr).isEmpty, "\(command): \(Self.mentionsSeed(output.stdout))")
        }
    }

    @Test func diagnosticsAndSchemasSayNothingOfSeeds() throws {
        // SARIF carries every rule of the catalog, summary and help.
        let sarif = try CLI.run(["validate", "samples/defects.md", "--format", "sarif"])
        #expect(Self.mentionsSeed(sarif.stdout).isEmpty, "\(Self.mentionsSeed(sarif.stdout).prefix(3))")
        for name in ["agent-report-config", "backend-engineer", "backend-design-document", "report-output"] {
            let shown = try CLI.run(["schema", "show", name])
            #expect(Self.mentionsSeed(shown.stdout).isEmpty, "\(name): \(Self.mentionsSeed(shown.stdout))")
        }
        let readme = try String(contentsOf: CLI.packageRoot.appendingPathComponent("README.md"), encoding: .utf8)
        #expect(Self.mentionsSeed(readme).isEmpty, "README: \(Self.mentionsSeed(readme).prefix(5))")
    }

    /// A page or JSON report names its input by a path that can be shared: an absolute path
    /// outside the current folder by its file name; the terminal's diagnostics keep the path.
    @Test func reportsCarryNoLocalPaths() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("agent-report-paths-\(getpid())")
        try? FileManager.default.removeItem(at: folder)
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let answer = folder.appendingPathComponent("private-answer.md")
        try FileManager.default.copyItem(at: CLI.packageRoot.appendingPathComponent("samples/defects.md"), to: answer)
        let html = try CLI.run(["render", answer.path, "--to", "html"])
        let json = try CLI.run(["render", answer.path, "--to", "json"])
        for output in [html.stdout, json.stdout] {
            #expect(!output.contains(folder.path), "an absolute path reached the report")
            #expect(output.contains("private-answer.md"))
        }
        let inside = try CLI.run(["render", CLI.packageRoot.appendingPathComponent("samples/defects.md").path, "--to", "json"])
        #expect(inside.stdout.contains("\"source\": \"samples/defects.md\""), "\(inside.stdout.prefix(200))")
        let validate = try CLI.run(["validate", answer.path])
        #expect(validate.stdout.contains(answer.path), "the terminal keeps the path as given")
    }
}
