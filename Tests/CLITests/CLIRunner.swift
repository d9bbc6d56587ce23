import Foundation
import TestSupport
import Testing

/// Runs the built `agent-report` from the package root, as a user would.
enum CLI {
    static let packageRoot = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    static let fixtures = packageRoot.appendingPathComponent("Tests/CLITests/Fixtures")

    /// The `agent-report` binary beside the test bundle.
    static let binary: URL = {
        let candidates = [Bundle.main.bundleURL, Bundle.main.bundleURL.deletingLastPathComponent(),
                          URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()]
        for directory in candidates {
            let url = directory.appendingPathComponent("agent-report")
            if FileManager.default.isExecutableFile(atPath: url.path) { return url }
        }
        return packageRoot.appendingPathComponent(".build/debug/agent-report")
    }()

    struct Output {
        var status: Int32
        var stdout: String
        var stderr: String
    }

    static func run(_ arguments: [String], stdin: String? = nil, environment: [String: String] = [:]) throws -> Output {
        var env = ProcessInfo.processInfo.environment
        env["NO_COLOR"] = nil
        for (key, value) in environment { env[key] = value }
        let output = try ProcessRunner.run(binary, arguments, stdin: stdin.map { Data($0.utf8) }, currentDirectory: packageRoot, environment: env)
        return Output(status: output.status, stdout: String(decoding: output.stdout, as: UTF8.self),
                      stderr: String(decoding: output.stderr, as: UTF8.self))
    }

    /// Compares `actual` with the golden file at `relativePath` under Fixtures/golden; a missing
    /// golden file, or RECORD_SNAPSHOTS=1, records it and fails.
    static func assertGolden(_ actual: String, _ relativePath: String, sourceLocation: SourceLocation = #_sourceLocation) throws {
        let url = fixtures.appendingPathComponent("golden").appendingPathComponent(relativePath)
        let record = ProcessInfo.processInfo.environment["RECORD_SNAPSHOTS"] == "1"
        guard !record, let expected = try? String(contentsOf: url, encoding: .utf8) else {
            try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try actual.write(to: url, atomically: true, encoding: .utf8)
            Issue.record("recorded golden file \(relativePath); check it and run again", sourceLocation: sourceLocation)
            return
        }
        #expect(actual == expected, "output differs from golden \(relativePath)", sourceLocation: sourceLocation)
    }
}
