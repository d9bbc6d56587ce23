import JSONSchema

/// Writes JSON values as YAML front matter that reads back to the same values: block style
/// two levels deep, JSON flow style below that (JSON is YAML), every string double-quoted.
struct YAMLWriter {
    /// Keys in this order first (seed 004's metadata format), then the others as they came.
    var keyOrder: [String] = []

    func write(_ object: JSONObject) -> String {
        var lines: [String] = []
        for key in orderedKeys(object) {
            guard let value = object[key] else { continue }
            append(key: key, value: value, indent: "", depth: 0, to: &lines)
        }
        return lines.joined(separator: "\n")
    }

    private func orderedKeys(_ object: JSONObject) -> [String] {
        let known = keyOrder.filter { object[$0] != nil }
        return known + object.keys.filter { !keyOrder.contains($0) }
    }

    private func append(key: String, value: JSONValue, indent: String, depth: Int, to lines: inout [String]) {
        let name = Self.key(key)
        switch value {
        case .object(let object) where depth < 2 && !object.isEmpty:
            lines.append("\(indent)\(name):")
            for child in object.keys {
                if let childValue = object[child] { append(key: child, value: childValue, indent: indent + "  ", depth: depth + 1, to: &lines) }
            }
        case .array(let array) where depth < 2 && !array.isEmpty && array.allSatisfy(Self.isScalar):
            lines.append("\(indent)\(name):")
            for element in array { lines.append("\(indent)  - \(Self.scalar(element))") }
        default:
            lines.append("\(indent)\(name): \(Self.scalar(value))")
        }
    }

    private static func isScalar(_ value: JSONValue) -> Bool {
        switch value {
        case .object, .array: false
        default: true
        }
    }

    /// A value on one line: strings double-quoted, anything nested as JSON.
    private static func scalar(_ value: JSONValue) -> String {
        value.serialized()
    }

    private static func key(_ key: String) -> String {
        let plain = !key.isEmpty && key.utf8.allSatisfy { b in
            (b >= 0x61 && b <= 0x7A) || (b >= 0x41 && b <= 0x5A) || (b >= 0x30 && b <= 0x39) || b == 0x5F || b == 0x2D
        } && !(key.utf8.first.map { $0 >= 0x30 && $0 <= 0x39 || $0 == 0x2D } ?? true)
        return plain ? key : JSONValue.string(key).serialized()
    }
}
