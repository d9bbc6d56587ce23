import Foundation

/// 1 000 answers published by the release binary, whole process, into an empty folder and
/// then again (every answer unchanged). Budget: <= 10 s on this 2-core machine.
enum PublishBenchmark {
    static func run() throws {
        let binary = try Bench.releaseBinary()
        let corpus = try Bench.corpus(count: 1_000, seed: 8)
        let answers = try Bench.files(in: corpus)
        let megabytes = Double(answers.reduce(0) { $0 + $1.bytes.count }) / 1_048_576
        let out = FileManager.default.temporaryDirectory.appendingPathComponent("agent-report-bench-publish")
        try? FileManager.default.removeItem(at: out)
        let arguments = ["publish", corpus.path, "--out", out.path, "--created", "2026-11-20 10:00:00", "--format", "json"]
        let first = try Bench.time(process: binary, arguments)
        let again = try Bench.time(process: binary, arguments)
        let files = FileManager.default.enumerator(atPath: out.path)?.allObjects.count ?? 0
        Bench.table(
            "Publish \(answers.count) answers (\(Bench.format(megabytes, 2)) MiB), whole process, release binary (budget <= 10 s)",
            ["run", "seconds", "answers/s"],
            [["into an empty folder (\(files) files and folders written)", Bench.format(first, 2), Bench.format(Double(answers.count) / first, 0)],
             ["again: every answer already published", Bench.format(again, 2), Bench.format(Double(answers.count) / again, 0)]])
    }
}
