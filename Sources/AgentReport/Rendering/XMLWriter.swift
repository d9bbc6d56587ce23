import JSONSchema

/// Writes data as XML elements, the way an XML answer is read back (`XMLData`): a member an
/// element of its key, a list one element per item, text escaped; a value of several lines
/// on lines of its own, as written.
struct XMLWriter {
    func write(_ object: JSONObject, root: String?) -> String {
        var lines: [String] = []
        let indent = root == nil ? "" : "  "
        if let root { lines.append("<\(root)>") }
        members(object, indent: indent, into: &lines)
        if let root { lines.append("</\(root)>") }
        return lines.joined(separator: "\n")
    }

    private func members(_ object: JSONObject, indent: String, into lines: inout [String]) {
        for (key, value) in object {
            if case .array(let items) = value {
                for item in items { element(key, item, indent: indent, into: &lines) }
            } else {
                element(key, value, indent: indent, into: &lines)
            }
        }
    }

    private func element(_ name: String, _ value: JSONValue, indent: String, into lines: inout [String]) {
        switch value {
        case .object(let object):
            lines.append("\(indent)<\(name)>")
            members(object, indent: indent + "  ", into: &lines)
            lines.append("\(indent)</\(name)>")
        case .null:
            lines.append("\(indent)<\(name)/>")
        case .string(let text) where text.containsLineFeed:
            lines.append("\(indent)<\(name)>")
            lines.append(Self.escaped(text))
            lines.append("\(indent)</\(name)>")
        case .string(let text):
            lines.append("\(indent)<\(name)>\(Self.escaped(text))</\(name)>")
        case .array(let items):
            // A list inside a list: each item its own element of the same name.
            for item in items { element(name, item, indent: indent, into: &lines) }
        case .number, .bool:
            lines.append("\(indent)<\(name)>\(value.serialized())</\(name)>")
        }
    }

    static func escaped(_ text: String) -> String {
        guard text.contains(where: { $0 == "<" || $0 == "&" || $0 == ">" }) else { return text }
        return text.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;").replacingOccurrences(of: ">", with: "&gt;")
    }
}
