import Ink
import JSONSchema
import SafeHTML

/// The one way untrusted markdown reaches a page: Ink renders it, libxml2 parses Ink's HTML,
/// and ``HTMLSanitizer`` copies the allowed part into the page.
///
/// What Ink is given is first made safe for it, since two of Ink 0.6's readers do not end in
/// time on some text:
/// - Links: Ink tries every `[` and, failing, tries again from the next one, which takes
///   exponential time (25 unclosed `[` take seconds, 10 000 overflow the stack).
/// - Tags: at `<` Ink reads an HTML element, which needs a `>` somewhere after it; when there
///   is none it reads a paragraph instead, and a paragraph ends before `<p` or `<P` without
///   reading it. So a text holding `<p` and no `>` after it makes Ink's top-level loop read
///   the same empty paragraph forever, allocating as it goes.
///
/// So every `[` or `]` that is not part of a plain inline link or image, `[text](url)`, and
/// every `<` with no `>` after it is replaced by a noncharacter before Ink and by a character
/// reference after it (``maskingUnreadableMarkup(_:)``): Ink only sees links it reads in one
/// pass and tags it can read whole, so each of its readers consumes what it starts on. Text
/// on which Ink would still scan far over and over (many `<` or `&` before their closers) is
/// not given to Ink but shown as preformatted text (``inkCostIsBounded(_:)``), as is a
/// fragment libxml2 gives up on (nesting past 256 levels).
///
/// Most values never reach Ink: ``MarkdownShortcut`` draws the plain markdown they are
/// written in directly, as Ink and the sanitizer would.
struct MarkdownGate {
    let sanitizer: HTMLSanitizer
    private let ink = MarkdownParser()

    /// False only for the benchmark's reference: every text then goes through Ink.
    var usesShortcut = true

    init(sanitizer: HTMLSanitizer) {
        self.sanitizer = sanitizer
    }

    /// Appends `markdown`, rendered and sanitised, to `parent` (which accepts flow content).
    ///
    /// The text is trimmed and its continuation lines dedented (``dedentingContinuationLines(_:)``)
    /// first: a value's later lines keep the indentation they had under their bullet.
    func append(_ markdown: String, to parent: HTMLElement) {
        let trimmed = Self.prepared(markdown)
        guard !trimmed.isEmpty else { return }
        if usesShortcut, MarkdownShortcut.draw(trimmed, into: parent, policy: sanitizer.policy) { return }
        appendThroughInk(trimmed, to: parent)
    }

    /// Appends trimmed `markdown` through Ink and the sanitizer, or as preformatted text when
    /// Ink would take too long on it or libxml2 cannot read Ink's HTML whole.
    func appendThroughInk(_ trimmed: String, to parent: HTMLElement) {
        guard let html = inkHTML(trimmed), parent.appendSanitized(html, using: sanitizer) else {
            parent.element("pre", ["class": "verbatim"], text: trimmed)
            return
        }
    }

    /// Ink's HTML for trimmed, non-plain markdown, brackets masked and restored; nil when
    /// Ink would take too long on it.
    func inkHTML(_ trimmed: String) -> String? {
        let (masked, didMask) = Self.maskingUnreadableMarkup(trimmed)
        guard Self.inkCostIsBounded(masked), Self.nestingIsShallow(masked) else { return nil }
        let html = ink.html(from: Self.shieldingFrontMatter(masked))
        guard didMask else { return html }
        return html.replacing(Self.maskedOpen, with: "&#91;").replacing(Self.maskedClose, with: "&#93;")
            .replacing(Self.maskedAngle, with: "&#60;")
    }

    /// `text` as the gate reads it: trimmed, its continuation lines dedented.
    static func prepared(_ text: String) -> String {
        dedentingContinuationLines(text.trimmingWhitespace)
    }

    /// `text` with the indentation its lines after the first share (spaces) removed, so that
    /// `Head\n  - a\n  - b`, written under a bullet, reads as a paragraph and a list rather
    /// than one paragraph. Blank lines do not count; the first line is never indented.
    static func dedentingContinuationLines(_ text: String) -> String {
        var common = Int.max
        var column = 0
        var state = 0  // 0: first line, 1: in a line's indentation, 2: in a line's text
        for byte in text.utf8 {
            switch (state, byte) {
            case (_, 0x0A): (state, column) = (1, 0)
            case (1, 0x20): column += 1
            case (1, _):
                common = min(common, column)
                state = 2
            default: break
            }
            if common == 0 { return text }
        }
        guard common != Int.max else { return text }
        var output: [UInt8] = []
        output.reserveCapacity(text.utf8.count)
        var skipping = 0
        for byte in text.utf8 {
            if byte == 0x0A {
                skipping = common
            } else if skipping > 0 && byte == 0x20 {
                skipping -= 1
                continue
            } else {
                skipping = 0
            }
            output.append(byte)
        }
        return String(decoding: output, as: UTF8.self)
    }

    /// Ink reads nested lists and quotes by recursion, one level per level of nesting, so a
    /// deeply nested value could overflow the stack: more than 32 levels of indentation or of
    /// leading `>`/list markers on a line is shown as preformatted text instead.
    static func nestingIsShallow(_ text: String) -> Bool {
        var column = 0
        var markers = 0
        var atLineStart = true
        for byte in text.utf8 {
            if byte == 0x0A {
                (column, markers, atLineStart) = (0, 0, true)
                continue
            }
            guard atLineStart else { continue }
            switch byte {
            case 0x20: column += 1
            case 0x09: column += 4 - column % 4
            case 0x3E, 0x2D, 0x2A, 0x2B: markers += 1  // > - * +
            default: atLineStart = false
            }
            if column > 128 || markers > 32 { return false }
        }
        return true
    }

    /// U+FDD0, U+FDD1 and U+FDD2, noncharacters (which Swift does not allow in a literal).
    static let maskedOpen = String(decoding: [0xEF, 0xB7, 0x90] as [UInt8], as: UTF8.self)
    static let maskedClose = String(decoding: [0xEF, 0xB7, 0x91] as [UInt8], as: UTF8.self)
    static let maskedAngle = String(decoding: [0xEF, 0xB7, 0x92] as [UInt8], as: UTF8.self)

    /// Replaces each `[` and `]` that is not part of a plain inline link or image — `[`, text
    /// without brackets or line breaks, `](`, a URL without brackets, parentheses or line
    /// breaks, `)` — by U+FDD0 and U+FDD1, and each `<` after the last `>` (a tag Ink cannot
    /// read whole) by U+FDD2. One forward pass: a failed link match stops at the next bracket
    /// or line break. Returns whether anything was replaced.
    static func maskingUnreadableMarkup(_ text: String) -> (String, Bool) {
        let bytes = Array(text.utf8)
        let open = UInt8(ascii: "["), close = UInt8(ascii: "]"), newline: UInt8 = 0x0A
        let angle = UInt8(ascii: "<")
        let lastAngleClose = bytes.lastIndex(of: UInt8(ascii: ">")) ?? -1
        let hasUnclosedAngle = bytes[(lastAngleClose + 1)...].contains(angle)
        guard hasUnclosedAngle || bytes.contains(open) || bytes.contains(close) else { return (text, false) }
        var output: [UInt8] = []
        output.reserveCapacity(bytes.count + 16)
        var masked = false
        var index = 0
        while index < bytes.count {
            let byte = bytes[index]
            if byte == angle && index > lastAngleClose {
                output.append(contentsOf: [0xEF, 0xB7, 0x92])  // U+FDD2
                masked = true
            } else if byte == open {
                var end = index + 1
                while end < bytes.count, bytes[end] != open, bytes[end] != close, bytes[end] != newline { end += 1 }
                if end + 1 < bytes.count, bytes[end] == close, bytes[end + 1] == UInt8(ascii: "(") {
                    var urlEnd = end + 2
                    while urlEnd < bytes.count {
                        let next = bytes[urlEnd]
                        if next == UInt8(ascii: ")") || next == UInt8(ascii: "(") || next == open || next == close || next == newline { break }
                        urlEnd += 1
                    }
                    if urlEnd < bytes.count, bytes[urlEnd] == UInt8(ascii: ")") {
                        output.append(contentsOf: bytes[index...urlEnd])
                        index = urlEnd + 1
                        continue
                    }
                }
                output.append(contentsOf: [0xEF, 0xB7, 0x90])  // U+FDD0
                masked = true
            } else if byte == close {
                output.append(contentsOf: [0xEF, 0xB7, 0x91])  // U+FDD1
                masked = true
            } else {
                output.append(byte)
            }
            index += 1
        }
        return (String(decoding: output, as: UTF8.self), masked)
    }

    /// Work, in characters scanned, above which a text does not go to Ink.
    static let inkBudget = 400_000

    /// A linear estimate of the work Ink spends rescanning `text`: every `<` and `&` Ink may
    /// read up to its closer costs the distance to that closer (or to the end), as does the
    /// `(` of a link up to its `)`.
    static func inkCostIsBounded(_ text: String) -> Bool {
        let bytes = Array(text.utf8)
        // Walk backwards, remembering where each closer next occurs.
        var nextAngle = bytes.count, nextParen = bytes.count, nextEntityEnd = bytes.count
        var cost = 0
        var index = bytes.count
        while index > 0 {
            index -= 1
            switch bytes[index] {
            case UInt8(ascii: ">"): nextAngle = index
            case UInt8(ascii: ")"): nextParen = index
            case UInt8(ascii: ";"), UInt8(ascii: " "), 0x0A, 0x09: nextEntityEnd = index
            case UInt8(ascii: "<"): cost += nextAngle - index
            case UInt8(ascii: "&"): cost += nextEntityEnd - index
            case UInt8(ascii: "(") where index > 0 && bytes[index - 1] == UInt8(ascii: "]"): cost += nextParen - index
            default: break
            }
            if cost > inkBudget { return false }
        }
        return true
    }

    /// Ink reads a leading `---` block of `key: value` lines as metadata and drops it; an
    /// empty comment in front (dropped later by the sanitizer) keeps it text.
    static func shieldingFrontMatter(_ text: String) -> String {
        text.hasPrefix("---") ? "<!---->" + text : text
    }
}

extension String {
    /// Without leading and trailing white space and line breaks.
    var trimmingWhitespace: String {
        // Most text starts and ends with a visible ASCII character: nothing to trim.
        if let first = utf8.first, let last = utf8.last, (0x21...0x7E).contains(first), (0x21...0x7E).contains(last) { return self }
        let scalars = unicodeScalars
        guard let start = scalars.firstIndex(where: { !$0.properties.isWhitespace }),
              let end = scalars.lastIndex(where: { !$0.properties.isWhitespace })
        else { return "" }
        return String(scalars[start...end])
    }
}

/// Hooks for the benchmark: which texts of a report go through the markdown gate, and Ink
/// alone on one of them.
@_spi(Benchmarks)
public enum HTMLRenderingProbe {
    /// Every markdown text ``HTMLRenderer`` gives the gate for `report`.
    public static func markdownTexts(in report: Report) -> [String] {
        var texts: [String] = []
        func collect(_ value: JSONValue) {
            switch value {
            case .string(let text): texts.append(text)
            case .array(let items): items.forEach(collect)
            case .object(let object): object.forEach { collect($0.value) }
            default: break
            }
        }
        collect(.object(report.data))
        texts.append(report.extras.preamble)
        texts.append(report.extras.epilogue)
        texts += report.extras.notes.map(\.text) + report.extras.unknownSections.map(\.text) + report.extras.unknownFields.map(\.value)
        return texts.filter { !$0.trimmingWhitespace.isEmpty }
    }

    /// Whether the gate draws `text` without Ink (``MarkdownShortcut``).
    public static func takesShortcut(_ text: String) -> Bool {
        MarkdownShortcut.draw(MarkdownGate.prepared(text), into: HTMLDocument().body, policy: HTMLRenderer.sanitizer.policy)
    }

    /// Ink's HTML for `text` as the gate would ask for it (brackets masked); the byte count.
    public static func inkOnly(_ text: String) -> Int {
        MarkdownGate(sanitizer: HTMLRenderer.sanitizer).inkHTML(MarkdownGate.prepared(text))?.utf8.count ?? 0
    }

    /// The shortcut's reading and drawing of `texts` into a scratch page.
    public static func shortcut(_ texts: [String]) {
        let page = HTMLDocument()
        for text in texts { _ = MarkdownShortcut.draw(MarkdownGate.prepared(text), into: page.body, policy: HTMLRenderer.sanitizer.policy) }
    }

    /// Ink, libxml2's parse of its HTML and the sanitizer's copy into a scratch page, for `texts`.
    public static func throughInk(_ texts: [String]) {
        let page = HTMLDocument()
        let gate = MarkdownGate(sanitizer: HTMLRenderer.sanitizer)
        for text in texts { gate.appendThroughInk(MarkdownGate.prepared(text), to: page.body) }
    }

    /// The page as ``HTMLRenderer`` draws it, but with every markdown text through Ink: the
    /// reference the shortcut is measured against.
    public static func renderThroughInk(_ report: Report, format: ReturnFormat) -> String {
        var gate = MarkdownGate(sanitizer: HTMLRenderer.sanitizer)
        gate.usesShortcut = false
        var page = PageBuilder(report: report, outline: PageOutline(format: format), gate: gate)
        page.build(title: HTMLRenderer(options: HTMLOptions(format: format)).title(of: report, format: format), language: "en")
        return page.document.serialized()
    }
}
