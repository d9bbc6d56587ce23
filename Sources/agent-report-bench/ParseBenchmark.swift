import AgentReport
import Foundation

/// Parse + bind throughput on the generated corpus, and cost growth on hostile shapes.
enum ParseBenchmark {
    static func run() throws {
        if ProcessInfo.processInfo.environment["BENCH_SHAPE"] == nil { try throughput() }
        // BENCH_NO_GROWTH=1: the throughput table alone (for profiling it).
        guard ProcessInfo.processInfo.environment["BENCH_NO_GROWTH"] == nil else { return }
        try growth(allocator: "default malloc")
        // glibc returns large blocks to the kernel on free and maps fresh, zeroed pages for the
        // next run, so repeated runs of a 10 MB input pay page faults a 1 MB input does not.
        // Keeping freed memory in the heap shows the parser's own growth.
        if Bench.keepFreedMemory() {
            try growth(allocator: "malloc keeping freed memory (mallopt M_MMAP_THRESHOLD, M_TRIM_THRESHOLD)")
        }
    }

    static func throughput() throws {
        let schema = try SchemaCatalog.load("backend-engineer")
        let builder = ReportBuilder(schema: schema)
        let directory = try Bench.corpus(count: 500, seed: 1)
        let files = try Bench.files(in: directory)
        let totalBytes = files.reduce(0) { $0 + $1.bytes.count }

        func parseAll() {
            for file in files {
                let (source, diagnostics) = SourceDecoder().decode(file.bytes, name: file.name)
                _ = builder.report(for: source, diagnostics: diagnostics)
            }
        }
        func parseOnly() {
            for file in files { _ = ResponseParser().parse(file.bytes, name: file.name) }
        }
        parseAll()  // warm up
        // BENCH_ITERATIONS=N runs exactly N rounds of each, for counting instructions.
        let fixed = ProcessInfo.processInfo.environment["BENCH_ITERATIONS"].flatMap { Int($0) }
        func rounds(_ seconds: Double, _ body: () -> Void) -> (Int, Double) {
            fixed.map { n in (n, Bench.time { for _ in 0..<n { body() } }) } ?? Bench.repeatFor(seconds: seconds, body)
        }
        let (bindIterations, bindSeconds) = rounds(3, parseAll)
        let (parseIterations, parseSeconds) = rounds(2, parseOnly)
        let megabytes = Double(totalBytes) / 1_048_576
        Bench.table(
            "Parse + bind, one thread, \(files.count) answers, \(Bench.format(megabytes, 2)) MiB (budget >= 50 MB/s)",
            ["stage", "MiB/s", "answers/s", "per answer"],
            [
                ["parse", Bench.format(megabytes * Double(parseIterations) / parseSeconds),
                 Bench.format(Double(files.count * parseIterations) / parseSeconds, 0),
                 Bench.format(parseSeconds / Double(files.count * parseIterations) * 1e6, 1) + " µs"],
                ["parse + bind", Bench.format(megabytes * Double(bindIterations) / bindSeconds),
                 Bench.format(Double(files.count * bindIterations) / bindSeconds, 0),
                 Bench.format(bindSeconds / Double(files.count * bindIterations) * 1e6, 1) + " µs"],
            ])
    }

    static func growth(allocator: String) throws {
        try growth(of: HostileShape.all, builder: ReportBuilder(schema: try SchemaCatalog.load("backend-engineer")),
                   title: "Growth on hostile shapes, \(allocator): decode + parse + bind, 10x the input (budget <= 12x the time)")
    }

    /// The growth table of `shapes` at 1 MB and 10 MB, bound with `builder`.
    static func growth(of shapes: [HostileShape], builder: ReportBuilder, title: String) throws {
        var rows: [[String]] = []
        let only = ProcessInfo.processInfo.environment["BENCH_SHAPE"]
        for shape in shapes where only == nil || shape.name == only {
            let small = shape.make(1_000_000)
            let large = shape.make(10_000_000)
            let smallTime = Bench.best(of: 3) { _ = builder.report(for: SourceDecoder().decode(small, name: shape.name).0) }
            let largeTime = Bench.best(of: 3) { _ = builder.report(for: SourceDecoder().decode(large, name: shape.name).0) }
            let ratio = largeTime / max(smallTime, 1e-9)
            rows.append([
                shape.name, "\(small.count / 1000) KB", Bench.format(smallTime * 1000, 2) + " ms",
                "\(large.count / 1000) KB", Bench.format(largeTime * 1000, 2) + " ms", Bench.format(ratio, 2) + "x",
                ratio <= 12 ? "ok" : "OVER",
            ])
        }
        Bench.table(title, ["shape", "input", "time", "10x input", "time", "ratio", ""], rows)
    }
}

/// Inputs shaped to hurt a parser, at a given size in bytes.
struct HostileShape: Sendable {
    var name: String
    var make: @Sendable (Int) -> [UInt8]

    /// `head`, then `unit(k)` for k = `first`, `first + 1`, … until the size is reached.
    static func growing(_ name: String, head: String, from first: Int = 0, unit: @escaping @Sendable (Int) -> String) -> HostileShape {
        HostileShape(name: name) { n in
            var text = head
            var k = first
            while text.utf8.count < n {
                text += unit(k)
                k += 1
            }
            return Array(text.utf8)
        }
    }

    static let all: [HostileShape] = [
        HostileShape(name: "nested bullets, one line") { n in Array((String(repeating: "- ", count: n / 2) + "x\n").utf8) },
        // Levels grow until the size is reached; indentation wraps every 200 levels.
        .growing("nested bullets, indented", head: "API ARCHITECTURE:\n- Framework Choice: root\n", from: 1) { level in
            String(repeating: "  ", count: level % 200 + 1) + "- level \(level)\n"
        },
        .growing("many fields", head: "API ARCHITECTURE:\n") { index in "- Note \(index): value \(index)\n" },
        HostileShape(name: "one long line") { n in Array(("API ARCHITECTURE:\n- Framework Choice: " + String(repeating: "x", count: n)).utf8) },
        HostileShape(name: "unclosed fences") { n in Array(String(repeating: "```lang\n", count: n / 8).utf8) },
        HostileShape(name: "unclosed fences in a field") { n in
            Array(("API ARCHITECTURE:\n- Framework Choice: v\n" + String(repeating: "  ```x\n", count: n / 7)).utf8)
        },
        HostileShape(name: "asterisks") { n in [UInt8](repeating: 0x2A, count: n) },
        HostileShape(name: "emphasis openers") { n in Array((String(repeating: "**a ", count: n / 4) + "\n").utf8) },
        HostileShape(name: "NUL bytes") { n in (0..<n).map { $0 % 3 == 0 ? 0 : 0x61 } },
        HostileShape(name: "invalid UTF-8") { n in (0..<n).map { UInt8(truncatingIfNeeded: $0 &* 2_654_435_761 >> 13) } },
        HostileShape(name: "mixed line endings") { n in
            let unit = Array("API ARCHITECTURE:\r- API Style: REST\r\n\n- Framework Choice: x\r".utf8)
            return (0..<(n / unit.count)).flatMap { _ in unit }
        },
        HostileShape(name: "label-only lines") { n in Array(String(repeating: "Api Architecture:\n", count: n / 18).utf8) },
        HostileShape(name: "table rows") { n in Array(String(repeating: "| Framework Choice | FastAPI |\n", count: n / 30).utf8) },
        // Tags Ink cannot read whole (once an endless loop in its paragraph reader).
        HostileShape(name: "<p runs in a field") { n in Array(("API ARCHITECTURE:\n- Framework Choice: " + String(repeating: "<p", count: n / 2)).utf8) },
        HostileShape(name: "<pre runs in a field") { n in Array(("API ARCHITECTURE:\n- Framework Choice: " + String(repeating: "<pre ", count: n / 5)).utf8) },
        HostileShape(name: "unclosed tags in a field") { n in
            Array(("API ARCHITECTURE:\n- Framework Choice: v\n" + String(repeating: "  x <p <P y <div <a <b </p\n", count: n / 28)).utf8)
        },
    ]
}
