import JSONSchema

/// Turns a field's markdown text into the JSON value its schema type asks for.
enum FieldValue {
    static func json(_ text: String, kind: ReturnFormat.Field.Kind) -> JSONValue {
        switch kind {
        case .string, .object, .other:
            return .string(text)
        case .array:
            return .array(listItems(text).map(JSONValue.string))
        }
    }

    /// The items of a markdown list (`- a`, `* b`, `1. c`), each with its continuation lines;
    /// text that is not a list is one item; an empty text is no item.
    static func listItems(_ text: String) -> [String] {
        var items: [String] = []
        for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
            let trimmed = line.drop(while: { $0 == " " || $0 == "\t" })
            if let rest = Self.afterMarker(trimmed), line.count - trimmed.count < 2 {
                items.append(String(rest))
            } else if !items.isEmpty {
                items[items.count - 1] += "\n" + line
            } else if !trimmed.isEmpty {
                items.append(String(line))
            }
        }
        return items.map { $0.trimmingSpaces }.filter { !$0.isEmpty }
    }

    private static func afterMarker(_ line: Substring) -> Substring? {
        if let first = line.first, "-*+•".contains(first), line.dropFirst().first == " " {
            return line.dropFirst(2)
        }
        let digits = line.prefix(while: \.isNumber)
        if !digits.isEmpty, let after = line.dropFirst(digits.count).first, after == "." || after == ")",
           line.dropFirst(digits.count + 1).first == " " {
            return line.dropFirst(digits.count + 2)
        }
        return nil
    }
}
