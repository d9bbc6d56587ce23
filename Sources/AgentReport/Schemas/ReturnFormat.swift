import JSONSchema

/// The shape of an answer as a JSON Schema describes it: one tree of titled nodes, at every
/// depth the same.
///
/// A Return Format schema is a plain draft 2020-12 schema (its vocabulary is documented in
/// schemas/README.md): the top-level object's properties are the sections; a titled object
/// property is a section, subsection or labelled group at any depth; a string property is a
/// field; an array of objects is a repeated block (its items' `x-title-pattern` says how an
/// item's heading is written) or a table of rows; an array of strings is a list; `integer`,
/// `number` and `boolean` fields are read from text; an array of `{text, checked}` objects is
/// a checklist. `title` is the heading or label as the format writes it and `description`
/// the template's guidance. Local `$ref`s are followed.
public struct ReturnFormat: Sendable {
    /// A titled node of the format: a section, a group, a repeated block or a field.
    public struct Node: Sendable {
        public enum Kind: String, Sendable {
            /// Markdown text (also with `enum`).
            case string
            /// A list of strings.
            case array
            /// A group of fields; bound as text when the answer writes it as prose and the
            /// schema allows a string.
            case object
            /// An array of objects: repeated blocks, or the rows of a table.
            case repeated
            /// An array of `{text, checked}`.
            case checklist
            case integer, number, boolean
            case other
        }

        /// The property name in `data`.
        public var key: String
        public var title: String
        public var description: String?
        public var isRequired: Bool
        public var kind: Kind
        /// An object's fields, or a repeated block's (the item's properties).
        public var fields: [Node]
        /// The node's `x-` annotations, kept for later stages (publishing categories).
        public var annotations: JSONObject
        /// How a repeated block's item heading is written, with the parts it captures.
        public var titlePattern: TitlePattern?
        /// The closed set of values of an `enum` field, as the schema spells them.
        public var enumValues: [String] = [] {
            didSet { normalizedEnumValues = enumValues.map(TitleMatcher.normalize) }
        }
        /// `enumValues` normalised as titles are, once per schema.
        private(set) var normalizedEnumValues: [String] = []
        /// Whether the schema also accepts the node's value as a string (`["object", "string"]`).
        public var acceptsText: Bool = false

        /// A section, group or repeated block: a node other fields nest under.
        public var isContainer: Bool { kind == .object || kind == .repeated }

        /// Whether `value` is the structure this container stands for (an object of its fields,
        /// an array of its items), not its text.
        public func holdsStructure(_ value: JSONValue) -> Bool {
            kind == .object ? value.objectValue != nil : kind == .repeated && value.arrayValue != nil
        }
    }

    public typealias Section = Node
    public typealias Field = Node

    public var title: String?
    /// How the answer's own title line is written (`Threat Model: {system_name}`), when the
    /// template has one (`x-title-pattern` at the top).
    public var titlePattern: TitlePattern?
    public var sections: [Section]
    /// The schema's top-level `x-` annotations (the report tree for publishing).
    public var annotations: JSONObject
    /// The schema document itself.
    public var schema: JSONValue

    public struct Error: Swift.Error, Sendable, CustomStringConvertible {
        public var message: String
        public var description: String { message }
    }

    /// How deep nodes are read; deeper properties are plain values.
    static let maxDepth = 8

    public init(schema: JSONValue) throws(ReturnFormat.Error) {
        self.schema = schema
        guard let root = schema.objectValue else {
            throw Error(message: "a Return Format schema must be a JSON object")
        }
        let resolver = LocalRefResolver(document: schema)
        self.title = root["title"]?.stringValue
        self.annotations = Self.annotations(of: root)
        self.titlePattern = root["x-title-pattern"]?.stringValue.map(TitlePattern.init)
        let (properties, required) = try resolver.properties(of: root, at: "")
        var sections = try Self.nodes(properties, required: required, resolver: resolver, at: "", depth: 0)
        // A top-level text property is a section whatever its type says; a list, checklist or
        // number at the top is a field written under its own heading.
        for k in sections.indices where sections[k].kind == .other || sections[k].kind == .string && !Self.saysString(properties, sections[k].key, resolver) {
            sections[k].kind = .object
        }
        self.sections = sections
    }

    private static func annotations(of object: JSONObject) -> JSONObject {
        var annotations = JSONObject()
        for (name, annotation) in object where name.hasPrefix("x-") { annotations[name] = annotation }
        return annotations
    }

    private static func nodes(
        _ properties: JSONObject, required: Set<String>, resolver: LocalRefResolver, at path: String, depth: Int
    ) throws(ReturnFormat.Error) -> [Node] {
        var nodes: [Node] = []
        for (key, value) in properties {
            let here = "\(path)/properties/\(key)"
            let object = try resolver.resolve(value, at: here)
            let types = Self.types(object)
            var node = Node(
                key: key, title: object["title"]?.stringValue ?? titleFromKey(key),
                description: object["description"]?.stringValue,
                isRequired: required.contains(key), kind: .other, fields: [],
                annotations: annotations(of: object), titlePattern: nil)
            node.acceptsText = types.isEmpty || types.contains("string")
            node.enumValues = (object["enum"]?.arrayValue ?? []).compactMap(\.stringValue)
            let canNest = depth < maxDepth
            if types.contains("array") || (types.isEmpty && object["items"] != nil) {
                let items = try object["items"].map { value throws(ReturnFormat.Error) in try resolver.resolve(value, at: here + "/items") }
                let (itemProperties, itemRequired) = try items.map { items throws(ReturnFormat.Error) in try resolver.properties(of: items, at: here + "/items") }
                    ?? (JSONObject(), [])
                if canNest, let items, !itemProperties.isEmpty {
                    node.fields = try Self.nodes(itemProperties, required: itemRequired, resolver: resolver, at: here + "/items", depth: depth + 1)
                    let isChecklist = node.fields.contains { $0.key == "checked" && $0.kind == .boolean }
                    node.kind = isChecklist ? .checklist : .repeated
                    node.titlePattern = items["x-title-pattern"]?.stringValue.map(TitlePattern.init)
                    let itemTypes = Self.types(items)
                    node.acceptsText = itemTypes.isEmpty || itemTypes.contains("string")
                    for (name, annotation) in annotations(of: items) { node.annotations["x-items-" + name.dropFirst(2)] = annotation }
                } else {
                    node.kind = .array
                }
            } else if object["properties"] != nil || types.contains("object") {
                node.kind = .object
                if canNest {
                    let (childProperties, childRequired) = try resolver.properties(of: object, at: here)
                    node.fields = try Self.nodes(childProperties, required: childRequired, resolver: resolver, at: here, depth: depth + 1)
                }
            } else if types.contains("integer") {
                node.kind = .integer
            } else if types.contains("number") {
                node.kind = .number
            } else if types.contains("boolean") {
                node.kind = .boolean
            } else if types.isEmpty || types.contains("string") {
                node.kind = .string
            }
            nodes.append(node)
        }
        return nodes
    }

    /// Whether a top-level property says it is a string — `"type": "string"`, or no type and an
    /// `enum` or `const` of strings only: a field written in or under a heading of its own
    /// (`## Verdict: APPROVE`), not a section.
    private static func saysString(_ properties: JSONObject, _ key: String, _ resolver: LocalRefResolver) -> Bool {
        guard let value = properties[key], let object = try? resolver.resolve(value, at: "") else { return false }
        let types = types(object)
        if types == ["string"] { return true }
        guard types.isEmpty else { return false }
        let values = object["enum"]?.arrayValue ?? object["const"].map { [$0] } ?? []
        return !values.isEmpty && values.allSatisfy { $0.stringValue != nil }
    }

    /// The names in a schema's `type` (a string or an array of strings).
    private static func types(_ object: JSONObject) -> Set<String> {
        switch object["type"] {
        case .string(let name)?: [name]
        case .array(let names)?: Set(names.compactMap(\.stringValue))
        default: []
        }
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
