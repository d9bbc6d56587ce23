import Foundation
import JSONSchema

/// Finds a project's agent definitions by name, as Claude Code does: `.claude/agents/NAME.md`
/// (or a definition there whose front matter `name` is NAME) in the project folder —
/// `CLAUDE_PROJECT_DIR` when set, else the current folder or the nearest folder above it that
/// has a `.claude` folder — then in `~/.claude/agents`.
public enum AgentLookup {
    /// The folders searched for `name`, in order.
    public static func agentFolders(environment: [String: String] = ProcessInfo.processInfo.environment) -> [URL] {
        var folders: [URL] = []
        if let project = environment["CLAUDE_PROJECT_DIR"], !project.isEmpty {
            folders.append(URL(fileURLWithPath: project).appendingPathComponent(".claude/agents"))
        } else {
            var folder = URL(fileURLWithPath: FileManager.default.currentDirectoryPath)
            for _ in 0..<64 {
                let candidate = folder.appendingPathComponent(".claude")
                if FileManager.default.fileExists(atPath: candidate.path) {
                    folders.append(candidate.appendingPathComponent("agents"))
                    break
                }
                let parent = folder.deletingLastPathComponent()
                if parent.path == folder.path { break }
                folder = parent
            }
        }
        if let home = environment["HOME"], !home.isEmpty {
            folders.append(URL(fileURLWithPath: home).appendingPathComponent(".claude/agents"))
        }
        return folders
    }

    /// The definition file of the agent `name` (`reviewer`, or `plugin:reviewer` read as
    /// `reviewer`), if there is one.
    public static func definition(named name: String, environment: [String: String] = ProcessInfo.processInfo.environment) -> URL? {
        let bare = String(name.split(separator: ":").last ?? "")
        guard !bare.isEmpty, !bare.contains("/"), bare != ".", bare != ".." else { return nil }
        for folder in agentFolders(environment: environment) {
            let direct = folder.appendingPathComponent(bare + ".md")
            if FileManager.default.fileExists(atPath: direct.path) { return direct }
            let files = ((try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []).filter { $0.hasSuffix(".md") }.sorted()
            for file in files {
                let url = folder.appendingPathComponent(file)
                guard let data = FileManager.default.contents(atPath: url.path), data.count < 1 << 20 else { continue }
                let (source, _) = SourceDecoder().decode([UInt8](data), name: url.path)
                if AgentDefinition(source: source).frontMatter?.value?["name"]?.stringValue == bare { return url }
            }
        }
        return nil
    }

    /// The Return Format schema derived from the definition at `url`.
    public static func derivedSchema(_ url: URL) throws(SchemaCatalog.Error) -> JSONValue {
        guard let data = FileManager.default.contents(atPath: url.path) else {
            throw SchemaCatalog.Error(message: "cannot read agent definition \(url.path)")
        }
        let (source, _) = SourceDecoder().decode([UInt8](data), name: url.path)
        switch SchemaDeriver().derive(AgentDefinition(source: source)) {
        case .success(let derivation): return derivation.schema
        case .failure(let failure): throw SchemaCatalog.Error(message: "agent definition \(url.path): \(failure.message)")
        }
    }
}
