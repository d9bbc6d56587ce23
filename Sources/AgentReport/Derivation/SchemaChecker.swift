import Foundation
import JSONSchema

/// Checks that a schema is valid JSON Schema draft 2020-12 and that it can drive parsing.
///
/// Valid means: it parses as JSON, it validates against the draft 2020-12 meta-schema
/// (`https://json-schema.org/draft/2020-12/schema`, embedded in the JSONSchema module) and it
/// compiles. Driving parsing means: `ReturnFormat` reads sections from its top-level
/// properties, every section and field has a `title`, titles are unique within their parent
/// (after the binder's normalisation), and sections are objects. Each finding is a diagnostic
/// with the JSON Pointer of the schema location and, where the key can be found in the text,
/// its line and column.
public struct SchemaChecker: Sendable {
    public var options: SchemaOptions

    public init(options: SchemaOptions = .init()) {
        self.options = options
    }

    /// The draft 2020-12 meta-schema, compiled once.
    private static let metaSchema: Result<Schema, SchemaError> = Result {
        () throws(SchemaError) -> Schema in
        try SchemaCompiler().compile(["$ref": .string(JSONSchemaModule.dialect)])
    }

    public func check(_ source: SourceText, url: URL? = nil) -> [Diagnostic] {
        let document: JSONValue
        do {
            document = try JSONParser.parse(source.bytes)
        } catch {
            let offset = min(max(0, error.offset), source.bytes.count)
            return [.schemaInvalidJSON(error.message, range: source.range(offset..<offset))]
        }
        var found: [Diagnostic] = []
        if let dialect = document["$schema"]?.stringValue, dialect.trimmingSuffix("#") != JSONSchemaModule.dialect {
            found.append(.schemaDialect(dialect, range: Self.locate(JSONPointer(["$schema"]), in: source)))
        }
        switch Self.metaSchema {
        case .success(let meta):
            for error in meta.validate(document) {
                found.append(.schemaMeta(error, range: Self.locate(error.instanceLocation, in: source)))
            }
        case .failure(let error):
            found.append(.schemaCompile(error.message, path: nil, range: nil))
        }
        do {
            _ = try SchemaCompiler(options: options).compile(document, baseURI: url?.standardizedFileURL)
        } catch {
            found.append(.schemaCompile(error.message, path: error.keywordLocation?.description,
                                        range: error.keywordLocation.flatMap { Self.locate($0, in: source) }))
        }
        if !found.contains(where: { $0.severity == .error }) {
            found += formatFindings(document, source: source)
        }
        return found
    }

    /// Whether the sections and fields can drive parsing.
    private func formatFindings(_ document: JSONValue, source: SourceText) -> [Diagnostic] {
        let format: ReturnFormat
        do {
            format = try ReturnFormat(schema: document)
        } catch {
            return [.schemaFormat(error.message, range: nil)]
        }
        guard !format.sections.isEmpty else {
            return [.schemaNoSections(range: Self.locate(JSONPointer(), in: source))]
        }
        var found: [Diagnostic] = []
        let raw = RawSchema(document: document)
        var titles: [String: String] = [:]
        for section in format.sections {
            let pointer = JSONPointer(["properties", section.key])
            let object = raw.child(of: raw.root, key: section.key)
            let range = Self.locate(pointer, in: source)
            if object?["title"]?.stringValue == nil {
                found.append(.schemaMissingTitle(kind: "section", key: section.key, pointer: pointer, range: range))
            }
            let bindable: Set<String> = ["object", "array", "string", "integer", "number", "boolean"]
            if let type = object?["type"], !((type.arrayValue ?? [type]).contains { $0.stringValue.map(bindable.contains) ?? false }) {
                found.append(.schemaSectionType(section.key, pointer: pointer, range: range))
            }
            let normalized = TitleMatcher.normalize(section.title)
            if let other = titles[normalized] {
                found.append(.schemaDuplicateTitle(section.title, other: other, pointer: pointer, range: range))
            }
            titles[normalized] = section.key
            if section.kind != .checklist {
                let (members, at) = Self.members(of: object, at: pointer, resolver: raw)
                found += fieldFindings(section.fields, raw: members, resolver: raw, at: at, source: source)
            }
        }
        return found
    }

    /// Where a node's fields are: its own `properties`, or its `items`' for a repeated block.
    private static func members(of object: JSONObject?, at pointer: JSONPointer, resolver: RawSchema) -> (JSONObject?, JSONPointer) {
        guard let items = object?["items"], let resolved = try? resolver.resolver.resolve(items, at: "") else { return (object, pointer) }
        return (resolved, pointer.appending("items"))
    }

    private func fieldFindings(
        _ fields: [ReturnFormat.Field], raw parent: JSONObject?, resolver: RawSchema, at pointer: JSONPointer, source: SourceText
    ) -> [Diagnostic] {
        var found: [Diagnostic] = []
        var titles: [String: String] = [:]
        for field in fields {
            let here = pointer.appending("properties").appending(field.key)
            let object = resolver.child(of: parent, key: field.key)
            let range = Self.locate(here, in: source)
            if object?["title"]?.stringValue == nil {
                found.append(.schemaMissingTitle(kind: "field", key: field.key, pointer: here, range: range))
            }
            let normalized = TitleMatcher.normalize(field.title)
            if let other = titles[normalized] {
                found.append(.schemaDuplicateTitle(field.title, other: other, pointer: here, range: range))
            }
            titles[normalized] = field.key
            if field.kind == .other, let type = object?["type"] {
                found.append(.schemaFieldType(field.title, type: type.serialized(), pointer: here, range: range))
            }
            if field.kind != .checklist {
                let (members, at) = Self.members(of: object, at: here, resolver: resolver)
                found += fieldFindings(field.fields, raw: members, resolver: resolver, at: at, source: source)
            }
        }
        return found
    }

    /// Where a JSON Pointer's last key is written: each token searched for, as a `"key":`, after
    /// the one before it. Nil when a token is not found (such as an array index).
    static func locate(_ pointer: JSONPointer, in source: SourceText) -> SourceRange? {
        guard !source.bytes.isEmpty else { return nil }
        var from = 0
        var found = 0..<min(1, source.bytes.count)
        for token in pointer.tokens where Int(token) == nil {
            let needle = Array(JSONValue.string(token).serialized().utf8)
            guard let at = Self.find(needle, in: source.bytes, from: from) else { return nil }
            found = at..<(at + needle.count)
            from = found.upperBound
        }
        return source.range(found)
    }

    /// The offset of `needle` followed by optional white space and `:`.
    private static func find(_ needle: [UInt8], in bytes: [UInt8], from: Int) -> Int? {
        guard let first = needle.first, needle.count <= bytes.count else { return nil }
        var i = from
        while i + needle.count <= bytes.count {
            if bytes[i] == first && bytes[i..<(i + needle.count)].elementsEqual(needle) {
                var j = i + needle.count
                while j < bytes.count && (bytes[j] == 0x20 || bytes[j] == 0x0A || bytes[j] == 0x0D || bytes[j] == 0x09) { j += 1 }
                if j < bytes.count && bytes[j] == 0x3A { return i }
            }
            i += 1
        }
        return nil
    }
}

private extension String {
    func trimmingSuffix(_ suffix: String) -> String {
        hasSuffix(suffix) ? String(dropLast(suffix.count)) : self
    }
}

// MARK: - Messages

extension Diagnostic {
    static func schemaInvalidJSON(_ problem: String, range: SourceRange) -> Diagnostic {
        Diagnostic(.error, "schema-invalid-json", "the schema is not valid JSON: \(problem)", range: range)
    }

    static func schemaDialect(_ dialect: String, range: SourceRange?) -> Diagnostic {
        Diagnostic(
            .warning, "schema-dialect", "$schema is \"\(dialect)\"; agent-report reads draft 2020-12", range: range, path: "/$schema",
            suggestion: "\"$schema\": \"\(JSONSchemaModule.dialect)\"")
    }

    static func schemaMeta(_ error: ValidationError, range: SourceRange?) -> Diagnostic {
        Diagnostic(
            .error, "schema-meta", "not valid draft 2020-12: \(error.message) (meta-schema keyword \(error.keyword))",
            range: range, path: error.instanceLocation.description)
    }

    static func schemaCompile(_ problem: String, path: String?, range: SourceRange?) -> Diagnostic {
        Diagnostic(.error, "schema-compile", "the schema does not compile: \(problem)", range: range, path: path)
    }

    static func schemaFormat(_ problem: String, range: SourceRange?) -> Diagnostic {
        Diagnostic(.error, "schema-unbindable", "the schema cannot drive parsing: \(problem)", range: range)
    }

    static func schemaNoSections(range: SourceRange?) -> Diagnostic {
        Diagnostic(
            .error, "schema-no-sections", "the schema has no top-level properties, so it describes no sections to parse an answer into",
            range: range, path: "",
            suggestion: "give it \"properties\": one object property per section, each with \"title\" and field \"properties\"")
    }

    static func schemaMissingTitle(kind: String, key: String, pointer: JSONPointer, range: SourceRange?) -> Diagnostic {
        Diagnostic(
            .error, "schema-missing-title", "\(kind) \"\(key)\" has no \"title\": the heading or label an answer writes is unknown",
            range: range, path: pointer.description,
            suggestion: "add \"title\": \"\(ReturnFormat.titleFromKey(key))\" (as the Return Format writes it)")
    }

    static func schemaDuplicateTitle(_ title: String, other: String, pointer: JSONPointer, range: SourceRange?) -> Diagnostic {
        Diagnostic(
            .error, "schema-duplicate-title", "title \"\(title)\" reads the same as the title of \"\(other)\"; an answer could not tell them apart",
            range: range, path: pointer.description, suggestion: "give each sibling a distinct title")
    }

    static func schemaSectionType(_ key: String, pointer: JSONPointer, range: SourceRange?) -> Diagnostic {
        Diagnostic(
            .error, "schema-section-type", "section \"\(key)\" has a type no answer can be read into; a section is an object of fields, an array (repeated blocks, a list, a checklist) or a value written under its heading",
            range: range, path: pointer.description, suggestion: "\"type\": \"object\"")
    }

    static func schemaFieldType(_ title: String, type: String, pointer: JSONPointer, range: SourceRange?) -> Diagnostic {
        Diagnostic(
            .warning, "schema-field-type", "field \"\(title)\" has type \(type), but a field bound from an answer is text (or a list)",
            range: range, path: pointer.description, suggestion: "use \"string\" with a \"pattern\" or \"enum\", or \"array\"")
    }
}

extension SchemaChecker {
    static let entries: [DiagnosticCatalog.Entry] = [
        .init(code: "schema-invalid-json", severity: .error, summary: "The schema file is not JSON.", help: "Fix the JSON syntax."),
        .init(code: "schema-dialect", severity: .warning, summary: "$schema names another draft.", help: "Use draft 2020-12."),
        .init(code: "schema-meta", severity: .error, summary: "The schema fails the draft 2020-12 meta-schema.", help: "Fix the keyword."),
        .init(code: "schema-compile", severity: .error, summary: "The schema does not compile (a $ref that resolves nowhere, a bad pattern).",
              help: "Fix the reference or keyword."),
        .init(code: "schema-unbindable", severity: .error, summary: "Sections or fields cannot be read.", help: "Use local $refs and object properties."),
        .init(code: "schema-no-sections", severity: .error, summary: "No top-level properties: nothing to parse into.", help: "Add sections."),
        .init(code: "schema-missing-title", severity: .error, summary: "A section or field has no title.", help: "Add the title as written."),
        .init(code: "schema-duplicate-title", severity: .error, summary: "Two siblings have titles that read the same.", help: "Make them distinct."),
        .init(code: "schema-section-type", severity: .error, summary: "A section has a type no answer can be read into.", help: "Make it \"type\": \"object\" (or an array or a value)."),
        .init(code: "schema-field-type", severity: .warning, summary: "A field's type cannot come from an answer's text.",
              help: "Use string (with pattern or enum) or array."),
    ]
}
