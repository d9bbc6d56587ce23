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
    /// The work budget of one validation (``SchemaOptions/maxEvaluations``), before the
    /// instance's size is added (``budget(for:)``).
    public let maxEvaluations: Int
    /// ``SchemaOptions/evaluationsPerUnit``.
    public let evaluationsPerUnit: Int

    init(
        document: JSONValue, root: SchemaNode, targets: [SchemaNode], dynamicAnchors: [[String: Int]], usesDynamicScope: Bool,
        maxDepth: Int, maxEvaluations: Int, evaluationsPerUnit: Int
    ) {
        self.document = document
        self.root = root
        self.targets = targets
        self.dynamicAnchors = dynamicAnchors
        self.usesDynamicScope = usesDynamicScope
        self.maxDepth = maxDepth
        self.maxEvaluations = maxEvaluations
        self.evaluationsPerUnit = evaluationsPerUnit
    }

    /// The same schema with another work budget (see ``SchemaOptions/maxEvaluations``);
    /// nothing is compiled again.
    public func withMaxEvaluations(_ limit: Int, perUnit: Int? = nil) -> Schema {
        Schema(
            document: document, root: root, targets: targets, dynamicAnchors: dynamicAnchors, usesDynamicScope: usesDynamicScope,
            maxDepth: maxDepth, maxEvaluations: limit, evaluationsPerUnit: perUnit ?? evaluationsPerUnit
        )
    }

    /// Whether `instance` is valid. Stops at the first failure and allocates nothing
    /// for the common keywords. False when the work budget runs out.
    public func isValid(_ instance: JSONValue) -> Bool {
        var evaluator = Evaluator(schema: self, collecting: false, budget: budget(for: instance))
        return evaluator.evaluate(root, instance) && !evaluator.exhausted
    }

    /// Units of work an instance's validation may take: ``maxEvaluations``, and
    /// ``evaluationsPerUnit`` for each unit of the instance's size, so that a large instance
    /// whose work grows with it is validated, and only work that multiplies runs out.
    public func budget(for instance: JSONValue) -> Int {
        guard evaluationsPerUnit > 0 else { return maxEvaluations }
        let units = Evaluator.measure(instance, nodeLimit: Int.max).units
        let (scaled, overflow) = units.multipliedReportingOverflow(by: evaluationsPerUnit)
        return overflow ? Int.max / 2 : min(Int.max / 2, maxEvaluations &+ scaled)
    }

    /// Every reason `instance` is not valid; empty when it is valid.
    ///
    /// When the work budget (``maxEvaluations``) runs out, first while checking or then
    /// while collecting the errors, the result is exactly one error of kind
    /// ``ValidationErrorKind/evaluationLimit(_:)`` at the root, whatever else was found.
    public func validate(_ instance: JSONValue) -> [ValidationError] {
        let budget = budget(for: instance)
        var checker = Evaluator(schema: self, collecting: false, budget: budget)
        if checker.evaluate(root, instance), !checker.exhausted { return [] }
        if checker.exhausted { return [checker.evaluationLimitError(instance)] }
        var evaluator = Evaluator(schema: self, collecting: true, budget: budget)
        _ = evaluator.evaluate(root, instance)
        if evaluator.exhausted { return [evaluator.evaluationLimitError(instance)] }
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
