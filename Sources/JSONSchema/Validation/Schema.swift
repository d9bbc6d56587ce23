/// A compiled schema, ready to validate instances. Immutable and safe to share between
/// threads.
public final class Schema: Sendable {
    /// The schema document as given.
    public let document: JSONValue
    let root: SchemaNode
    /// `$ref` / `$dynamicRef` targets, by index.
    let targets: [SchemaNode]
    /// Per schema resource: `$dynamicAnchor` name → target index.
    let dynamicAnchors: [[String: Int]]
    /// Whether evaluation must track the dynamic scope (any `$dynamicRef` present).
    let usesDynamicScope: Bool
    let maxDepth: Int

    init(document: JSONValue, root: SchemaNode, targets: [SchemaNode], dynamicAnchors: [[String: Int]], usesDynamicScope: Bool, maxDepth: Int) {
        self.document = document
        self.root = root
        self.targets = targets
        self.dynamicAnchors = dynamicAnchors
        self.usesDynamicScope = usesDynamicScope
        self.maxDepth = maxDepth
    }

    /// Whether `instance` is valid. Stops at the first failure and allocates nothing
    /// for the common keywords.
    public func isValid(_ instance: JSONValue) -> Bool {
        var evaluator = Evaluator(schema: self, collecting: false)
        return evaluator.evaluate(root, instance)
    }

    /// Every reason `instance` is not valid; empty when it is valid.
    public func validate(_ instance: JSONValue) -> [ValidationError] {
        if isValid(instance) { return [] }
        var evaluator = Evaluator(schema: self, collecting: true)
        _ = evaluator.evaluate(root, instance)
        return evaluator.errors
    }

    /// The result in one of the output formats of JSON Schema (section 12.4).
    public func output(_ instance: JSONValue, format: OutputFormat) -> JSONValue {
        let errors = validate(instance)
        switch format {
        case .flag:
            return .object(JSONObject([("valid", .bool(errors.isEmpty))]))
        case .basic:
            if errors.isEmpty { return .object(JSONObject([("valid", true)])) }
            let units: [JSONValue] = errors.map { error in
                var unit = JSONObject()
                unit["keywordLocation"] = .string(error.keywordLocation.description)
                if let absolute = error.absoluteKeywordLocation { unit["absoluteKeywordLocation"] = .string(absolute) }
                unit["instanceLocation"] = .string(error.instanceLocation.description)
                unit["error"] = .string(error.message)
                return .object(unit)
            }
            return .object(JSONObject([("valid", false), ("errors", .array(units))]))
        }
    }
}

/// The output formats of JSON Schema draft 2020-12 that ``Schema/output(_:format:)`` produces.
public enum OutputFormat: String, Sendable, CaseIterable {
    /// `{"valid": true|false}`.
    case flag
    /// `{"valid": false, "errors": [{keywordLocation, absoluteKeywordLocation, instanceLocation, error}]}`.
    case basic
}
