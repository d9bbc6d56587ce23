import Foundation

/// Shared pieces of the benchmarks: timing, tables, and the corpus.
enum Bench {
    /// The package root: the current directory when it holds Package.swift, else found from this file.
    static let packageRoot: URL = {
        let cwd = URL(fileURLWithPath: FileManager.default.currentDirectoryPath)
        if FileManager.default.fileExists(atPath: cwd.appendingPathComponent("Package.swift").path) { return cwd }
        return URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    }()

    /// The release `agent-report` the whole-process benchmarks spawn (`AGENT_REPORT_BINARY`
    /// overrides), or an error saying how to build it.
    static func releaseBinary() throws -> String {
        let binary = ProcessInfo.processInfo.environment["AGENT_REPORT_BINARY"]
            ?? packageRoot.appendingPathComponent(".build/release/agent-report").path
        guard FileManager.default.isExecutableFile(atPath: binary) else {
            throw BenchError("build the command first: swift build -c release --static-swift-stdlib --product agent-report")
        }
        return binary
    }

    static let generator = packageRoot.deletingLastPathComponent().appendingPathComponent("shared/corpus/generate.py")

    /// Seconds taken by `body`.
    static func time(_ body: () -> Void) -> Double {
        let start = DispatchTime.now().uptimeNanoseconds
        body()
        return Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
    }

    /// Seconds a process takes from spawn to exit (posix_spawnp and waitpid: Foundation's
    /// `Process.waitUntilExit` polls, adding tens of milliseconds); its output is discarded.
    static func time(process executable: String, _ arguments: [String], stdin: String = "/dev/null") throws -> Double {
        var argv: [UnsafeMutablePointer<CChar>?] = ([executable] + arguments).map { strdup($0) }
        argv.append(nil)
        defer { argv.forEach { free($0) } }
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, stdin, O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 2, "/dev/null", O_WRONLY, 0)
        var pid: pid_t = 0
        let start = DispatchTime.now().uptimeNanoseconds
        let spawned = posix_spawnp(&pid, executable, &actions, nil, argv, environ)
        guard spawned == 0 else { throw BenchError("cannot run \(executable): error \(spawned)") }
        var status: Int32 = 0
        waitpid(pid, &status, 0)
        return Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
    }

    /// The fastest of `runs` timings.
    static func best(of runs: Int, _ body: () -> Void) -> Double {
        (0..<runs).map { _ in time(body) }.min() ?? 0
    }

    /// Repeats `body` until at least `seconds` have passed; returns (iterations, seconds).
    static func repeatFor(seconds: Double, _ body: () -> Void) -> (Int, Double) {
        var iterations = 0
        var elapsed = 0.0
        while elapsed < seconds {
            elapsed += time(body)
            iterations += 1
        }
        return (iterations, elapsed)
    }

    /// Seconds per run of `body`, repeated for about `seconds`.
    static func perRun(seconds: Double, _ body: () -> Void) -> Double {
        let (runs, elapsed) = repeatFor(seconds: seconds, body)
        return elapsed / Double(runs)
    }

    /// The test suite's writer of held-out answer forms (it drives the shared generator).
    static let heldOutGenerator = packageRoot.appendingPathComponent("Tests/AgentReportTests/Support/heldout.py")

    /// Writes a corpus with the shared generator — or, `heldOut`, with the held-out writer —
    /// and returns its directory.
    static func corpus(count: Int, seed: Int, extra: [String] = [], heldOut: Bool = false) throws -> URL {
        let out = FileManager.default.temporaryDirectory.appendingPathComponent("agent-report-bench-\(heldOut ? "heldout-" : "")\(count)-\(seed)")
        try? FileManager.default.removeItem(at: out)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        let writer = heldOut ? [heldOutGenerator.path, "--generator", generator.path] : [generator.path]
        process.arguments = ["python3"] + writer + ["--count", "\(count)", "--seed", "\(seed)", "--out", out.path] + extra
        try process.run()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else { throw BenchError("the corpus generator failed (is ../shared beside the package?)") }
        return out
    }

    /// The corpus's answer files, read into memory, in name order.
    static func files(in directory: URL) throws -> [(name: String, bytes: [UInt8])] {
        try FileManager.default.contentsOfDirectory(atPath: directory.path)
            .filter { $0.hasSuffix(".md") || $0.hasSuffix(".json") && $0 != "manifest.jsonl" }
            .sorted()
            .map { ($0, try [UInt8](Data(contentsOf: directory.appendingPathComponent($0)))) }
    }

    /// Writes a line of the report to standard output: the one place the benchmarks print.
    static func say(_ line: String = "") {
        FileHandle.standardOutput.write(Data((line + "\n").utf8))
    }

    /// Prints a table with a header row and aligned columns.
    static func table(_ title: String, _ header: [String], _ rows: [[String]]) {
        let widths = header.indices.map { column in
            ([header[column]] + rows.map { $0[column] }).map(\.count).max() ?? 0
        }
        func line(_ cells: [String]) -> String {
            "| " + cells.enumerated().map { $1.padding(toLength: widths[$0], withPad: " ", startingAt: 0) }.joined(separator: " | ") + " |"
        }
        Bench.say("\n\(title)\n")
        Bench.say(line(header))
        Bench.say("|" + widths.map { String(repeating: "-", count: $0 + 2) }.joined(separator: "|") + "|")
        rows.forEach { Bench.say(line($0)) }
    }

    /// Asks glibc to keep freed memory in the heap (`mallopt`), looked up at run time since
    /// the Glibc module does not export it; false where there is no glibc.
    static func keepFreedMemory() -> Bool {
        typealias MallOpt = @convention(c) (Int32, Int32) -> Int32
        guard let symbol = dlsym(UnsafeMutableRawPointer(bitPattern: 0), "mallopt") else { return false }
        let mallopt = unsafeBitCast(symbol, to: MallOpt.self)
        let M_TRIM_THRESHOLD: Int32 = -1
        let M_MMAP_THRESHOLD: Int32 = -3
        return mallopt(M_MMAP_THRESHOLD, Int32.max) == 1 && mallopt(M_TRIM_THRESHOLD, Int32.max) == 1
    }

    static func format(_ value: Double, _ digits: Int = 1) -> String { String(format: "%.\(digits)f", value) }
}

struct BenchError: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}
