@_spi(Benchmarks) import AgentReport
import Foundation

/// HTML rendering throughput on the generated corpus (budget: >= 20 MB/s of answer text),
/// how much of it is Ink's, and cost growth on hostile shapes.
enum HTMLBenchmark {
    static func run() throws {
        if ProcessInfo.processInfo.environment["BENCH_SHAPE"] == nil { try throughput() }
        if ProcessInfo.processInfo.environment["BENCH_PROFILE"] == nil { try growth() }
    }

    static func throughput() throws {
        let schema = try SchemaCatalog.load("backend-engineer")
        let builder = ReportBuilder(schema: schema)
        let files = try Bench.files(in: try Bench.corpus(count: 500, seed: 1))
        var reports: [Report] = []
        var answerBytes = 0
        for file in files {
            guard case .text(let source, let diagnostics) = ResultEnvelope.classify(file.bytes, name: file.name) else { continue }
            answerBytes += source.bytes.count
            reports.append(builder.report(for: source, diagnostics: diagnostics))
        }
        let renderer = HTMLRenderer(options: HTMLOptions(format: schema.format))
        let texts = reports.flatMap(HTMLRenderingProbe.markdownTexts)
        let inkTexts = texts.filter { !HTMLRenderingProbe.takesShortcut($0) }
        let textBytes = texts.reduce(0) { $0 + $1.utf8.count }
        let inkBytes = inkTexts.reduce(0) { $0 + $1.utf8.count }

        var pageBytes = 0
        func renderAll() { pageBytes = reports.reduce(0) { $0 + renderer.render($1).utf8.count } }
        func inkOnly() { for text in inkTexts { _ = HTMLRenderingProbe.inkOnly(text) } }
        func inkOnAll() { for text in texts { _ = HTMLRenderingProbe.inkOnly(text + "\n") } }
        func gate() { for report in reports { _ = HTMLRenderingProbe.inkAndSanitizer(HTMLRenderingProbe.markdownTexts(in: report)) } }

        renderAll()  // warm up
        if let profile = ProcessInfo.processInfo.environment["BENCH_PROFILE"] { _ = Bench.repeatFor(seconds: Double(profile) ?? 8, renderAll); return }
        let (renderRuns, renderSeconds) = Bench.repeatFor(seconds: 3, renderAll)
        let (inkRuns, inkSeconds) = Bench.repeatFor(seconds: 2, inkOnly)
        let (gateRuns, gateSeconds) = Bench.repeatFor(seconds: 2, gate)
        let (allRuns, allSeconds) = Bench.repeatFor(seconds: 2, inkOnAll)
        let threads = max(1, ProcessInfo.processInfo.activeProcessorCount)
        let shared = reports
        let parallelSeconds = Bench.best(of: 3) {
            DispatchQueue.concurrentPerform(iterations: threads) { part in
                for index in stride(from: part, to: shared.count, by: threads) { _ = renderer.render(shared[index]) }
            }
        }

        let megabytes = Double(answerBytes) / 1_048_576
        let perRender = renderSeconds / Double(renderRuns)
        let perInk = inkSeconds / Double(inkRuns)
        let perGate = gateSeconds / Double(gateRuns)
        let perAll = allSeconds / Double(allRuns)
        func share(_ seconds: Double) -> String { Bench.format(seconds / perRender * 100, 0) + " %" }
        Bench.table(
            "HTML render, \(reports.count) answers, \(Bench.format(megabytes, 2)) MiB of answer text, "
                + "\(Bench.format(Double(pageBytes) / 1_048_576, 1)) MiB of HTML (budget >= 20 MB/s)",
            ["measurement", "MiB/s of answers", "per answer", "share of render"],
            [
                ["render, 1 thread", Bench.format(megabytes / perRender), Bench.format(perRender / Double(reports.count) * 1e6) + " µs", "100 %"],
                ["render, \(threads) threads", Bench.format(megabytes / parallelSeconds),
                 Bench.format(parallelSeconds / Double(reports.count) * 1e6) + " µs", "-"],
                ["Ink alone on the \(inkTexts.count) values it gets", Bench.format(megabytes / perInk),
                 Bench.format(perInk / Double(reports.count) * 1e6) + " µs", share(perInk)],
                ["Ink + libxml2 parse + sanitizer (the gate)", Bench.format(megabytes / perGate),
                 Bench.format(perGate / Double(reports.count) * 1e6) + " µs", share(perGate)],
                ["Ink on all \(texts.count) values (no shortcut)", Bench.format(megabytes / perAll),
                 Bench.format(perAll / Double(reports.count) * 1e6) + " µs", share(perAll)],
            ])
        Bench.say("\nMarkdown texts: \(texts.count) (\(Bench.format(Double(textBytes) / 1_048_576, 2)) MiB); "
            + "\(inkTexts.count) need Ink (\(Bench.format(Double(inkBytes) / 1_048_576, 2)) MiB), the shortcut draws the rest.")
    }

    static func growth() throws {
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
            "HTML render growth on hostile shapes (bound report → page), 10x the input (budget <= 12x the time)",
            ["shape", "input", "time", "10x input", "time", "ratio", ""], rows)
    }
}
