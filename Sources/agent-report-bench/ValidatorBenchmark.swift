import Foundation
import JSONSchema

/// Measures JSON Schema validation throughput on the seed-001 schema
/// (`schemas/backend-engineer.schema.json`) with the generated corpus's `data` values, and
/// prints a table. Run in a release build: `swift run -c release agent-report-bench`.
///
/// - Parameters:
///   - schemaPath: the schema; default `schemas/backend-engineer.schema.json` under the
///     package root (found from this file's path).
///   - corpusManifest: a `manifest.jsonl` whose lines carry `data`; default: generated with
///     `python3 ../shared/corpus/generate.py --count 500 --seed 1` into a temporary folder.
///   - seconds: how long each measurement runs.
func runValidatorBenchmark(schemaPath: String? = nil, corpusManifest: String? = nil, seconds: Double = 2) {
    let packageRoot = URL(fileURLWithPath: #filePath).resolvingSymlinksInPath().deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    let schemaURL = schemaPath.map { URL(fileURLWithPath: $0) }
        ?? packageRoot.appendingPathComponent("schemas/backend-engineer.schema.json")
    guard let manifest = corpusManifest ?? ValidatorBenchmark.generatedCorpus(packageRoot: packageRoot) else {
        Bench.say("validator benchmark: no corpus (pass a manifest.jsonl path, or make ../shared/corpus/generate.py available)")
        return
    }
    let schema: Schema
    do {
        schema = try SchemaCompiler().compile(contentsOf: schemaURL)
    } catch {
        Bench.say("validator benchmark: cannot compile \(schemaURL.path): \(error)")
        return
    }
    guard let text = try? String(contentsOfFile: manifest, encoding: .utf8) else {
        Bench.say("validator benchmark: cannot read \(manifest)")
        return
    }
    var instances: [JSONValue] = []
    var instanceTexts: [String] = []
    for line in text.split(separator: "\n") where !line.isEmpty {
        guard let record = try? JSONParser.parse(String(line)), let data = record["data"] else { continue }
        instances.append(data)
        instanceTexts.append(data.serialized())
    }
    guard !instances.isEmpty else {
        Bench.say("validator benchmark: no `data` values in \(manifest)")
        return
    }
    let validCount = instances.filter(schema.isValid).count
    let bytes = instanceTexts.reduce(0) { $0 + $1.utf8.count }

    var rows: [(String, Double)] = []
    rows.append(("isValid, 1 thread", ValidatorBenchmark.rate(seconds: seconds, count: instances.count) { index in
        schema.isValid(instances[index])
    }))
    rows.append(("validate (errors array), 1 thread", ValidatorBenchmark.rate(seconds: seconds, count: instances.count) { index in
        schema.validate(instances[index]).isEmpty
    }))
    rows.append(("parse text + isValid, 1 thread", ValidatorBenchmark.rate(seconds: seconds, count: instances.count) { index in
        (try? JSONParser.parse(instanceTexts[index])).map(schema.isValid) ?? false
    }))
    let threads = max(1, ProcessInfo.processInfo.activeProcessorCount)
    let shared = instances
    rows.append(("isValid, \(threads) threads", ValidatorBenchmark.parallelRate(seconds: seconds, threads: threads, count: shared.count) { index in
        schema.isValid(shared[index])
    }))

    Bench.say("")
    Bench.say("JSON Schema validator — \(schemaURL.lastPathComponent), \(instances.count) corpus instances (\(validCount) valid, \(bytes / instances.count) bytes each on average)")
    Bench.say("")
    Bench.say("| measurement                          |  instances/s |  µs/instance |")
    Bench.say("|--------------------------------------|-------------:|-------------:|")
    for (name, rate) in rows {
        let padded = name.padding(toLength: 36, withPad: " ", startingAt: 0)
        let perSecond = String(format: "%12.0f", rate)
        let micros = String(format: "%12.3f", 1_000_000 / rate)
        Bench.say("| \(padded) | \(perSecond) | \(micros) |")
    }
    Bench.say("")
    Bench.say("Budget: ≥ 400000 instances/s on one core (jsonschema-rs: about 377000/s).")
}

/// Timing helpers for ``runValidatorBenchmark(schemaPath:corpusManifest:seconds:)``.
enum ValidatorBenchmark {
    /// Instances per second of `body` over `count` instances, for about `seconds`.
    static func rate(seconds: Double, count: Int, _ body: (Int) -> Bool) -> Double {
        var sink = 0
        for index in 0..<count where body(index) { sink += 1 }  // warm-up
        var done = 0
        let start = DispatchTime.now().uptimeNanoseconds
        var elapsed: Double = 0
        repeat {
            for index in 0..<count where body(index) { sink += 1 }
            done += count
            elapsed = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
        } while elapsed < seconds
        if sink == -1 { Bench.say("\(sink)") }
        return Double(done) / elapsed
    }

    /// Like ``rate(seconds:count:_:)`` with `threads` threads validating concurrently.
    static func parallelRate(seconds: Double, threads: Int, count: Int, _ body: @escaping @Sendable (Int) -> Bool) -> Double {
        let group = DispatchGroup()
        let results = ResultBox(count: threads)
        let start = DispatchTime.now().uptimeNanoseconds
        for thread in 0..<threads {
            DispatchQueue.global().async(group: group) {
                var done = 0
                var sink = 0
                repeat {
                    for index in 0..<count where body(index) { sink += 1 }
                    done += count
                } while Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9 < seconds
                results.set(thread, done + (sink == -1 ? 1 : 0))
            }
        }
        group.wait()
        let elapsed = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
        return Double(results.total) / elapsed
    }

    /// Per-thread counters, each written by one thread before the group completes.
    final class ResultBox: @unchecked Sendable {
        private var values: [Int]
        private let lock = NSLock()
        init(count: Int) { values = Array(repeating: 0, count: count) }
        func set(_ index: Int, _ value: Int) { lock.lock(); values[index] = value; lock.unlock() }
        var total: Int { lock.lock(); defer { lock.unlock() }; return values.reduce(0, +) }
    }

    /// The manifest of a 500-instance, seed-1 corpus, generating it when needed.
    static func generatedCorpus(packageRoot: URL) -> String? {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("agent-report-corpus-500-1")
        let manifest = directory.appendingPathComponent("manifest.jsonl")
        if FileManager.default.fileExists(atPath: manifest.path) { return manifest.path }
        let generator = packageRoot.deletingLastPathComponent().appendingPathComponent("shared/corpus/generate.py")
        guard FileManager.default.fileExists(atPath: generator.path) else { return nil }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", generator.path, "--count", "500", "--seed", "1", "--out", directory.path]
        do {
            try process.run()
            process.waitUntilExit()
        } catch {
            return nil
        }
        return FileManager.default.fileExists(atPath: manifest.path) ? manifest.path : nil
    }
}
