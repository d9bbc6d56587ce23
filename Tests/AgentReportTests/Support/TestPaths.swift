import Foundation
import TestSupport

/// Paths the tests read: the package root, `../shared` beside it, and scratch directories.
enum TestPaths {
    /// The package root, found from this file's location.
    static let packageRoot: URL = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent()  // Support
        .deletingLastPathComponent()  // AgentReportTests
        .deletingLastPathComponent()  // Tests
        .deletingLastPathComponent()

    /// `../shared`, which CI places beside the clone.
    static let shared = packageRoot.deletingLastPathComponent().appendingPathComponent("shared")

    static let generator = shared.appendingPathComponent("corpus/generate.py")
    static let heldOutGenerator = packageRoot.appendingPathComponent("Tests/AgentReportTests/Support/heldout.py")
    static let shapeGenerator = packageRoot.appendingPathComponent("Tests/AgentReportTests/Support/shapes.py")
    static let samples = packageRoot.appendingPathComponent("samples")

    /// A new empty directory under the system's temporary directory.
    static func scratch(_ name: String) throws -> URL {
        let url = FileManager.default.temporaryDirectory
            .appendingPathComponent("agent-report-tests-\(ProcessInfo.processInfo.processIdentifier)")
            .appendingPathComponent(name)
        try? FileManager.default.removeItem(at: url)
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }
}

/// Runs a program found on the PATH.
@discardableResult
func run(_ executable: String, _ arguments: [String], stdin: Data? = nil) throws -> (status: Int32, stdout: Data, stderr: Data) {
    let output = try ProcessRunner.run(URL(fileURLWithPath: "/usr/bin/env"), [executable] + arguments, stdin: stdin)
    return (output.status, output.stdout, output.stderr)
}
