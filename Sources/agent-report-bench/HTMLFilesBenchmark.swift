import Foundation

/// HTML pages for a 300-answer corpus written with `render --to html --output-dir`, whole
/// process, release binary, beside Debian's `cmark-gfm` on the same files in the same run
/// (budget: <= 3x cmark-gfm's time). cmark-gfm reads all 300 files in one process and writes
/// one page to /dev/null, so the reference pays for neither spawning nor writing files.
enum HTMLFilesBenchmark {
    static func run() throws {
        let binary = try Bench.releaseBinary()
        let corpus = try Bench.corpus(count: 300, seed: 13)
        let answers = try Bench.files(in: corpus)
        let files = answers.map { corpus.appendingPathComponent($0.name).path }
        let megabytes = Double(answers.reduce(0) { $0 + $1.bytes.count }) / 1_048_576
        let out = FileManager.default.temporaryDirectory.appendingPathComponent("agent-report-bench-html-files")
        try? FileManager.default.removeItem(at: out)
        let ours = try (0..<5).map { _ in try Bench.time(process: binary, ["render", "--to", "html", "--output-dir", out.path] + files) }.min() ?? 0
        let written = (try? FileManager.default.contentsOfDirectory(atPath: out.path).count) ?? 0
        var rows = [["agent-report render --to html --output-dir (\(written) pages)", Bench.format(ours * 1000, 1), Bench.format(megabytes / ours, 1), "-"]]
        let cmark = ["/usr/bin/cmark-gfm", "/usr/local/bin/cmark-gfm"].first { FileManager.default.isExecutableFile(atPath: $0) }
        if let cmark {
            let reference = try (0..<5).map { _ in try Bench.time(process: cmark, ["-e", "table"] + files) }.min() ?? 0
            rows.append(["cmark-gfm -e table, the same files, one process", Bench.format(reference * 1000, 1), Bench.format(megabytes / reference, 1), "1.00x"])
            rows[0][3] = Bench.format(ours / reference, 2) + "x"
        }
        Bench.table(
            "HTML to files, \(files.count) answers (\(Bench.format(megabytes, 2)) MiB), whole process, best of 5 (budget <= 3x cmark-gfm)"
                + (cmark == nil ? " — cmark-gfm is not installed (apt-get install cmark-gfm): no reference" : ""),
            ["run", "ms", "MiB/s", "vs cmark-gfm"], rows)
    }
}
