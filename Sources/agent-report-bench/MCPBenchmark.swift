import Foundation
import JSONSchema

/// `validate_answer` through the official MCP Python client (the tests' driver,
/// Tests/CLITests/Fixtures/mcp/client.py) against the release `agent-report mcp`: round trip
/// of a ~5 KB answer, beside a call the server answers at once (the protocol's own cost).
enum MCPBenchmark {
    static func run() throws {
        let binary = try Bench.releaseBinary()
        let python = Bench.packageRoot.appendingPathComponent(".build/mcp-venv/bin/python")
        guard FileManager.default.isExecutableFile(atPath: python.path) else {
            throw BenchError("no MCP Python client in .build/mcp-venv: run .ci/run or `swift test --filter MCPTests` once")
        }
        let scratch = FileManager.default.temporaryDirectory.appendingPathComponent("agent-report-bench-mcp")
        try? FileManager.default.removeItem(at: scratch)
        try FileManager.default.createDirectory(at: scratch, withIntermediateDirectories: true)
        let answer = scratch.appendingPathComponent("answer.md")
        try Data(try ValidateBenchmark.fiveKilobyteAnswer().text.utf8).write(to: answer)
        let driver = Bench.packageRoot.appendingPathComponent("Tests/CLITests/Fixtures/mcp/client.py")
        let calls = 500
        let process = Process()
        process.executableURL = python
        process.arguments = [driver.path, "latency", binary, scratch.path, "\(calls)", answer.path]
        let out = Pipe()
        process.standardOutput = out
        try process.run()
        let data = out.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else { throw BenchError("client.py latency exited \(process.terminationStatus)") }
        let result = try JSONParser.parse([UInt8](data))
        func row(_ name: String, _ key: String) -> [String] {
            [name, Bench.format(result[key]?["medianMs"]?.numberValue?.doubleValue ?? 0, 2) + " ms",
             Bench.format(result[key]?["p99Ms"]?.numberValue?.doubleValue ?? 0, 2) + " ms"]
        }
        let bytes = result["bytes"]?.numberValue?.intValue ?? 0
        let peak = (result["peakKB"]?.numberValue?.intValue ?? 0) / 1024
        Bench.table("agent-report mcp through the official Python client, \(calls) calls each, server peak \(peak) MiB",
                    ["call", "median", "p99"],
                    [row("validate_answer, \(bytes) byte answer", "validate"), row("reference: a call answered at once (unknown tool)", "reference")])
    }
}
