import JSONSchema

/// Where a schema's reports go, as the schema declares it (`x-report-tree` at the top,
/// `x-report-category` on sections) — the code knows no category names. A schema that
/// declares none publishes under `Reports/{agent}/{system}-{agent}-{ts}.{md,html,json}`, its
/// agent named after the schema (`reviewer` for `reviewer.schema.json`).
///
/// ```json
/// "x-report-tree": {"directory": "Design/Backend", "complete": "backend-design",
///                   "metadata": "backend-design-document",
///                   "categories": [{"id": "api", "directory": "API", "kind": "api-design", "title": "API Design"}]}
/// ```
public struct ReportTreeLayout: Sendable {
    public struct Category: Sendable {
        public var id: String
        /// Folder under the tree's directory.
        public var directory: String
        /// The file name's kind: `{system}-{kind}-{timestamp}.md`.
        public var kind: String
        public var title: String
        /// Keys of the sections that belong to it.
        public var sectionKeys: [String]
    }

    /// The agent whose reports these are, as a slug (`backend-engineer`, `reviewer`).
    public var agent: String
    /// Path components of the tree under the output directory (`Design`, `Backend`).
    public var directory: [String]
    /// The complete report's kind (`backend-design`).
    public var completeKind: String
    /// The bundled schema that describes the metadata, if any.
    public var metadataSchema: String?
    public var categories: [Category]

    public struct Error: Swift.Error, Sendable, CustomStringConvertible {
        public var message: String
        public var description: String { message }
    }

    public init(format: ReturnFormat, schemaName: String) throws(ReportTreeLayout.Error) {
        guard let tree = format.annotations["x-report-tree"]?.objectValue else {
            agent = Self.agentName(schemaName)
            directory = ["Reports", agent]
            completeKind = agent
            metadataSchema = nil
            categories = []
            return
        }
        if let agent = tree["agent"]?.stringValue, !Self.isSafeName(agent) {
            throw Error(message: "schema \(schemaName): x-report-tree.agent must be letters, digits, - and _")
        }
        let directory = (tree["directory"]?.stringValue ?? "").split(separator: "/").map(String.init)
        guard !directory.isEmpty, directory.allSatisfy(Self.isSafeName) else {
            throw Error(message: "schema \(schemaName): x-report-tree.directory must be folder names of letters, digits, - and _, joined by /")
        }
        guard let complete = tree["complete"]?.stringValue, Self.isSafeName(complete) else {
            throw Error(message: "schema \(schemaName): x-report-tree.complete must name the complete report's kind (letters, digits, - and _)")
        }
        var categories: [Category] = []
        for entry in tree["categories"]?.arrayValue ?? [] {
            guard let id = entry["id"]?.stringValue, let folder = entry["directory"]?.stringValue, let kind = entry["kind"]?.stringValue,
                  Self.isSafeName(folder), Self.isSafeName(kind)
            else {
                throw Error(message: "schema \(schemaName): each x-report-tree category needs an id, and a directory and kind of letters, digits, - and _")
            }
            let keys = format.sections.filter { $0.annotations["x-report-category"]?.stringValue == id }.map(\.key)
            categories.append(Category(id: id, directory: folder, kind: kind, title: entry["title"]?.stringValue ?? kind, sectionKeys: keys))
        }
        self.agent = tree["agent"]?.stringValue ?? Self.agentName(schemaName)
        self.directory = directory
        self.completeKind = complete
        self.metadataSchema = tree["metadata"]?.stringValue
        self.categories = categories
    }

    /// The agent a schema is named after: a bundled name as it is, a file's name without its
    /// folders and `.schema.json` or `.json`, as a slug.
    static func agentName(_ schemaName: String) -> String {
        var name = Substring(schemaName.split(separator: "/").last ?? "")
        for suffix in [".json", ".schema", ".md"] where name.hasSuffix(suffix) { name = name.dropLast(suffix.count) }
        let slug = slug(String(name))
        return slug == "system" && name.isEmpty ? "agent" : slug
    }

    static func isSafeName(_ name: String) -> Bool {
        !name.isEmpty && name.count <= 64 && name != "." && name != ".." && name.utf8.allSatisfy { b in
            (b >= 0x30 && b <= 0x39) || (b >= 0x41 && b <= 0x5A) || (b >= 0x61 && b <= 0x7A) || b == 0x2D || b == 0x5F
        }
    }

    /// A `system` name as a file-name slug: lower-case letters, digits and single hyphens, at
    /// most 64 characters, never empty (`system`), never `.` or `..`.
    public static func slug(_ name: String) -> String {
        var out: [UInt8] = []
        var pendingHyphen = false
        for scalar in name.unicodeScalars {
            let v = scalar.value
            let byte: UInt8?
            if v >= 0x41 && v <= 0x5A { byte = UInt8(v + 0x20) }
            else if (v >= 0x61 && v <= 0x7A) || (v >= 0x30 && v <= 0x39) { byte = UInt8(v) }
            else { byte = nil }
            if let byte {
                if pendingHyphen && !out.isEmpty { out.append(0x2D) }
                pendingHyphen = false
                out.append(byte)
                if out.count >= 64 { break }
            } else {
                pendingHyphen = true
            }
        }
        while out.last == 0x2D { out.removeLast() }
        return out.isEmpty ? "system" : String(decoding: out, as: UTF8.self)
    }
}
