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
        bundledNames.compactMap { try? load($0, options: options) }.filter { schema in
            guard let format = schema.format else { return false }
            return !format.sections.isEmpty && format.sections.allSatisfy { !$0.fields.isEmpty }
        }
    }

    /// A bundled schema by name, or a schema file by path (a name that is also a file's path
    /// reads the file).
    public static func load(_ nameOrPath: String, options: SchemaOptions = .init()) throws(SchemaCatalog.Error) -> LoadedSchema {
        let url = URL(fileURLWithPath: nameOrPath)
        if FileManager.default.fileExists(atPath: url.path) {
            let data: Data
            do {
                data = try Data(contentsOf: url)
            } catch {
                throw Error(message: "cannot read schema \(nameOrPath): \(error.localizedDescription)")
            }
            return try make(name: nameOrPath, text: Array(data), url: url, options: options)
        }
        guard let text = bundledText(nameOrPath) else {
            let hint = nameOrPath.contains("/") || nameOrPath.hasSuffix(".json")
                ? "no such file"
                : "no bundled schema of that name (bundled: \(bundledNames.joined(separator: ", ")))"
            throw Error(message: "schema \"\(nameOrPath)\": \(hint)")
        }
        return try make(name: nameOrPath, text: Array(text.utf8), url: nil, options: options)
    }

    private static func make(name: String, text: [UInt8], url: URL?, options: SchemaOptions) throws(SchemaCatalog.Error) -> LoadedSchema {
        let document: JSONValue
        do {
            document = try JSONParser.parse(text)
        } catch {
            throw Error(message: "schema \(name) is not valid JSON: \(error)")
        }
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
