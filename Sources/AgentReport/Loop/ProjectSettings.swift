import Foundation
import JSONSchema

/// A project's `.claude/agent-report.json`: what the hook does for each of its sub-agents —
/// which schema an answer is checked against, how many times an agent is sent back, where
/// fitting answers are published, which agents are not checked. Settings at the top level are
/// every agent's; an agent's entry under `agents` overrides them. The file is checked against
/// `schemas/agent-report-config.schema.json`, so a misspelt key is an error, not a silent default.
public struct ProjectSettings: Sendable {
    /// One agent's settings; nil: not said here.
    public struct Entry: Sendable, Equatable {
        public var schema: String?
        public var maxRetries: Int?
        public var publish: String?
        public var check: Bool?

        public init(schema: String? = nil, maxRetries: Int? = nil, publish: String? = nil, check: Bool? = nil) {
            self.schema = schema
            self.maxRetries = maxRetries
            self.publish = publish
            self.check = check
        }

        /// These settings, with `other`'s where `other` says something.
        func overridden(by other: Entry) -> Entry {
            Entry(schema: other.schema ?? schema, maxRetries: other.maxRetries ?? maxRetries,
                  publish: other.publish ?? publish, check: other.check ?? check)
        }

        init(_ value: JSONValue) {
            schema = value["schema"]?.stringValue
            maxRetries = value["maxRetries"]?.numberValue?.intValue
            publish = value["publish"]?.stringValue
            check = value["check"]?.boolValue
        }
    }

    public struct Error: Swift.Error, Sendable, CustomStringConvertible {
        public var message: String
        public var description: String { message }
    }

    /// Where the file is, relative to the project.
    public static let path = ".claude/agent-report.json"

    /// The top level: every agent's.
    public var defaults: Entry
    /// Entries by agent name, as written.
    public var agents: [(name: String, entry: Entry)]

    public init(defaults: Entry = Entry(), agents: [(name: String, entry: Entry)] = []) {
        self.defaults = defaults
        self.agents = agents
    }

    /// The settings of the agent Claude Code calls `agentType`: its entry by the name in full,
    /// else in any case, else (for `plugin:name`) by the part after the colon, over the top level.
    public func settings(for agentType: String?) -> Entry {
        guard let agentType else { return defaults }
        let lower = agentType.lowercased()
        let bare = String(lower.split(separator: ":").last ?? "")
        let entry = agents.first { $0.name == agentType } ?? agents.first { $0.name.lowercased() == lower }
            ?? agents.first { $0.name.lowercased() == bare }
        return entry.map { defaults.overridden(by: $0.entry) } ?? defaults
    }

    /// The settings of the project at `project`; empty when it has no such file.
    public static func load(project: String?) throws(ProjectSettings.Error) -> ProjectSettings {
        guard let project else { return ProjectSettings() }
        let file = project + "/" + path
        guard let data = FileManager.default.contents(atPath: file) else { return ProjectSettings() }
        return try parse([UInt8](data))
    }

    /// Settings from the text of a settings file; an error names the place of what is wrong.
    public static func parse(_ bytes: [UInt8]) throws(ProjectSettings.Error) -> ProjectSettings {
        let value: JSONValue
        do {
            value = try JSONParser.parse(bytes)
        } catch {
            throw Error(message: "\(path): not valid JSON at \(error.line):\(error.column): \(error.message)")
        }
        if let problem = schema?.validate(value).first {
            let place = problem.instanceLocation.description.isEmpty ? "the top level" : problem.instanceLocation.description
            throw Error(message: "\(path): \(place): \(problem.message) (see schema show agent-report-config)")
        }
        let agents = value["agents"]?.objectValue.map { object in object.map { (name: $0.key, entry: Entry($0.value)) } } ?? []
        return ProjectSettings(defaults: Entry(value), agents: agents)
    }

    /// The bundled schema of the file, compiled once.
    private static let schema: Schema? = SchemaCatalog.bundledText("agent-report-config").flatMap { text in
        (try? JSONParser.parse(text)).flatMap { try? SchemaCompiler().compile($0) }
    }
}
