import Foundation

/// Where a schema sits: a document and a JSON Pointer into it.
struct SchemaLocation: Hashable {
    let document: Int
    let pointer: [String]
}

/// What the index knows about one schema position.
struct LocationInfo {
    /// The base URI in effect (no fragment).
    let base: String
    /// The pointer from the enclosing resource's root to this position.
    let resourcePointer: [String]
    /// The `$schema` in effect, if any.
    let dialect: String?
}

/// Every loaded document, its schema resources (`$id`), anchors and dynamic anchors.
///
/// Documents are walked iteratively by the keywords that hold subschemas, so an
/// identifier inside an unknown keyword or inside `const`/`enum` data is not registered.
struct ResourceIndex {
    var documents: [JSONValue] = []
    var resources: [String: SchemaLocation] = [:]
    var anchors: [String: SchemaLocation] = [:]
    /// Resource base URI → dynamic anchor names declared in it.
    var dynamicAnchors: [String: [String: SchemaLocation]] = [:]
    var info: [SchemaLocation: LocationInfo] = [:]

    /// Keywords whose value is one subschema.
    static let singleSchemaKeywords: Set<String> = [
        "additionalProperties", "propertyNames", "items", "contains", "not", "if", "then", "else",
        "unevaluatedItems", "unevaluatedProperties", "contentSchema", "additionalItems",
    ]
    /// Keywords whose value is an array of subschemas.
    static let schemaArrayKeywords: Set<String> = ["allOf", "anyOf", "oneOf", "prefixItems"]
    /// Keywords whose value is an object of subschemas.
    static let schemaMapKeywords: Set<String> = ["$defs", "definitions", "properties", "patternProperties", "dependentSchemas"]

    /// Adds a document retrieved from `uri` and indexes it. Returns its index.
    mutating func add(_ document: JSONValue, uri: String, maxDepth: Int) throws(SchemaError) -> Int {
        let index = documents.count
        documents.append(document)
        let rootBase = uri.strippingFragment
        if resources[rootBase] == nil { resources[rootBase] = SchemaLocation(document: index, pointer: []) }
        var stack: [(value: JSONValue, pointer: [String], base: String, resourcePointer: [String], dialect: String?)] = [
            (document, [], rootBase, [], nil),
        ]
        while let item = stack.popLast() {
            let location = SchemaLocation(document: index, pointer: item.pointer)
            guard case .object(let object) = item.value else {
                info[location] = LocationInfo(base: item.base, resourcePointer: item.resourcePointer, dialect: item.dialect)
                continue
            }
            if item.pointer.count > maxDepth {
                throw SchemaError(message: SchemaMessages.tooDeep(maxDepth), keywordLocation: JSONPointer(item.pointer), uri: rootBase)
            }
            var base = item.base
            var resourcePointer = item.resourcePointer
            var dialect = item.dialect
            if case .string(let schemaURI)? = object["$schema"] { dialect = schemaURI.strippingFragment }
            if case .string(let id)? = object["$id"] {
                guard let resolved = base.resolvingURI(id) else {
                    throw SchemaError(message: SchemaMessages.badReference(id), keywordLocation: JSONPointer(item.pointer + ["$id"]), uri: rootBase)
                }
                base = resolved.strippingFragment
                resourcePointer = []
                if resources[base] == nil || item.pointer.isEmpty { resources[base] = location }
            }
            info[location] = LocationInfo(base: base, resourcePointer: resourcePointer, dialect: dialect)
            if case .string(let anchor)? = object["$anchor"] {
                anchors[base + "#" + anchor] = location
            }
            if case .string(let anchor)? = object["$dynamicAnchor"] {
                anchors[base + "#" + anchor] = location
                dynamicAnchors[base, default: [:]][anchor] = location
            }
            for (keyword, value) in object {
                if Self.singleSchemaKeywords.contains(keyword) {
                    stack.append((value, item.pointer + [keyword], base, resourcePointer + [keyword], dialect))
                } else if Self.schemaArrayKeywords.contains(keyword), case .array(let elements) = value {
                    for (position, element) in elements.enumerated() {
                        let token = String(position)
                        stack.append((element, item.pointer + [keyword, token], base, resourcePointer + [keyword, token], dialect))
                    }
                } else if Self.schemaMapKeywords.contains(keyword), case .object(let members) = value {
                    for (name, member) in members {
                        stack.append((member, item.pointer + [keyword, name], base, resourcePointer + [keyword, name], dialect))
                    }
                }
            }
        }
        return index
    }

    /// The information for a location, falling back to its nearest indexed ancestor.
    func info(for location: SchemaLocation) -> LocationInfo {
        if let found = info[location] { return found }
        var pointer = location.pointer
        var suffix: [String] = []
        while let last = pointer.popLast() {
            suffix.insert(last, at: 0)
            if let found = info[SchemaLocation(document: location.document, pointer: pointer)] {
                return LocationInfo(base: found.base, resourcePointer: found.resourcePointer + suffix, dialect: found.dialect)
            }
        }
        return LocationInfo(base: Compilation.defaultBaseURI, resourcePointer: location.pointer, dialect: nil)
    }

    /// The value at a location.
    func value(at location: SchemaLocation) -> JSONValue? {
        JSONPointer(location.pointer).resolve(in: documents[location.document])
    }

    /// Finds an absolute URI with an optional fragment (anchor or JSON Pointer) among the
    /// indexed documents; nil when its resource is not loaded.
    func locate(_ uri: String) -> SchemaLocation?? {
        let base = uri.strippingFragment
        let fragment = uri.firstIndex(of: "#").map { String(uri[uri.index(after: $0)...]) } ?? ""
        guard let resource = resources[base] else { return nil }
        if fragment.isEmpty { return .some(resource) }
        if fragment.hasPrefix("/") {
            let decoded = fragment.removingPercentEncoding ?? fragment
            guard let pointer = JSONPointer(parsing: decoded) else { return .some(nil) }
            let location = SchemaLocation(document: resource.document, pointer: resource.pointer + pointer.tokens)
            return .some(value(at: location) == nil ? nil : location)
        }
        return .some(anchors[base + "#" + fragment])
    }
}
