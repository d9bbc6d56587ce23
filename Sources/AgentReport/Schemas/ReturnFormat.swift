import JSONSchema

/// The shape of an answer as a JSON Schema describes it: sections in report order, each with
/// its fields.
///
/// A Return Format schema is a plain draft 2020-12 schema: the top-level object's properties are
/// the sections; a section's properties are its fields; `title` is the heading or label as the
/// format writes it and `description` the template's guidance. Local `$ref`s are followed.
public struct ReturnFormat: Sendable {
    public struct Field: Sendable {
        public enum Kind: String, Sendable {
            case string, array, object, other
        }

        /// The property name in `data`.
        public var key: String
        public var title: String
        public var description: String?
        public var isRequired: Bool
        public var kind: Kind
        /// Sub-fields, for an object field.
        public var fields: [Field]
    }

    public struct Section: Sendable {
        public var key: String
        public var title: String
        public var description: String?
        public var isRequired: Bool
        public var fields: [Field]
        /// The section's `x-` annotations, kept for later stages (publishing categories).
        public var annotations: JSONObject
    }

    public var title: String?
    public var sections: [Section]
    /// The schema's top-level `x-` annotations (the report tree for publishing).
    public var annotations: JSONObject
    /// The schema document itself.
    public var schema: JSONValue

    public struct Error: Swift.Error, Sendable, CustomStringConvertible {
        public var message: String
        public var description: String { message }
    }

    public init(schema: JSONValue) throws(ReturnFormat.Error) {
        self.schema = schema
        guard let root = schema.objectValue else {
            throw Error(message: "a Return Format schema must be a JSON object")
        }
        let resolver = LocalRefResolver(document: schema)
        self.title = root["title"]?.stringValue
        var annotations = JSONObject()
        for (name, annotation) in root where name.hasPrefix("x-") { annotations[name] = annotation }
        self.annotations = annotations
        let (properties, required) = try resolver.properties(of: root, at: "")
        var sections: [Section] = []
        for (key, value) in properties {
            let section = try resolver.resolve(value, at: "/properties/\(key)")
            let (fieldProperties, fieldRequired) = try resolver.properties(of: section, at: "/properties/\(key)")
            var annotations = JSONObject()
            for (name, annotation) in section where name.hasPrefix("x-") { annotations[name] = annotation }
            sections.append(Section(
                key: key,
                title: section["title"]?.stringValue ?? Self.titleFromKey(key),
                description: section["description"]?.stringValue,
                isRequired: required.contains(key),
                fields: try Self.fields(fieldProperties, required: fieldRequired, resolver: resolver, at: "/properties/\(key)", depth: 0),
                annotations: annotations))
        }
        self.sections = sections
    }

    private static func fields(
        _ properties: JSONObject, required: Set<String>, resolver: LocalRefResolver, at path: String, depth: Int
    ) throws(ReturnFormat.Error) -> [Field] {
        var fields: [Field] = []
        for (key, value) in properties {
            let here = "\(path)/properties/\(key)"
            let field = try resolver.resolve(value, at: here)
            let kind: Field.Kind
            switch field["type"]?.stringValue {
            case "string", nil: kind = field["properties"] != nil ? .object : .string
            case "array": kind = .array
            case "object": kind = .object
            default: kind = .other
            }
            var children: [Field] = []
            if kind == .object && depth < 8 {
                let (childProperties, childRequired) = try resolver.properties(of: field, at: here)
                children = try Self.fields(childProperties, required: childRequired, resolver: resolver, at: here, depth: depth + 1)
            }
            fields.append(Field(
                key: key, title: field["title"]?.stringValue ?? titleFromKey(key),
                description: field["description"]?.stringValue,
                isRequired: required.contains(key), kind: kind, fields: children))
        }
        return fields
    }

    /// `framework_choice` → `Framework Choice`, for properties without a `title`.
    static func titleFromKey(_ key: String) -> String {
        key.split(whereSeparator: { $0 == "_" || $0 == "-" || $0 == " " })
            .map { $0.prefix(1).uppercased() + $0.dropFirst() }
            .joined(separator: " ")
    }
}

/// Follows `$ref`s of the form `#/…` inside one schema document.
struct LocalRefResolver {
    let document: JSONValue

    func resolve(_ value: JSONValue, at path: String) throws(ReturnFormat.Error) -> JSONObject {
        var current = value
        var hops = 0
        while let ref = current.objectValue?["$ref"]?.stringValue {
            hops += 1
            guard hops <= 32, ref.hasPrefix("#"), let pointer = JSONPointer(parsing: String(ref.dropFirst())),
                  let target = Self.lookup(pointer, in: document)
            else {
                throw ReturnFormat.Error(message: "\(path): cannot follow $ref \"\(ref)\" (only local references like \"#/$defs/name\" describe sections and fields)")
            }
            current = target
        }
        guard let object = current.objectValue else {
            throw ReturnFormat.Error(message: "\(path): expected a schema object")
        }
        return object
    }

    func properties(of object: JSONObject, at path: String) throws(ReturnFormat.Error) -> (JSONObject, Set<String>) {
        let properties = object["properties"]?.objectValue ?? JSONObject()
        let required = Set((object["required"]?.arrayValue ?? []).compactMap(\.stringValue))
        return (properties, required)
    }

    static func lookup(_ pointer: JSONPointer, in document: JSONValue) -> JSONValue? {
        var current = document
        for token in pointer.tokens {
            switch current {
            case .object(let object):
                guard let next = object[token] else { return nil }
                current = next
            case .array(let array):
                guard let index = Int(token), array.indices.contains(index) else { return nil }
                current = array[index]
            default:
                return nil
            }
        }
        return current
    }
}
