/// In-place applicators: allOf, anyOf, oneOf, not, if/then/else, dependentSchemas.
extension Evaluator {
    @inline(never)
    mutating func applyAllOf(_ children: [SchemaNode], _ instance: JSONValue) -> Bool {
        var valid = true
        for index in 0..<children.count where !descend(children[index], instance, keyword: "allOf", token: collecting ? String(index) : nil) {
            valid = false
            if !collecting { return false }
        }
        return valid
    }

    @inline(never)
    mutating func applyAnyOf(_ children: [SchemaNode], _ node: SchemaNode, _ instance: JSONValue) -> Bool {
        for child in children where check(child, instance) { return true }
        if collecting { report(.anyOf, keyword: "anyOf", node: node, instance: instance) }
        return false
    }

    @inline(never)
    mutating func applyOneOf(_ children: [SchemaNode], _ node: SchemaNode, _ instance: JSONValue) -> Bool {
        var first: Int?
        var matching: [Int] = []
        for index in 0..<children.count where check(children[index], instance) {
            if first == nil {
                first = index
                continue
            }
            if !collecting { return false }
            if matching.isEmpty, let first { matching.append(first) }
            matching.append(index)
        }
        if first != nil, matching.isEmpty { return true }
        if collecting {
            report(first == nil ? .oneOfNone : .oneOfMultiple(matching: matching), keyword: "oneOf", node: node, instance: instance)
        }
        return false
    }

    @inline(never)
    mutating func applyNot(_ child: SchemaNode, _ node: SchemaNode, _ instance: JSONValue) -> Bool {
        if !check(child, instance) { return true }
        if collecting { report(.not, keyword: "not", node: node, instance: instance) }
        return false
    }

    @inline(never)
    mutating func applyConditional(_ condition: SchemaNode, _ then: SchemaNode?, _ otherwise: SchemaNode?, _ instance: JSONValue) -> Bool {
        if check(condition, instance) {
            guard let then else { return true }
            return descend(then, instance, keyword: "then")
        }
        guard let otherwise else { return true }
        return descend(otherwise, instance, keyword: "else")
    }

    @inline(never)
    mutating func applyDependentSchemas(_ list: [(name: String, node: SchemaNode)], _ instance: JSONValue) -> Bool {
        guard case .object(let object) = instance else { return true }
        guard spend(list.count) else { return false }
        var valid = true
        for entry in list where object.position(of: entry.name) != nil {
            if !descend(entry.node, instance, keyword: "dependentSchemas", token: entry.name) {
                valid = false
                if !collecting { return false }
            }
        }
        return valid
    }

    @inline(never)
    mutating func applySizeKeyword(_ keyword: Keyword, _ node: SchemaNode, _ instance: JSONValue) -> Bool {
        let failure: ValidationErrorKind
        switch (keyword, instance) {
        case (.maxProperties(let limit), .object(let object)):
            guard object.count > limit else { return true }
            failure = .maxProperties(limit: limit, actual: object.count)
        case (.minProperties(let limit), .object(let object)):
            guard object.count < limit else { return true }
            failure = .minProperties(limit: limit, actual: object.count)
        case (.maxItems(let limit), .array(let items)):
            guard items.count > limit else { return true }
            failure = .maxItems(limit: limit, actual: items.count)
        case (.minItems(let limit), .array(let items)):
            guard items.count < limit else { return true }
            failure = .minItems(limit: limit, actual: items.count)
        default:
            return true
        }
        if collecting { report(failure, keyword: keyword.name, node: node, instance: instance) }
        return false
    }
}
