/// All wording of validation errors lives here.
extension ValidationErrorKind {
    /// A sentence for people about `instance` failing this way.
    func message(for instance: JSONValue) -> String {
        switch self {
        case .falseSchema:
            return "\(Self.show(instance)) is not allowed here (the schema is false)"
        case .type(let expected, let actual):
            return "\(Self.show(instance)) is of type \(actual), expected \(Self.list(expected.map { $0 }, conjunction: "or"))"
        case .const(let expected):
            return "\(Self.show(instance)) is not the required value \(Self.show(expected))"
        case .enumeration(let allowed):
            return "\(Self.show(instance)) is not one of \(Self.list(allowed.map(Self.show), conjunction: "or"))"
        case .multipleOf(let divisor):
            return "\(Self.show(instance)) is not a multiple of \(divisor)"
        case .maximum(let limit):
            return "\(Self.show(instance)) is greater than the maximum of \(limit)"
        case .exclusiveMaximum(let limit):
            return "\(Self.show(instance)) is not less than \(limit)"
        case .minimum(let limit):
            return "\(Self.show(instance)) is less than the minimum of \(limit)"
        case .exclusiveMinimum(let limit):
            return "\(Self.show(instance)) is not greater than \(limit)"
        case .maxLength(let limit, let actual):
            return "\(Self.show(instance)) is longer than \(Self.count(limit, "character")) (it has \(actual))"
        case .minLength(let limit, let actual):
            return "\(Self.show(instance)) is shorter than \(Self.count(limit, "character")) (it has \(actual))"
        case .pattern(let pattern):
            return "\(Self.show(instance)) does not match pattern \(Self.quote(pattern))"
        case .patternTimeout(let pattern):
            return "matching \(Self.show(instance)) against pattern \(Self.quote(pattern)) took too long and was stopped"
        case .format(let format):
            return "\(Self.show(instance)) is not a valid \(format)"
        case .maxItems(let limit, let actual):
            return "the array has \(Self.count(actual, "item")), more than the maximum of \(limit)"
        case .minItems(let limit, let actual):
            return "the array has \(Self.count(actual, "item")), fewer than the minimum of \(limit)"
        case .uniqueItems(let first, let second):
            return "the array has equal items at index \(first) and \(second), but items must be unique"
        case .contains:
            return "the array contains no item that matches the \"contains\" schema"
        case .minContains(let limit, let actual):
            return "the array has \(Self.count(actual, "item")) matching \"contains\", fewer than the minimum of \(limit)"
        case .maxContains(let limit, let actual):
            return "the array has \(Self.count(actual, "item")) matching \"contains\", more than the maximum of \(limit)"
        case .maxProperties(let limit, let actual):
            return "the object has \(Self.count(actual, "property", "properties")), more than the maximum of \(limit)"
        case .minProperties(let limit, let actual):
            return "the object has \(Self.count(actual, "property", "properties")), fewer than the minimum of \(limit)"
        case .required(let property):
            return "\(Self.quote(property)) is a required property"
        case .dependentRequired(let property, let dependency):
            return "\(Self.quote(property)) is required when \(Self.quote(dependency)) is present"
        case .additionalProperty(let property):
            return "additional property \(Self.quote(property)) is not allowed"
        case .unevaluatedProperty(let property):
            return "property \(Self.quote(property)) is not allowed (unevaluated)"
        case .propertyNotAllowed(let property):
            return "property \(Self.quote(property)) is not allowed"
        case .itemNotAllowed(let index):
            return "an item at index \(index) is not allowed"
        case .unevaluatedItem(let index):
            return "the item at index \(index) is not allowed (unevaluated)"
        case .anyOf:
            return "\(Self.show(instance)) does not match any of the schemas in \"anyOf\""
        case .oneOfNone:
            return "\(Self.show(instance)) does not match any of the schemas in \"oneOf\""
        case .oneOfMultiple(let matching):
            return "\(Self.show(instance)) matches more than one schema in \"oneOf\" (at \(Self.list(matching.map(String.init), conjunction: "and")))"
        case .not:
            return "\(Self.show(instance)) must not match the schema in \"not\""
        case .depthLimit(let limit):
            return "evaluation went deeper than \(limit) nested schemas and was stopped (a $ref cycle or a very deep instance)"
        case .evaluationLimit(let limit):
            return "validation was stopped after \(limit) evaluations, its limit: the schema makes too much work of this instance (recursion through $ref under oneOf or anyOf, or very many errors); simplify the schema or the instance, or raise SchemaOptions.maxEvaluations"
        }
    }

    /// A short rendering of a value: strings quoted, long values cut.
    static func show(_ value: JSONValue) -> String {
        switch value {
        case .object: return "the object"
        case .array: return "the array"
        default:
            let text = value.serialized()
            guard text.count > 80 else { return text }
            return String(text.prefix(77)) + "…" + (value.stringValue != nil ? "\"" : "")
        }
    }

    static func quote(_ text: String) -> String { JSONValue.string(text).serialized() }

    static func count(_ value: Int, _ singular: String, _ plural: String? = nil) -> String {
        "\(value) \(value == 1 ? singular : (plural ?? singular + "s"))"
    }

    static func list(_ items: [String], conjunction: String) -> String {
        switch items.count {
        case 0: return "nothing"
        case 1: return items[0]
        case 2: return "\(items[0]) \(conjunction) \(items[1])"
        default: return items.dropLast().joined(separator: ", ") + ", \(conjunction) \(items[items.count - 1])"
        }
    }
}

/// Wording of schema compilation errors.
enum SchemaMessages {
    static func notASchema() -> String { "a schema must be an object or a Boolean" }
    static func expected(_ what: String, keyword: String) -> String { "\"\(keyword)\" must be \(what)" }
    static func badPattern(_ pattern: String, _ reason: String) -> String {
        "pattern \(JSONValue.string(pattern).serialized()) \(reason)"
    }
    static func unresolvable(_ uri: String) -> String {
        "cannot resolve \(uri): it is not a registered schema, a meta-schema, a file under the schema's directory or a --ref-map prefix (references are never fetched from the network)"
    }
    static func tooDeep(_ limit: Int) -> String { "the schema is nested deeper than \(limit) levels" }
    static func unsupportedVocabulary(_ uri: String) -> String {
        "the meta-schema requires vocabulary \(uri), which this validator does not support"
    }
    static func unreadable(_ uri: String, _ reason: String) -> String { "cannot read \(uri): \(reason)" }
    static func invalidJSON(_ uri: String, _ error: JSONParseError) -> String { "\(uri) is not valid JSON: \(error)" }
    static func badReference(_ reference: String) -> String { "\(JSONValue.string(reference).serialized()) is not a valid URI reference" }
    static func missingTarget(_ uri: String) -> String { "\(uri) does not point to a schema" }
}
