@_spi(Benchmarks) import AgentReport
import Foundation

/// Parse + bind + validate on nested formats (budget: >= 30 MB/s on one core): the fixture
/// definitions' compliant answers, each with the schema derived from its definition, and
/// cost growth on hostile nested shapes (deep headings, many repeated blocks, a long table).
enum NestedBenchmark {
    static func run() throws {
        if ProcessInfo.processInfo.environment["BENCH_SHAPE"] == nil { try throughput() }
        guard ProcessInfo.processInfo.environment["BENCH_NO_GROWTH"] == nil else { return }
        try growth(allocator: "default malloc")
        // As for parsing: with glibc keeping freed memory, the binder's own growth.
        if Bench.keepFreedMemory() { try growth(allocator: "malloc keeping freed memory (mallopt M_MMAP_THRESHOLD, M_TRIM_THRESHOLD)") }
    }

    /// Each fixture's derived schema and its compliant answer.
    static func fixtures() throws -> [(builder: ReportBuilder, answer: [UInt8], name: String, binder: ReportBinder?)] {
        let root = Bench.packageRoot.appendingPathComponent("Tests/AgentReportTests/Fixtures/definitions")
        var result: [(ReportBuilder, [UInt8], String, ReportBinder?)] = []
        for name in try FileManager.default.contentsOfDirectory(atPath: root.path).sorted() where name != "README.md" {
            if let only = ProcessInfo.processInfo.environment["BENCH_FIXTURE"], only != name { continue }
            let folder = root.appendingPathComponent(name)
            let (definition, _) = SourceDecoder().decode([UInt8](try Data(contentsOf: folder.appendingPathComponent("agent.md"))), name: name)
            guard case .success(let derivation) = SchemaDeriver().derive(AgentDefinition(source: definition)) else { continue }
            let schemaFile = FileManager.default.temporaryDirectory.appendingPathComponent("bench-\(name).schema.json")
            try Data(derivation.schema.serialized().utf8).write(to: schemaFile)
            let schema = try SchemaCatalog.load(schemaFile.path)
            result.append((ReportBuilder(schema: schema), [UInt8](try Data(contentsOf: folder.appendingPathComponent("answer.md"))), name,
                           schema.format.map { ReportBinder(format: $0, schemaName: schema.name) }))
        }
        return result
    }

    static func throughput() throws {
        let cases = try fixtures()
        let bytes = cases.reduce(0) { $0 + $1.answer.count }
        func all() {
            for item in cases { _ = item.builder.report(for: SourceDecoder().decode(item.answer, name: item.name).0) }
        }
        all()
        // BENCH_ITERATIONS=N runs exactly N rounds, for counting instructions under `perf stat`.
        let fixed = ProcessInfo.processInfo.environment["BENCH_ITERATIONS"].flatMap { Int($0) }
        let (iterations, seconds) = fixed.map { n in (n, Bench.time { for _ in 0..<n { all() } }) } ?? Bench.repeatFor(seconds: 3, all)
        let megabytes = Double(bytes) / 1_048_576
        func row(_ stage: String, _ iterations: Int, _ seconds: Double) -> [String] {
            [stage, Bench.format(megabytes * Double(iterations) / seconds), Bench.format(Double(bytes) / 1e6 * Double(iterations) / seconds),
             Bench.format(seconds / Double(cases.count * iterations) * 1e6, 1) + " µs"]
        }
        var stages = [row("parse + bind + validate", iterations, seconds)]
        if fixed == nil {
            // Where the time goes: the stages before validation on their own.
            let parse = Bench.repeatFor(seconds: 1) { for item in cases { _ = ResponseParser().parse(item.answer, name: item.name) } }
            let bind = Bench.repeatFor(seconds: 1) {
                for item in cases { _ = item.binder.map { $0.bind(ResponseParser().parse(item.answer, name: item.name)) } }
            }
            stages += [row("parse", parse.0, parse.1), row("parse + bind", bind.0, bind.1)]
        }
        Bench.table(
            "Nested formats: parse + bind + validate, one thread, \(cases.count) fixture answers with their derived schemas, "
                + "\(Bench.format(Double(bytes) / 1024, 1)) KiB (budget >= 30 MB/s)",
            ["stage", "MiB/s", "MB/s", "per answer"], stages)
        guard ProcessInfo.processInfo.environment["BENCH_DETAIL"] != nil else { return }
        // Per fixture, slowest first: where the time goes.
        let rows = cases.map { item -> (String, Double, Int, Double) in
            let seconds = Bench.perRun(seconds: 0.2) { _ = item.builder.report(for: SourceDecoder().decode(item.answer, name: item.name).0) }
            // The cost of an answer with nothing in it, under the same schema.
            let empty = Bench.perRun(seconds: 0.1) { _ = item.builder.report(for: SourceDecoder().decode([], name: item.name).0) }
            return (item.name, Double(item.answer.count) / 1e6 / seconds, item.answer.count, empty * 1e6)
        }.sorted { $0.1 < $1.1 }
        Bench.table("Per fixture answer", ["fixture", "bytes", "MB/s", "empty answer"],
                    rows.map { [$0.0, String($0.2), Bench.format($0.1), Bench.format($0.3, 1) + " µs"] })
    }

    /// A nested schema: sections of findings (a repeated block with a title pattern), a table
    /// of rows and a subsection.
    static let schema = """
        {"type": "object", "properties": {
          "findings": {"title": "Findings", "type": "array", "items": {"type": "object", "x-title-pattern": "Finding {n}: {title}",
            "properties": {"n": {"type": "string"}, "title": {"type": "string"},
              "severity": {"title": "Severity", "enum": ["High", "Low"]}, "fix": {"title": "Fix", "type": "string"}},
            "required": ["severity"]}},
          "rows": {"title": "Rows", "type": "array", "items": {"type": "object",
            "properties": {"name": {"title": "Name", "type": "string"}, "count": {"title": "Count", "type": "integer"}}}},
          "summary": {"title": "Summary", "type": "object", "properties": {
            "detail": {"title": "Detail", "type": "object", "properties": {"note": {"title": "Note", "type": "string"}}}}}
        }}
        """

    static let shapes: [HostileShape] = [
        // Levels 1–6 over and over: each heading opens inside the one before it.
        .growing("nested headings", head: "## Summary\n") { k in String(repeating: "#", count: k % 6 + 1) + " Detail \(k)\n- Note: x\n" },
        .growing("repeated blocks", head: "## Findings\n", from: 1) { k in "### Finding \(k): slow query \(k)\n- Severity: High\n- Fix: add an index\n" },
        .growing("table rows", head: "## Rows\n| Name | Count |\n|---|---|\n") { k in "| row \(k) | \(k) |\n" },
        .growing("unmatched item headings", head: "## Findings\n") { k in "### Something else \(k)\n- Severity: High\n" },
    ]

    static func growth(allocator: String) throws {
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("bench-nested.schema.json")
        try Data(schema.utf8).write(to: file)
        try ParseBenchmark.growth(
            of: shapes, builder: ReportBuilder(schema: try SchemaCatalog.load(file.path)),
            title: "Growth on hostile nested shapes, \(allocator): decode + parse + bind + validate, 10x the input (budget <= 12x the time)")
    }
}
