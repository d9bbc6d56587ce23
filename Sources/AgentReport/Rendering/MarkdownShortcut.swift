import SafeHTML

/// The plain markdown most values are written in, drawn straight into the page: the same
/// elements and text Ink and the sanitizer would make of it, at a small fraction of the cost.
///
/// It reads only this much, and declines — drawing nothing — anything else, which then goes
/// to Ink as before:
/// - paragraphs: lines of text, joined by a space; a blank line ends one;
/// - lists: lines starting `- `, one item per line, not continued on the next line;
/// - fenced code: a line of three backticks and a bare language name, lines without
///   backticks, a line of three backticks;
/// - inline: `` `code` ``, `**strong**` and `*emphasis*` (holding text and code), and
///   `[text](url)` links (holding text; the URL goes through the sanitizer's ``LinkPolicy``).
///
/// It declines on any line that starts with something else (indentation, `#`, `>`, `+`,
/// `=`, `|`, a numbered item, …) or ends in white space, on two spaces in a row, on `_`, `<`, `&`, `\`, `|`, `~`,
/// `![`, a stray bracket or a marker left open, on control characters and Unicode line
/// separators. `MarkdownShortcutTests` holds it to Ink's output on the corpus, the samples
/// and random markdown.
struct MarkdownShortcut {
    private enum Tag { case paragraph, list, item, preformatted, code, strong, emphasis }

    /// What to draw, in document order, as byte ranges of the text.
    private enum Step {
        case open(Tag)
        case link(Range<Int>)  // opens an `a` to the URL in this range
        case close
        case text(Range<Int>)
        case space
    }

    private let bytes: UnsafeBufferPointer<UInt8>
    private var steps: [Step] = []

    private init(_ bytes: UnsafeBufferPointer<UInt8>) {
        self.bytes = bytes
    }

    /// Draws `markdown` (trimmed, not empty) into `parent` and returns true, or returns false
    /// having drawn nothing when the text holds more than this reads.
    static func draw(_ markdown: String, into parent: HTMLElement, policy: HTMLSanitizer.Policy) -> Bool {
        var text = markdown
        return text.withUTF8 { bytes in
            var reader = MarkdownShortcut(bytes)
            guard reader.readBlocks() else { return false }
            reader.emit(into: parent, policy: policy)
            return true
        }
    }

    // MARK: Blocks

    private enum Open { case none, paragraph, list }

    private mutating func readBlocks() -> Bool {
        guard hasOnlyTextCharacters() else { return false }
        steps.reserveCapacity(16)
        var open = Open.none
        var start = 0
        while start < bytes.count {
            let end = lineEnd(from: start)
            var next = end + 1
            if start == end {
                if open != .none { steps.append(.close) }
                open = .none
            } else if isWhitespace(endingAt: end) {
                return false
            } else if hasFence(at: start, end: end) {
                guard open != .list, let close = closingFence(after: end, language: start + 3..<end) else { return false }
                if open != .none { steps.append(.close) }
                open = .none
                steps.append(.open(.preformatted))
                steps.append(.open(.code))
                steps.append(.text(end + 1..<close))
                steps.append(.close)
                steps.append(.close)
                next = close + 4  // past the closing fence's line
            } else if bytes[start] == UInt8(ascii: "-") {
                guard end - start >= 3, bytes[start + 1] == 0x20, startsText(at: start + 2) else { return false }
                if open == .paragraph { steps.append(.close) }
                if open != .list { steps.append(.open(.list)) }
                open = .list
                steps.append(.open(.item))
                guard readInline(start + 2..<end, nested: false) else { return false }
                steps.append(.close)
            } else {
                guard startsText(at: start), open != .list else { return false }
                // Ink starts a new paragraph at a line opening with a backtick.
                guard open != .paragraph || bytes[start] != UInt8(ascii: "`") else { return false }
                if open == .paragraph {
                    steps.append(.space)
                } else {
                    steps.append(.open(.paragraph))
                    open = .paragraph
                }
                guard readInline(start..<end, nested: false) else { return false }
            }
            start = next
        }
        if open != .none { steps.append(.close) }
        return true
    }

    private func lineEnd(from start: Int) -> Int {
        var end = start
        while end < bytes.count, bytes[end] != 0x0A { end += 1 }
        return end
    }

    /// No control character but line feed, no Unicode line or paragraph separator or NEL, no
    /// U+FDxx or U+FFCx–U+FFFF (the gate's bracket masks and non-characters), and nothing that
    /// joins the character before or after it (``joinsNeighbour(_:)``).
    private func hasOnlyTextCharacters() -> Bool {
        var index = 0
        while index < bytes.count {
            let byte = bytes[index]
            if byte >= 0x20 && byte < 0x7F || byte == 0x0A {
                index += 1
                continue
            }
            guard byte >= 0x80 else { return false }  // C0 controls, DEL
            let (decoded, length) = scalar(at: index)
            guard let scalar = decoded, !Self.joinsNeighbour(scalar) else { return false }
            switch scalar.value {
            case 0x85, 0xA0, 0x2028, 0x2029, 0xFD00...0xFDFF, 0xFFC0...0xFFFF: return false
            default: break
            }
            index += length
        }
        return true
    }

    /// A combining mark, format character (ZWJ, ZWNJ, tags…), variation selector, emoji
    /// modifier or prepended letter: Ink reads text as Swift `Character`s, in which such a
    /// scalar fuses with the backtick, `*`, bracket or space beside it, so the markup is no
    /// longer markup to Ink.
    static func joinsNeighbour(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x1F3FB...0x1F3FF, 0x0D4E, 0x111C2...0x111C3, 0x11A3A, 0x11A84...0x11A89, 0x11D46: return true
        default: break
        }
        switch scalar.properties.generalCategory {
        case .nonspacingMark, .spacingMark, .enclosingMark, .format: return true
        default: return false
        }
    }

    /// Whether the line ending at `end` (not empty) ends in white space.
    private func isWhitespace(endingAt end: Int) -> Bool {
        let last = bytes[end - 1]
        if last == 0x20 { return true }
        guard last >= 0x80 else { return false }
        var start = end - 1
        while start > 0, bytes[start] & 0xC0 == 0x80 { start -= 1 }
        return scalar(at: start).scalar?.properties.isWhitespace ?? true
    }

    /// The scalar whose UTF-8 starts at `start`, and its length in bytes; nil for a byte that
    /// starts no scalar or a sequence cut short (the text is a Swift string, so neither occurs).
    private func scalar(at start: Int) -> (scalar: Unicode.Scalar?, length: Int) {
        let lead = bytes[start]
        guard lead >= 0x80 else { return (Unicode.Scalar(lead), 1) }
        let length = lead >= 0xF0 ? 4 : lead >= 0xE0 ? 3 : 2
        guard lead >= 0xC0, start + length <= bytes.count else { return (nil, 1) }
        var value = UInt32(lead) & (length == 2 ? 0x1F : length == 3 ? 0x0F : 0x07)
        for offset in 1..<length { value = value << 6 | UInt32(bytes[start + offset] & 0x3F) }
        return (Unicode.Scalar(value), length)
    }

    /// Whether the text at `start` begins a paragraph (or a list item's text), not some other
    /// block: a letter, a digit not followed by `.` or `)`, a quote, `(`, `` ` ``, `*` or `[`
    /// that opens inline markup, or a character outside ASCII that is not white space.
    private func startsText(at start: Int) -> Bool {
        let byte = bytes[start]
        switch byte {
        case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "\""), UInt8(ascii: "'"),
             UInt8(ascii: "("), UInt8(ascii: "`"), UInt8(ascii: "["):
            return true
        case UInt8(ascii: "*"):
            return start + 1 < bytes.count && bytes[start + 1] != 0x20
        case UInt8(ascii: "0")...UInt8(ascii: "9"):
            var index = start
            while index < bytes.count, (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(bytes[index]) { index += 1 }
            return index < bytes.count && bytes[index] != UInt8(ascii: ".") && bytes[index] != UInt8(ascii: ")")
        case 0x80...:
            return !(scalar(at: start).scalar?.properties.isWhitespace ?? true)
        default:
            return false
        }
    }

    private func hasFence(at start: Int, end: Int) -> Bool {
        end - start >= 3 && bytes[start] == 0x60 && bytes[start + 1] == 0x60 && bytes[start + 2] == 0x60
    }

    /// The start of the closing fence line for a fence whose language is `language` and whose
    /// opening line ends at `openEnd`, when the language is a bare name and at least one line
    /// without backticks comes before a line of exactly three backticks.
    private func closingFence(after openEnd: Int, language: Range<Int>) -> Int? {
        for index in language {
            switch bytes[index] {
            case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "0")...UInt8(ascii: "9"),
                 UInt8(ascii: "-"), UInt8(ascii: "+"):
                continue
            default:
                return nil
            }
        }
        var start = openEnd + 1
        var lines = 0
        while start < bytes.count {
            let end = lineEnd(from: start)
            if hasFence(at: start, end: end) { return lines > 0 && end - start == 3 ? start : nil }
            for index in start..<end where bytes[index] == 0x60 { return nil }
            lines += 1
            start = end + 1
        }
        return nil
    }

    // MARK: Inline

    /// Reads the inline markup of `range` (one line, or the inside of a strong or emphasis
    /// span when `nested`).
    private mutating func readInline(_ range: Range<Int>, nested: Bool) -> Bool {
        var index = range.lowerBound
        var textStart = index
        func flush(_ steps: inout [Step], upTo end: Int) {
            if textStart < end { steps.append(.text(textStart..<end)) }
        }
        while index < range.upperBound {
            let byte = bytes[index]
            guard Self.isInlineMarkup(byte) else {
                index += 1
                continue
            }
            switch byte {
            case UInt8(ascii: "`"):
                guard let close = codeSpanEnd(from: index, limit: range.upperBound) else { return false }
                flush(&steps, upTo: index)
                steps.append(.open(.code))
                steps.append(.text(index + 1..<close))
                steps.append(.close)
                index = close + 1
                textStart = index
            case UInt8(ascii: "*"):
                guard !nested, let (tag, inner) = emphasis(from: index, limit: range.upperBound) else { return false }
                flush(&steps, upTo: index)
                steps.append(.open(tag))
                guard readInline(inner, nested: true) else { return false }
                steps.append(.close)
                index = inner.upperBound + (tag == .strong ? 2 : 1)
                textStart = index
            case UInt8(ascii: "["):
                guard !nested, let (label, url) = link(from: index, limit: range.upperBound) else { return false }
                flush(&steps, upTo: index)
                steps.append(.link(url))
                steps.append(.text(label))
                steps.append(.close)
                index = url.upperBound + 1
                textStart = index
            case 0x20:
                // Ink collapses a run of spaces into one.
                guard index + 1 == range.upperBound || bytes[index + 1] != 0x20 else { return false }
                index += 1
            case UInt8(ascii: "!"):
                guard index + 1 == range.upperBound || bytes[index + 1] != UInt8(ascii: "[") else { return false }
                index += 1
            case UInt8(ascii: "_"), UInt8(ascii: "<"), UInt8(ascii: "&"), UInt8(ascii: "\\"), UInt8(ascii: "|"), UInt8(ascii: "~"),
                 UInt8(ascii: "]"):
                return false
            default:
                index += 1
            }
        }
        flush(&steps, upTo: range.upperBound)
        return true
    }

    /// Bytes `readInline` looks at: space `!` `&` `*` `<` `[` `\` `]` `_` `` ` `` `|` `~`.
    private static let inlineMarkupBelow64: UInt64 = 1 << 0x20 | 1 << 0x21 | 1 << 0x26 | 1 << 0x2A | 1 << 0x3C
    private static let inlineMarkupFrom64: UInt64 = 1 << (0x5B - 64) | 1 << (0x5C - 64) | 1 << (0x5D - 64) | 1 << (0x5F - 64)
        | 1 << (0x60 - 64) | 1 << (0x7C - 64) | 1 << (0x7E - 64)

    @inline(__always)
    private static func isInlineMarkup(_ byte: UInt8) -> Bool {
        byte < 64 ? inlineMarkupBelow64 >> byte & 1 != 0 : byte < 128 && inlineMarkupFrom64 >> (byte - 64) & 1 != 0
    }

    /// A byte other than space that may sit just inside a delimiter: printable ASCII but `*`.
    private func isTight(_ index: Int) -> Bool {
        let byte = bytes[index]
        return byte > 0x20 && byte < 0x7F && byte != UInt8(ascii: "*")
    }

    /// The closing backtick of a code span opening at `open`: one backtick, then text without
    /// backticks that neither starts nor ends with a space, then one backtick.
    private func codeSpanEnd(from open: Int, limit: Int) -> Int? {
        var close = open + 1
        while close < limit, bytes[close] != 0x60 { close += 1 }
        guard close < limit, close > open + 1, bytes[open + 1] != 0x20, bytes[close - 1] != 0x20 else { return nil }
        guard close + 1 == limit || bytes[close + 1] != 0x60 else { return nil }
        return close
    }

    /// `*text*` or `**text**` opening at `open`: the tag and the range of the text, which
    /// holds no `*` and starts and ends tight against the delimiters.
    private func emphasis(from open: Int, limit: Int) -> (Tag, Range<Int>)? {
        var run = 0
        while open + run < limit, bytes[open + run] == UInt8(ascii: "*") { run += 1 }
        guard run <= 2, open + run < limit, isTight(open + run) else { return nil }
        var close = open + run
        while close < limit, bytes[close] != UInt8(ascii: "*") { close += 1 }
        guard close + run <= limit, isTight(close - 1) else { return nil }
        for index in close..<close + run where bytes[index] != UInt8(ascii: "*") { return nil }
        guard close + run == limit || bytes[close + run] != UInt8(ascii: "*") else { return nil }
        return (run == 2 ? .strong : .emphasis, open + run..<close)
    }

    /// `[label](url)` opening at `open`: plain label text without two spaces in a row, tight
    /// against its brackets, and a
    /// URL of printable ASCII without spaces, quotes, brackets, parentheses, `<`, `>`, `\`,
    /// `` ` ``, `*` or `&` (which Ink leaves for libxml2 to read as a character reference).
    private func link(from open: Int, limit: Int) -> (label: Range<Int>, url: Range<Int>)? {
        var close = open + 1
        while close < limit, bytes[close] != UInt8(ascii: "]") {
            if "[*`_<&\\|~!".utf8.contains(bytes[close]) || bytes[close] == 0x20 && close + 1 < limit && bytes[close + 1] == 0x20 { return nil }
            close += 1
        }
        guard close + 1 < limit, close > open + 1, isTight(open + 1), isTight(close - 1), bytes[close + 1] == UInt8(ascii: "(") else {
            return nil
        }
        var end = close + 2
        while end < limit {
            let byte = bytes[end]
            if byte == UInt8(ascii: ")") { break }
            switch byte {
            case 0x21..<0x7F where !"\"'()<>[]\\`*&".utf8.contains(byte): end += 1
            default: return nil
            }
        }
        guard end < limit, end > close + 2 else { return nil }
        return (open + 1..<close, close + 2..<end)
    }

    // MARK: Drawing

    private func emit(into parent: HTMLElement, policy: HTMLSanitizer.Policy) {
        var stack: [HTMLElement] = []
        stack.reserveCapacity(8)
        var current = parent
        for step in steps {
            switch step {
            case .open(let tag):
                stack.append(current)
                current = element(tag, in: current)
            case .link(let url):
                stack.append(current)
                let href = String(decoding: UnsafeBufferPointer(rebasing: bytes[url]), as: UTF8.self)
                current = current.link(to: href, policy: policy) ?? current  // a refused link keeps its text
            case .close:
                current = stack.removeLast()
            case .text(let range):
                current.text(utf8: UnsafeBufferPointer(rebasing: bytes[range]))
            case .space:
                current.text(" ")
            }
        }
    }

    private func element(_ tag: Tag, in parent: HTMLElement) -> HTMLElement {
        switch tag {
        case .paragraph: parent.element("p")
        case .list: parent.element("ul")
        case .item: parent.element("li")
        case .preformatted: parent.element("pre")
        case .code: parent.element("code")
        case .strong: parent.element("strong")
        case .emphasis: parent.element("em")
        }
    }
}
