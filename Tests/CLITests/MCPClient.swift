import Foundation
import JSONSchema
import TestSupport
import Testing

/// The official MCP Python client (PyPI `mcp`, pinned), in a virtual environment in the build
/// folder, made on first use when `.ci/run` has not made it already; and the driver script
/// that runs it against `agent-report mcp` (Fixtures/mcp/client.py).
enum MCPClient {
    static let pinned = "mcp==2.3.0"
    static let environment = CLI.packageRoot.appendingPathComponent(".build/mcp-venv")
    static let driver = CLI.fixtures.appendingPathComponent("mcp/client.py")

    struct Failure: Error, CustomStringConvertible {
        var description: String
    }

    /// The environment's python, with the client installed.
    static let python: Result<URL, Failure> = {
        let python = environment.appendingPathComponent("bin/python")
        let marker = environment.appendingPathComponent(".installed-\(pinned)")
        if FileManager.default.fileExists(atPath: marker.path) { return .success(python) }
        do {
            for (program, arguments) in [
                ("/usr/bin/env", ["python3", "-m", "venv", environment.path]),
                (python.path, ["-m", "pip", "install", "--quiet", "--disable-pip-version-check", pinned]),
            ] {
                let output = try ProcessRunner.run(URL(fileURLWithPath: program), arguments)
                guard output.status == 0 else {
                    return .failure(Failure(description: "\(program) \(arguments.joined(separator: " ")) failed: "
                        + String(decoding: output.stderr, as: UTF8.self)))
                }
            }
            FileManager.default.createFile(atPath: marker.path, contents: Data())
            return .success(python)
        } catch {
            return .failure(Failure(description: "cannot make the MCP client's environment: \(error)"))
        }
    }()

    /// Runs the driver in `mode` against the built binary, serving `project`; its JSON output.
    static func run(_ mode: String, project: URL, _ extra: [String] = []) throws -> JSONValue {
        let python = try MCPClient.python.get()
        let output = try ProcessRunner.run(python, [driver.path, mode, CLI.binary.path, project.path] + extra)
        let stdout = String(decoding: output.stdout, as: UTF8.self)
        guard output.status == 0 else {
            throw Failure(description: "client.py \(mode) exited \(output.status):\n\(String(decoding: output.stderr, as: UTF8.self))\n\(stdout)")
        }
        return try JSONParser.parse(stdout)
    }

    /// A project folder with one agent, `reviewer`, whose definition has a Return Format.
    static func project(_ name: String) throws -> URL {
        let project = FileManager.default.temporaryDirectory.appendingPathComponent("agent-report-mcp-\(name)-\(UUID().uuidString)")
        let agents = project.appendingPathComponent(".claude/agents")
        try FileManager.default.createDirectory(at: agents, withIntermediateDirectories: true)
        let definition = CLI.packageRoot.appendingPathComponent("Tests/AgentReportTests/Fixtures/definitions/pr-reviewer/agent.md")
        let text = try String(contentsOf: definition, encoding: .utf8).replacingOccurrences(of: "name: pr-reviewer", with: "name: reviewer")
        try text.write(to: agents.appendingPathComponent("reviewer.md"), atomically: true, encoding: .utf8)
        return project
    }
}
