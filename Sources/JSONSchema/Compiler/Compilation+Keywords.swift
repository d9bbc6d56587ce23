/// Turning one schema object into a ``SchemaNode``: each keyword is checked (a malformed
/// keyword is a ``SchemaError`` naming it and its JSON Pointer) and compiled.
extension Compilation {
    func compileSchema(_ value: JSONValue, at location: SchemaLocation, depth: Int) throws(SchemaError) -> SchemaNode {
        let info = index.info(for: location)
        let absolute = info.base + "#" + JSONPointer(info.resourcePointer).description
        let resource = resourceID(info.base)
        switch value {
        case .bool(let flag):
            return SchemaNode(boolean: flag, keywords: [], absoluteLocation: absolute, resource: resource)
        case .object(let object):
            guard depth <= options.maxDepth else { throw error(SchemaMessages.tooDeep(options.maxDepth), location, nil) }
            let vocabularies = try self.vocabularies(for: info.dialect, at: location)
            let keywords = try compileKeywords(object, at: location, info: info, vocabularies: vocabularies, depth: depth)
            return SchemaNode(boolean: nil, keywords: keywords, absoluteLocation: absolute, resource: resource)
        default:
            throw error(SchemaMessages.notASchema(), location, nil)
        }
    }

    private func child(_ value: JSONValue, _ location: SchemaLocation, _ tokens: String..., depth: Int) throws(SchemaError) -> SchemaNode {
        try compileSchema(value, at: SchemaLocation(document: location.document, pointer: location.pointer + tokens), depth: depth + 1)
    }

    // swiftlint:disable:next function_body_length cyclomatic_complexity
    private func compileKeywords(
        _ object: JSONObject, at location: SchemaLocation, info: LocationInfo, vocabularies: Vocabularies, depth: Int
    ) throws(SchemaError) -> [Keyword] {
        var keywords: [Keyword] = []
        var trailing: [Keyword] = []
        let applicator = vocabularies.contains(.applicator)
        let validation = vocabularies.contains(.validation)

        func fail(_ keyword: String, _ what: String) -> SchemaError {
            error(SchemaMessages.expected(what, keyword: keyword), location, keyword)
        }
        func count(_ keyword: String) throws(SchemaError) -> Int? {
            guard let value = object[keyword] else { return nil }
            guard case .number(let number) = value, number.isInteger, !number.isNegative else {
                throw fail(keyword, "a non-negative integer")
            }
            return number.intValue ?? Int.max
        }
        func number(_ keyword: String) throws(SchemaError) -> JSONNumber {
            guard case .number(let number)? = object[keyword] else { throw fail(keyword, "a number") }
            return number
        }
        func schemaArray(_ keyword: String, _ value: JSONValue) throws(SchemaError) -> [SchemaNode] {
            guard case .array(let elements) = value, !elements.isEmpty else { throw fail(keyword, "a non-empty array of schemas") }
            var nodes: [SchemaNode] = []
            for (position, element) in elements.enumerated() {
                nodes.append(try child(element, location, keyword, String(position), depth: depth))
            }
            return nodes
        }
        func schemaMap(_ keyword: String, _ value: JSONValue) throws(SchemaError) -> [(String, SchemaNode)] {
            guard case .object(let members) = value else { throw fail(keyword, "an object of schemas") }
            var nodes: [(String, SchemaNode)] = []
            for (name, member) in members { nodes.append((name, try child(member, location, keyword, name, depth: depth))) }
            return nodes
        }
        func pattern(_ keyword: String, _ source: String, token: String? = nil) throws(SchemaError) -> PatternMatcher {
            do {
                return try PatternMatcher(source, timeLimit: options.regexTimeLimit)
            } catch {
                throw self.error(SchemaMessages.badPattern(source, error.message), location, token.map { "\(keyword)/\($0)" } ?? keyword)
            }
        }
        func stringList(_ keyword: String, _ value: JSONValue) throws(SchemaError) -> [String] {
            guard case .array(let elements) = value else { throw fail(keyword, "an array of strings") }
            var names: [String] = []
            for element in elements {
                guard case .string(let name) = element else { throw fail(keyword, "an array of strings") }
                names.append(name)
            }
            return names
        }

        // Core vocabulary checks.
        for keyword in ["$id", "$anchor", "$dynamicAnchor", "$ref", "$dynamicRef", "$schema", "$comment"] {
            if let value = object[keyword], value.stringValue == nil { throw fail(keyword, "a string") }
        }
        if let anchor = object["$anchor"]?.stringValue, !Self.isAnchorName(anchor) { throw fail("$anchor", "a plain name such as \"item\"") }
        if let anchor = object["$dynamicAnchor"]?.stringValue, !Self.isAnchorName(anchor) { throw fail("$dynamicAnchor", "a plain name such as \"item\"") }
        if let defs = object["$defs"] {
            // Compile definitions too, so that a malformed one is reported even when unused.
            _ = try schemaMap("$defs", defs)
        }

        for (keyword, value) in object {
            switch keyword {
            case "$ref":
                guard case .string(let reference) = value else { continue }
                let (found, _) = try resolveReference(reference, base: info.base, at: location, keyword: keyword)
                keywords.append(.ref(target: try target(for: found)))
            case "$dynamicRef":
                guard case .string(let reference) = value else { continue }
                let (found, uri) = try resolveReference(reference, base: info.base, at: location, keyword: keyword)
                var anchor: String?
                if let hash = uri.firstIndex(of: "#") {
                    let fragment = String(uri[uri.index(after: hash)...])
                    if !fragment.isEmpty, !fragment.hasPrefix("/"), case .object(let targetObject)? = index.value(at: found),
                       targetObject["$dynamicAnchor"]?.stringValue == fragment {
                        anchor = fragment
                        dynamicAnchorNames.insert(fragment)
                        usesDynamicScope = true
                    }
                }
                keywords.append(.dynamicRef(DynamicReference(target: try target(for: found), anchor: anchor)))

            case "allOf" where applicator: keywords.append(.allOf(try schemaArray(keyword, value)))
            case "anyOf" where applicator: keywords.append(.anyOf(try schemaArray(keyword, value)))
            case "oneOf" where applicator: keywords.append(.oneOf(try schemaArray(keyword, value)))
            case "not" where applicator: keywords.append(.not(try child(value, location, keyword, depth: depth)))
            case "if" where applicator:
                let condition = try child(value, location, keyword, depth: depth)
                let then = try object["then"].map { v throws(SchemaError) in try child(v, location, "then", depth: depth) }
                let otherwise = try object["else"].map { v throws(SchemaError) in try child(v, location, "else", depth: depth) }
                keywords.append(.conditional(if: condition, then: then, else: otherwise))
            case "then" where applicator, "else" where applicator:
                if object["if"] == nil { _ = try child(value, location, keyword, depth: depth) }
            case "dependentSchemas" where applicator:
                keywords.append(.dependentSchemas(try schemaMap(keyword, value).map { (name: $0.0, node: $0.1) }))
            case "prefixItems" where applicator:
                keywords.append(.prefixItems(try schemaArray(keyword, value)))
            case "items" where applicator:
                var prefixCount = 0
                if case .array(let prefix)? = object["prefixItems"] { prefixCount = prefix.count }
                keywords.append(.items(try child(value, location, keyword, depth: depth), prefixCount: prefixCount))
            case "contains" where applicator:
                let node = try child(value, location, keyword, depth: depth)
                let minimum = validation ? try count("minContains") ?? 1 : 1
                let maximum = validation ? try count("maxContains") : nil
                keywords.append(.contains(ContainsRule(node: node, minimum: minimum, maximum: maximum)))
            case "properties" where applicator:
                let entries = try schemaMap(keyword, value)
                let names = entries.map(\.0)
                var requiredNames: [String] = []
                var mask: UInt64 = 0
                if validation, let required = object["required"], names.count <= 64 {
                    let list = try stringList("required", required)
                    let positions = list.compactMap { name in names.firstIndex(where: { utf8Equal($0, name) }) }
                    if positions.count == list.count {
                        requiredNames = list
                        for position in positions { mask |= 1 << UInt64(position) }
                    }
                }
                var lookup: [ByteString: Int]?
                if names.count > 8 {
                    var table: [ByteString: Int] = [:]
                    for (position, name) in names.enumerated() { table[ByteString(name)] = position }
                    lookup = table
                }
                let table = PropertyTable(names: names, nodes: entries.map(\.1), lookup: lookup, requiredMask: mask, requiredNames: requiredNames)
                keywords.append(.properties(table))
            case "patternProperties" where applicator:
                guard case .object(let members) = value else { throw fail(keyword, "an object of schemas") }
                var list: [(pattern: PatternMatcher, node: SchemaNode)] = []
                for (source, member) in members {
                    list.append((try pattern(keyword, source, token: source), try child(member, location, keyword, source, depth: depth)))
                }
                keywords.append(.patternProperties(list))
            case "additionalProperties" where applicator:
                let node = try child(value, location, keyword, depth: depth)
                var known: Set<ByteString> = []
                if case .object(let properties)? = object["properties"] { known = Set(properties.keys.map(ByteString.init)) }
                var patterns: [PatternMatcher] = []
                if case .object(let members)? = object["patternProperties"] {
                    for source in members.keys { patterns.append(try pattern("patternProperties", source, token: source)) }
                }
                keywords.append(.additionalProperties(AdditionalProperties(node: node, known: known, patterns: patterns)))
            case "propertyNames" where applicator:
                keywords.append(.propertyNames(try child(value, location, keyword, depth: depth)))

            case "unevaluatedItems" where vocabularies.contains(.unevaluated):
                trailing.append(.unevaluatedItems(try child(value, location, keyword, depth: depth)))
            case "unevaluatedProperties" where vocabularies.contains(.unevaluated):
                trailing.append(.unevaluatedProperties(try child(value, location, keyword, depth: depth)))

            case "type" where validation:
                var types: TypeSet = []
                let names: [JSONValue] = value.arrayValue ?? [value]
                for name in names {
                    guard case .string(let text) = name, let type = TypeSet.names.first(where: { $0.0 == text })?.1 else {
                        throw fail(keyword, "a type name or an array of type names (null, boolean, integer, number, string, array, object)")
                    }
                    types.insert(type)
                }
                keywords.append(.type(types))
            case "const" where validation:
                keywords.append(.const(value, nodes: Evaluator.measure(value, nodeLimit: .max).nodes))
            case "enum" where validation:
                guard case .array(let values) = value else { throw fail(keyword, "an array") }
                keywords.append(.enumeration(EnumRule(
                    values: values, set: values.count > 8 ? Set(values) : nil,
                    nodes: values.map { Evaluator.measure($0, nodeLimit: .max).nodes }.max() ?? 0
                )))
            case "multipleOf" where validation:
                let divisor = try number(keyword)
                guard JSONNumber.compare(divisor, JSONNumber(0)) > 0 else { throw fail(keyword, "a number greater than 0") }
                keywords.append(.multipleOf(divisor))
            case "maximum" where validation: keywords.append(.maximum(try number(keyword)))
            case "exclusiveMaximum" where validation: keywords.append(.exclusiveMaximum(try number(keyword)))
            case "minimum" where validation: keywords.append(.minimum(try number(keyword)))
            case "exclusiveMinimum" where validation: keywords.append(.exclusiveMinimum(try number(keyword)))
            case "maxLength" where validation: if let limit = try count(keyword) { keywords.append(.maxLength(limit)) }
            case "minLength" where validation: if let limit = try count(keyword), limit > 0 { keywords.append(.minLength(limit)) }
            case "pattern" where validation:
                guard case .string(let source) = value else { throw fail(keyword, "a string") }
                keywords.append(.pattern(try pattern(keyword, source)))
            case "maxItems" where validation: if let limit = try count(keyword) { keywords.append(.maxItems(limit)) }
            case "minItems" where validation: if let limit = try count(keyword), limit > 0 { keywords.append(.minItems(limit)) }
            case "uniqueItems" where validation:
                guard case .bool(let flag) = value else { throw fail(keyword, "a Boolean") }
                if flag { keywords.append(.uniqueItems) }
            case "maxContains" where validation, "minContains" where validation:
                _ = try count(keyword)
            case "maxProperties" where validation: if let limit = try count(keyword) { keywords.append(.maxProperties(limit)) }
            case "minProperties" where validation: if let limit = try count(keyword), limit > 0 { keywords.append(.minProperties(limit)) }
            case "required" where validation:
                let names = try stringList(keyword, value)
                if !names.isEmpty, !(applicator && Self.foldable(names, object)) {
                    keywords.append(.required(names))
                }
            case "dependentRequired" where validation:
                guard case .object(let members) = value else { throw fail(keyword, "an object of string arrays") }
                var list: [(name: String, required: [String])] = []
                for (name, member) in members { list.append((name, try stringList(keyword, member))) }
                keywords.append(.dependentRequired(list))
            case "dependencies" where applicator || validation:
                // Draft 2019-09's predecessor keyword, accepted for compatibility: an array
                // value means dependentRequired, a schema value means dependentSchemas.
                guard case .object(let members) = value else { throw fail(keyword, "an object") }
                var required: [(name: String, required: [String])] = []
                var schemas: [(name: String, node: SchemaNode)] = []
                for (name, member) in members {
                    if case .array = member {
                        required.append((name, try stringList(keyword, member)))
                    } else {
                        schemas.append((name, try child(member, location, keyword, name, depth: depth)))
                    }
                }
                if !required.isEmpty, validation { keywords.append(.dependentRequired(required)) }
                if !schemas.isEmpty, applicator { keywords.append(.dependentSchemas(schemas)) }
            case "format":
                guard case .string(let name) = value else { throw fail(keyword, "a string") }
                if vocabularies.contains(.formatAssertion), let checker = FormatChecker(name: name) {
                    keywords.append(.format(checker))
                }
            default:
                continue
            }
        }
        return keywords + trailing
    }

    /// Whether `properties` will fold this `required` list (every name listed, ≤ 64).
    static func foldable(_ names: [String], _ object: JSONObject) -> Bool {
        guard case .object(let properties)? = object["properties"], properties.count <= 64 else { return false }
        return names.allSatisfy { properties.position(of: $0) != nil }
    }

    /// `^[A-Za-z_][-A-Za-z0-9._]*$`
    static func isAnchorName(_ name: String) -> Bool {
        guard let first = name.unicodeScalars.first, first.isASCII,
              Character(first).isLetter || first == "_" else { return false }
        return name.unicodeScalars.allSatisfy { $0.isASCII && (Character($0).isLetter || Character($0).isNumber || "-._".unicodeScalars.contains($0)) }
    }
}
