import AgentReport
import Foundation
import JSONSchema

/// `validate` as users run it: one 5 KB answer, whole process (budget: median <= 8 ms), and
/// batch validation of the corpus in one process.
enum ValidateBenchmark {
    static func run() throws {
        if ProcessInfo.processInfo.environment["BENCH_BATCH_ONLY"] == nil { try wholeProcess() }
        try batch()
    }

    /// Spawns the release binary on one ~5 KB answer, with two references in the same run: an
    /// empty process (`/bin/true`) and Python's jsonschema validating the answer's data alone.
    static func wholeProcess() throws {
        let binary = URL(fileURLWithPath: try Bench.releaseBinary())
        // A binary linked against libswiftCore.so loads the Swift runtime and Foundation at every start.
        let linkage = ((try? Data(contentsOf: binary))?.range(of: Data("libswiftCore.so".utf8)) == nil)
            ? "Swift runtime linked statically" : "Swift runtime linked dynamically: build with --static-swift-stdlib"
        Bench.say("\nbinary: \(binary.path) (\(linkage))")
        let scratch = FileManager.default.temporaryDirectory.appendingPathComponent("agent-report-bench-validate")
        try? FileManager.default.removeItem(at: scratch)
        try FileManager.default.createDirectory(at: scratch, withIntermediateDirectories: true)
        let answer = try fiveKilobyteAnswer()
        let answerURL = scratch.appendingPathComponent("answer.md")
        try Data(answer.text.utf8).write(to: answerURL)
        let dataURL = scratch.appendingPathComponent("data.json")
        try Data(answer.data.serialized().utf8).write(to: dataURL)
        let schemaPath = Bench.packageRoot.appendingPathComponent("schemas/backend-engineer.schema.json").path
        let python = """
            import json, sys, jsonschema
            jsonschema.validate(json.load(open(sys.argv[2])), json.load(open(sys.argv[1])))
            """
        let runs = 60
        var rows: [[String]] = []
        let commands: [(String, String, [String])] = [
            ("agent-report validate (5 KB answer)", binary.path, ["validate", answerURL.path, "--schema", "backend-engineer"]),
            ("reference: empty process (true)", "true", []),
            ("reference: python jsonschema, data only", "python3", ["-c", python, schemaPath, dataURL.path]),
        ]
        for (name, executable, arguments) in commands {
            var times: [Double] = []
            for _ in 0..<runs {
                times.append(try Bench.time(process: executable, arguments))
            }
            times.sort()
            rows.append([name, Bench.format(times[runs / 2] * 1000, 2) + " ms", Bench.format(times[runs * 9 / 10] * 1000, 2) + " ms",
                         Bench.format(times[0] * 1000, 2) + " ms"])
        }
        Bench.table(
            "Whole process, \(answer.text.utf8.count) byte answer, \(runs) runs (budget: median <= 8 ms)",
            ["command", "median", "p90", "min"], rows)
    }

    /// Parse + bind + validate of the corpus, one thread, in one process.
    static func batch() throws {
        let builder = ReportBuilder(schema: try SchemaCatalog.load("backend-engineer"))
        let files = try Bench.files(in: try Bench.corpus(count: 500, seed: 1))
        let megabytes = Double(files.reduce(0) { $0 + $1.bytes.count }) / 1_048_576
        var invalid = 0
        let (iterations, seconds) = Bench.repeatFor(seconds: 3) {
            invalid = 0
            for file in files {
                let (source, diagnostics) = SourceDecoder().decode(file.bytes, name: file.name)
                if !builder.report(for: source, diagnostics: diagnostics).isValid { invalid += 1 }
            }
        }
        Bench.table(
            "Batch validation, one thread, \(files.count) answers (\(invalid) invalid), \(Bench.format(megabytes, 2)) MiB",
            ["stage", "MiB/s", "answers/s"],
            [["parse + bind + validate", Bench.format(megabytes * Double(iterations) / seconds),
              Bench.format(Double(files.count * iterations) / seconds, 0)]])
    }

    /// The corpus answer closest to 5 KB, with its manifest data.
    static func fiveKilobyteAnswer() throws -> (text: String, data: JSONValue) {
        let directory = try Bench.corpus(count: 200, seed: 4, extra: ["--defect-rate", "0"])
        let manifest = try String(contentsOf: directory.appendingPathComponent("manifest.jsonl"), encoding: .utf8)
        var best: (text: String, data: JSONValue)? = nil
        for line in manifest.split(separator: "\n") {
            let entry = try JSONParser.parse(String(line))
            guard let file = entry["file"]?.stringValue, file.hasSuffix(".md") else { continue }
            let text = try String(contentsOf: directory.appendingPathComponent(file), encoding: .utf8)
            if best == nil || abs(text.utf8.count - 5_000) < abs((best?.text.utf8.count ?? 0) - 5_000) {
                best = (text, entry["data"] ?? .null)
            }
        }
        guard let best else { throw BenchError("empty corpus") }
        return best
    }
}
