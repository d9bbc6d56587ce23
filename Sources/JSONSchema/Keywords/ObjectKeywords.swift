/// Object keywords: properties, patternProperties, additionalProperties, propertyNames,
/// required, dependentRequired.
extension Evaluator {
    @inline(never)
    mutating func applyProperties(_ table: PropertyTable, _ node: SchemaNode, _ instance: JSONValue) -> Bool {
        guard case .object(let object) = instance else { return true }
        var valid = true
        var seen: UInt64 = 0
        let count = object.count
        var position = 0
        while position < count {
            let key = object.key(at: position)
            guard spend(1 + Self.cost(of: key)) else { return false }
            if let slot = table.position(of: key) {
                if slot < 64 { seen |= 1 << UInt64(slot) }
                let passed = table.unmanagedNodes[slot]._withUnsafeGuaranteedRef { child in
                    descendMember(child, object.value(at: position), key: key, keyword: "properties", token: key,
                                  owner: node, falseKind: .propertyNotAllowed(key))
                }
                if !passed {
                    valid = false
                    if !collecting { return false }
                }
            }
            position += 1
        }
        if seen & table.requiredMask != table.requiredMask {
            if !collecting { return false }
            valid = false
            guard spend(table.requiredNames.count) else { return false }
            for name in table.requiredNames where object.position(of: name) == nil {
                report(.required(property: name), keyword: "required", node: node, instance: instance)
            }
        }
        return valid
    }

    @inline(never)
    mutating func applyPatternProperties(_ list: [(pattern: PatternMatcher, node: SchemaNode)], _ node: SchemaNode, _ instance: JSONValue) -> Bool {
        guard case .object(let object) = instance else { return true }
        var valid = true
        for position in 0..<object.count {
            let key = object.key(at: position)
            for entry in list {
                guard let outcome = match(entry.pattern, key) else { return false }
                guard outcome == .match else { continue }
                if !descendMember(entry.node, object.value(at: position), key: key, keyword: "patternProperties",
                                  token: entry.pattern.source, owner: node, falseKind: .propertyNotAllowed(key)) {
                    valid = false
                    if !collecting { return false }
                }
            }
        }
        return valid
    }

    @inline(never)
    mutating func applyAdditionalProperties(_ rule: AdditionalProperties, _ node: SchemaNode, _ instance: JSONValue) -> Bool {
        guard case .object(let object) = instance else { return true }
        var valid = true
        for position in 0..<object.count {
            let key = object.key(at: position)
            guard spend(1 + Self.cost(of: key)) else { return false }
            if rule.known.contains(ByteString(key)) { continue }
            var matched = false
            for pattern in rule.patterns where !matched {
                guard let outcome = match(pattern, key) else { return false }
                matched = outcome == .match
            }
            if matched { continue }
            if !descendMember(rule.node, object.value(at: position), key: key, keyword: "additionalProperties",
                              token: nil, owner: node, falseKind: .additionalProperty(key)) {
                valid = false
                if !collecting { return false }
            }
        }
        return valid
    }

    @inline(never)
    mutating func applyPropertyNames(_ child: SchemaNode, _ instance: JSONValue) -> Bool {
        guard case .object(let object) = instance else { return true }
        var valid = true
        for key in object.keys where !descend(child, .string(key), keyword: "propertyNames") {
            valid = false
            if !collecting { return false }
        }
        return valid
    }

    @inline(never)
    mutating func applyRequired(_ names: [String], _ node: SchemaNode, _ instance: JSONValue) -> Bool {
        guard case .object(let object) = instance else { return true }
        guard spend(names.count) else { return false }
        var valid = true
        for name in names where object.position(of: name) == nil {
            if !collecting { return false }
            valid = false
            report(.required(property: name), keyword: "required", node: node, instance: instance)
        }
        return valid
    }

    @inline(never)
    mutating func applyDependentRequired(_ list: [(name: String, required: [String])], _ node: SchemaNode, _ instance: JSONValue) -> Bool {
        guard case .object(let object) = instance else { return true }
        guard spend(list.count) else { return false }
        var valid = true
        for entry in list where object.position(of: entry.name) != nil {
            guard spend(entry.required.count) else { return false }
            for name in entry.required where object.position(of: name) == nil {
                if !collecting { return false }
                valid = false
                report(.dependentRequired(property: name, dependency: entry.name), keyword: "dependentRequired",
                       node: node, instance: instance, extra: entry.name)
            }
        }
        return valid
    }
}
