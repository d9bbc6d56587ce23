import JSONSchema

/// The data of XML elements, read as a schema says: an element the schema makes a list is a
/// list however often it is written, an element holding others an object, a leaf's text a
/// number or yes/no where the schema asks for one (else its text, which the validator then
/// reports). Each value is located at its element's opening tag.
struct XMLData {
    let source: SourceText

    func members(_ elements: [XMLElements.Element], schema: JSONObject, pointer: String,
                 locations: inout [String: SourceRange]) -> JSONObject {
        let properties = schema["properties"]?.objectValue ?? JSONObject()
        var object = JSONObject()
        var groups: [(name: String, elements: [XMLElements.Element])] = []
        for element in elements {
            if let k = groups.firstIndex(where: { $0.name == element.name }) { groups[k].elements.append(element) } else { groups.append((element.name, [element])) }
        }
        for (name, written) in groups {
            let property = properties[name]?.objectValue ?? JSONObject()
            let path = pointer + "/" + JSONPointer.escape(name)
            locations[path] = range(of: written[0])
            if Self.types(property) == ["array"], written.count == 1, written[0].children.isEmpty, ContentCheck.saysNone(written[0].text) {
                object[name] = .array([])  // `<step>None</step>` for a list of steps: no item
            } else if Self.types(property).contains("array") || written.count > 1 {
                let items = property["items"]?.objectValue ?? JSONObject()
                object[name] = .array(written.enumerated().map { n, element in
                    locations[path + "/\(n)"] = range(of: element)
                    return value(element, schema: items, pointer: path + "/\(n)", locations: &locations)
                })
            } else {
                object[name] = value(written[0], schema: property, pointer: path, locations: &locations)
            }
        }
        return object
    }

    private func value(_ element: XMLElements.Element, schema: JSONObject, pointer: String,
                       locations: inout [String: SourceRange]) -> JSONValue {
        if !element.children.isEmpty { return .object(members(element.children, schema: schema, pointer: pointer, locations: &locations)) }
        let text = element.text
        let types = Self.types(schema)
        // `<risks>None</risks>` where the schema wants elements inside: there are none.
        if ContentCheck.saysNone(text) {
            if types == ["object"] {
                // The wrapper of a list (`<risks>` around `<risk>`): the list is empty.
                let properties = schema["properties"]?.objectValue ?? JSONObject()
                if properties.count == 1, let only = properties.values.first?.objectValue, Self.types(only) == ["array"] {
                    return .object(JSONObject([(properties.keys[0], .array([]))]))
                }
                return .object(JSONObject())
            }
            if types == ["array"] { return .array([]) }
        }
        if types.contains("integer") || types.contains("number"), let int = Int(text) { return .number(JSONNumber(int)) }
        if types.contains("number"), let number = Double(text), number.isFinite {
            return .number(JSONNumber(number))
        }
        if types.contains("boolean") {
            switch text.lowercased() {
            case "true", "yes": return .bool(true)
            case "false", "no": return .bool(false)
            default: break
            }
        }
        if text.isEmpty, types.contains("null") { return .null }
        return .string(text)
    }

    private func range(of element: XMLElements.Element) -> SourceRange {
        let line = min(element.line, max(0, source.lineCount - 1))
        return source.range(lines: line, line)
    }

    private static func types(_ schema: JSONObject) -> [String] {
        if let one = schema["type"]?.stringValue { return [one] }
        return schema["type"]?.arrayValue?.compactMap(\.stringValue) ?? []
    }
}
