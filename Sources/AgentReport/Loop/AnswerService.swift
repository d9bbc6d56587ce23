import Foundation
import JSONSchema

/// What an agent asks of agent-report about its own answer while it works — validate a draft,
/// render it, re-read its Return Format, see the formats there are, publish — as library calls
/// that return JSON and a text for people. `agent-report mcp` serves them as MCP tools; any
/// other shell could.
///
/// Each call is independent and safe to make from several threads at once.
public struct AnswerService: Sendable {
    public struct Options: Sendable {
        /// The project: where agents' definitions, relative schema paths and the default report
        /// tree are found, and the folder publishing stays inside.
        public var projectDirectory: String
        /// The report tree `publish` writes to when no folder is named (relative to the project).
        public var publishDirectory = "reports"
        /// Whether `publish` may write outside the project.
        public var allowPublishOutside = false
        /// The largest answer read, in UTF-8 bytes (the CLI's `--max-input-size`).
        public var maxBytes = InputLoader.defaultMaxBytes

        public init(projectDirectory: String) {
            self.projectDirectory = projectDirectory
        }
    }

    /// A request that cannot be answered (unknown format, an answer that is no text, a folder
    /// outside the project): its message says what to do.
    public struct Failure: Swift.Error, Sendable, CustomStringConvertible {
        public var message: String
        public var description: String { message }
        public init(_ message: String) { self.message = message }
    }

    /// A call's result: `structured` as the tool's output schema describes it, `text` for
    /// people and for clients that read only text.
    public struct Reply: Sendable {
        public var structured: JSONValue
        public var text: String
    }

    /// How a report is rendered by `render`.
    public enum Rendering: String, Sendable, CaseIterable {
        case markdown, json, html
    }

    public let options: Options
    /// Picks a bundled format when none is named; its schemas compiled once.
    private let selecting: ReportBuilder

    public init(options: Options) {
        self.options = options
        self.selecting = ReportBuilder(schema: nil)
    }

    // MARK: The calls

    /// The verdict on `answer`: `{valid, schema, diagnostics, summary}`, the text being the
    /// correction an agent acts on (or a line saying the answer fits).
    public func validate(answer: String, format: String?) throws(Failure) -> Reply {
        let (builder, source) = try prepare(answer: answer, format: format)
        let report = builder.report(for: source)
        let verdict = Verdict(report)
        let summary = Self.summary(verdict)
        let structured = JSONValue.object(JSONObject([
            ("valid", .bool(verdict.isValid())),
            ("schema", verdict.schema.map(JSONValue.string) ?? .null),
            ("diagnostics", .array(verdict.diagnostics.map(JSONRenderer.json))),
            ("summary", .string(summary)),
        ]))
        let correction = CorrectionPromptRenderer(format: builder.format(named: report.schema)).render(verdict)
        return Reply(structured: structured, text: correction.isEmpty ? summary : correction + "\n" + summary)
    }

    /// The report of `answer` as Markdown, the JSON contract or an HTML page: `{to, valid, schema, report}`.
    public func render(answer: String, format: String?, to rendering: Rendering) throws(Failure) -> Reply {
        let (builder, source) = try prepare(answer: answer, format: format)
        let report = builder.report(for: source)
        let reportFormat = builder.format(named: report.schema)
        let text = switch rendering {
        case .markdown: MarkdownRenderer(format: reportFormat).render(report)
        case .json: JSONRenderer().render(report)
        case .html: HTMLRenderer(options: HTMLOptions(format: reportFormat)).render(report)
        }
        let structured = JSONValue.object(JSONObject([
            ("to", .string(rendering.rawValue)),
            ("valid", .bool(report.isValid)),
            ("schema", report.schema.map(JSONValue.string) ?? .null),
            ("report", .string(text)),
        ]))
        return Reply(structured: structured, text: text)
    }

    /// The Return Format block an agent must write (`schema prompt`): `{format, title, returnFormat}`.
    public func returnFormat(of format: String) throws(Failure) -> Reply {
        let schema = try load(format)
        guard let returnFormat = schema.returnFormat else {
            throw Failure("\(format) describes no sections, so it has no Return Format to write (it is a schema of metadata or JSON)")
        }
        let prompt = ReturnFormatPromptWriter().write(returnFormat)
        let structured = JSONValue.object(JSONObject([
            ("format", .string(format)),
            ("title", .string(returnFormat.title ?? format)),
            ("returnFormat", .string(prompt)),
        ]))
        return Reply(structured: structured, text: prompt)
    }

    /// The bundled formats and the project's agents: `{formats: [{name, kind, title, path, hasReturnFormat}]}`.
    public func listFormats() -> Reply {
        var entries: [JSONValue] = []
        var lines: [String] = []
        for name in SchemaCatalog.bundledNames {
            guard let schema = try? SchemaCatalog.load(name) else { continue }
            let title = schema.document["title"]?.stringValue ?? name
            entries.append(Self.entry(name: name, kind: "bundled", title: title, path: nil, hasFormat: SchemaCatalog.isAnswerFormat(schema)))
            lines.append("\(name) (bundled): \(title)")
        }
        let folder = URL(fileURLWithPath: options.projectDirectory).appendingPathComponent(".claude/agents")
        for (url, definition) in AgentLookup.definitions(AgentLookup.definitionFiles(in: folder)) {
            let name = AgentLookup.name(of: definition, at: url)
            let derived = (try? ReturnFormat(schema: AgentLookup.derivedSchema(definition, at: url))).flatMap { $0.sections.isEmpty ? nil : $0 }
            let title = derived?.title ?? name
            entries.append(Self.entry(name: name, kind: "agent", title: title, path: url.path, hasFormat: derived != nil))
            lines.append("\(name) (agent, \(url.path)): \(derived == nil ? "no Return Format found" : title)")
        }
        let structured = JSONValue.object(JSONObject([("formats", .array(entries))]))
        return Reply(structured: structured, text: lines.joined(separator: "\n") + "\n")
    }

    /// Publishes `answer` into a report tree (`out`, else the configured one; relative to the
    /// project): `{valid, outcome, files, diagnostics}`, `files` relative to the tree.
    public func publish(answer: String, format: String?, system: String?, out: String?) throws(Failure) -> Reply {
        let schema = try load(format ?? "backend-engineer")
        let source = try text(of: answer)
        let root = try publishRoot(out ?? options.publishDirectory)
        let results: [PublishResult]
        do throws(Publisher.Error) {
            results = try Publisher(root: root, schema: schema, options: PublishOptions(system: system)).publish([PublishInput(text: source)])
        } catch {
            throw Failure("cannot publish into \(root): \(error.message)")
        }
        guard let result = results.first else { throw Failure("nothing was published") }
        let (outcome, files): (String, [String]) = switch result.outcome {
        case .published(let files): ("published", files)
        case .unchanged(let files): ("unchanged", files)
        case .refused: ("refused", [])
        }
        let structured = JSONValue.object(JSONObject([
            ("valid", .bool(result.verdict.isValid())),
            ("outcome", .string(outcome)),
            ("root", .string(root)),
            ("files", .array(files.map(JSONValue.string))),
            ("diagnostics", .array(result.verdict.diagnostics.map(JSONRenderer.json))),
        ]))
        let text = files.isEmpty ? "\(outcome): nothing written" : "\(outcome): " + files.map { root + "/" + $0 }.joined(separator: ", ")
        return Reply(structured: structured, text: text + "\n" + Self.summary(result.verdict))
    }

    // MARK: Reading requests

    /// The builder for `format` (nil: the best-fitting bundled format) and the answer's text.
    private func prepare(answer: String, format: String?) throws(Failure) -> (ReportBuilder, SourceText) {
        let builder = try format.map { name throws(Failure) in ReportBuilder(schema: try load(name)) } ?? selecting
        return (builder, try text(of: answer))
    }

    /// A schema as a user names it: bundled name, schema or definition path (relative to the
    /// project), or an agent's name.
    private func load(_ format: String) throws(Failure) -> LoadedSchema {
        guard !format.isEmpty else { throw Failure("format is empty: name a bundled schema, a schema file or an agent (see list_formats)") }
        do {
            return try SchemaCatalog.load(format, projectDirectory: options.projectDirectory)
        } catch {
            throw Failure("\(error.message); list_formats names the formats there are")
        }
    }

    /// The answer as text, refused when too large, empty or not text (as the CLI refuses it).
    private func text(of answer: String) throws(Failure) -> SourceText {
        let bytes = Array(answer.utf8)
        guard bytes.count <= options.maxBytes else {
            throw Failure("the answer is \(bytes.count) bytes, more than the \(options.maxBytes >> 20) MiB limit")
        }
        switch ResultEnvelope.classify(bytes, name: "answer", mode: .text) {
        case .text(let source, _): return source
        case .unusable(_, let diagnostics):
            throw Failure(diagnostics.map(\.message).joined(separator: "; ") + " — send the answer's markdown text")
        case .instance: throw Failure("the answer is not text")
        }
    }

    /// `folder` resolved against the project, refused outside it unless allowed.
    private func publishRoot(_ folder: String) throws(Failure) -> String {
        let project = URL(fileURLWithPath: options.projectDirectory).standardizedFileURL.resolvingSymlinksInPath()
        let url = (folder.hasPrefix("/") ? URL(fileURLWithPath: folder) : project.appendingPathComponent(folder))
            .standardizedFileURL.resolvingSymlinksInPath()
        let inside = url.path == project.path || url.path.hasPrefix(project.path.hasSuffix("/") ? project.path : project.path + "/")
        guard inside || options.allowPublishOutside else {
            throw Failure("\(folder) is outside the project (\(project.path)); publish inside it, or start the server with --allow-publish-outside")
        }
        return url.path
    }

    // MARK: Writing replies

    private static func entry(name: String, kind: String, title: String, path: String?, hasFormat: Bool) -> JSONValue {
        .object(JSONObject([
            ("name", .string(name)),
            ("kind", .string(kind)),
            ("title", .string(title)),
            ("path", path.map(JSONValue.string) ?? .null),
            ("hasReturnFormat", .bool(hasFormat)),
        ]))
    }

    /// `valid against backend-engineer: 0 errors, 1 warning` and the like.
    static func summary(_ verdict: Verdict) -> String {
        let errors = verdict.diagnostics.errorCount
        let warnings = verdict.diagnostics.warningCount
        let counts = "\(errors) error\(errors == 1 ? "" : "s"), \(warnings) warning\(warnings == 1 ? "" : "s")"
        guard let schema = verdict.schema, verdict.validated else {
            return "not validated: no bundled format fits this answer; name one with format (see list_formats) — \(counts)"
        }
        return "\(verdict.isValid() ? "valid" : "invalid") against \(schema): \(counts)"
    }
}
