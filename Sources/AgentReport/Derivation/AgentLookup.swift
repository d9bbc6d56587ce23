import Foundation
import JSONSchema

/// Finds a project's agent definitions by name, as Claude Code does: `.claude/agents/NAME.md`
/// (or a definition there whose front matter `name` is NAME) in the project folder —
/// `CLAUDE_PROJECT_DIR` when set, else the current folder or the nearest folder above it that
/// has a `.claude` folder — then in `~/.claude/agents`.
public enum AgentLookup {
    /// The folders searched, in order: the project's `.claude/agents` (the project is
    /// `CLAUDE_PROJECT_DIR`, else `projectDirectory`, else the nearest folder at or above the
    /// current one with a `.claude` folder), `~/.claude/agents`, then `extra`.
    public static func agentFolders(environment: [String: String] = ProcessInfo.processInfo.environment,
                                    projectDirectory: String? = nil, extra: [String] = []) -> [URL] {
        var folders: [URL] = []
        if let project = self.projectDirectory(environment: environment, given: projectDirectory) {
            folders.append(URL(fileURLWithPath: project).appendingPathComponent(".claude/agents"))
        }
        if let home = environment["HOME"], !home.isEmpty {
            folders.append(URL(fileURLWithPath: home).appendingPathComponent(".claude/agents"))
        }
        return folders + extra.map { URL(fileURLWithPath: $0) }
    }

    /// The project folder: `CLAUDE_PROJECT_DIR`, else `given`, else the nearest folder at or
    /// above the current one with a `.claude` folder; nil when there is none.
    public static func projectDirectory(environment: [String: String] = ProcessInfo.processInfo.environment,
                                        given: String? = nil) -> String? {
        if let project = environment["CLAUDE_PROJECT_DIR"].flatMap({ $0.isEmpty ? nil : $0 }) ?? given { return project }
        var folder = URL(fileURLWithPath: FileManager.default.currentDirectoryPath)
        for _ in 0..<64 {
            if FileManager.default.fileExists(atPath: folder.appendingPathComponent(".claude").path) { return folder.path }
            let parent = folder.deletingLastPathComponent()
            if parent.path == folder.path { break }
            folder = parent
        }
        return nil
    }

    /// The definition file of the agent `name` (`reviewer`, or `plugin:reviewer` read as
    /// `reviewer`): in each folder in turn, the definition whose front matter `name` is that
    /// name in any case, else the file of that name.
    public static func definition(named name: String, environment: [String: String] = ProcessInfo.processInfo.environment,
                                  projectDirectory: String? = nil, extra: [String] = []) -> URL? {
        let bare = String(name.split(separator: ":").last ?? "").lowercased()
        guard !bare.isEmpty, !bare.contains("/"), bare != ".", bare != ".." else { return nil }
        for folder in agentFolders(environment: environment, projectDirectory: projectDirectory, extra: extra) {
            let files = definitionFiles(in: folder)
            if let match = definitions(files).first(where: { $0.definition.frontMatter?.value?["name"]?.stringValue?.lowercased() == bare }) {
                return match.url
            }
            if let file = files.first(where: { $0.deletingPathExtension().lastPathComponent.lowercased() == bare }) { return file }
        }
        return nil
    }

    /// The `.md` files of `folder`, in name order.
    public static func definitionFiles(in folder: URL) -> [URL] {
        ((try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []).filter { $0.hasSuffix(".md") }.sorted()
            .map { folder.appendingPathComponent($0) }
    }

    /// The definitions in `files`, each read (up to 1 MiB) only when the sequence reaches it.
    public static func definitions(_ files: [URL]) -> some Sequence<(url: URL, definition: AgentDefinition)> {
        files.lazy.compactMap { url -> (url: URL, definition: AgentDefinition)? in
            guard let data = FileManager.default.contents(atPath: url.path), data.count < 1 << 20 else { return nil }
            return (url, AgentDefinition(source: SourceDecoder().decode([UInt8](data), name: url.path).0))
        }
    }

    /// The name an agent is called by: its front matter `name`, else its file's name.
    public static func name(of definition: AgentDefinition, at url: URL) -> String {
        definition.value(of: "name")?.stringValue ?? url.deletingPathExtension().lastPathComponent
    }

    /// The Return Format schema derived from the definition at `url`.
    public static func derivedSchema(_ url: URL) throws(SchemaCatalog.Error) -> JSONValue {
        guard let data = FileManager.default.contents(atPath: url.path) else {
            throw SchemaCatalog.Error(message: "cannot read agent definition \(url.path)")
        }
        return try derivedSchema(AgentDefinition(source: SourceDecoder().decode([UInt8](data), name: url.path).0), at: url)
    }

    /// The Return Format schema derived from `definition`, read from `url`.
    public static func derivedSchema(_ definition: AgentDefinition, at url: URL) throws(SchemaCatalog.Error) -> JSONValue {
        switch SchemaDeriver().derive(definition) {
        case .success(let derivation): return derivation.schema
        // The deriver's message names the file already.
        case .failure(let failure): throw SchemaCatalog.Error(message: "agent definition \(failure.message)")
        }
    }
}
