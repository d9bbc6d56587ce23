import JSONSchema

/// Reads the plain block-style YAML front matter and data answers are almost always written
/// in — mappings of `key: value` lines, nested by indentation, `- item` sequences, plain and
/// one-line quoted scalars — without building a YAML node tree.
///
/// It reads a strict subset exactly as the YAML parser would, and returns nil for anything
/// outside it (comments, flow collections, block scalars, anchors, tags, escapes, values
/// continued on the next line, tabs, duplicate keys, documents too large or deep), which the
/// YAML parser then reads and judges. A document it accepts has one reading: it never
/// decides what is an error.
struct BlockYAML {
    private let bytes: [UInt8]
    /// Non-blank lines: indentation, and the content's byte range (trailing spaces dropped).
    private var lines: [(indent: Int, start: Int, end: Int)] = []
    private var next = 0
    private var budget: Int
    private let maxDepth: Int

    private struct Unsupported: Error {}

    /// The mapping `yaml` holds, or nil when the YAML parser must read it.
    static func mapping(_ yaml: String, maxNodes: Int, maxDepth: Int) -> JSONObject? {
        var reader = BlockYAML(bytes: Array(yaml.utf8), budget: maxNodes, maxDepth: maxDepth)
        do {
            try reader.splitLines()
            guard let first = reader.lines.first, !reader.startsItem(first) else { return nil }
            let value = try reader.mapping(indent: first.indent, depth: 0)
            guard reader.next == reader.lines.count else { return nil }
            return value
        } catch {
            return nil
        }
    }

    private init(bytes: [UInt8], budget: Int, maxDepth: Int) {
        self.bytes = bytes
        self.budget = budget
        self.maxDepth = maxDepth
    }

    /// Splits the text into its non-blank lines; throws when a byte needs the YAML parser:
    /// a tab, a control character, a carriage return, a byte-order mark, a line break YAML
    /// 1.1 knows beyond LF (NEL, LS, PS), or a document marker.
    private mutating func splitLines() throws(Unsupported) {
        var start = 0
        let n = bytes.count
        var i = 0
        while i <= n {
            if i == n || bytes[i] == 0x0A {
                var indent = start
                while indent < i && bytes[indent] == 0x20 { indent += 1 }
                var end = i
                while end > indent && bytes[end - 1] == 0x20 { end -= 1 }
                if end > indent {
                    // `---` or `...` at the left edge: a document marker.
                    if indent == start, end - indent >= 3, bytes[indent] == 0x2D || bytes[indent] == 0x2E,
                       bytes[indent + 1] == bytes[indent], bytes[indent + 2] == bytes[indent],
                       end - indent == 3 || bytes[indent + 3] == 0x20 { throw Unsupported() }
                    lines.append((indent - start, indent, end))
                }
                i += 1
                start = i
                continue
            }
            let b = bytes[i]
            if b < 0x20 || b == 0x7F { throw Unsupported() }
            if b == 0xC2, i + 1 < n, bytes[i + 1] >= 0x80 && bytes[i + 1] <= 0x9F { throw Unsupported() }  // C1 controls, NEL
            if b == 0xE2, i + 2 < n, bytes[i + 1] == 0x80, bytes[i + 2] == 0xA8 || bytes[i + 2] == 0xA9 { throw Unsupported() }  // LS, PS
            if b == 0xEF, i + 2 < n, bytes[i + 1] == 0xBB && bytes[i + 2] == 0xBF || bytes[i + 1] == 0xBF && bytes[i + 2] >= 0xBE {
                throw Unsupported()  // a byte-order mark; U+FFFE, U+FFFF
            }
            i += 1
        }
    }

    private func startsItem(_ line: (indent: Int, start: Int, end: Int)) -> Bool {
        bytes[line.start] == 0x2D && (line.start + 1 == line.end || bytes[line.start + 1] == 0x20)
    }

    private mutating func count() throws(Unsupported) {
        budget -= 1
        if budget < 0 { throw Unsupported() }
    }

    /// The mapping whose keys are written at `indent`, from the current line on; `firstKeyAt`:
    /// where the first key starts when it follows a sequence item's `- `.
    private mutating func mapping(indent: Int, depth: Int, firstKeyAt: Int? = nil) throws(Unsupported) -> JSONObject {
        guard depth < maxDepth else { throw Unsupported() }
        try count()
        var object = JSONObject()
        var start = firstKeyAt
        while next < lines.count {
            let line = lines[next]
            if start == nil {
                guard line.indent == indent else {
                    if line.indent < indent { break }
                    throw Unsupported()  // deeper than a key: a continued value, or an error
                }
                if startsItem(line) { break }
            }
            let keyStart = start ?? line.start
            start = nil
            let (key, valueStart) = try self.key(from: keyStart, to: line.end)
            if object[key] != nil { throw Unsupported() }
            next += 1
            object[key] = valueStart < line.end ? try scalar(valueStart, line.end) : try nested(under: indent, depth: depth + 1)
        }
        return object
    }

    /// What follows `key:` with nothing after it: a deeper mapping or sequence, a sequence at
    /// the key's own indentation, or nothing (null).
    private mutating func nested(under indent: Int, depth: Int) throws(Unsupported) -> JSONValue {
        guard next < lines.count else { try count(); return .null }
        let line = lines[next]
        if line.indent > indent || line.indent == indent && startsItem(line) {
            if startsItem(line) { return .array(try sequence(indent: line.indent, depth: depth)) }
            return .object(try mapping(indent: line.indent, depth: depth))
        }
        try count()
        return .null
    }

    /// The sequence whose `- ` items are written at `indent`.
    private mutating func sequence(indent: Int, depth: Int) throws(Unsupported) -> [JSONValue] {
        guard depth < maxDepth else { throw Unsupported() }
        try count()
        var items: [JSONValue] = []
        while next < lines.count, lines[next].indent == indent, startsItem(lines[next]) {
            let line = lines[next]
            var content = line.start + 1
            while content < line.end && bytes[content] == 0x20 { content += 1 }
            guard content < line.end, !startsItem((0, content, line.end)) else { throw Unsupported() }
            if (try? key(from: content, to: line.end)) != nil {
                // `- name: x` over `  status: y`: a mapping, its keys where `name` starts.
                items.append(.object(try mapping(indent: indent + (content - line.start), depth: depth + 1, firstKeyAt: content)))
            } else {
                next += 1
                items.append(try scalar(content, line.end))
                if next < lines.count, lines[next].indent > indent { throw Unsupported() }  // a continued item
            }
        }
        if next < lines.count, lines[next].indent > indent { throw Unsupported() }
        return items
    }

    /// The plain key at `start` and where its value starts (past `: ` and spaces; `end` when
    /// there is none).
    private func key(from start: Int, to end: Int) throws(Unsupported) -> (String, Int) {
        guard Self.mayStartPlain(bytes, start, end) else { throw Unsupported() }
        var i = start
        while i < end {
            let b = bytes[i]
            if b == 0x3A && (i + 1 == end || bytes[i + 1] == 0x20) { break }
            if b == 0x23 && bytes[i - 1] == 0x20 { throw Unsupported() }  // ` #`: a comment
            i += 1
        }
        guard i < end else { throw Unsupported() }
        var keyEnd = i
        while keyEnd > start && bytes[keyEnd - 1] == 0x20 { keyEnd -= 1 }
        // The YAML parser looks for a plain key's colon within 1024 characters.
        guard keyEnd > start, keyEnd - start <= 512 else { throw Unsupported() }
        var value = i + 1
        while value < end && bytes[value] == 0x20 { value += 1 }
        return (String(decoding: bytes[start..<keyEnd], as: UTF8.self), value)
    }

    /// A scalar written on one line: quoted without escapes or line breaks, or plain.
    private mutating func scalar(_ start: Int, _ end: Int) throws(Unsupported) -> JSONValue {
        try count()
        let first = bytes[start]
        if first == 0x22 {
            // "…": no backslash, the closing quote last.
            guard end - start >= 2, bytes[end - 1] == 0x22 else { throw Unsupported() }
            let body = bytes[(start + 1)..<(end - 1)]
            guard !body.contains(0x22), !body.contains(0x5C) else { throw Unsupported() }
            return .string(String(decoding: body, as: UTF8.self))
        }
        if first == 0x27 {
            // '…': '' is one quote, the closing quote last.
            guard end - start >= 2, bytes[end - 1] == 0x27 else { throw Unsupported() }
            var text: [UInt8] = []
            var i = start + 1
            while i < end - 1 {
                if bytes[i] == 0x27 {
                    guard i + 1 < end - 1, bytes[i + 1] == 0x27 else { throw Unsupported() }
                    i += 1
                }
                text.append(bytes[i])
                i += 1
            }
            return .string(String(decoding: text, as: UTF8.self))
        }
        guard Self.mayStartPlain(bytes, start, end) else { throw Unsupported() }
        for i in start..<end {
            let b = bytes[i]
            if b == 0x3A && (i + 1 == end || bytes[i + 1] == 0x20) { throw Unsupported() }  // `a: b: c`
            if b == 0x23 && bytes[i - 1] == 0x20 { throw Unsupported() }  // ` #`: a comment
        }
        return FrontMatterReader.plainScalar(String(decoding: bytes[start..<end], as: UTF8.self))
    }

    /// Whether a plain scalar may start here: not an indicator (`- `, `? `, `: `, `[`, `{`,
    /// `#`, `&`, `*`, `!`, `|`, `>`, quotes, `%`, `@`, `` ` ``, `,`, `]`, `}`).
    private static func mayStartPlain(_ bytes: [UInt8], _ start: Int, _ end: Int) -> Bool {
        guard start < end else { return false }
        switch bytes[start] {
        case 0x2D, 0x3F, 0x3A:  // - ? : — only followed by a character that is no space
            return start + 1 < end && bytes[start + 1] != 0x20
        case 0x5B, 0x5D, 0x7B, 0x7D, 0x23, 0x26, 0x2A, 0x21, 0x7C, 0x3E, 0x27, 0x22, 0x25, 0x40, 0x60, 0x2C:
            return false
        default:
            return true
        }
    }
}
