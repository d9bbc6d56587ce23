import JSONSchema

/// Where each value of a JSON or YAML answer was written: the document's keys are looked for
/// in order, each after the one before, so that a diagnostic about
/// `/checks/1/name` points at that `name:` line rather than at the fence.
///
/// The search only moves forward: a key not found where expected is left without a range (its
/// parent's is used instead), and after `maxMisses` of them the rest is not looked for, so a
/// hostile document costs at most that many passes over its lines.
struct DocumentLocator {
    let source: SourceText
    /// The document's lines (0-based line numbers).
    let lines: Range<Int>
    private var misses = 0
    private static let maxMisses = 32

    init(source: SourceText, lines: Range<Int>) {
        self.source = source
        self.lines = lines
    }

    mutating func locations(of data: JSONObject) -> [String: SourceRange] {
        var found: [String: SourceRange] = [:]
        guard !lines.isEmpty else { return found }
        var cursor = source.lineStarts[lines.lowerBound]
        locate(.object(data), pointer: "", from: &cursor, into: &found)
        return found
    }

    /// Locates `value` and what it holds from byte `cursor` on, moving it past each part
    /// found; returns the line of its first located part.
    @discardableResult
    private mutating func locate(_ value: JSONValue, pointer: String, from cursor: inout Int, into found: inout [String: SourceRange]) -> Int? {
        var first: Int? = nil
        switch value {
        case .object(let object):
            for (key, child) in object {
                guard let (line, end) = find(key: key, from: cursor) else { continue }
                cursor = end
                first = first ?? line
                let here = pointer + "/" + JSONPointer.escape(key)
                found[here] = range(of: line)
                locate(child, pointer: here, from: &cursor, into: &found)
            }
        case .array(let items):
            for (n, item) in items.enumerated() {
                // An item is where its first key is, or where a scalar's text is written.
                var at: Int? = nil
                switch item {
                case .object, .array: at = locate(item, pointer: pointer + "/" + String(n), from: &cursor, into: &found)
                default:
                    if let (line, end) = find(scalar: item, from: cursor) { (at, cursor) = (line, end) }
                }
                if let at { found[pointer + "/" + String(n)] = range(of: at) }
                first = first ?? at
            }
        default:
            break
        }
        return first
    }

    /// Where `key` is next written as a key (`"key"`, or `key:` opening a line, after its
    /// indentation or a `- ` marker): its line and the byte after it.
    private mutating func find(key: String, from cursor: Int) -> (line: Int, end: Int)? {
        let plain = Array(key.utf8)
        let quoted = Array("\"\(key)\"".utf8)
        return search(from: cursor) { bytes, lineStart, from in
            if let at = Self.index(of: quoted, in: bytes, from: from) { return at + quoted.count }
            if let at = Self.keyStart(bytes, lineStart), at >= from, Self.matches(plain, in: bytes, at: at), at + plain.count < bytes.endIndex,
               bytes[at + plain.count] == 0x3A { return at + plain.count + 1 }
            return nil
        }
    }

    /// Where a scalar's text (its first line, up to 40 bytes) is next written.
    private mutating func find(scalar: JSONValue, from cursor: Int) -> (line: Int, end: Int)? {
        let text: [UInt8]
        switch scalar {
        case .string(let string): text = Array(string.utf8.prefix { $0 != 0x0A }.prefix(40))
        case .number, .bool: text = Array(scalar.serialized().utf8)
        default: return nil
        }
        guard !text.isEmpty else { return nil }
        return search(from: cursor) { bytes, _, from in Self.index(of: text, in: bytes, from: from).map { $0 + text.count } }
    }

    /// The first line from the cursor's on where `match` finds something (bytes before the
    /// cursor on its line not looked at); a search that finds nothing counts as a miss.
    private mutating func search(from cursor: Int, _ match: (ArraySlice<UInt8>, Int, Int) -> Int?) -> (line: Int, end: Int)? {
        guard misses < Self.maxMisses else { return nil }
        let startLine = max(lines.lowerBound, source.position(at: min(cursor, source.bytes.count)).line - 1)
        for k in startLine..<lines.upperBound {
            let span = source.lineSpan(k)
            if let end = match(source.bytes[span], span.lowerBound, max(cursor, span.lowerBound)) { return (k, end) }
        }
        misses += 1
        return nil
    }

    /// Where a line's first key may start: after its indentation and a `- ` list marker.
    private static func keyStart(_ bytes: ArraySlice<UInt8>, _ start: Int) -> Int? {
        var i = start
        while i < bytes.endIndex && (bytes[i] == 0x20 || bytes[i] == 0x09) { i += 1 }
        if i + 1 < bytes.endIndex && bytes[i] == 0x2D && bytes[i + 1] == 0x20 {
            i += 2
            while i < bytes.endIndex && bytes[i] == 0x20 { i += 1 }
        }
        return i < bytes.endIndex ? i : nil
    }

    private static func matches(_ needle: [UInt8], in bytes: ArraySlice<UInt8>, at i: Int) -> Bool {
        i + needle.count <= bytes.endIndex && bytes[i..<(i + needle.count)].elementsEqual(needle)
    }

    private static func index(of needle: [UInt8], in bytes: ArraySlice<UInt8>, from start: Int) -> Int? {
        guard let first = needle.first else { return nil }
        var i = start
        while i + needle.count <= bytes.endIndex {
            if bytes[i] == first, matches(needle, in: bytes, at: i) { return i }
            i += 1
        }
        return nil
    }

    private func range(of line: Int) -> SourceRange {
        let span = source.lineSpan(line)
        var start = span.lowerBound
        while start < span.upperBound && (source.bytes[start] == 0x20 || source.bytes[start] == 0x09) { start += 1 }
        return source.range(line: line, start..<span.upperBound)
    }
}
