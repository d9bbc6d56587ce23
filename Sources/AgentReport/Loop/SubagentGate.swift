import Foundation
import JSONSchema

/// `agent-report hook`: a sub-agent's final answer, as Claude Code's `SubagentStop` hook
/// delivers it, checked against its own Return Format. The outcome is what the hook must do —
/// exit 0 to let the agent stop, 2 to send it back with the correction on stderr — and never
/// traps an agent for a reason of the hook's own: no definition, no Return Format, another
/// event or a payload that is no hook's let it stop with a one-line note to the user; a
/// payload or transcript that cannot be read is a non-blocking hook error (exit 1).
///
/// The project's ``ProjectSettings`` (`.claude/agent-report.json`) may set the schema, the
/// retry cap and the report tree by agent, or leave an agent unchecked; an option given here
/// (the command line's) overrides the file.
public struct SubagentGate: Sendable {
    public struct Options: Sendable {
        /// One schema for every agent (`--schema`), instead of each agent's own.
        public var schema: LoadedSchema?
        /// More folders of agent definitions (`--agents-dir`), searched last.
        public var agentsDirectories: [String] = []
        /// Publish each answer that fits into this folder (`--publish DIR`).
        public var publish: String?
        /// Blocks for one sub-agent before its answer is let through (`--max-retries`); nil:
        /// the project's settings, else ``defaultMaxRetries``.
        public var maxRetries: Int?
        /// Where the retry counts live; nil: the project's `.claude/agent-report/retries`, else
        /// the temporary folder's.
        public var stateFolder: String?
        public var environment: [String: String] = ProcessInfo.processInfo.environment
        public var now: @Sendable () -> Double = { Date().timeIntervalSince1970 }

        public init() {}
    }

    /// What the hook prints and how it exits.
    public struct Outcome: Sendable, Equatable {
        public var status: Int32
        public var stdout: String
        public var stderr: String

        static func pass(_ note: String? = nil) -> Outcome {
            Outcome(status: 0, stdout: note.map { JSONValue.object(JSONObject([("systemMessage", .string($0))])).serialized() + "\n" } ?? "",
                    stderr: "")
        }

        static func failure(_ message: String) -> Outcome {
            Outcome(status: 1, stdout: "", stderr: "agent-report hook: \(message); the answer was not checked\n")
        }
    }

    public static let defaultMaxRetries = 2

    public let options: Options

    public init(options: Options) {
        self.options = options
    }

    public func run(_ stdin: [UInt8]) -> Outcome {
        let payload: HookPayload
        do {
            guard let read = try HookPayload.read(stdin) else {
                return .pass("agent-report: stdin holds no hook payload (no hook_event_name); nothing was checked")
            }
            payload = read
        } catch {
            return .failure(error.message)
        }
        guard payload.event == "SubagentStop" else {
            return .pass("agent-report checks sub-agents' answers (SubagentStop); this \(payload.event) event was not checked")
        }
        let agent = payload.agentType ?? "the sub-agent"
        let project = options.environment["CLAUDE_PROJECT_DIR"].flatMap { $0.isEmpty ? nil : $0 } ?? payload.cwd
        let settings: ProjectSettings.Entry
        do {
            settings = try ProjectSettings.load(project: project).settings(for: payload.agentType)
        } catch {
            return .failure(error.message)
        }
        if settings.check == false { return .pass() }
        let schema: LoadedSchema
        if let forced = options.schema {
            schema = forced
        } else if let named = settings.schema {
            do {
                schema = try SchemaCatalog.load(named, projectDirectory: project)
            } catch {
                return .failure("\(ProjectSettings.path) names schema \"\(named)\" for \(agent): \(error.message)")
            }
        } else {
            guard let type = payload.agentType,
                  let definition = AgentLookup.definition(named: type, environment: options.environment, projectDirectory: project,
                                                          extra: options.agentsDirectories)
            else {
                return .pass("agent-report: no definition of agent \(agent) in .claude/agents; its answer was not checked")
            }
            do {
                schema = try cachedSchema(definition, project: project)
            } catch {
                return .pass("agent-report: the definition of agent \(agent) (\(definition.lastPathComponent)) has no Return Format "
                    + "to check its answer against; it was not checked")
            }
        }
        guard let answer = answerText(payload) else {
            return .failure(payload.agentTranscriptPath == nil
                ? "the payload has no last_assistant_message and no agent_transcript_path"
                : "no answer in the transcript \(payload.agentTranscriptPath ?? "") (missing, unreadable or with no assistant text)")
        }
        let (source, diagnostics) = SourceDecoder().decode(Array(answer.utf8), name: "\(payload.agentType ?? "answer") answer")
        let report = ReportBuilder(schema: schema).report(for: source, diagnostics: diagnostics)
        let state = RetryState(folder: stateFolder(project: project), now: options.now)
        let id = payload.agentID ?? payload.agentType ?? "agent"
        let errors = report.diagnostics.filter { $0.severity == .error }
        guard !errors.isEmpty else {
            state.clear(id)
            return publish(source, schema: schema, to: options.publish ?? settings.publish, project: project)
        }
        let attempts = state.attempts(of: id).count
        if attempts >= options.maxRetries ?? settings.maxRetries ?? Self.defaultMaxRetries {
            state.clear(id)
            let codes = errors.prefix(5).map { "\($0.code) \($0.path ?? "")".trimmingSpaces }.joined(separator: ", ")
            return .pass("agent-report: \(agent)'s answer still has \(errors.count) error\(errors.count == 1 ? "" : "s") after "
                + "\(attempts) correction\(attempts == 1 ? "" : "s") and was let through: \(codes)")
        }
        state.record(id, attempts: attempts + 1, codes: errors.map(\.code))
        let prompt = CorrectionPromptRenderer(format: schema.format).render(Verdict(report))
        return Outcome(status: 2, stdout: "", stderr: prompt)
    }

    /// A fitting answer, published when asked (a relative folder is the project's); a
    /// publishing failure is said to the user and holds nobody.
    private func publish(_ source: SourceText, schema: LoadedSchema, to folder: String?, project: String?) -> Outcome {
        guard let folder else { return .pass() }
        let root = folder.hasPrefix("/") || project == nil ? folder : project! + "/" + folder
        do {
            let results = try Publisher(root: root, schema: schema, options: PublishOptions()).publish([PublishInput(text: source)])
            switch results.first?.outcome {
            case .published(let files)?: return .pass("agent-report: published \(folder)/\(files.first ?? "")")
            default: return .pass()
            }
        } catch {
            return .pass("agent-report: the answer fits its Return Format but could not be published: \(error.message)")
        }
    }

    /// `last_assistant_message`, else the last assistant text of the sub-agent's transcript.
    private func answerText(_ payload: HookPayload) -> String? {
        if let message = payload.lastAssistantMessage { return message }
        guard let path = payload.agentTranscriptPath, let data = FileManager.default.contents(atPath: path) else { return nil }
        return TranscriptReader.lastAssistantText([UInt8](data))
    }

    private func stateFolder(project: String?) -> String {
        if let folder = options.stateFolder { return folder }
        return workFolder(project: project) + "/retries"
    }

    /// The project's `.claude/agent-report`, else one in the temporary folder.
    private func workFolder(project: String?) -> String {
        if let project, FileManager.default.fileExists(atPath: project + "/.claude") { return project + "/.claude/agent-report" }
        return NSTemporaryDirectory() + "agent-report"
    }

    /// The Return Format derived from `definition`, kept under `cache/` by the SHA-256 of the
    /// definition's text: a hook run derives it once per version of the definition.
    private func cachedSchema(_ definition: URL, project: String?) throws(SchemaCatalog.Error) -> LoadedSchema {
        guard let bytes = FileManager.default.contents(atPath: definition.path).map({ [UInt8]($0) }) else {
            throw SchemaCatalog.Error(message: "cannot read \(definition.path)")
        }
        let folder = workFolder(project: project) + "/cache"
        let cached = folder + "/" + SHA256.hex(bytes) + ".schema.json"
        if FileManager.default.fileExists(atPath: cached), var schema = try? SchemaCatalog.load(cached) {
            schema.name = definition.path
            return schema
        }
        let schema = try SchemaCatalog.load(definition.path)
        try? FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        try? OutputFile.write(schema.document.serialized(pretty: true) + "\n", to: cached)
        return schema
    }
}
