/// The elements of a document written as XML tags (`<summary>…</summary>`), the way agents are
/// often told to answer: a tolerant reader of elements and their text, not a full XML parser.
///
/// Attributes, comments, processing instructions and `<!DOCTYPE …>` are skipped; CDATA and the
/// five predefined entities are read as text. A closing tag closes the innermost open element
/// of its name (elements left open inside it close with it); one that matches no open element
/// is text. An element holding other elements keeps the text between its children as its
/// `text`. The open elements are a stack, and nesting deeper than `maxDepth` is text, so
/// what reads the elements recursively is bounded too.
struct XMLElements {
    struct Element: Equatable {
        var name: String
        var children: [Element] = []
        /// Text of a leaf element, with its common indentation removed; for an element that
        /// holds others, the text between them.
        var text = ""
        /// 0-based line of the opening tag.
        var line: Int
    }

    /// Top-level elements, in order.
    var elements: [Element] = []
    /// Text outside any element (trimmed, in order).
    var outside: [String] = []

    /// Whether `text` opens with a tag (`<name>`), after spaces.
    static func startsWithTag(_ text: String) -> Bool {
        let bytes = Array(text.utf8.prefix(256))
        guard let first = bytes.firstIndex(where: { $0 != 0x20 && $0 != 0x09 && $0 != 0x0A && $0 != 0x0D }),
              first + 1 < bytes.count, bytes[first] == 0x3C else { return false }
        return isNameStart(bytes[first + 1])
    }

    /// Elements nest at most this deep; a tag below is text.
    static let maxDepth = 32

    init(_ text: String, firstLine: Int = 0) {
        let bytes = Array(text.utf8)
        var stack: [(element: Element, pieces: [UInt8])] = []
        var outsideText: [UInt8] = []
        var line = firstLine
        var i = 0
        func appendText(_ piece: ArraySlice<UInt8>) {
            if stack.isEmpty { outsideText += piece } else { stack[stack.count - 1].pieces += piece }
        }
        func close(to depth: Int) {
            while stack.count > depth {
                var (element, pieces) = stack.removeLast()
                let text = Self.decoded(pieces)
                element.text = element.children.isEmpty ? TextLines.dedented(text.linesAtLineFeeds).trimming(where: \.isWhitespace) : text.trimming(where: \.isWhitespace)
                if stack.isEmpty { elements.append(element) } else { stack[stack.count - 1].element.children.append(element) }
            }
        }
        func flushOutside() {
            let text = Self.decoded(outsideText).trimming(where: \.isWhitespace)
            if !text.isEmpty { outside.append(text) }
            outsideText = []
        }
        while i < bytes.count {
            let b = bytes[i]
            if b == 0x0A { line += 1 }
            guard b == 0x3C, i + 1 < bytes.count else {
                appendText(bytes[i...i])
                i += 1
                continue
            }
            let next = bytes[i + 1]
            if Self.hasPrefix(bytes, i, "<![CDATA[") {
                let end = Self.find(bytes, "]]>", from: i + 9) ?? bytes.count
                line += bytes[i..<end].reduce(0) { $0 + ($1 == 0x0A ? 1 : 0) }
                // Kept as written, entities and all: it is escaped again when decoded.
                appendText(ArraySlice(Self.escaped(bytes[(i + 9)..<end])))
                i = min(bytes.count, end + 3)
                continue
            }
            if next == 0x21 || next == 0x3F {
                // `<!-- … -->`, `<!DOCTYPE …>`, `<?xml …?>`: skipped.
                let end = Self.hasPrefix(bytes, i, "<!--") ? (Self.find(bytes, "-->", from: i + 4).map { $0 + 3 } ?? bytes.count)
                                                             : (Self.find(bytes, ">", from: i + 2).map { $0 + 1 } ?? bytes.count)
                line += bytes[i..<end].reduce(0) { $0 + ($1 == 0x0A ? 1 : 0) }
                i = end
                continue
            }
            let closing = next == 0x2F
            let nameStart = closing ? i + 2 : i + 1
            var nameEnd = nameStart
            while nameEnd < bytes.count, Self.isNameByte(bytes[nameEnd]) { nameEnd += 1 }
            guard nameEnd > nameStart, Self.isNameStart(bytes[nameStart]),
                  let tagEnd = Self.tagEnd(bytes, from: nameEnd) else {
                appendText(bytes[i...i])  // `a < b`, `<3`: text
                i += 1
                continue
            }
            let name = String(decoding: bytes[nameStart..<nameEnd], as: UTF8.self)
            let tagLine = line
            line += bytes[i..<tagEnd].reduce(0) { $0 + ($1 == 0x0A ? 1 : 0) }
            if closing {
                if let depth = stack.lastIndex(where: { $0.element.name == name }) {
                    close(to: depth)
                } else {
                    appendText(bytes[i...tagEnd])
                }
            } else if stack.count >= Self.maxDepth {
                appendText(bytes[i...tagEnd])  // deeper than any format nests: text
            } else {
                if stack.isEmpty { flushOutside() }
                stack.append((Element(name: name, line: tagLine), []))
                if bytes[tagEnd - 1] == 0x2F { close(to: stack.count - 1) }  // `<empty/>`
            }
            i = tagEnd + 1
        }
        close(to: 0)
        flushOutside()
    }

    // MARK: Bytes

    private static func isNameStart(_ b: UInt8) -> Bool {
        b | 0x20 >= 0x61 && b | 0x20 <= 0x7A || b == 0x5F || b >= 0x80
    }

    private static func isNameByte(_ b: UInt8) -> Bool {
        isNameStart(b) || b >= 0x30 && b <= 0x39 || b == 0x2D || b == 0x2E || b == 0x3A
    }

    /// The `>` ending a tag whose name ends at `i`, past quoted attribute values; nil when a
    /// line break with no `=` before it comes first (`<b and more`) or none comes.
    private static func tagEnd(_ bytes: [UInt8], from i: Int) -> Int? {
        var k = i
        var quote: UInt8 = 0
        while k < bytes.count {
            let b = bytes[k]
            if quote != 0 {
                if b == quote { quote = 0 }
            } else if b == 0x22 || b == 0x27 {
                quote = b
            } else if b == 0x3E {
                return k
            } else if b == 0x3C {
                return nil
            }
            k += 1
        }
        return nil
    }

    private static func hasPrefix(_ bytes: [UInt8], _ i: Int, _ prefix: StaticString) -> Bool {
        prefix.withUTF8Buffer { buffer in
            i + buffer.count <= bytes.count && (0..<buffer.count).allSatisfy { bytes[i + $0] == buffer[$0] }
        }
    }

    private static func find(_ bytes: [UInt8], _ needle: StaticString, from start: Int) -> Int? {
        var k = start
        while k < bytes.count {
            if hasPrefix(bytes, k, needle) { return k }
            k += 1
        }
        return nil
    }

    private static func escaped(_ bytes: ArraySlice<UInt8>) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count)
        for b in bytes { if b == 0x26 { out += Array("&amp;".utf8) } else { out.append(b) } }
        return out
    }

    /// Text with the predefined entities and numeric references replaced.
    private static func decoded(_ bytes: [UInt8]) -> String {
        let text = String(decoding: bytes, as: UTF8.self)
        guard text.utf8.contains(0x26) else { return text }
        var out = ""
        var rest = Substring(text)
        while let amp = rest.firstIndex(of: "&") {
            out += rest[..<amp]
            let after = rest[rest.index(after: amp)...]
            guard let semicolon = after.prefix(12).firstIndex(of: ";") else {
                out += "&"
                rest = after
                continue
            }
            let entity = after[..<semicolon]
            let replacement: String? = switch entity {
            case "lt": "<"
            case "gt": ">"
            case "amp": "&"
            case "quot": "\""
            case "apos": "'"
            default:
                entity.first == "#"
                    ? (entity.dropFirst().first == "x" ? UInt32(entity.dropFirst(2), radix: 16) : UInt32(entity.dropFirst()))
                        .flatMap(Unicode.Scalar.init).map { String(Character($0)) }
                    : nil
            }
            if let replacement {
                out += replacement
                rest = after[after.index(after: semicolon)...]
            } else {
                out += "&"
                rest = after
            }
        }
        return out + rest
    }
}
