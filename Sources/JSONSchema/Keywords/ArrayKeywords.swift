/// Array keywords: prefixItems, items, contains (with minContains / maxContains),
/// uniqueItems.
extension Evaluator {
    @inline(never)
    mutating func applyPrefixItems(_ children: [SchemaNode], _ node: SchemaNode, _ instance: JSONValue) -> Bool {
        guard case .array(let items) = instance else { return true }
        var valid = true
        for index in 0..<min(items.count, children.count) {
            if !descendItem(children[index], items[index], index: index, keyword: "prefixItems", token: String(index),
                            owner: node, falseKind: .itemNotAllowed(index)) {
                valid = false
                if !collecting { return false }
            }
        }
        return valid
    }

    @inline(never)
    mutating func applyItems(_ child: SchemaNode, prefixCount: Int, _ node: SchemaNode, _ instance: JSONValue) -> Bool {
        guard case .array(let items) = instance, items.count > prefixCount else { return true }
        var valid = true
        for index in prefixCount..<items.count {
            if !descendItem(child, items[index], index: index, keyword: "items", token: nil, owner: node, falseKind: .itemNotAllowed(index)) {
                valid = false
                if !collecting { return false }
            }
        }
        return valid
    }

    @inline(never)
    mutating func applyContains(_ rule: ContainsRule, _ node: SchemaNode, _ instance: JSONValue) -> Bool {
        guard case .array(let items) = instance else { return true }
        var matches = 0
        for item in items where check(rule.node, item) {
            matches += 1
            if let maximum = rule.maximum, matches > maximum, !collecting { return false }
            if rule.maximum == nil, matches >= rule.minimum { return true }
        }
        if matches < rule.minimum {
            if collecting {
                if rule.minimum == 1 {
                    report(.contains, keyword: "contains", node: node, instance: instance)
                } else {
                    report(.minContains(limit: rule.minimum, actual: matches), keyword: "minContains", node: node, instance: instance)
                }
            }
            return false
        }
        if let maximum = rule.maximum, matches > maximum {
            if collecting { report(.maxContains(limit: maximum, actual: matches), keyword: "maxContains", node: node, instance: instance) }
            return false
        }
        return true
    }

    @inline(never)
    mutating func applyUniqueItems(_ node: SchemaNode, _ instance: JSONValue) -> Bool {
        guard case .array(let items) = instance, items.count > 1 else { return true }
        // Hashing reads every item once; comparing pairs, up to half the items per item.
        let size = Self.measure(instance, nodeLimit: maxEvaluations - evaluations)
        guard spend(items.count <= 16 ? size.units * (items.count / 2) : size.units) else { return false }
        var duplicate: (Int, Int)?
        if items.count <= 16 {
            search: for first in 0..<items.count {
                for second in (first + 1)..<items.count where items[first] == items[second] {
                    duplicate = (first, second)
                    break search
                }
            }
        } else {
            // Hashing keeps this linear: no pairwise comparison of large arrays.
            var seen = [JSONValue: Int](minimumCapacity: items.count)
            for (index, item) in items.enumerated() {
                if let first = seen.updateValue(index, forKey: item) {
                    duplicate = (first, index)
                    break
                }
            }
        }
        guard let duplicate else { return true }
        if collecting { report(.uniqueItems(first: duplicate.0, second: duplicate.1), keyword: "uniqueItems", node: node, instance: instance) }
        return false
    }
}
