import Foundation
import JSONSchema

/// A schema ready for use: its document, the compiled validator and, when the schema
/// describes sections and fields, the Return Format that drives binding.
public struct LoadedSchema: Sendable {
    /// The bundled name (`backend-engineer`) or the path as given.
    public var name: String
    public var document: JSONValue
    /// Where the schema was read from; nil for a bundled schema.
    public var url: URL?
    /// Nil when the schema has no sections (its top level has no object properties).
    public var format: ReturnFormat?
    /// The compiled validator.
    public var validator: Schema

    /// The Return Format an answer is written in: `format` when it has sections (a schema of
    /// metadata or of JSON output has none to write).
    public var returnFormat: ReturnFormat? {
        guard let format, !format.sections.isEmpty else { return nil }
        return format
    }
}

/// The schemas shipped in `schemas/` (embedded at build time) and loading of user schemas.
public enum SchemaCatalog {
    public struct Error: Swift.Error, Sendable, CustomStringConvertible {
        public var message: String
        public var description: String { message }
    }

    /// Names of the bundled schemas, sorted.
    public static var bundledNames: [String] { EmbeddedSchemas.files.map(\.name).sorted() }

    /// The text of a bundled schema.
    public static func bundledText(_ name: String) -> String? {
        EmbeddedSchemas.files.first { $0.name == name }?.text
    }

    /// Bundled schemas that describe a Return Format (sections of fields), in name order.
    public static func bundledFormats(options: SchemaOptions = .init()) -> [LoadedSchema] {
        bundledNames.compactMap { try? load($0, options: options) }.filter(isAnswerFormat)
    }

    /// Whether `schema` is a Return Format an answer can be picked for: sections, each of fields.
    public static func isAnswerFormat(_ schema: LoadedSchema) -> Bool {
        schema.returnFormat?.sections.allSatisfy { !$0.fields.isEmpty } ?? false
    }

    /// A schema by what a user names it: a schema file by path; an agent definition by path
    /// (a markdown file with front matter: its Return Format, derived); a bundled schema by
    /// name; else an agent of the project by name (``AgentLookup``), derived. A name that is
    /// also a file's path reads the file.
    /// `projectDirectory` is where a relative path and an agent's name are looked for first
    /// (default: the current folder, and the project as ``AgentLookup`` finds it).
    public static func load(_ nameOrPath: String, options: SchemaOptions = .init(),
                            projectDirectory: String? = nil) throws(SchemaCatalog.Error) -> LoadedSchema {
        var url = URL(fileURLWithPath: nameOrPath)
        if let projectDirectory, !nameOrPath.hasPrefix("/") {
            url = URL(fileURLWithPath: projectDirectory).appendingPathComponent(nameOrPath)
        }
        if FileManager.default.fileExists(atPath: url.path) {
            // Read once, as any input is: `--schema <(…)` is a pipe.
            let data: [UInt8]
            do {
                data = try InputLoader.read(InputLoader.Source(name: nameOrPath, path: url.path))
            } catch {
                throw Error(message: "cannot read schema \(error.message)")
            }
            if isAgentDefinition(data, path: nameOrPath) {
                let definition = AgentDefinition(source: SourceDecoder().decode(data, name: url.path).0)
                return try make(name: nameOrPath, document: try AgentLookup.derivedSchema(definition, at: url), url: nil, options: options)
            }
            return try make(name: nameOrPath, text: data, url: url, options: options)
        }
        if let text = bundledText(nameOrPath) {
            return try make(name: nameOrPath, text: Array(text.utf8), url: nil, options: options)
        }
        if let definition = AgentLookup.definition(named: nameOrPath, projectDirectory: projectDirectory) {
            return try make(name: nameOrPath, document: try AgentLookup.derivedSchema(definition), url: nil, options: options)
        }
        let hint = nameOrPath.contains("/") || nameOrPath.hasSuffix(".json")
            ? "no such file"
            : "no bundled schema of that name (bundled: \(bundledNames.joined(separator: ", "))) and no agent definition "
                + "\(nameOrPath).md in the project's .claude/agents or ~/.claude/agents"
        throw Error(message: "schema \"\(nameOrPath)\": \(hint)")
    }

    /// A markdown file, or any file starting with YAML front matter, rather than JSON.
    static func isAgentDefinition(_ bytes: [UInt8], path: String) -> Bool {
        let start = bytes.starts(with: [0xEF, 0xBB, 0xBF]) ? 3 : 0
        let first = bytes[start...].first { $0 != 0x20 && $0 != 0x0A && $0 != 0x0D && $0 != 0x09 }
        if first == 0x7B || first == 0x5B { return false }  // `{` or `[`: JSON
        let lower = path.lowercased()
        return lower.hasSuffix(".md") || lower.hasSuffix(".markdown") || bytes[start...].starts(with: Array("---".utf8))
    }

    private static func make(name: String, text: [UInt8], url: URL?, options: SchemaOptions) throws(SchemaCatalog.Error) -> LoadedSchema {
        let document: JSONValue
        do {
            document = try JSONParser.parse(text)
        } catch {
            throw Error(message: "schema \(name) is not valid JSON: \(error)")
        }
        return try make(name: name, document: document, url: url, options: options)
    }

    private static func make(name: String, document: JSONValue, url: URL?, options: SchemaOptions) throws(SchemaCatalog.Error) -> LoadedSchema {
        let validator: Schema
        do {
            validator = try SchemaCompiler(options: options).compile(document, baseURI: url?.standardizedFileURL)
        } catch {
            throw Error(message: "schema \(name) is not a valid JSON Schema: \(error)")
        }
        let format = try? ReturnFormat(schema: document)
        return LoadedSchema(name: name, document: document, url: url, format: format, validator: validator)
    }
}
