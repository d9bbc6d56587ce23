import JSONSchema

/// The published reports of one output folder: one entry file per report under
/// `.agent-report/catalog/` (written last, so an entry means its files are complete), and
/// `index.json`, `index.md` and `index.html` made from the entries.
struct Catalog {
    struct Entry: Sendable {
        /// The report's file stem without its kind: `{system}-{timestamp}` and a suffix.
        var id: String
        var title: String
        /// The agent whose report it is (its schema's layout).
        var agent: String
        var system: String
        var created: String
        var securityLevel: String?
        var valid: Bool
        var errors: Int
        var warnings: Int
        /// SHA-256 of the answer's text.
        var sha256: String
        /// The input's file name (no folders, so no absolute paths).
        var source: String
        /// Paths relative to the output folder: the complete report's, then each category's.
        var markdown: String
        var html: String
        var json: String
        var categories: [(id: String, title: String, markdown: String, html: String)]

        var files: [String] { [markdown, html, json] + categories.flatMap { [$0.markdown, $0.html] } }

        var json_: JSONValue {
            .object(JSONObject([
                ("id", .string(id)), ("title", .string(title)), ("agent", .string(agent)), ("system", .string(system)),
                ("created", .string(created)),
                ("security_level", securityLevel.map(JSONValue.string) ?? .null),
                ("verdict", .string(valid ? "valid" : "invalid")),
                ("errors", .number(JSONNumber(errors))), ("warnings", .number(JSONNumber(warnings))),
                ("sha256", .string(sha256)), ("source", .string(source)),
                ("paths", .object(JSONObject([
                    ("markdown", .string(markdown)), ("html", .string(html)), ("json", .string(json)),
                    ("categories", .object(JSONObject(categories.map { category in
                        (category.id, .object(JSONObject([
                            ("title", .string(category.title)), ("markdown", .string(category.markdown)), ("html", .string(category.html)),
                        ])))
                    }))),
                ]))),
            ]))
        }

        init(id: String, title: String, agent: String, system: String, created: String, securityLevel: String?, valid: Bool, errors: Int,
             warnings: Int, sha256: String, source: String, markdown: String, html: String, json: String,
             categories: [(id: String, title: String, markdown: String, html: String)]) {
            (self.id, self.title, self.agent, self.system, self.created, self.securityLevel) = (id, title, agent, system, created, securityLevel)
            (self.valid, self.errors, self.warnings, self.sha256, self.source) = (valid, errors, warnings, sha256, source)
            (self.markdown, self.html, self.json, self.categories) = (markdown, html, json, categories)
        }

        init?(_ value: JSONValue) {
            guard let id = value["id"]?.stringValue, let paths = value["paths"], let markdown = paths["markdown"]?.stringValue,
                  let html = paths["html"]?.stringValue, let json = paths["json"]?.stringValue,
                  let sha = value["sha256"]?.stringValue
            else { return nil }
            let categories = (paths["categories"]?.objectValue ?? JSONObject()).compactMap { key, category -> (String, String, String, String)? in
                guard let md = category["markdown"]?.stringValue, let html = category["html"]?.stringValue else { return nil }
                return (key, category["title"]?.stringValue ?? key, md, html)
            }
            // An entry written before entries named their agent: the folder it was filed in.
            let folder = markdown.split(separator: "/").dropLast().joined(separator: "/")
            self.init(
                id: id, title: value["title"]?.stringValue ?? id, agent: value["agent"]?.stringValue ?? folder,
                system: value["system"]?.stringValue ?? "",
                created: value["created"]?.stringValue ?? "", securityLevel: value["security_level"]?.stringValue,
                valid: value["verdict"]?.stringValue == "valid", errors: value["errors"]?.numberValue?.intValue ?? 0,
                warnings: value["warnings"]?.numberValue?.intValue ?? 0, sha256: sha, source: value["source"]?.stringValue ?? "",
                markdown: markdown, html: html, json: json, categories: categories)
        }
    }

    static let folder = [".agent-report", "catalog"]
    /// Reports being written: a record of their files, made before the first file is written
    /// and removed once the catalog entry is. A record left behind names exactly the files a
    /// killed publisher may have left, and nothing else is ever removed.
    static let pending = [".agent-report", "pending"]
    static let lock = [".agent-report", "lock"]

    let directory: ConfinedDirectory
    private(set) var entries: [Entry] = []

    /// Reads the entries, and finishes what a killed publisher left: the files of a report it
    /// had begun but not recorded are removed (only those named in its pending record), and
    /// so are temporary files.
    init(directory: ConfinedDirectory, layout: ReportTreeLayout) {
        self.directory = directory
        for name in directory.files(in: Self.folder) where name.hasSuffix(".json") {
            if let bytes = directory.read(Self.folder + [name]), let value = try? JSONParser.parse(bytes), let entry = Entry(value) {
                entries.append(entry)
            }
        }
        let recorded = Set(entries.map(\.id))
        for name in directory.files(in: Self.pending) where name.hasSuffix(".json") {
            let id = String(name.dropLast(5))
            if !recorded.contains(id), let bytes = directory.read(Self.pending + [name]), let value = try? JSONParser.parse(bytes) {
                for file in value["files"]?.arrayValue ?? [] {
                    guard let path = file.stringValue, Self.isReportPath(path, id: id) else { continue }
                    directory.remove(path.split(separator: "/").map(String.init))
                }
            }
            directory.remove(Self.pending + [name])
        }
        // Temporary files: in this tree's folders, every other tree's with a report, and the catalog's.
        var folders = [layout.directory] + layout.categories.map { layout.directory + [$0.directory] } + [Self.folder, Self.pending, []]
        for entry in entries {
            for file in entry.files {
                let folder = Array(file.split(separator: "/").map(String.init).dropLast())
                if !folders.contains(folder) { folders.append(folder) }
            }
        }
        for folder in folders {
            for name in directory.files(in: folder) where name.hasPrefix(ConfinedDirectory.temporaryPrefix) {
                directory.remove(folder + [name])
            }
        }
        entries.sort { ($0.created, $0.id) < ($1.created, $1.id) }
    }

    /// Whether `path` names a file of the report `id` (`{system}-{ts}` and a suffix): in a
    /// folder of plain names outside `.agent-report`, named `{system}-{kind}-{ts}{suffix}` with
    /// a report's extension — so that a tampered pending record cannot remove anything else.
    static func isReportPath(_ path: String, id: String) -> Bool {
        let parts = path.split(separator: "/", omittingEmptySubsequences: false).map(String.init)
        guard let name = parts.last, parts.count >= 2, parts.dropLast().allSatisfy(ReportTreeLayout.isSafeName),
              parts.first != ".agent-report", ConfinedDirectory.isPlainName(name), !name.hasPrefix(".") else { return false }
        guard let dot = name.lastIndex(of: "."), ["md", "html", "json"].contains(name[name.index(after: dot)...]),
              let (system, stamp) = Self.split(id) else { return false }
        let stem = name[..<dot]
        return stem.hasPrefix(system + "-") && stem.hasSuffix("-" + stamp) && stem.count > system.count + stamp.count + 2
    }

    /// `payments-2025-03-01-120000-2` → (`payments`, `2025-03-01-120000-2`): the system, and the
    /// timestamp with its suffix.
    static func split(_ id: String) -> (String, String)? {
        let parts = id.split(separator: "-", omittingEmptySubsequences: false)
        // `YYYY-MM-DD-HHMMSS`, then an optional numeric suffix, after at least one part of system.
        for start in parts.indices.dropFirst() where start + 3 < parts.count {
            let stamp = parts[start..<(start + 4)]
            let shape = [4, 2, 2, 6]
            guard zip(stamp, shape).allSatisfy({ $0.count == $1 && $0.allSatisfy(\.isASCII) && $0.allSatisfy(\.isNumber) }) else { continue }
            let rest = parts[(start + 4)...]
            guard rest.count <= 1, rest.allSatisfy({ !$0.isEmpty && $0.allSatisfy(\.isNumber) }) else { continue }
            return (parts[..<start].joined(separator: "-"), parts[start...].joined(separator: "-"))
        }
        return nil
    }

    /// Records that a report's files are about to be written.
    func begin(id: String, files: [String]) throws(ConfinedDirectory.Failure) {
        let record = JSONValue.object(JSONObject([("id", .string(id)), ("files", .array(files.map(JSONValue.string)))]))
        try directory.write(Array(record.serialized().utf8), to: Self.pending, name: "\(id).json")
    }

    /// The digests of the answers published in `directory`, read without the lock: a hint
    /// for skipping work, confirmed under the lock.
    static func publishedDigests(in directory: ConfinedDirectory) -> Set<String> {
        var digests = Set<String>()
        for name in directory.files(in: folder) where name.hasSuffix(".json") {
            if let bytes = directory.read(folder + [name]), let value = try? JSONParser.parse(bytes), let sha = value["sha256"]?.stringValue {
                digests.insert(sha)
            }
        }
        return digests
    }

    func entry(sha256: String) -> Entry? {
        entries.first { $0.sha256 == sha256 }
    }

    func isTaken(_ id: String) -> Bool {
        entries.contains { $0.id == id }
    }

    /// Records an entry; its report files must already be in place.
    mutating func add(_ entry: Entry) throws(ConfinedDirectory.Failure) {
        try directory.write(Array(entry.json_.serialized(pretty: true).utf8) + [0x0A], to: Self.folder, name: "\(entry.id).json")
        directory.remove(Self.pending + ["\(entry.id).json"])
        entries.append(entry)
        entries.sort { ($0.created, $0.id) < ($1.created, $1.id) }
    }

    /// Writes index.json, index.md and index.html from the entries.
    func writeIndexes(layout: ReportTreeLayout) throws(ConfinedDirectory.Failure) {
        let index = JSONValue.object(JSONObject([
            ("reports", .array(entries.map(\.json_))),
            ("count", .number(JSONNumber(entries.count))),
        ]))
        try directory.write(Array(index.serialized(pretty: true).utf8) + [0x0A], to: [], name: "index.json")
        try directory.write(Array(markdownIndex(layout: layout).utf8), to: [], name: "index.md")
        try directory.write(Array(CatalogPage(entries: entries, groups: groups(layout: layout)).render().utf8), to: [], name: "index.html")
    }

    /// The agents with reports, by name (this tree's agent among them, even with none yet),
    /// each with its reports, newest last, and its categories: this tree's as its layout
    /// declares them, another agent's as its reports name them.
    func groups(layout: ReportTreeLayout) -> [(agent: String, entries: [Entry], categories: [(id: String, title: String)])] {
        let agents = Set(entries.map(\.agent)).union([layout.agent]).sorted()
        return agents.map { agent in
            let own = entries.filter { $0.agent == agent }
            var categories: [(id: String, title: String)] = agent == layout.agent ? layout.categories.map { ($0.id, $0.title) } : []
            for entry in own {
                for category in entry.categories where !categories.contains(where: { $0.id == category.id }) {
                    categories.append((category.id, category.title))
                }
            }
            return (agent, own, categories)
        }
    }

    /// `backend-engineer` → `Backend Engineer`.
    static func agentTitle(_ agent: String) -> String {
        DesignMetadata.words(agent.replacingOccurrences(of: "_", with: "-").replacingOccurrences(of: "/", with: "-"))
    }

    private func markdownIndex(layout: ReportTreeLayout) -> String {
        var out = "# Reports\n\n\(entries.count) report\(entries.count == 1 ? "" : "s").\n"
        for group in groups(layout: layout) {
            out += "\n## \(Self.cell(Self.agentTitle(group.agent)))\n\n"
            if group.entries.isEmpty {
                out += "None yet.\n"
            } else {
                out += "| Title | System | Created | Security level | Verdict | Errors | Warnings |\n|---|---|---|---|---|---|---|\n"
                for entry in group.entries {
                    out += "| [\(Self.cell(entry.title))](\(Self.link(entry.markdown))) | \(Self.cell(entry.system)) | \(entry.created) | "
                        + "\(Self.cell(entry.securityLevel ?? "")) | \(entry.valid ? "valid" : "invalid") | \(entry.errors) | \(entry.warnings) |\n"
                }
            }
            for category in group.categories {
                let items = group.entries.compactMap { entry in entry.categories.first { $0.id == category.id }.map { (entry, $0) } }
                out += "\n### \(Self.cell(category.title))\n\n"
                out += items.isEmpty ? "None yet.\n" : items.map { "- [\(Self.cell($0.0.title))](\(Self.link($0.1.markdown))) (\($0.0.created))\n" }.joined()
            }
        }
        return out
    }

    /// Text for a Markdown table cell: no pipes, brackets or line breaks from the input.
    private static func cell(_ text: String) -> String {
        var out = ""
        for character in text {
            switch character {
            case "|", "[", "]", "<", ">", "\\", "`", "*", "_": out += "\\\(character)"
            case "\n", "\r": out += " "
            default: out.append(character)
            }
        }
        return out
    }

    /// A relative link, percent-encoded where Markdown would misread it.
    private static func link(_ path: String) -> String {
        path.replacingOccurrences(of: " ", with: "%20").replacingOccurrences(of: "(", with: "%28").replacingOccurrences(of: ")", with: "%29")
    }
}
