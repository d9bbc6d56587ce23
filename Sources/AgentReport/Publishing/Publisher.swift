import Foundation
import JSONSchema

/// How a `Publisher` names and dates reports.
public struct PublishOptions: Sendable {
    /// `--system`: used when the answer's front matter has none.
    public var system: String?
    /// `--created`: used when the answer's front matter has none.
    public var created: Timestamp?
    /// `SOURCE_DATE_EPOCH`, when set: used after `--created`.
    public var sourceDateEpoch: Timestamp?
    /// Refuse to publish an answer with errors.
    public var strict: Bool
    /// The clock, last: injected so that tests and reproducible builds control it.
    public var now: @Sendable () -> Timestamp

    public init(system: String? = nil, created: Timestamp? = nil, sourceDateEpoch: Timestamp? = nil, strict: Bool = false,
                now: @escaping @Sendable () -> Timestamp = { Timestamp(seconds: Int64(Date().timeIntervalSince1970)) }) {
        self.system = system
        self.created = created
        self.sourceDateEpoch = sourceDateEpoch
        self.strict = strict
        self.now = now
    }
}

/// One answer to publish.
public struct PublishInput: Sendable {
    public var text: SourceText
    public var diagnostics: [Diagnostic]

    public init(text: SourceText, diagnostics: [Diagnostic] = []) {
        self.text = text
        self.diagnostics = diagnostics
    }
}

/// What publishing one answer did.
public struct PublishResult: Sendable {
    public enum Outcome: Sendable, Equatable {
        /// Written; the paths are relative to the output folder.
        case published([String])
        /// The same answer was published before, as these files: nothing changed.
        case unchanged([String])
        /// Not written: `--strict` and the answer has errors.
        case refused
    }

    public var source: String
    public var outcome: Outcome
    /// The report's diagnostics, with the metadata's.
    public var verdict: Verdict
}

/// Publishes answers into a report tree: `DIR/{tree}/{system}-{complete}-{ts}.{md,html,json}`
/// and `DIR/{tree}/{Category}/{system}-{kind}-{ts}.{md,html}` as the schema's `x-report-tree`
/// declares them (the backend engineer's design-document tree), else
/// `DIR/Reports/{agent}/{system}-{agent}-{ts}.{md,html,json}`; and `DIR/index.{json,md,html}`
/// over every agent's reports in DIR.
///
/// Nothing is written outside DIR, nor through a symbolic link inside it; every file is
/// written to a temporary name in its own folder and renamed into place; publishing the same
/// answer twice changes nothing (SHA-256 of its text); a different answer never overwrites a
/// report (a numeric suffix); publishers into one DIR take turns on a lock file, and a
/// publisher killed mid-way leaves files that the next one removes, so the catalog always
/// matches the files.
public struct Publisher: Sendable {
    public let root: String
    public let schema: LoadedSchema
    public let layout: ReportTreeLayout
    public let options: PublishOptions
    private let builder: ReportBuilder
    private let metadataSchema: LoadedSchema?

    public struct Error: Swift.Error, Sendable, CustomStringConvertible {
        public var message: String
        public var description: String { message }
    }

    public init(root: String, schema: LoadedSchema, options: PublishOptions) throws(Publisher.Error) {
        guard let format = schema.format else { throw Error(message: "schema \(schema.name) describes no sections to publish") }
        do {
            layout = try ReportTreeLayout(format: format, schemaName: schema.name)
        } catch {
            throw Error(message: error.message)
        }
        self.root = root
        self.schema = schema
        self.options = options
        self.builder = ReportBuilder(schema: schema)
        self.metadataSchema = layout.metadataSchema.flatMap { try? SchemaCatalog.load($0) }
    }

    /// Publishes the answers, in order; the catalog and indexes are updated once at the end.
    public func publish(_ inputs: [PublishInput]) throws(Publisher.Error) -> [PublishResult] {
        let directory: ConfinedDirectory
        do {
            directory = try ConfinedDirectory(root)
        } catch {
            throw Error(message: error.message)
        }
        // Render outside the lock, in parallel, skipping answers already published (checked
        // again under the lock); write under it.
        let published = Catalog.publishedDigests(in: directory)
        let prepared = ConcurrentSlots<PreparedReport>(count: inputs.count)
        DispatchQueue.concurrentPerform(iterations: inputs.count) { index in
            prepared[index] = prepare(inputs[index], render: !published.contains(SHA256.hex(inputs[index].text.bytes)))
        }
        do {
            return try directory.withLock(Catalog.lock) { () throws(ConfinedDirectory.Failure) -> [PublishResult] in
                var catalog = Catalog(directory: directory, layout: layout)
                var results: [PublishResult] = []
                for report in prepared.values.compactMap({ $0 }) {
                    results.append(try write(report, into: &catalog, directory: directory))
                }
                try catalog.writeIndexes(layout: layout)
                return results
            }
        } catch {
            throw Error(message: error.message)
        }
    }

    /// An answer bound, validated and rendered: everything but the file names' suffix.
    struct PreparedReport: Sendable {
        var input: PublishInput
        /// False when rendering was skipped because the answer looked published already.
        var rendered: Bool
        var source: String
        var sha256: String
        var verdict: Verdict
        var refused: Bool
        var system: String
        var created: Timestamp
        var title: String
        var securityLevel: String?
        /// (category index or nil for the complete report, extension, text)
        var documents: [(category: Int?, ext: String, text: String)]
    }

    private func prepare(_ input: PublishInput, render: Bool) -> PreparedReport {
        var report = builder.report(for: input.text, diagnostics: input.diagnostics)
        let design = DesignMetadata(report: report, agent: report.metadata["agent"]?.stringValue ?? layout.agent,
                                    kind: layout.completeKind, options: options, metadataSchema: metadataSchema)
        report.metadata = design.metadata
        report.diagnostics = (report.diagnostics + design.diagnostics).sortedByPosition()
        let verdict = Verdict(report)
        let refused = options.strict && report.diagnostics.hasErrors
        var documents: [(Int?, String, String)] = []
        if render && !refused, let format = schema.format {
            documents.append((nil, "md", MarkdownRenderer(format: format).render(report)))
            documents.append((nil, "html", HTMLRenderer(options: HTMLOptions(format: format)).render(report)))
            documents.append((nil, "json", JSONRenderer().render(report)))
            for (index, category) in layout.categories.enumerated() where category.sectionKeys.contains(where: { report.data[$0] != nil }) {
                var part = format
                part.sections = format.sections.filter { category.sectionKeys.contains($0.key) }
                var partReport = report
                partReport.metadata["title"] = .string("\(design.metadata["title"]?.stringValue ?? report.displayTitle): \(category.title)")
                partReport.title = nil
                partReport.extras = Extras()
                partReport.diagnostics = report.diagnostics.filter { diagnostic in
                    guard let path = diagnostic.path else { return false }
                    return category.sectionKeys.contains { path == "/\($0)" || path.hasPrefix("/\($0)/") }
                }
                documents.append((index, "md", MarkdownRenderer(format: part).render(partReport)))
                documents.append((index, "html", HTMLRenderer(options: HTMLOptions(format: part)).render(partReport)))
            }
        }
        return PreparedReport(
            input: input, rendered: render, source: input.text.name, sha256: SHA256.hex(input.text.bytes), verdict: verdict, refused: refused,
            system: design.system, created: design.created, title: design.metadata["title"]?.stringValue ?? report.displayTitle,
            securityLevel: design.metadata["security_level"]?.stringValue, documents: documents)
    }

    private func write(_ report: PreparedReport, into catalog: inout Catalog, directory: ConfinedDirectory) throws(ConfinedDirectory.Failure) -> PublishResult {
        if report.refused {
            return PublishResult(source: report.source, outcome: .refused, verdict: report.verdict)
        }
        if let existing = catalog.entry(sha256: report.sha256) {
            return PublishResult(source: report.source, outcome: .unchanged(existing.files), verdict: report.verdict)
        }
        guard report.rendered else {
            // Its entry was there when rendering was skipped, and is gone now: render it after all.
            return try write(prepare(PublishInput(text: report.input.text, diagnostics: report.input.diagnostics), render: true),
                             into: &catalog, directory: directory)
        }
        // `{system}-{ts}`, then `-2`, `-3`… until no entry and no file uses the name.
        let stamp = report.created.fileNameText
        var suffix = ""
        var counter = 1
        func path(_ category: Int?, _ ext: String) -> [String] {
            let kind = category.map { layout.categories[$0].kind } ?? layout.completeKind
            let folder = layout.directory + (category.map { [layout.categories[$0].directory] } ?? [])
            return folder + ["\(report.system)-\(kind)-\(stamp)\(suffix).\(ext)"]
        }
        while catalog.isTaken("\(report.system)-\(stamp)\(suffix)") || report.documents.contains(where: { directory.exists(path($0.category, $0.ext)) }) {
            counter += 1
            suffix = "-\(counter)"
        }
        let id = "\(report.system)-\(stamp)\(suffix)"
        try catalog.begin(id: id, files: report.documents.map { path($0.category, $0.ext).joined(separator: "/") })
        var files: [String] = []
        for document in report.documents {
            let target = path(document.category, document.ext)
            try directory.write(Array(document.text.utf8), to: Array(target.dropLast()), name: target[target.count - 1])
            files.append(target.joined(separator: "/"))
        }
        func file(_ category: Int?, _ ext: String) -> String { path(category, ext).joined(separator: "/") }
        let categories = report.documents.compactMap(\.category).reduce(into: [Int]()) { if !$0.contains($1) { $0.append($1) } }
        try catalog.add(Catalog.Entry(
            id: id, title: report.title, agent: layout.agent, system: report.system, created: report.created.metadataText,
            securityLevel: report.securityLevel, valid: report.verdict.isValid(), errors: report.verdict.diagnostics.errorCount,
            warnings: report.verdict.diagnostics.warningCount, sha256: report.sha256,
            source: (report.source as NSString).lastPathComponent,
            markdown: file(nil, "md"), html: file(nil, "html"), json: file(nil, "json"),
            categories: categories.map { (layout.categories[$0].id, layout.categories[$0].title, file($0, "md"), file($0, "html")) }))
        return PublishResult(source: report.source, outcome: .published(files), verdict: report.verdict)
    }
}
