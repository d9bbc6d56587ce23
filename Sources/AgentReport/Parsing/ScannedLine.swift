/// One line of an answer, measured once: where its content starts and what kind of line it is.
///
/// This is the first of the parser's two passes (cmark's shape): every line is scanned on its
/// own, in one linear pass over the bytes; `ResponseParser` then groups lines into blocks.
/// Offsets are stored in 32 bits so that a line costs 32 bytes, whatever its length: a
/// document of short lines stays within a few times its own size.
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
        /// Anything else; `listContent` says whether a list marker opens it.
        case text
    }

    private enum Tag: UInt8 {
        case blank, fence, atxHeading, rule, tableRow, text
    }

    private let start32: Int32
    private let end32: Int32
    private let contentStart32: Int32
    private let indent32: Int32
    private let listContent32: Int32
    /// Kind payload: a fence's length, or a heading's level; then a span.
    private let payload: Int32
    private let spanStart: Int32
    private let spanEnd: Int32
    private let tag: Tag
    private let marker: UInt8
    /// Whether the list marker is a number or letter (`1.`), not a bullet.
    let ordered: Bool

    init(start: Int, end: Int, contentStart: Int, indent: Int, kind: Kind, listContent: Int?, ordered: Bool) {
        start32 = Int32(truncatingIfNeeded: start)
        end32 = Int32(truncatingIfNeeded: end)
        contentStart32 = Int32(truncatingIfNeeded: contentStart)
        indent32 = Int32(truncatingIfNeeded: min(indent, Int(Int32.max)))
        listContent32 = listContent.map { Int32(truncatingIfNeeded: $0) } ?? -1
        self.ordered = ordered
        switch kind {
        case .blank:
            (tag, marker, payload, spanStart, spanEnd) = (.blank, 0, 0, 0, 0)
        case .fence(let m, let length, let info):
            (tag, marker, payload) = (.fence, m, Int32(truncatingIfNeeded: min(length, Int(Int32.max))))
            (spanStart, spanEnd) = (Int32(truncatingIfNeeded: info.lowerBound), Int32(truncatingIfNeeded: info.upperBound))
        case .atxHeading(let level, let title):
            (tag, marker, payload) = (.atxHeading, 0, Int32(level))
            (spanStart, spanEnd) = (Int32(truncatingIfNeeded: title.lowerBound), Int32(truncatingIfNeeded: title.upperBound))
        case .rule(let m):
            (tag, marker, payload, spanStart, spanEnd) = (.rule, m, 0, 0, 0)
        case .tableRow:
            (tag, marker, payload, spanStart, spanEnd) = (.tableRow, 0, 0, 0, 0)
        case .text:
            (tag, marker, payload, spanStart, spanEnd) = (.text, 0, 0, 0, 0)
        }
    }

    /// First byte of the line and the end of its content (terminator excluded).
    var start: Int { Int(start32) }
    var end: Int { Int(end32) }
    /// First byte after the indentation.
    var contentStart: Int { Int(contentStart32) }
    /// Indentation in columns; a tab advances to the next multiple of 4, other spaces count 1.
    var indent: Int { Int(indent32) }
    /// For `.text` lines that open with a list marker (`-`, `*`, `+`, `•`, `1.`, `1)`, `a.`):
    /// where the item's content starts; nil otherwise.
    var listContent: Int? { listContent32 < 0 ? nil : Int(listContent32) }

    var kind: Kind {
        switch tag {
        case .blank: .blank
        case .fence: .fence(marker: marker, length: Int(payload), info: Int(spanStart)..<Int(spanEnd))
        case .atxHeading: .atxHeading(level: Int(payload), title: Int(spanStart)..<Int(spanEnd))
        case .rule: .rule(marker: marker)
        case .tableRow: .tableRow
        case .text: .text
        }
    }

    var isBlank: Bool { tag == .blank }

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
