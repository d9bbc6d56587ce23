/// Whether an input is an answer at all: an empty file, one of only white space or markup,
/// or a binary file (an executable, an image) must never pass as "valid, nothing to check".
enum ContentPresence {
    enum Finding {
        case empty, whiteSpace, markup, utf16, binary

        var message: String {
            switch self {
            case .empty: "the input is empty: there is no answer to check"
            case .whiteSpace: "the input holds only white space: there is no answer to check"
            case .markup: "the input holds only markup (marks, rules, empty fences or comments): there is no answer to check"
            case .utf16: "this text is encoded as UTF-16; save it as UTF-8"
            case .binary: "this is a binary file, not an answer's text"
            }
        }

        var suggestion: String {
            switch self {
            case .binary, .utf16: "give the file that holds the agent's answer"
            default: "re-run the agent, or check that this is the file that holds its answer"
            }
        }
    }

    /// Why `bytes` holds no answer, or nil when it holds text.
    static func problem(_ bytes: [UInt8]) -> Finding? {
        if bytes.starts(with: [0xFF, 0xFE]) || bytes.starts(with: [0xFE, 0xFF]) { return .utf16 }
        if isBinary(bytes) { return .binary }
        if bytes.allSatisfy({ $0 == 0x20 || ($0 >= 0x09 && $0 <= 0x0D) }) { return bytes.isEmpty ? .empty : .whiteSpace }
        if !hasText(bytes) { return .markup }
        return nil
    }

    /// A NUL byte in the first KB, or more than one byte in ten of it not valid UTF-8.
    static func isBinary(_ bytes: [UInt8]) -> Bool {
        let head = Array(bytes.prefix(1024))
        if head.contains(0) { return true }
        var invalid = 0
        var i = 0
        while i < head.count {
            if head[i] < 0x80 { i += 1; continue }
            let length = SourceDecoder.validSequenceLength(head, at: i)
            // A sequence cut by the end of the first KB is not counted against it.
            if length == 0 && head.count - i >= 4 { invalid += 1 }
            i += max(1, length)
        }
        return invalid * 10 > head.count
    }

    /// Whether any letter, digit or other non-ASCII character is written outside an HTML
    /// comment: ASCII punctuation alone (`---`, `***`, a fence, `#`) is markup.
    static func hasText(_ bytes: [UInt8]) -> Bool {
        var i = 0
        while i < bytes.count {
            let b = bytes[i]
            if b == 0x3C, bytes[i...].starts(with: [0x3C, 0x21, 0x2D, 0x2D]) {  // <!--
                var k = i + 4
                while k + 2 < bytes.count, !(bytes[k] == 0x2D && bytes[k + 1] == 0x2D && bytes[k + 2] == 0x3E) { k += 1 }
                i = k + 3
                continue
            }
            if b >= 0x80 || Bytes.isDigit(b) || Bytes.isASCIILetter(b) {
                // Non-ASCII white space (a no-break space, a BOM) is not text.
                if b >= 0x80, case let n = Bytes.whitespaceLength(bytes, i, bytes.count), n > 0 { i += n; continue }
                return true
            }
            i += 1
        }
        return false
    }
}
