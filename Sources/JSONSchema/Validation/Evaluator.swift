/// Applies compiled keywords to an instance.
///
/// Two modes share one code path: checking (`collecting == false`) stops at the first
/// failure and records nothing, so a valid instance costs no allocation for the common
/// keywords; collecting records every ``ValidationError`` with its locations.
///
/// Both modes spend one work budget (``Schema/maxEvaluations``; what each step costs is
/// in Evaluator+Budget.swift). Once it is spent, `exhausted` is set, every further
/// evaluation fails at once and nothing more is recorded; the caller reports one
/// ``ValidationErrorKind/evaluationLimit(_:)`` error instead of the result. `maxDepth`
/// bounds the stack; the budget bounds the time (recursion that branches, such as a `$ref`
/// cycle under `oneOf`, is exponential in the depth) and the size of the error list.
struct Evaluator {
    /// One step of the instance location.
    enum PathToken {
        case key(String)
        case index(Int)
    }

    let schema: Schema
    let targets: [SchemaNode]
    var collecting: Bool
    var errors: [ValidationError] = []
    var instancePath: [PathToken] = []
    var keywordPath: [String] = []
    var dynamicScope: [Int] = []
    var depth = 0
    let trackScope: Bool
    let maxDepth: Int
    /// Units of the work budget spent so far.
    var evaluations = 0
    let maxEvaluations: Int
    /// Whether the work budget ran out; the outcome is then only that.
    var exhausted = false
    /// Seconds spent matching regular expressions so far (see Evaluator+Budget.swift).
    var matchingTime: Double = 0

    /// `budget`: the units this validation may spend (``Schema/budget(for:)``).
    init(schema: Schema, collecting: Bool, budget: Int) {
        self.schema = schema
        self.targets = schema.targets
        self.collecting = collecting
        self.trackScope = schema.usesDynamicScope
        self.maxDepth = schema.maxDepth
        self.maxEvaluations = budget
    }

    // MARK: Nodes

    /// Evaluates `node` against `instance`.
    mutating func evaluate(_ node: SchemaNode, _ instance: JSONValue) -> Bool {
        guard spend(1) else { return false }
        if let boolean = node.boolean {
            if !boolean, collecting { report(.falseSchema, keyword: nil, node: node, instance: instance) }
            return boolean
        }
        if !node.types.isEmpty, !node.types.contains(typeOf: instance) {
            if !collecting { return false }
            report(.type(expected: node.types.typeNames, actual: instance.typeName), keyword: "type", node: node, instance: instance)
            if node.keywords.isEmpty { return false }
            return evaluateKeywords(node, instance) && false
        }
        if node.keywords.isEmpty { return true }
        return evaluateKeywords(node, instance)
    }

    /// Applies the keywords of an object schema (other than `type`).
    mutating func evaluateKeywords(_ node: SchemaNode, _ instance: JSONValue) -> Bool {
        if depth >= maxDepth {
            if collecting { report(.depthLimit(maxDepth), keyword: nil, node: node, instance: instance) }
            return false
        }
        depth += 1
        var pushedScope = false
        if trackScope, dynamicScope.last != node.resource {
            dynamicScope.append(node.resource)
            pushedScope = true
        }
        var valid = true
        for keyword in node.keywords where !apply(keyword, node, instance) {
            valid = false
            if !collecting || exhausted { break }
        }
        depth -= 1
        if pushedScope { dynamicScope.removeLast() }
        return valid
    }

    /// Evaluates `node` without recording errors.
    mutating func check(_ node: SchemaNode, _ instance: JSONValue) -> Bool {
        guard collecting else { return evaluate(node, instance) }
        collecting = false
        defer { collecting = true }
        return evaluate(node, instance)
    }

    /// Evaluates a subschema reached through `keyword` (and optional extra path tokens),
    /// at the same instance location.
    mutating func descend(_ node: SchemaNode, _ instance: JSONValue, keyword: String, token: String? = nil) -> Bool {
        guard collecting else { return evaluate(node, instance) }
        keywordPath.append(keyword)
        if let token { keywordPath.append(token) }
        let valid = evaluate(node, instance)
        keywordPath.removeLast(token == nil ? 1 : 2)
        return valid
    }

    /// Evaluates a subschema on an object member. A `false` subschema is reported with
    /// `falseKind` instead of the generic message.
    mutating func descendMember(
        _ node: SchemaNode, _ value: JSONValue, key: String, keyword: String, token: String?,
        owner: SchemaNode, falseKind: ValidationErrorKind
    ) -> Bool {
        guard collecting else { return evaluate(node, value) }
        instancePath.append(.key(key))
        defer { instancePath.removeLast() }
        if node.boolean == false {
            report(falseKind, keyword: keyword, node: owner, instance: value, extra: token)
            return false
        }
        return descend(node, value, keyword: keyword, token: token)
    }

    /// Evaluates a subschema on an array item.
    mutating func descendItem(
        _ node: SchemaNode, _ value: JSONValue, index: Int, keyword: String, token: String?,
        owner: SchemaNode, falseKind: ValidationErrorKind
    ) -> Bool {
        guard collecting else { return evaluate(node, value) }
        instancePath.append(.index(index))
        defer { instancePath.removeLast() }
        if node.boolean == false {
            report(falseKind, keyword: keyword, node: owner, instance: value, extra: token)
            return false
        }
        return descend(node, value, keyword: keyword, token: token)
    }

    // MARK: Keywords

    /// Dispatches one keyword. Each case calls a separate function, which keeps this
    /// frame small: evaluation recurses through here once per nested schema.
    mutating func apply(_ keyword: Keyword, _ node: SchemaNode, _ instance: JSONValue) -> Bool {
        switch keyword {
        case .ref(let target): return descend(targets[target], instance, keyword: "$ref")
        case .dynamicRef(let reference): return descend(targets[resolve(reference)], instance, keyword: "$dynamicRef")
        case .allOf(let children): return applyAllOf(children, instance)
        case .anyOf(let children): return applyAnyOf(children, node, instance)
        case .oneOf(let children): return applyOneOf(children, node, instance)
        case .not(let child): return applyNot(child, node, instance)
        case .conditional(let condition, let then, let otherwise): return applyConditional(condition, then, otherwise, instance)
        case .dependentSchemas(let list): return applyDependentSchemas(list, instance)
        case .properties(let table): return applyProperties(table, node, instance)
        case .patternProperties(let list): return applyPatternProperties(list, node, instance)
        case .additionalProperties(let rule): return applyAdditionalProperties(rule, node, instance)
        case .propertyNames(let child): return applyPropertyNames(child, instance)
        case .required(let names): return applyRequired(names, node, instance)
        case .dependentRequired(let list): return applyDependentRequired(list, node, instance)
        case .prefixItems(let children): return applyPrefixItems(children, node, instance)
        case .items(let child, let prefixCount): return applyItems(child, prefixCount: prefixCount, node, instance)
        case .contains(let rule): return applyContains(rule, node, instance)
        case .unevaluatedProperties(let child): return applyUnevaluatedProperties(child, node, instance)
        case .unevaluatedItems(let child): return applyUnevaluatedItems(child, node, instance)
        case .uniqueItems: return applyUniqueItems(node, instance)
        case .maxProperties, .minProperties, .maxItems, .minItems:
            return applySizeKeyword(keyword, node, instance)
        case .type(let types):
            if types.contains(typeOf: instance) { return true }
            return applyValueKeyword(keyword, node, instance)
        case .const, .enumeration, .multipleOf, .maximum, .exclusiveMaximum, .minimum, .exclusiveMinimum,
             .maxLength, .minLength, .pattern, .format:
            return applyValueKeyword(keyword, node, instance)
        }
    }

    /// The target of a `$dynamicRef`: the outermost resource in the dynamic scope that
    /// declares the anchor, else the static target.
    func resolve(_ reference: DynamicReference) -> Int {
        guard let anchor = reference.anchor else { return reference.target }
        for resource in dynamicScope {
            if resource < schema.dynamicAnchors.count, let target = schema.dynamicAnchors[resource][anchor] {
                return target
            }
        }
        return reference.target
    }

    // MARK: Errors

    /// Records an error for `keyword` of `node` at the current locations, paid for from the
    /// work budget (``errorCost`` units, and one per location token).
    mutating func report(_ kind: ValidationErrorKind, keyword: String?, node: SchemaNode, instance: JSONValue, extra: String? = nil) {
        let tokens = keywordPath.count + (keyword == nil ? 0 : 1) + (extra == nil ? 0 : 1) + instancePath.count
        guard !exhausted, spend(Self.errorCost + tokens) else { return }
        var keywordTokens = keywordPath
        var absolute = node.absoluteLocation
        if let keyword {
            keywordTokens.append(keyword)
            absolute += "/" + JSONPointer.escape(keyword)
        }
        if let extra {
            keywordTokens.append(extra)
            absolute += "/" + JSONPointer.escape(extra)
        }
        let instanceTokens = instancePath.map { token -> String in
            switch token {
            case .key(let key): return key
            case .index(let index): return String(index)
            }
        }
        let name = keyword ?? keywordPath.last.flatMap { Self.isKeywordName($0) ? $0 : nil } ?? "false"
        errors.append(ValidationError(
            instanceLocation: JSONPointer(instanceTokens),
            keywordLocation: JSONPointer(keywordTokens),
            absoluteKeywordLocation: absolute,
            keyword: name,
            kind: kind,
            message: kind.message(for: instance)
        ))
    }

    static func isKeywordName(_ token: String) -> Bool {
        guard let first = token.unicodeScalars.first else { return false }
        return first == "$" || (first.properties.isLowercase && !token.contains(where: { $0.isNumber }))
    }
}
