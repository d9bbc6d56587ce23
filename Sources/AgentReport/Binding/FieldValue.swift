import JSONSchema

/// Turns a field's markdown text into the JSON value its schema node asks for: text, a list,
/// a checklist, a number, a yes or no, an `enum` member, or table rows.
///
/// A text that cannot be read as the node's type is kept as text, so that validation reports
/// it against the schema (`schema-type`) rather than the value being lost.
enum FieldValue {
    /// The value, and the text as written when the value is not that text.
    static func json(_ text: String, node: ReturnFormat.Node) -> (JSONValue, String?) {
        switch node.kind {
        case .string where node.enumValues.isEmpty, .object, .other:
            return (.string(text), nil)
        case .string:
            if !node.enumValues.isEmpty, let member = enumMember(text, of: node.enumValues, normalized: node.normalizedEnumValues), member != text {
                return (.string(member), text)
            }
            return (.string(text), nil)
        case .array:
            return (.array(entries(text).map(JSONValue.string)), text)
        case .repeated:
            // Written as text where blocks were expected: a list of items when the items may be text.
            guard node.acceptsText else { return (.string(text), nil) }
            return (.array(entries(text).map { item in record(item, of: node).map(JSONValue.object) ?? .string(item) }), text)
        case .checklist:
            return (.array(checklist(text)), text)
        case .integer, .number:
            guard let number = number(in: text, integer: node.kind == .integer) else { return (.string(text), nil) }
            return (.number(number), text)
        case .boolean:
            guard let value = boolean(text) else { return (.string(text), nil) }
            return (.bool(value), text)
        }
    }

    /// Whether `json` may return a written text beside the value for `node`: only for a
    /// value read into another type, or an `enum` member respelled; text stays as written.
    static func mayKeepWrittenText(_ node: ReturnFormat.Node) -> Bool {
        node.kind != .string && node.kind != .object && node.kind != .other || !node.enumValues.isEmpty
    }

    /// The items of a markdown list (`- a`, `* b`, `1. c`), each with its continuation lines;
    /// text that is not a list is one item; an empty text is no item.
    static func listItems(_ text: String) -> [String] {
        // Read on UTF-8: an item and its continuation lines are one run of the text's bytes.
        var text = text
        return text.withUTF8 { bytes in
            var items: [String] = []
            var open: Range<Int>? = nil
            func close() {
                guard let range = open else { return }
                let item = String(decoding: UnsafeBufferPointer(rebasing: bytes[range]), as: UTF8.self).trimmingSpaces
                if !item.isEmpty { items.append(item) }
                open = nil
            }
            var lineStart = 0
            let n = bytes.count
            while lineStart <= n {
                var lineEnd = lineStart
                while lineEnd < n && bytes[lineEnd] != 0x0A { lineEnd += 1 }
                var content = lineStart
                while content < lineEnd && (bytes[content] == 0x20 || bytes[content] == 0x09) { content += 1 }
                if content - lineStart < 2, let rest = afterMarker(bytes, content, lineEnd) {
                    close()
                    open = rest..<lineEnd
                } else if let range = open {
                    open = range.lowerBound..<lineEnd
                } else if content < lineEnd {
                    open = lineStart..<lineEnd
                }
                lineStart = lineEnd + 1
            }
            close()
            return items
        }
    }

    /// A list's entries, without a gloss in parentheses over them (`(Must be fixed before
    /// pass)`, the template's words copied) — that is no entry.
    static func entries(_ text: String) -> [String] {
        let items = listItems(text)
        guard items.count > 1, let first = items.first, first.hasPrefix("("), first.hasSuffix(")"), !first.contains("\n"),
              text.trimmingSpaces.hasPrefix("(") else { return items }
        return Array(items.dropFirst())
    }

    /// A list entry of a repeated block written as a title line over labelled lines
    /// (`1. Cast with as any` over `- Severity: medium`): the item, its title read by the
    /// block's title pattern and each line by its label; nil when no line names a field.
    static func record(_ item: String, of node: ReturnFormat.Node) -> JSONObject? {
        let lines = item.linesAtLineFeeds
        guard lines.count > 1 else { return nil }
        let titles = node.fields.map { TitleMatcher.normalize($0.title) }
        var values: [(field: Int, text: String)] = []
        for line in lines.dropFirst() {
            let text = Substring(LineSyntax.withoutListMarker(String(line).trimmingSpaces))
            if let colon = text.firstIndex(of: ":"),
               let field = titles.firstIndex(of: TitleMatcher.normalize(String(text[..<colon]))), field < node.fields.count {
                values.append((field, String(text[text.index(after: colon)...]).trimming("*_ ")))
            } else if !values.isEmpty {
                values[values.count - 1].text += "\n" + line  // the value goes on
            } else {
                return nil
            }
        }
        guard !values.isEmpty else { return nil }
        var object = JSONObject()
        let title = String(lines[0]).trimmingSpaces
        for (name, value) in node.titlePattern?.match(title) ?? [] { object[name] = .string(value) }
        for (field, text) in values where object[node.fields[field].key] == nil {
            object[node.fields[field].key] = json(text.trimmingSpaces, node: node.fields[field]).0
        }
        return object
    }

    /// `- [ ] a` and `- [x] b` as `{text, checked}`; an item without a box is unchecked.
    static func checklist(_ text: String) -> [JSONValue] {
        listItems(text).map { item in
            var text = Substring(item)
            var checked = false
            if text.first == "[", text.dropFirst(2).first == "]" {
                let mark = text.dropFirst().first ?? " "
                checked = mark == "x" || mark == "X" || mark == "✓" || mark == "✔"
                text = text.dropFirst(3)
            } else if let first = text.first, "✅✔☑".contains(first) {
                checked = true
                text = text.dropFirst()
            } else if let first = text.first, "☐⬜❌".contains(first) {
                text = text.dropFirst()
            }
            return .object(JSONObject([("text", .string(String(text).trimmingSpaces)), ("checked", .bool(checked))]))
        }
    }

    /// The first number written in `text` (`42`, `~42`, `3 issues`, `87.5%`, `1,200`), when the
    /// text holds exactly one.
    static func number(in text: String, integer: Bool) -> JSONNumber? {
        let stripped = text.utf8.contains(where: { $0 == 0x2A || $0 == 0x60 })
            ? text.replacingOccurrences(of: "**", with: "").replacingOccurrences(of: "`", with: "") : text
        let numbers = numberRuns(stripped)
        guard numbers.count == 1 || (numbers.count > 1 && text.trimmingSpaces.first.map { $0.isNumber || $0 == "~" || $0 == "-" } == true),
              var written = numbers.first else { return nil }
        while let last = written.last, last == "." || last == "," { written.removeLast() }
        // `1,200` is a thousands separator; `1,5` is not a number this reader guesses at.
        let groups = written.split(separator: ",")
        if groups.count > 1 {
            guard groups.dropFirst().allSatisfy({ $0.count == 3 || ($0.count > 3 && $0.dropFirst(3).first == ".") }) else { return nil }
            written = groups.joined()
        }
        guard let value = JSONNumber(written) else { return nil }
        if integer, !value.isInteger { return nil }
        return value
    }

    /// The runs of `text` that read as numbers (`-12`, `1,200.5`), in order.
    static func numberRuns(_ text: String) -> [String] {
        var numbers: [String] = []
        if text.utf8.allSatisfy({ $0 < 0x80 }) {
            // ASCII: a character is a byte (a CR LF pair, one character, is neither digit nor letter).
            var current: [UInt8] = []
            var previous: UInt8 = 0x20
            var hasDigit = false
            for byte in text.utf8 {
                if Bytes.isDigit(byte) {
                    current.append(byte)
                    hasDigit = true
                } else if (byte == 0x2E || byte == 0x2C) && !current.isEmpty {
                    current.append(byte)
                } else if byte == 0x2D && current.isEmpty && !(Bytes.isDigit(previous) || (previous | 0x20 >= 0x61 && previous | 0x20 <= 0x7A)) {
                    current = [byte]
                } else {
                    if hasDigit { numbers.append(String(decoding: current, as: UTF8.self)) }
                    current.removeAll(keepingCapacity: true)
                    hasDigit = false
                }
                previous = byte
            }
            if hasDigit { numbers.append(String(decoding: current, as: UTF8.self)) }
            return numbers
        }
        var current = ""
        var previous: Character = " "
        for character in text {
            if character.isASCII && character.isNumber {
                current.append(character)
            } else if (character == "." || character == ",") && !current.isEmpty {
                current.append(character)
            } else if character == "-" && current.isEmpty && !(previous.isLetter || previous.isNumber) {
                current = "-"
            } else {
                if current.contains(where: \.isNumber) { numbers.append(current) }
                current = ""
            }
            previous = character
        }
        if current.contains(where: \.isNumber) { numbers.append(current) }
        return numbers
    }

    /// `Yes`, `No`, `true`, `false`, `[x]`, `[ ]`, `✅`, `❌`, with emphasis and a trailing
    /// explanation allowed (`Yes — behind a flag`).
    static func boolean(_ text: String) -> Bool? {
        let trimmed = text.trimmingSpaces
        if trimmed.hasPrefix("[x]") || trimmed.hasPrefix("[X]") || trimmed.hasPrefix("✅") || trimmed.hasPrefix("✔") { return true }
        if trimmed.hasPrefix("[ ]") || trimmed.hasPrefix("❌") { return false }
        let normalized = TitleMatcher.normalize(trimmed)
        let first = normalized[..<(normalized.utf8.firstIndex(of: 0x20) ?? normalized.endIndex)]
        switch first {
        case "yes", "true", "y", "pass", "passed", "enabled", "on": return true
        case "no", "false", "n", "fail", "failed", "disabled", "off", "none": return false
        default: return nil
        }
    }

    /// The member of `values` that `text` is, as the schema spells it: the same words in any
    /// case, emphasis or punctuation (`**high**`, `HIGH`), or one member followed by an
    /// explanation after a separator (`High — exploitable without login`, `Approve: …`). Nil
    /// when none fits, or when what follows the member is another alternative (`A/B`).
    static func enumMember(_ text: String, of values: [String], normalized: [String]? = nil) -> String? {
        let written = TitleMatcher.normalize(text)
        guard !written.isEmpty else { return nil }
        let normalized = normalized ?? values.map(TitleMatcher.normalize)
        if let exact = normalized.firstIndex(of: written) { return values[exact] }
        // `Sev 2` for `SEV2`, `P 1` for `P1`: the same letters and digits.
        // Normalised text is letters, digits and single spaces: compared on bytes.
        let compact = written.utf8.filter { $0 != 0x20 }
        if let spaced = normalized.firstIndex(where: { $0.utf8.lazy.filter { $0 != 0x20 }.elementsEqual(compact) }) { return values[spaced] }
        var body = Substring(text.trimmingSpaces)
        while let first = body.first, "*_`".contains(first) { body = body.dropFirst() }
        var best: Int? = nil
        for (index, member) in values.enumerated() where !member.isEmpty {
            guard body.count > member.count, body.prefix(member.count).lowercased() == member.lowercased() else { continue }
            var rest = body.dropFirst(member.count)
            while let first = rest.first, "*_`".contains(first) { rest = rest.dropFirst() }
            let explained = [" —", " –", " - ", ":", ",", ";", " (", ". ", "\n", " because", " due to", " since"].contains { rest.hasPrefix($0) }
            if explained, best.map({ values[$0].count < member.count }) ?? true { best = index }
        }
        return best.map { values[$0] }
    }

    /// Where an item's text starts after a list marker (`-`, `*`, `+`, `•` or `1.`/`1)` and a
    /// space) at `i`, or nil when the line has none.
    private static func afterMarker(_ bytes: UnsafeBufferPointer<UInt8>, _ i: Int, _ end: Int) -> Int? {
        guard i < end else { return nil }
        let b = bytes[i]
        if b == 0x2D || b == 0x2A || b == 0x2B { return i + 1 < end && bytes[i + 1] == 0x20 ? i + 2 : nil }
        if b == 0xE2, i + 3 < end, bytes[i + 1] == 0x80, bytes[i + 2] == 0xA2, bytes[i + 3] == 0x20 { return i + 4 }
        var k = i
        while k < end && Bytes.isDigit(bytes[k]) { k += 1 }
        guard k > i, k + 1 < end, bytes[k] == 0x2E || bytes[k] == 0x29, bytes[k + 1] == 0x20 else { return nil }
        return k + 2
    }
}
