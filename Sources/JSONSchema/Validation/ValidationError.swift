/// One reason an instance is not valid against a schema.
///
/// Locations follow the JSON Schema output formats: `instanceLocation` points into the
/// instance, `keywordLocation` is the evaluation path (through `$ref`), and
/// `absoluteKeywordLocation` is the keyword's absolute URI with a JSON Pointer fragment.
public struct ValidationError: Sendable, Hashable, CustomStringConvertible {
    /// Where in the instance the failing value is.
    public let instanceLocation: JSONPointer
    /// The evaluation path to the failing keyword, through any references.
    public let keywordLocation: JSONPointer
    /// The failing keyword's absolute location: base URI + `#` + JSON Pointer.
    public let absoluteKeywordLocation: String?
    /// The failing keyword as written in the schema, e.g. `required`, `pattern`, `type`.
    public let keyword: String
    /// What failed, with structured data.
    public let kind: ValidationErrorKind
    /// What failed, for people.
    public let message: String

    public init(
        instanceLocation: JSONPointer, keywordLocation: JSONPointer, absoluteKeywordLocation: String?,
        keyword: String, kind: ValidationErrorKind, message: String
    ) {
        self.instanceLocation = instanceLocation
        self.keywordLocation = keywordLocation
        self.absoluteKeywordLocation = absoluteKeywordLocation
        self.keyword = keyword
        self.kind = kind
        self.message = message
    }

    /// The property that is missing, for `required` and `dependentRequired` errors.
    public var missingProperty: String? {
        switch kind {
        case .required(let property): return property
        case .dependentRequired(let property, _): return property
        default: return nil
        }
    }

    /// The property that is not allowed, for `additionalProperties`,
    /// `unevaluatedProperties` and a `false` property schema.
    public var unexpectedProperty: String? {
        switch kind {
        case .additionalProperty(let property), .unevaluatedProperty(let property), .propertyNotAllowed(let property):
            return property
        default: return nil
        }
    }

    /// `"/path: message"` (`"/"` for the root).
    public var description: String {
        let location = instanceLocation.tokens.isEmpty ? "/" : instanceLocation.description
        return "\(location): \(message)"
    }
}

/// What a ``ValidationError`` is about, with the data needed to act on it.
public enum ValidationErrorKind: Sendable, Hashable {
    /// The schema is `false`.
    case falseSchema
    case type(expected: [String], actual: String)
    case const(expected: JSONValue)
    case enumeration(allowed: [JSONValue])
    case multipleOf(JSONNumber)
    case maximum(JSONNumber)
    case exclusiveMaximum(JSONNumber)
    case minimum(JSONNumber)
    case exclusiveMinimum(JSONNumber)
    case maxLength(limit: Int, actual: Int)
    case minLength(limit: Int, actual: Int)
    case pattern(String)
    /// Matching `pattern` ran out of time.
    case patternTimeout(String)
    case format(String)
    case maxItems(limit: Int, actual: Int)
    case minItems(limit: Int, actual: Int)
    case uniqueItems(first: Int, second: Int)
    case contains
    case minContains(limit: Int, actual: Int)
    case maxContains(limit: Int, actual: Int)
    case maxProperties(limit: Int, actual: Int)
    case minProperties(limit: Int, actual: Int)
    /// A required property is missing.
    case required(property: String)
    /// `property` is required because `dependency` is present.
    case dependentRequired(property: String, dependency: String)
    case additionalProperty(String)
    case unevaluatedProperty(String)
    /// A property whose schema is `false` is present.
    case propertyNotAllowed(String)
    case itemNotAllowed(Int)
    case unevaluatedItem(Int)
    case anyOf
    case oneOfNone
    case oneOfMultiple(matching: [Int])
    case not
    /// Evaluation went deeper than the configured limit.
    case depthLimit(Int)
    /// Validation spent its work budget (``SchemaOptions/maxEvaluations``, the payload)
    /// and was stopped; when this error is reported it is the only one, at the root, with
    /// the keyword ``evaluationLimitKeyword``.
    case evaluationLimit(Int)

    /// The ``ValidationError/keyword`` of an ``evaluationLimit(_:)`` error, which no schema
    /// keyword causes: `evaluationLimit`.
    public static let evaluationLimitKeyword = "evaluationLimit"
}
