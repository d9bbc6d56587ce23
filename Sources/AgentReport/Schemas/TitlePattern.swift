import JSONSchema

/// How the heading of a repeated block's item is written: literal words and captured parts,
/// as in `Finding {n}: {title}` or `{issue_title}`.
///
/// Literal words match case-insensitively; the punctuation and spacing between words is not
/// compared (`Finding 2 — Slow query` matches `Finding {n}: {title}`). Each `{name}` captures
/// the text written in its place, trimmed; it lands in the item's data under `name`.
public struct TitlePattern: Sendable, Equatable {
    enum Part: Sendable, Equatable {
        case literal(String)
        case capture(String)
    }

    public let text: String
    let parts: [Part]
    /// The words of each literal part, in lower case, as scalars (empty for captures).
    private let partWords: [[[Unicode.Scalar]]]
    /// Whether the pattern has literal words to match (`Finding {n}`), not only captures.
    public let hasLiteralWords: Bool
    /// The literal words, in order: two titles of one block's items have the same (`CR-001:
    /// [Title]` and `CR-002: ...`).
    public var literalWords: [String] {
        parts.flatMap { part -> [String] in if case .literal(let text) = part { Self.words(text) } else { [] } }
    }
    /// The first literal word in ASCII lower case, when it is ASCII: a title without it cannot
    /// match, which is found without reading the title as characters.
    private let firstWord: [UInt8]?

    public init(_ text: String) {
        self.text = text
        var parts: [Part] = []
        var literal = ""
        var rest = Substring(text)
        while let open = rest.firstIndex(of: "{") {
            guard let close = rest[open...].firstIndex(of: "}") else { break }
            literal += rest[..<open]
            let name = rest[rest.index(after: open)..<close].trimming(" ")
            if !literal.isEmpty { parts.append(.literal(literal)) }
            literal = ""
            if !name.isEmpty { parts.append(.capture(name)) }
            rest = rest[rest.index(after: close)...]
        }
        literal += rest
        if !literal.isEmpty { parts.append(.literal(literal)) }
        self.parts = parts
        self.partWords = parts.map { part in if case .literal(let text) = part { Self.scalarWords(text) } else { [] } }
        self.hasLiteralWords = parts.contains { if case .literal(let text) = $0 { !Self.words(text).isEmpty } else { false } }
        let first = parts.lazy.compactMap { part -> String? in if case .literal(let text) = part { Self.words(text).first } else { nil } }.first
        self.firstWord = first.flatMap { word in word.utf8.allSatisfy { $0 < 0x80 } ? Array(word.utf8) : nil }
    }

    /// Whether `title`, in ASCII lower case, contains `word`.
    private static func contains(_ word: [UInt8], in title: String) -> Bool {
        var title = title
        return title.withUTF8 { bytes in
            guard bytes.count >= word.count else { return false }
            outer: for start in 0...(bytes.count - word.count) {
                for (offset, expected) in word.enumerated() {
                    var byte = bytes[start + offset]
                    if byte >= 0x41 && byte <= 0x5A { byte += 0x20 }
                    if byte != expected { continue outer }
                }
                return true
            }
            return false
        }
    }

    /// The names the pattern captures, in order.
    public var captures: [String] {
        parts.compactMap { if case .capture(let name) = $0 { name } else { nil } }
    }

    /// The title written with `values` in the places of the captures (an absent one left
    /// empty): what `match` reads back to the same values.
    public func filled(_ values: (String) -> String?) -> String {
        parts.map { part in
            switch part {
            case .literal(let text): text
            case .capture(let name): values(name) ?? ""
            }
        }.joined()
    }

    /// An item's title written from its data (`Option 2: Debezium`), or nil when a part the
    /// pattern captures is not in the item as text.
    public func title(of item: JSONObject) -> String? {
        guard captures.allSatisfy({ item[$0]?.stringValue.map { !$0.trimmingSpaces.isEmpty } == true }) else { return nil }
        return filled { item[$0]?.stringValue }
    }

    /// The captured parts of `title`, or nil when it is not written this way.
    public func match(_ title: String) -> [(name: String, value: String)]? {
        if let firstWord, !Self.contains(firstWord, in: title) { return nil }
        // Unicode scalars, not characters: a title is read once, without grapheme breaking.
        let scalars = Array(title.unicodeScalars)
        var position = 0
        var captured: [(String, String)] = []
        var pending: String? = nil  // a capture waiting for the next literal to end it
        for (part, words) in zip(parts, partWords) {
            switch part {
            case .capture(let name):
                if let previous = pending { captured.append((previous, "")) }  // two captures in a row: the first is empty
                pending = name
            case .literal(let text):
                let found: (Int, Int)?
                if words.isEmpty {
                    // Only punctuation (`: `, ` — `): where it, or another separator, is written.
                    guard pending != nil else { continue }
                    found = Self.findSeparator(text, in: scalars, from: position + 1)
                } else {
                    found = Self.find(words, in: scalars, from: position, anchored: pending == nil)
                }
                guard let (start, end) = found else { return nil }
                if let name = pending {
                    let value = Self.trimmed(scalars[position..<start])
                    guard !value.isEmpty else { return nil }
                    captured.append((name, value))
                    pending = nil
                }
                position = end
            }
        }
        if let name = pending {
            let value = Self.trimmed(scalars[position...])
            guard !value.isEmpty else { return nil }
            captured.append((name, value))
        } else if scalars[position...].contains(where: Self.isWordScalar) {
            return nil  // words after the pattern's last literal (its closing `)` is no word)
        }
        return captured
    }

    /// Lower-case words (letters and digits) of a literal.
    static func words(_ text: String) -> [String] {
        text.lowercased().split { !$0.isLetter && !$0.isNumber }.map(String.init)
    }

    /// The words of a literal as lower-case scalars.
    private static func scalarWords(_ text: String) -> [[Unicode.Scalar]] {
        words(text).map { Array($0.unicodeScalars) }
    }

    /// Where `words` occur in order, separated only by other characters, at or after `from`
    /// (exactly at its first word when `anchored`).
    private static func find(_ words: [[Unicode.Scalar]], in scalars: [Unicode.Scalar], from: Int, anchored: Bool) -> (Int, Int)? {
        var start = from
        while start < scalars.count {
            // Skip to the next word start.
            while start < scalars.count && !isWordScalar(scalars[start]) { start += 1 }
            if start >= scalars.count { return nil }
            if start == from || !isWordScalar(scalars[start - 1]), let end = matchWords(words, scalars, at: start) {
                return (start, end)
            }
            if anchored { return nil }
            while start < scalars.count && isWordScalar(scalars[start]) { start += 1 }
        }
        return nil
    }

    /// The first place at or after `from` where the punctuation of `literal` is written, or
    /// failing that any separator a title is written with (`:`, a dash, `|`).
    private static func findSeparator(_ literal: String, in scalars: [Unicode.Scalar], from: Int) -> (Int, Int)? {
        let mark = literal.filter { $0 != " " && $0 != "\t" }
        let alternatives: [String] = (mark.isEmpty ? [] : [mark]) + [":", "：", " — ", " – ", " - ", " | ", "|"]
        for alternative in alternatives {
            let pattern = Array(alternative.unicodeScalars)
            var k = from
            while k + pattern.count <= scalars.count {
                if scalars[k..<(k + pattern.count)].elementsEqual(pattern) { return (k, k + pattern.count) }
                k += 1
            }
        }
        return nil
    }

    private static func matchWords(_ words: [[Unicode.Scalar]], _ scalars: [Unicode.Scalar], at start: Int) -> Int? {
        var k = start
        for (n, word) in words.enumerated() {
            if n > 0 {
                while k < scalars.count && !isWordScalar(scalars[k]) { k += 1 }
            }
            for expected in word {
                guard k < scalars.count, lowered(scalars[k]) == expected else { return nil }
                k += 1
            }
            if k < scalars.count && isWordScalar(scalars[k]) { return nil }  // a longer word
        }
        return k
    }

    /// A scalar in lower case (its first scalar where lower case takes more than one).
    private static func lowered(_ scalar: Unicode.Scalar) -> Unicode.Scalar {
        let v = scalar.value
        if v < 0x80 { return v >= 0x41 && v <= 0x5A ? Unicode.Scalar(UInt8(v + 0x20)) : scalar }
        return scalar.properties.lowercaseMapping.unicodeScalars.first ?? scalar
    }

    /// A letter, a digit, or a mark that belongs to the letter before it.
    private static func isWordScalar(_ scalar: Unicode.Scalar) -> Bool {
        let v = scalar.value
        if v < 0x80 { return (v | 0x20) >= 0x61 && (v | 0x20) <= 0x7A || (v >= 0x30 && v <= 0x39) }
        let properties = scalar.properties
        if properties.isAlphabetic || properties.numericType != nil { return true }
        switch properties.generalCategory {
        case .nonspacingMark, .spacingMark, .enclosingMark: return true
        default: return false
        }
    }

    /// What is trimmed off a captured part: spaces and the marks titles are written with.
    private static func isSeparator(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar {
        case " ", "\t", ":", "-", "—", "–", "|", "#", "*", "_", "\u{A0}": true
        default: false
        }
    }

    private static func trimmed(_ scalars: ArraySlice<Unicode.Scalar>) -> String {
        var slice = scalars
        while let first = slice.first, isSeparator(first) { slice = slice.dropFirst() }
        while let last = slice.last, isSeparator(last) { slice = slice.dropLast() }
        var bytes: [UInt8] = []
        bytes.reserveCapacity(slice.count)
        for scalar in slice {
            if scalar.value < 0x80 { bytes.append(UInt8(scalar.value)) } else { UTF8.encode(scalar) { bytes.append($0) } }
        }
        return String(decoding: bytes, as: UTF8.self)
    }
}
