/// Validation-vocabulary keywords on single values: type, const, enum, numeric bounds,
/// string lengths, pattern, and format assertion.
extension Evaluator {
    @inline(never)
    mutating func applyValueKeyword(_ keyword: Keyword, _ node: SchemaNode, _ instance: JSONValue) -> Bool {
        let failure: ValidationErrorKind
        switch keyword {
        case .type(let types):
            if types.contains(typeOf: instance) { return true }
            failure = .type(expected: types.typeNames, actual: instance.typeName)
        case .const(let expected, let nodes):
            // Comparing costs at most the smaller value; a larger instance is measured only
            // as far as the constant's size.
            guard spend(Self.measure(instance, nodeLimit: nodes).units) else { return false }
            if instance == expected { return true }
            failure = .const(expected: expected)
        case .enumeration(let rule):
            let size = Self.measure(instance, nodeLimit: rule.nodes)
            guard spend(rule.set == nil ? size.units * rule.values.count : size.units) else { return false }
            // Equal values have the same number of nodes: an instance larger than every
            // allowed value is none of them (and is not hashed whole).
            if size.nodes <= rule.nodes {
                if let set = rule.set {
                    if set.contains(instance) { return true }
                } else if rule.values.contains(instance) {
                    return true
                }
            }
            failure = .enumeration(allowed: rule.values)
        case .multipleOf(let divisor):
            guard case .number(let number) = instance else { return true }
            guard spend(Self.cost(of: number) + Self.cost(of: divisor)) else { return false }
            guard !number.isMultiple(of: divisor) else { return true }
            failure = .multipleOf(divisor)
        case .maximum(let limit):
            guard case .number(let number) = instance else { return true }
            guard spend(Self.cost(of: number)) else { return false }
            guard JSONNumber.compare(number, limit) > 0 else { return true }
            failure = .maximum(limit)
        case .exclusiveMaximum(let limit):
            guard case .number(let number) = instance else { return true }
            guard spend(Self.cost(of: number)) else { return false }
            guard JSONNumber.compare(number, limit) >= 0 else { return true }
            failure = .exclusiveMaximum(limit)
        case .minimum(let limit):
            guard case .number(let number) = instance else { return true }
            guard spend(Self.cost(of: number)) else { return false }
            guard JSONNumber.compare(number, limit) < 0 else { return true }
            failure = .minimum(limit)
        case .exclusiveMinimum(let limit):
            guard case .number(let number) = instance else { return true }
            guard spend(Self.cost(of: number)) else { return false }
            guard JSONNumber.compare(number, limit) <= 0 else { return true }
            failure = .exclusiveMinimum(limit)
        case .maxLength(let limit):
            guard case .string(let string) = instance, string.utf8.count > limit else { return true }
            guard spend(Self.cost(of: string)) else { return false }
            let length = string.unicodeScalars.count
            if length <= limit { return true }
            failure = .maxLength(limit: limit, actual: length)
        case .minLength(let limit):
            guard case .string(let string) = instance else { return true }
            let bytes = string.utf8.count
            if bytes / 4 >= limit { return true }  // every scalar is at most 4 bytes (no overflow for a huge limit)
            guard spend(Self.cost(of: string)) else { return false }
            let length = bytes < limit ? bytes : string.unicodeScalars.count
            if length >= limit { return true }
            failure = .minLength(limit: limit, actual: collecting ? string.unicodeScalars.count : length)
        case .pattern(let matcher):
            guard case .string(let string) = instance else { return true }
            switch match(matcher, string) {
            case nil: return false
            case .match: return true
            case .noMatch: failure = .pattern(matcher.source)
            case .timedOut: failure = .patternTimeout(matcher.source)
            }
        case .format(let checker):
            guard case .string(let string) = instance else { return true }
            guard spend(Self.cost(of: checker, string)) else { return false }
            guard !checker.check(string) else { return true }
            failure = .format(checker.kind.rawValue)
        default:
            return true
        }
        if collecting { report(failure, keyword: keyword.name, node: node, instance: instance) }
        return false
    }
}
