/// One line of an answer, measured once: where its content starts and what kind of line it is.
///
/// This is the first of the parser's two passes (cmark's shape): every line is scanned on its
/// own, in one linear pass over the bytes; `ResponseParser` then groups lines into blocks.
struct ScannedLine {
    enum Kind: Equatable {
        case blank
        /// ```` ``` ```` or `~~~`; `info` is the text after the marker, trimmed.
        case fence(marker: UInt8, length: Int, info: Range<Int>)
        /// `## Title`; `title` excludes the marks and closing hashes.
        case atxHeading(level: Int, title: Range<Int>)
        /// `---`, `***`, `___`, or `===` alone: a thematic break or a setext underline.
        case rule(marker: UInt8)
        /// `| a | b |`
        case tableRow
        /// Anything else; `marker` describes a list marker at the start, if any.
        case text
    }

    /// 0-based line index.
    let index: Int
    /// First byte of the line and the end of its content (terminator excluded).
    let start: Int
    let end: Int
    /// First byte after the indentation.
    let contentStart: Int
    /// Indentation in columns; a tab advances to the next multiple of 4, other spaces count 1.
    let indent: Int
    let kind: Kind
    /// For `.text` lines that open with a list marker (`-`, `*`, `+`, `•`, `1.`, `1)`, `a.`):
    /// where the item's content starts; nil otherwise.
    let listContent: Int?
    /// Whether the list marker is a number or letter (`1.`), not a bullet.
    let ordered: Bool

    var isBlank: Bool { kind == .blank }

    /// Where the text after any list marker starts.
    var textStart: Int { listContent ?? contentStart }
}

/// Byte-level helpers shared by the parser's passes. All work on UTF-8 and never allocate.
enum Bytes {
    /// The length of the white-space character at `i` (ASCII space or tab, or a Unicode space
    /// separator, zero-width space or BOM), or 0.
    @inline(__always)
    static func whitespaceLength(_ s: [UInt8], _ i: Int, _ end: Int) -> Int {
        let b = s[i]
        if b == 0x20 || b == 0x09 { return 1 }
        if b < 0xC2 { return 0 }
        if b == 0xC2 { return i + 1 < end && s[i + 1] == 0xA0 ? 2 : 0 }  // NBSP
        guard i + 2 < end else { return 0 }
        let b1 = s[i + 1]
        let b2 = s[i + 2]
        switch b {
        case 0xE1: return b1 == 0x9A && b2 == 0x80 ? 3 : 0  // Ogham space mark
        case 0xE2:
            if b1 == 0x80 && ((b2 >= 0x80 && b2 <= 0x8B) || b2 == 0xAF) { return 3 }  // en quad … ZWSP, NNBSP
            if b1 == 0x81 && b2 == 0x9F { return 3 }  // medium mathematical space
            return 0
        case 0xE3: return b1 == 0x80 && b2 == 0x80 ? 3 : 0  // ideographic space
        case 0xEF: return b1 == 0xBB && b2 == 0xBF ? 3 : 0  // BOM inside text
        default: return 0
        }
    }

    /// `i` moved past white space, not beyond `end`.
    static func skipSpace(_ s: [UInt8], _ i: Int, _ end: Int) -> Int {
        var i = i
        while i < end {
            let n = whitespaceLength(s, i, end)
            if n == 0 { break }
            i += n
        }
        return i
    }

    /// `end` moved back over trailing white space, not before `start`.
    static func trimEnd(_ s: [UInt8], _ start: Int, _ end: Int) -> Int {
        var e = end
        while e > start {
            let b = s[e - 1]
            if b == 0x20 || b == 0x09 { e -= 1; continue }
            if b < 0x80 { break }
            // A multi-byte space ends here if one of the known sequences starts 2 or 3 bytes back.
            if e - 2 >= start && whitespaceLength(s, e - 2, e) == 2 { e -= 2; continue }
            if e - 3 >= start && whitespaceLength(s, e - 3, e) == 3 { e -= 3; continue }
            break
        }
        return e
    }

    /// The span with white space trimmed on both sides.
    static func trim(_ s: [UInt8], _ span: Range<Int>) -> Range<Int> {
        let a = skipSpace(s, span.lowerBound, span.upperBound)
        return a..<trimEnd(s, a, span.upperBound)
    }

    static func isASCIILetter(_ b: UInt8) -> Bool { (b | 0x20) >= 0x61 && (b | 0x20) <= 0x7A }
    static func isDigit(_ b: UInt8) -> Bool { b >= 0x30 && b <= 0x39 }
}
