@_spi(Benchmarks) import AgentReport
import Foundation

/// HTML rendering throughput on the generated corpus (budget: >= 20 MB/s of answer text),
/// how much of it is Ink's, and cost growth on hostile shapes.
enum HTMLBenchmark {
    static func run() throws {
        if ProcessInfo.processInfo.environment["BENCH_SHAPE"] == nil { try throughput() }
        guard ProcessInfo.processInfo.environment["BENCH_PROFILE"] == nil else { return }
        try growth(allocator: "default malloc")
        // As for parsing (ParseBenchmark): with glibc keeping freed memory, the table shows the
        // renderer's own growth rather than the allocator's.
        if Bench.keepFreedMemory() {
            try growth(allocator: "malloc keeping freed memory (mallopt M_MMAP_THRESHOLD, M_TRIM_THRESHOLD)")
        }
    }

    /// The answers of a generated corpus, bound, and their size in bytes.
    static func boundAnswers(heldOut: Bool, schema: LoadedSchema) throws -> (reports: [Report], bytes: Int) {
        let builder = ReportBuilder(schema: schema)
        var reports: [Report] = []
        var bytes = 0
        for file in try Bench.files(in: try Bench.corpus(count: 500, seed: 1, heldOut: heldOut)) {
            guard case .text(let source, let diagnostics) = ResultEnvelope.classify(file.bytes, name: file.name) else { continue }
            bytes += source.bytes.count
            reports.append(builder.report(for: source, diagnostics: diagnostics))
        }
        return (reports, bytes)
    }

    static func throughput() throws {
        let schema = try SchemaCatalog.load("backend-engineer")
        let (reports, answerBytes) = try boundAnswers(heldOut: false, schema: schema)
        let (heldOutReports, heldOutBytes) = try boundAnswers(heldOut: true, schema: schema)
        let format = try schema.format ?? { throw BenchError("the backend-engineer schema has no Return Format") }()
        let renderer = HTMLRenderer(options: HTMLOptions(format: format))
        let texts = reports.flatMap(HTMLRenderingProbe.markdownTexts)
        let shortcutTexts = texts.filter(HTMLRenderingProbe.takesShortcut)
        let inkTexts = texts.filter { !HTMLRenderingProbe.takesShortcut($0) }
        let textBytes = texts.reduce(0) { $0 + $1.utf8.count }
        let inkBytes = inkTexts.reduce(0) { $0 + $1.utf8.count }

        var pageBytes = 0
        func renderAll() { pageBytes = reports.reduce(0) { $0 + renderer.render($1).utf8.count } }
        renderAll()  // warm up
        if let profile = ProcessInfo.processInfo.environment["BENCH_PROFILE"] { _ = Bench.repeatFor(seconds: Double(profile) ?? 8, renderAll); return }

        let perRender = Bench.perRun(seconds: 3, renderAll)
        let bestRender = Bench.best(of: 10, renderAll)
        let perReference = Bench.perRun(seconds: 3) { for report in reports { _ = HTMLRenderingProbe.renderThroughInk(report, format: format) } }
        let perHeldOut = Bench.perRun(seconds: 2) { for report in heldOutReports { _ = renderer.render(report) } }
        let heldOutTexts = heldOutReports.flatMap(HTMLRenderingProbe.markdownTexts)
        let heldOutShortcut = heldOutTexts.filter(HTMLRenderingProbe.takesShortcut).count
        let perShortcut = Bench.perRun(seconds: 2) { HTMLRenderingProbe.shortcut(shortcutTexts) }
        let perDeclined = Bench.perRun(seconds: 1) { HTMLRenderingProbe.throughInk(inkTexts) }
        let perInk = Bench.perRun(seconds: 2) { for text in texts { _ = HTMLRenderingProbe.inkOnly(text) } }
        let threads = max(1, ProcessInfo.processInfo.activeProcessorCount)
        let shared = reports
        let parallelSeconds = Bench.best(of: 3) {
            DispatchQueue.concurrentPerform(iterations: threads) { part in
                for index in stride(from: part, to: shared.count, by: threads) { _ = renderer.render(shared[index]) }
            }
        }

        let megabytes = Double(answerBytes) / 1_048_576
        func row(_ name: String, _ seconds: Double, of whole: Double?) -> [String] {
            [name, Bench.format(megabytes / seconds), Bench.format(Double(answerBytes) / 1e6 / seconds),
             Bench.format(seconds / Double(reports.count) * 1e6) + " µs",
             whole.map { Bench.format(seconds / $0 * 100, 0) + " %" } ?? "-"]
        }
        Bench.table(
            "HTML render, \(reports.count) answers, \(Bench.format(megabytes, 2)) MiB of answer text, "
                + "\(Bench.format(Double(pageBytes) / 1_048_576, 1)) MiB of HTML (budget >= 20 MB/s)",
            ["measurement", "MiB/s", "MB/s", "per answer", "share"],
            [
                row("render, 1 thread (mean)", perRender, of: perRender),
                row("render, 1 thread (best of 10 runs)", bestRender, of: nil),
                row("render, \(threads) threads", parallelSeconds, of: nil),
                [
                    "render, 1 thread, \(heldOutReports.count) held-out answers", Bench.format(Double(heldOutBytes) / 1_048_576 / perHeldOut),
                    Bench.format(Double(heldOutBytes) / 1e6 / perHeldOut), Bench.format(perHeldOut / Double(heldOutReports.count) * 1e6) + " µs", "-",
                ],
                row("reference: every value through Ink, 1 thread", perReference, of: perReference),
                row("  of the render: the shortcut, \(shortcutTexts.count) values", perShortcut, of: perRender),
                row("  of the render: Ink + parse + sanitizer, \(inkTexts.count) values", perDeclined, of: perRender),
                row("  of the reference: Ink alone, all \(texts.count) values", perInk, of: perReference),
            ])
        Bench.say("\nMarkdown texts: \(texts.count) (\(Bench.format(Double(textBytes) / 1_048_576, 2)) MiB); the shortcut draws "
            + "\(shortcutTexts.count), \(inkTexts.count) (\(Bench.format(Double(inkBytes) / 1024, 1)) KiB) go to Ink. Shares are of "
            + "the time per page of the render or of the reference. Held-out answers: the shortcut draws \(heldOutShortcut) of "
            + "\(heldOutTexts.count) texts.")
    }

    static func growth(allocator: String) throws {
        let schema = try SchemaCatalog.load("backend-engineer")
        let builder = ReportBuilder(schema: schema)
        let renderer = HTMLRenderer(options: HTMLOptions(format: schema.format))
        var rows: [[String]] = []
        let only = ProcessInfo.processInfo.environment["BENCH_SHAPE"]
        for shape in HostileShape.all where only == nil || shape.name == only {
            let small = builder.report(for: SourceDecoder().decode(shape.make(100_000), name: shape.name).0)
            let large = builder.report(for: SourceDecoder().decode(shape.make(1_000_000), name: shape.name).0)
            let smallTime = Bench.best(of: 3) { _ = renderer.render(small) }
            let largeTime = Bench.best(of: 2) { _ = renderer.render(large) }
            let ratio = largeTime / max(smallTime, 1e-9)
            rows.append([
                shape.name, "100 KB", Bench.format(smallTime * 1000, 2) + " ms", "1 MB", Bench.format(largeTime * 1000, 2) + " ms",
                Bench.format(ratio, 2) + "x", ratio <= 12 ? "ok" : "OVER",
            ])
        }
        Bench.table(
            "HTML render growth on hostile shapes (bound report → page), 10x the input (budget <= 12x the time), \(allocator)",
            ["shape", "input", "time", "10x input", "time", "ratio", ""], rows)
    }
}
