/// A compiled schema: its keywords, ready to apply, with references pre-resolved.
///
/// Nodes are immutable once built. Subschemas are held directly; `$ref` and
/// `$dynamicRef` targets are indices into ``Schema``'s target table, which is how cycles
/// are represented.
final class SchemaNode: Sendable {
    /// `true` or `false` for a Boolean schema, nil for an object schema.
    let boolean: Bool?
    /// The `type` keyword, checked before the others without touching `keywords`
    /// (empty set when absent).
    let types: TypeSet
    /// The keywords, in schema order, `unevaluated*` last.
    let keywords: [Keyword]
    /// Absolute location: base URI + `#` + JSON Pointer of this schema in its document.
    let absoluteLocation: String
    /// The schema resource this node belongs to (for the dynamic scope).
    let resource: Int
    /// Whether any keyword here can evaluate object properties (for `unevaluatedProperties`).
    let evaluatesProperties: Bool
    /// Whether any keyword here can evaluate array items (for `unevaluatedItems`).
    let evaluatesItems: Bool

    init(boolean: Bool?, keywords: [Keyword], absoluteLocation: String, resource: Int) {
        self.boolean = boolean
        var types = TypeSet()
        var rest: [Keyword] = []
        for keyword in keywords {
            if case .type(let set) = keyword, types.isEmpty { types = set } else { rest.append(keyword) }
        }
        self.types = types
        self.keywords = rest
        self.absoluteLocation = absoluteLocation
        self.resource = resource
        var properties = false
        var items = false
        for keyword in rest {
            switch keyword {
            case .properties, .patternProperties, .additionalProperties, .unevaluatedProperties, .dependentSchemas:
                properties = true
            case .prefixItems, .items, .contains, .unevaluatedItems:
                items = true
            case .ref, .dynamicRef, .allOf, .anyOf, .oneOf, .conditional:
                properties = true
                items = true
            default:
                break
            }
        }
        evaluatesProperties = properties
        evaluatesItems = items
    }
}

/// One compiled keyword. Applying it is a `switch`, never a dictionary lookup by name.
enum Keyword: Sendable {
    // Core
    case ref(target: Int)
    case dynamicRef(DynamicReference)
    // Applicator
    case allOf([SchemaNode])
    case anyOf([SchemaNode])
    case oneOf([SchemaNode])
    case not(SchemaNode)
    case conditional(if: SchemaNode, then: SchemaNode?, else: SchemaNode?)
    case dependentSchemas([(name: String, node: SchemaNode)])
    case prefixItems([SchemaNode])
    case items(SchemaNode, prefixCount: Int)
    case contains(ContainsRule)
    case properties(PropertyTable)
    case patternProperties([(pattern: PatternMatcher, node: SchemaNode)])
    case additionalProperties(AdditionalProperties)
    case propertyNames(SchemaNode)
    // Unevaluated
    case unevaluatedItems(SchemaNode)
    case unevaluatedProperties(SchemaNode)
    // Validation
    case type(TypeSet)
    /// The value, and its size in nodes (``Evaluator/measure(_:nodeLimit:)``).
    case const(JSONValue, nodes: Int)
    case enumeration(EnumRule)
    case multipleOf(JSONNumber)
    case maximum(JSONNumber)
    case exclusiveMaximum(JSONNumber)
    case minimum(JSONNumber)
    case exclusiveMinimum(JSONNumber)
    case maxLength(Int)
    case minLength(Int)
    case pattern(PatternMatcher)
    case maxItems(Int)
    case minItems(Int)
    case uniqueItems
    case maxProperties(Int)
    case minProperties(Int)
    case required([String])
    case dependentRequired([(name: String, required: [String])])
    // Format (assertion)
    case format(FormatChecker)

    /// The keyword as written in a schema.
    var name: String {
        switch self {
        case .ref: return "$ref"
        case .dynamicRef: return "$dynamicRef"
        case .allOf: return "allOf"
        case .anyOf: return "anyOf"
        case .oneOf: return "oneOf"
        case .not: return "not"
        case .conditional: return "if"
        case .dependentSchemas: return "dependentSchemas"
        case .prefixItems: return "prefixItems"
        case .items: return "items"
        case .contains: return "contains"
        case .properties: return "properties"
        case .patternProperties: return "patternProperties"
        case .additionalProperties: return "additionalProperties"
        case .propertyNames: return "propertyNames"
        case .unevaluatedItems: return "unevaluatedItems"
        case .unevaluatedProperties: return "unevaluatedProperties"
        case .type: return "type"
        case .const: return "const"
        case .enumeration: return "enum"
        case .multipleOf: return "multipleOf"
        case .maximum: return "maximum"
        case .exclusiveMaximum: return "exclusiveMaximum"
        case .minimum: return "minimum"
        case .exclusiveMinimum: return "exclusiveMinimum"
        case .maxLength: return "maxLength"
        case .minLength: return "minLength"
        case .pattern: return "pattern"
        case .maxItems: return "maxItems"
        case .minItems: return "minItems"
        case .uniqueItems: return "uniqueItems"
        case .maxProperties: return "maxProperties"
        case .minProperties: return "minProperties"
        case .required: return "required"
        case .dependentRequired: return "dependentRequired"
        case .format: return "format"
        }
    }
}

/// A `$dynamicRef`: its static target and, when the target bookends it with a matching
/// `$dynamicAnchor`, the anchor name to look up in the dynamic scope.
struct DynamicReference: Sendable {
    let target: Int
    let anchor: String?
}

/// `contains` with its `minContains` / `maxContains` bounds.
struct ContainsRule: Sendable {
    let node: SchemaNode
    let minimum: Int
    let maximum: Int?
}

/// `properties`, with `required` folded in when every required name is a listed property.
///
/// A class, so that applying it retains one object; children are also kept unmanaged for
/// evaluation without reference counting (the ``Schema`` owns every node).
final class PropertyTable: Sendable {
    let names: [String]
    let nodes: [SchemaNode]
    let unmanagedNodes: [Unmanaged<SchemaNode>]
    /// Hash lookup, kept only for large tables; small tables are scanned.
    let lookup: [ByteString: Int]?
    /// Bit i set when `names[i]` is required (only when ≤ 64 names and `required` folded in).
    let requiredMask: UInt64
    /// The folded `required` list, in schema order (for errors).
    let requiredNames: [String]

    init(names: [String], nodes: [SchemaNode], lookup: [ByteString: Int]?, requiredMask: UInt64, requiredNames: [String]) {
        self.names = names
        self.nodes = nodes
        self.unmanagedNodes = nodes.map { Unmanaged.passUnretained($0) }
        self.lookup = lookup
        self.requiredMask = requiredMask
        self.requiredNames = requiredNames
    }

    func position(of key: String) -> Int? {
        if let lookup { return lookup[ByteString(key)] }
        var position = 0
        let count = names.count
        while position < count {
            if utf8Equal(names[position], key) { return position }
            position += 1
        }
        return nil
    }
}

/// `additionalProperties`: its schema and what counts as "not additional".
struct AdditionalProperties: Sendable {
    let node: SchemaNode
    let known: Set<ByteString>
    let patterns: [PatternMatcher]
}

/// `enum`: the allowed values, hashed when there are many.
struct EnumRule: Sendable {
    let values: [JSONValue]
    let set: Set<JSONValue>?
    /// The size in nodes of the largest value: a larger instance equals none of them.
    let nodes: Int
}

/// A set of JSON Schema type names.
struct TypeSet: OptionSet, Sendable {
    let rawValue: UInt8
    static let null = TypeSet(rawValue: 1)
    static let boolean = TypeSet(rawValue: 2)
    static let integer = TypeSet(rawValue: 4)
    static let number = TypeSet(rawValue: 8)
    static let string = TypeSet(rawValue: 16)
    static let array = TypeSet(rawValue: 32)
    static let object = TypeSet(rawValue: 64)

    static let names: [(String, TypeSet)] = [
        ("null", .null), ("boolean", .boolean), ("integer", .integer), ("number", .number),
        ("string", .string), ("array", .array), ("object", .object),
    ]

    /// Whether `value` has one of these types (an integral number is an "integer").
    func contains(typeOf value: JSONValue) -> Bool {
        switch value {
        case .null: return contains(.null)
        case .bool: return contains(.boolean)
        case .number(let number):
            if contains(.number) { return true }
            return contains(.integer) && number.isInteger
        case .string: return contains(.string)
        case .array: return contains(.array)
        case .object: return contains(.object)
        }
    }

    var typeNames: [String] { Self.names.filter { contains($0.1) }.map(\.0) }
}
