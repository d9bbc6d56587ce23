import JSONSchema

/// Reads a Return Format written as a JSON or YAML document (`{"verdict": "GO|HOLD", …}`)
/// into the schema of the document an answer writes.
///
/// Keys are properties, titled as written and required unless their guidance says "only
/// when", "if any" or "optional". A string value is the guidance, typed by `GuidanceType`
/// (`critical|high|low` an enum, `<name>` text) or by a type name (`"boolean"`, `"float"`,
/// `"integer"`); guidance that allows `null` allows it. A list of one mapping is an array of
/// such objects, a list of strings an array of strings; literal numbers and booleans give
/// their type.
enum DataTemplateReader {
    struct Failure: Error {
        var message: String
    }

    static func schema(_ text: String, format: String) throws(Failure) -> (properties: JSONObject, required: [JSONValue], count: Int) {
        if format == "xml" {
            let (_, object) = xmlDocument(XMLElements(text))
            guard !object.isEmpty else { throw Failure(message: "the XML template holds no elements") }
            var count = 0
            let (properties, required) = members(object, count: &count)
            return (properties, required, count)
        }
        let reader = FrontMatterReader(subject: "the \(format.uppercased()) template")
        var result = reader.read(text)
        if case .failure = result, format == "json" {
            // A template is often JSON with words in it: `"a" or "b" or null`, `// comments`.
            let lenient = reader.read(Self.lenient(text))
            if case .success = lenient { result = lenient }
        }
        switch result {
        case .success(let object?):
            var count = 0
            let (properties, required) = members(object, count: &count)
            return (properties, required, count)
        case .success(nil):
            throw Failure(message: "the \(format.uppercased()) template is empty")
        case .failure(let failure):
            throw Failure(message: failure.message)
        }
    }

    /// A JSON template made JSON: a `// comment` after a value dropped, and a value written as
    /// alternatives (`true or false`, `"chest_pain" or "abdominal_pain" or null`) written as
    /// one guidance string (`"chest_pain|abdominal_pain|null"`), which reads as an enum.
    static func lenient(_ text: String) -> String {
        text.split(separator: "\n", omittingEmptySubsequences: false).map { line -> String in
            var line = String(line)
            if let comment = commentStart(line) { line = String(line[..<comment]).trimmingSpaces }
            guard let colon = line.range(of: "\": "), line.contains(" or ") || line.contains("\" | \"") || line.contains("\"|\"") else { return line }
            var value = String(line[colon.upperBound...]).trimmingSpaces
            let comma = value.hasSuffix(",")
            if comma { value.removeLast() }
            let separator = value.contains(" or ") ? " or " : "|"
            let written = value.components(separatedBy: separator).map(\.trimmingSpaces)
            // Each alternative a JSON value of its own (`"a"`, `null`, `true`): `"Actual output
            // or finding"` is one string that says "or".
            guard written.allSatisfy({ $0.count >= 2 && $0.hasPrefix("\"") && $0.hasSuffix("\"") || !$0.contains(" ") && !$0.contains("\"") })
            else { return line }
            let options = written.map { option in option.trimmingCharacters(in: ["\""]) }
            guard options.count >= 2, options.allSatisfy({ !$0.isEmpty && !$0.contains("\"") }) else { return line }
            return String(line[..<colon.upperBound]) + JSONValue.string(options.joined(separator: "|")).serialized() + (comma ? "," : "")
        }.joined(separator: "\n")
    }

    /// The document a template's XML elements stand for: one element holding the others is
    /// the answer's root (`<review>` around `<summary>`), its children the members; else each
    /// top-level element is a member. A leaf's text is its guidance; an element written twice,
    /// followed by `...`, or alone inside its plural (`<risks><risk>…</risk></risks>`), is a
    /// list of such elements.
    static func xmlDocument(_ read: XMLElements) -> (root: String?, object: JSONObject) {
        if read.elements.count == 1, let only = read.elements.first, !only.children.isEmpty {
            return (only.name, xmlMembers(only.children, loose: only.text, parent: only.name))
        }
        return (nil, xmlMembers(read.elements, loose: "", parent: nil))
    }

    private static func xmlMembers(_ elements: [XMLElements.Element], loose: String, parent: String?) -> JSONObject {
        var object = JSONObject()
        var counts: [String: Int] = [:]
        for element in elements { counts[element.name, default: 0] += 1 }
        let repeatsLast = TemplateReader.isEllipsis(loose)
        let onlyKind = counts.count == 1
        for element in elements where object[element.name] == nil {
            let value: JSONValue = element.children.isEmpty
                ? .string(element.text) : .object(xmlMembers(element.children, loose: element.text, parent: element.name))
            let listed = counts[element.name, default: 0] >= 2 || repeatsLast && element.name == elements.last?.name
                || onlyKind && parent.map { isPlural($0, of: element.name) } == true
            object[element.name] = listed ? .array([value]) : value
        }
        return object
    }

    /// Whether the element name `plural` is the plural of `name` (`risks`, `entries`,
    /// `step_list`), as a list's wrapper is named after its items.
    static func isPlural(_ plural: String, of name: String) -> Bool {
        let (p, n) = (plural.lowercased(), name.lowercased())
        guard !n.isEmpty, p != n else { return false }
        if p == n + "s" || p == n + "es" || p == n + "_list" || p == n + "-list" || p == n + "list" { return true }
        return n.hasSuffix("y") && p == n.dropLast() + "ies"
    }

    /// A key that stands for any key (`param`, `key`, `field`, `name1`).
    static func isGenericKey(_ key: String) -> Bool {
        let word = key.lowercased().trimmingCharacters(in: .decimalDigits).trimmingCharacters(in: ["_", "-"])
        return ["param", "parameter", "key", "field", "property", "prop", "arg", "argument", "option", "attribute", "item"].contains(word)
    }

    /// Where a `//` comment starts on a line, outside strings.
    private static func commentStart(_ line: String) -> String.Index? {
        var inString = false
        var previous: Character = " "
        for index in line.indices {
            let character = line[index]
            if inString {
                if character == "\"" && previous != "\\" { inString = false }
            } else if character == "\"" {
                inString = true
            } else if character == "/", previous == "/" {
                return line.index(before: index)
            }
            previous = character
        }
        return nil
    }

    private static func members(_ object: JSONObject, count: inout Int) -> (JSONObject, [JSONValue]) {
        var properties = JSONObject()
        var required: [JSONValue] = []
        for (key, value) in object {
            count += 1
            var schema = property(value, count: &count)
            schema["title"] = .string(key)
            properties[key] = .object(schema)
            if !(value.stringValue.map(TemplateReader.marksOptional) ?? false) {
                required.append(.string(key))
            }
        }
        return (properties, required)
    }

    private static func property(_ value: JSONValue, count: inout Int) -> JSONObject {
        var schema = JSONObject()
        switch value {
        case .string(let guidance):
            schema["description"] = .string(guidance)
            let allowsNull = guidance.lowercased().contains("null")
            let type: JSONValue
            switch guidance.lowercased().trimmingSpaces {
            case "boolean", "bool", "true|false", "true/false": type = "boolean"
            case "float", "number", "double", "decimal": type = "number"
            case "integer", "int": type = "integer"
            default:
                switch GuidanceType.read(guidance) {
                case .enumeration(let values):
                    schema["enum"] = .array(values.filter { $0.lowercased() != "null" }.map(JSONValue.string) + (allowsNull ? [.null] : []))
                    type = "string"
                case .integer: type = "integer"
                case .number: type = "number"
                case .boolean: type = "boolean"
                case .text: type = "string"
                }
            }
            schema["type"] = allowsNull ? .array([type, "null"]) : type
        case .object(let object) where object.count == 1 && object.keys.first.map(isGenericKey) == true:
            // `"params": {"param": "value"}`: an example of free-form members, not a member named so.
            schema["type"] = "object"
        case .object(let object):
            let (properties, required) = members(object, count: &count)
            schema["type"] = "object"
            schema["properties"] = .object(properties)
            schema["required"] = .array(required)
        case .array(let items):
            schema["type"] = "array"
            if let first = items.first {
                var item = property(first, count: &count)
                item["title"] = nil
                schema["items"] = .object(item)
            }
        case .number(let number):
            schema["type"] = number.isInteger ? "integer" : "number"
        case .bool:
            schema["type"] = "boolean"
        case .null:
            break
        }
        return schema
    }
}
