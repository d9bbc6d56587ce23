/// The unevaluated vocabulary: unevaluatedProperties and unevaluatedItems.
///
/// Annotations are computed on demand: the keyword asks its sibling keywords, and the
/// in-place applicators below them (allOf, anyOf, oneOf, if/then/else, dependentSchemas,
/// $ref, $dynamicRef), which members they evaluated. Subschemas that fail contribute
/// nothing, as the specification requires. Each schema the walk visits is paid for from
/// the work budget, like an evaluation.
extension Evaluator {
    @inline(never)
    mutating func applyUnevaluatedProperties(_ child: SchemaNode, _ node: SchemaNode, _ instance: JSONValue) -> Bool {
        guard case .object(let object) = instance, !object.isEmpty else { return true }
        guard spend(object.count) else { return false }
        var marks = [Bool](repeating: false, count: object.count)
        markProperties(node, instance, object, &marks, isOwner: true)
        if exhausted { return false }
        var valid = true
        for position in 0..<object.count where !marks[position] {
            let key = object.key(at: position)
            if !descendMember(child, object.value(at: position), key: key, keyword: "unevaluatedProperties", token: nil,
                              owner: node, falseKind: .unevaluatedProperty(key)) {
                valid = false
                if !collecting { return false }
            }
        }
        return valid
    }

    @inline(never)
    mutating func applyUnevaluatedItems(_ child: SchemaNode, _ node: SchemaNode, _ instance: JSONValue) -> Bool {
        guard case .array(let items) = instance, !items.isEmpty else { return true }
        guard spend(items.count) else { return false }
        var marks = [Bool](repeating: false, count: items.count)
        markItems(node, instance, items, &marks, isOwner: true)
        if exhausted { return false }
        var valid = true
        for index in 0..<items.count where !marks[index] {
            if !descendItem(child, items[index], index: index, keyword: "unevaluatedItems", token: nil,
                            owner: node, falseKind: .unevaluatedItem(index)) {
                valid = false
                if !collecting { return false }
            }
        }
        return valid
    }

    /// Marks the members of `object` that `node` evaluates. `node` is assumed valid for the
    /// instance (the owner's own validity is decided by its other keywords).
    mutating func markProperties(_ node: SchemaNode, _ instance: JSONValue, _ object: JSONObject, _ marks: inout [Bool], isOwner: Bool = false) {
        guard node.boolean == nil, node.evaluatesProperties, depth < maxDepth, spend(1) else { return }
        depth += 1
        var pushedScope = false
        if trackScope, dynamicScope.last != node.resource {
            dynamicScope.append(node.resource)
            pushedScope = true
        }
        defer {
            depth -= 1
            if pushedScope { dynamicScope.removeLast() }
        }
        for keyword in node.keywords where !exhausted {
            switch keyword {
            case .properties(let table):
                guard spend(Self.keyUnits(object)) else { return }
                for position in 0..<object.count where table.position(of: object.key(at: position)) != nil {
                    marks[position] = true
                }
            case .patternProperties(let list):
                for position in 0..<object.count {
                    for entry in list where !marks[position] {
                        guard let outcome = match(entry.pattern, object.key(at: position)) else { return }
                        marks[position] = outcome == .match
                    }
                }
            case .additionalProperties:
                guard spend(marks.count) else { return }
                for position in 0..<marks.count { marks[position] = true }
            case .unevaluatedProperties(let child):
                // Nested unevaluatedProperties evaluated whatever was left (when it passed).
                if !isOwner, case .object = instance {
                    guard spend(marks.count) else { return }
                    for position in 0..<marks.count { marks[position] = true }
                }
                _ = child
            case .allOf(let children):
                for child in children { markProperties(child, instance, object, &marks) }
            case .anyOf(let children), .oneOf(let children):
                for child in children where check(child, instance) { markProperties(child, instance, object, &marks) }
            case .conditional(let condition, let then, let otherwise):
                if check(condition, instance) {
                    markProperties(condition, instance, object, &marks)
                    if let then { markProperties(then, instance, object, &marks) }
                } else if let otherwise {
                    markProperties(otherwise, instance, object, &marks)
                }
            case .dependentSchemas(let list):
                guard spend(list.count) else { return }
                for entry in list where object.position(of: entry.name) != nil {
                    markProperties(entry.node, instance, object, &marks)
                }
            case .ref(let target):
                markProperties(targets[target], instance, object, &marks)
            case .dynamicRef(let reference):
                markProperties(targets[resolve(reference)], instance, object, &marks)
            default:
                break
            }
        }
    }

    /// Marks the items of `items` that `node` evaluates; see ``markProperties``.
    mutating func markItems(_ node: SchemaNode, _ instance: JSONValue, _ items: [JSONValue], _ marks: inout [Bool], isOwner: Bool = false) {
        guard node.boolean == nil, node.evaluatesItems, depth < maxDepth, spend(1) else { return }
        depth += 1
        var pushedScope = false
        if trackScope, dynamicScope.last != node.resource {
            dynamicScope.append(node.resource)
            pushedScope = true
        }
        defer {
            depth -= 1
            if pushedScope { dynamicScope.removeLast() }
        }
        for keyword in node.keywords where !exhausted {
            switch keyword {
            case .prefixItems(let children):
                guard spend(min(children.count, marks.count)) else { return }
                for index in 0..<min(children.count, marks.count) { marks[index] = true }
            case .items, .unevaluatedItems:
                if case .unevaluatedItems = keyword, isOwner { continue }
                guard spend(marks.count) else { return }
                for index in 0..<marks.count { marks[index] = true }
            case .contains(let rule):
                for index in 0..<items.count where !marks[index] && check(rule.node, items[index]) { marks[index] = true }
            case .allOf(let children):
                for child in children { markItems(child, instance, items, &marks) }
            case .anyOf(let children), .oneOf(let children):
                for child in children where check(child, instance) { markItems(child, instance, items, &marks) }
            case .conditional(let condition, let then, let otherwise):
                if check(condition, instance) {
                    markItems(condition, instance, items, &marks)
                    if let then { markItems(then, instance, items, &marks) }
                } else if let otherwise {
                    markItems(otherwise, instance, items, &marks)
                }
            case .dependentSchemas(let list):
                if case .object(let object) = instance {
                    for entry in list where object.position(of: entry.name) != nil { markItems(entry.node, instance, items, &marks) }
                }
            case .ref(let target):
                markItems(targets[target], instance, items, &marks)
            case .dynamicRef(let reference):
                markItems(targets[resolve(reference)], instance, items, &marks)
            default:
                break
            }
        }
    }
}
