import AgentReport
import Foundation
import JSONSchema

struct RenderCommand: Command {
    static let name = "render"
    static let spec = CommandSpec(
        name: name,
        abstract: "Render answers as reports: canonical Markdown, the JSON contract, or a self-contained HTML page.",
        discussion: """
            markdown: what the agent should have written: front matter, a title, the schema's
            sections in order with `- **Label:** value` fields, missing parts marked, what the
            schema has no place for kept (unknown sections under `## Extras`).
            json: {"source", "title", "valid", "schema", "metadata", "data", "extras",
            "diagnostics"}, as schemas/report-output.schema.json describes; several inputs
            form a JSON array.
            html: one self-contained page (inline CSS, no script, a Content-Security-Policy
            that forbids scripts and remote loads); agent text is rendered as markdown and
            passed through an allow-list sanitizer.

            One input prints to standard output (or -o FILE); several need --output-dir DIR,
            which receives NAME.md, NAME.json or NAME.html for each. Exit status 1 when an
            answer has errors.
            """,
        arguments: [SharedOptions.inputs],
        options: [
            .option("--to", value: "FORMAT", help: "Output format.", choices: ["markdown", "json", "html"], default: "markdown"),
            .option("-o", "--output", value: "FILE", help: "Write the (single) report to FILE instead of standard output."),
            .option("--output-dir", value: "DIR", help: "Write one file per input into DIR (created if missing)."),
            .flag("--with-diagnostics", help: "Add the diagnostics to Markdown output as a list."),
        ] + SharedOptions.schema + SharedOptions.input)

    let reader: InputReader
    let schema: SchemaChoice
    let format: String
    let output: String?
    let outputDirectory: String?
    let withDiagnostics: Bool
    /// Binds every input, and knows the format of each schema a report names.
    let builder: ReportBuilder

    init(_ arguments: ParsedArguments) throws {
        reader = try InputReader(arguments, spec: Self.spec)
        schema = try SchemaChoice(arguments, spec: Self.spec)
        builder = ReportBuilder(schema: schema.schema, options: schema.options)
        format = arguments.value("--to", spec: Self.spec) ?? "markdown"
        output = arguments.value("--output", spec: Self.spec)
        outputDirectory = arguments.value("--output-dir", spec: Self.spec)
        withDiagnostics = arguments.flag("--with-diagnostics")
        if output != nil && outputDirectory != nil {
            throw UsageError.message("give -o FILE or --output-dir DIR, not both")
        }
    }

    func run() throws -> Int32 {
        let sources = try reader.sources()
        if sources.count > 1 && output != nil {
            throw CommandFailure(message: "-o writes one report; \(sources.count) inputs need --output-dir DIR")
        }
        if sources.count > 1 && outputDirectory == nil && format != "json" {
            throw CommandFailure(message: "\(sources.count) inputs: give --output-dir DIR for one \(format) file each")
        }
        let reports = try self.reports(for: sources)
        if let outputDirectory {
            try writeEach(reports, into: outputDirectory)
        } else if reports.count == 1 || format != "json" {
            var pages: [String: HTMLRenderer] = [:]
            try emit(reports.map { rendered($0, pages: &pages) }.joined(), to: output)
        } else {
            try emit(JSONValue.array(reports.map { JSONRenderer().json($0) }).serialized(pretty: true) + "\n", to: output)
        }
        return reports.contains { !$0.isValid } ? 1 : 0
    }

    /// `pages` keeps one HTML renderer a schema: what a page of a schema looks like is worked
    /// out once, not once a report.
    private func rendered(_ report: Report, pages: inout [String: HTMLRenderer]) -> String {
        let reportFormat = builder.format(named: report.schema)
        switch format {
        case "json": return JSONRenderer().render(report)
        case "html":
            let key = report.schema ?? ""
            let renderer = pages[key] ?? HTMLRenderer(options: HTMLOptions(format: reportFormat))
            pages[key] = renderer
            return renderer.render(report)
        default: return MarkdownRenderer(format: reportFormat, withDiagnostics: withDiagnostics).render(report)
        }
    }

    private func emit(_ text: String, to path: String?) throws {
        guard let path else {
            Terminal.out(text)
            return
        }
        do {
            try OutputFile.write(text, to: path)
        } catch {
            throw CommandFailure(message: "cannot write \(path): \(error.message)")
        }
    }

    /// Each input bound, in input order, read over all cores.
    private func reports(for sources: [InputLoader.Source]) throws(CommandFailure) -> [Report] {
        let slots = ConcurrentSlots<Result<Report, CommandFailure>>(count: sources.count)
        DispatchQueue.concurrentPerform(iterations: sources.count) { index in
            slots[index] = Result { () throws(CommandFailure) -> Report in try report(for: sources[index]) }
        }
        var reports: [Report] = []
        for slot in slots.values {
            guard let slot else { continue }
            reports.append(try slot.get())
        }
        return reports
    }

    private func report(for source: InputLoader.Source) throws(CommandFailure) -> Report {
        let content = try reader.content(of: source)
        if case .instance = content {
            throw CommandFailure(message: "\(source.name): a JSON instance, not an answer; `validate` checks instances (or pass --input text)")
        }
        switch try? builder.check(content, name: source.name) {
        case .report(let report)?, .unusable(let report, _)?: return report
        case .instance?, nil: throw CommandFailure(message: "\(source.name): not an answer")
        }
    }

    /// DIR/NAME.EXT for each report, NAME from the input's file name (`-2`, `-3`… when two
    /// collide); pages are rendered and written over all cores.
    private func writeEach(_ reports: [Report], into directory: String) throws {
        do {
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        } catch {
            throw CommandFailure(message: "cannot create \(directory): \(error.localizedDescription)")
        }
        let ext = format == "json" ? "json" : format == "html" ? "html" : "md"
        var used = Set<String>()
        var paths: [String] = []
        for report in reports {
            let base = ((report.source as NSString).lastPathComponent as NSString).deletingPathExtension
            var name = base.isEmpty || base.hasPrefix("<") ? "stdin" : base
            var counter = 2
            while used.contains(name) {
                name = "\(base)-\(counter)"
                counter += 1
            }
            used.insert(name)
            paths.append((directory as NSString).appendingPathComponent("\(name).\(ext)"))
        }
        let targets = paths
        let threads = max(1, min(ProcessInfo.processInfo.activeProcessorCount, reports.count))
        let failures = ConcurrentSlots<String>(count: threads)
        DispatchQueue.concurrentPerform(iterations: threads) { part in
            var pages: [String: HTMLRenderer] = [:]
            for index in stride(from: part, to: reports.count, by: threads) {
                do {
                    try emit(rendered(reports[index], pages: &pages), to: targets[index])
                } catch {
                    failures[part] = (error as? CommandFailure)?.message ?? "\(error)"
                    return
                }
            }
        }
        if let failure = failures.values.compactMap({ $0 }).first { throw CommandFailure(message: failure) }
    }
}
