/// Checks a field's text for the ways agents leave a field unfilled: an empty value, the
/// template's guidance copied back, filler such as `TBD`, or a bare `N/A`.
enum ContentCheck {
    enum Finding: Equatable {
        /// Nothing after the label.
        case empty
        /// The template's guidance, or any value that is one bracket expression (`[…]`).
        case placeholder
        /// `TBD`, `TODO`, `...`, `-`, `???` and their kin.
        case filler(String)
        /// `N/A` with no reason.
        case notApplicable
    }

    /// Words that stand for "not written yet", compared in lower case with surrounding
    /// emphasis, quotes and a final full stop removed.
    static let fillers: Set<String> = [
        "tbd", "tba", "tbc", "todo", "to do", "to-do", "fixme", "xxx", "wip", "pending",
        "to be determined", "to be decided", "to be defined", "to be confirmed", "to be added",
        "placeholder", "lorem ipsum", "coming soon", "fill in", "fill me in", "etc",
        "...", "…", "..", "-", "--", "---", "—", "–", "?", "??", "???", "????", "_", "__", "*",
    ]

    static let notApplicable: Set<String> = ["n/a", "na", "n.a", "n.a.", "not applicable"]

    /// A cell that says there is nothing: empty, a dash, or "not applicable".
    static func saysNothing(_ cell: String) -> Bool {
        cell.isEmpty || cell == "-" || cell == "—" || cell == "–"
            || cell.utf8.count <= 14 && (cell.utf8.first == 0x6E || cell.utf8.first == 0x4E) && notApplicable.contains(cell.lowercased())
    }

    /// Text that says a list or a group has no members: nothing, a dash, "not applicable", or
    /// `None` (with a full stop, emphasis or quotes).
    static func saysNone(_ text: String) -> Bool {
        let trimmed = text.trimmingSpaces
        if saysNothing(trimmed) { return true }
        guard trimmed.utf8.count <= 16 else { return false }
        let marks: Set<Character> = ["*", "_", "`", "\"", "'", "."]
        let word = String(trimmed.lowercased().drop { marks.contains($0) }.reversed().drop { marks.contains($0) }.reversed())
        return word == "none" || word == "nothing"
    }

    /// A field's guidance, normalised once per schema rather than once per answer.
    struct Guidance: Sendable {
        /// Lower case, white space collapsed: as written, and without its brackets.
        let forms: [String]
        /// The first bytes a value must start with to be one of the forms.
        let firstBytes: ByteSet

        init(_ guidance: String?) {
            var forms: [String] = []
            // Unbracketed guidance copied back is a placeholder only when it tells the agent what
            // to write (`Describe how to roll back`); a value shown as the example (`STATE: GREEN`,
            // `All passing ✅`) is what the template asks for when it is true: writing it is the answer.
            if let guidance, ContentCheck.unwrapped(guidance) != nil || ContentCheck.readsAsInstruction(guidance) {
                forms.append(guidance.lowercased().collapsingWhiteSpace)
                if let inner = ContentCheck.unwrapped(guidance) { forms.append(inner.lowercased().collapsingWhiteSpace) }
            }
            self.forms = forms.filter { !$0.isEmpty }
            var first = ByteSet()
            for form in self.forms {
                if let byte = form.utf8.first {
                    first.insert(byte)
                    if byte >= 0x61 && byte <= 0x7A { first.insert(byte - 0x20) }
                }
            }
            firstBytes = first
        }
    }

    /// Words that make unbracketed guidance an instruction or a description of the value
    /// rather than an example of it.
    static let instructionWords: Set<String> = [
        "describe", "description", "explain", "explanation", "summarise", "summarize", "summary",
        "brief", "briefly", "short", "list", "sentence", "sentences", "one-line", "detail", "details",
        "your", "what", "why", "how", "which", "whether", "include", "including", "mention", "specify",
        "provide", "give", "state", "note", "notes", "reason", "rationale", "justification", "e.g", "etc",
    ]

    /// Whether unbracketed guidance of three words or more tells the agent what to write: it
    /// opens in lower case (`brief notes on anything unusual`) or uses an instruction word.
    static func readsAsInstruction(_ guidance: String) -> Bool {
        let words = guidance.split(whereSeparator: { $0 == " " || $0 == "\n" || $0 == "\t" })
        guard words.count >= 3 else { return false }
        if let first = words[0].first, first.isLowercase { return true }
        return words.contains { word in
            let bare = word.drop { !$0.isLetter }.reversed().drop { !$0.isLetter }.reversed()
            return instructionWords.contains(String(bare).lowercased())
        }
    }

    /// What is wrong with `value`, or nil when it reads as an answer.
    static func check(_ value: String, guidance: String?) -> Finding? {
        check(value, guidance: Guidance(guidance))
    }

    static func check(_ value: String, guidance: Guidance) -> Finding? {
        let trimmed = value.trimmingSpaces
        guard let first = trimmed.utf8.first else { return .empty }
        if isPlaceholder(trimmed, first: first, guidance: guidance) { return .placeholder }
        // Filler and N/A are short; a long value is filler only when it opens with TODO and the like.
        let short = trimmed.utf8.count <= 40
        guard short || fillerLeads.contains(first), mayBeFiller(trimmed) else { return nil }
        let word = bare(short ? trimmed : String(trimmed.prefix(12)))
        if short, word.utf8.count <= 16 {  // the longest filler: `to be determined`
            if notApplicable.contains(word) { return .notApplicable }
            if fillers.contains(word) { return .filler(trimmed) }
        }
        for lead in fillerWords where word.utf8.starts(with: lead.utf8) && word.hasPrefix(lead) {
            let rest = word.dropFirst(lead.count)
            if let next = rest.first, !next.isLetter && !next.isNumber { return .filler(trimmed) }
        }
        return nil
    }

    /// Words a value that is filler may open with (`TODO: decide later`).
    private static let fillerWords = ["todo", "tbd", "fixme"]

    /// Whether `value` can be filler or N/A at all, known from its bytes: every such word has
    /// at most 16 bytes besides emphasis, quotes, spaces and full stops, unless it opens with
    /// TODO, TBD or FIXME. (Bytes of curly quotes count as marks wherever they are, which
    /// only lets more values through to the full check.)
    private static func mayBeFiller(_ value: String) -> Bool {
        var others = 0
        var lead: UInt8? = nil
        for byte in value.utf8 {
            if isMark(byte) { continue }
            if lead == nil {
                // The first byte that is no mark must open one of the words.
                guard fillerFirstBytes.contains(byte) else { return false }
                lead = byte
            }
            others += 1
            if others > 16 { return lead == 0x74 || lead == 0x54 || lead == 0x66 || lead == 0x46 }
        }
        return true
    }

    /// Bytes `mayBeFiller` reads past: emphasis, quotes, spaces, full stops and the bytes of
    /// curly quotes.
    private static func isMark(_ byte: UInt8) -> Bool {
        switch byte {
        case 0x2A, 0x5F, 0x60, 0x22, 0x27, 0x20, 0x09, 0x2E, 0xE2, 0x80, 0x9C, 0x9D: true
        default: false
        }
    }

    /// The first byte past the marks of every filler and N/A word, in either case.
    private static let fillerFirstBytes: ByteSet = {
        var set = ByteSet()
        for word in fillers.union(notApplicable).union(fillerWords) {
            guard let byte = word.utf8.first(where: { !isMark($0) }) else { continue }
            set.insert(byte)
            if byte >= 0x61 && byte <= 0x7A { set.insert(byte - 0x20) }
        }
        return set
    }()

    /// First bytes of a long value that may open with TODO, TBD or FIXME (possibly emphasised).
    private static let fillerLeads = ByteSet("tTfF*_`\"'".utf8)

    private static func isPlaceholder(_ value: String, first: UInt8, guidance: Guidance) -> Bool {
        if guidance.firstBytes.contains(first), guidance.forms.contains(where: { reads(value, as: $0) }) { return true }
        // One bracket expression, and not a markdown link or reference (`[text](url)`).
        guard first == 0x5B, value.utf8.last == 0x5D else { return false }
        let bytes = Array(value.utf8)
        guard !bytes.contains(0x0A) else { return false }
        var depth = 0
        for (offset, byte) in bytes.enumerated() {
            if byte == 0x5B { depth += 1 }
            if byte == 0x5D {
                depth -= 1
                if depth == 0 && offset != bytes.count - 1 { return false }  // `[a] [b]`, `[a](b)…]`
            }
        }
        return depth == 0
    }

    /// Whether `value` in lower case, its white space collapsed, is `form` — compared as it
    /// is read, so that a long answer that differs early is not lowered and copied whole.
    static func reads(_ value: String, as form: String) -> Bool {
        var expected = form.utf8.makeIterator()
        var pendingSpace = false
        var started = false
        for byte in value.utf8 {
            // Past ASCII, lower case is Unicode's: compared whole.
            if byte >= 0x80 { return value.lowercased().collapsingWhiteSpace == form }
            if byte == 0x20 || byte == 0x0A || byte == 0x09 || byte == 0x0D {
                pendingSpace = started
                continue
            }
            if pendingSpace {
                guard expected.next() == 0x20 else { return false }
                pendingSpace = false
            }
            started = true
            guard expected.next() == (byte >= 0x41 && byte <= 0x5A ? byte + 0x20 : byte) else { return false }
        }
        return expected.next() == nil
    }

    /// The guidance without its brackets: `[REST/GraphQL]` → `REST/GraphQL`.
    static func unwrapped(_ guidance: String?) -> String? {
        guard let guidance = guidance?.trimmingSpaces, let first = guidance.first, let last = guidance.last,
              (first == "[" && last == "]") || (first == "<" && last == ">") || (first == "{" && last == "}"),
              guidance.count >= 2
        else { return nil }
        return String(guidance.dropFirst().dropLast())
    }

    /// Lower case, without surrounding emphasis, code marks or quotes, or a final full stop.
    private static let marks: Set<Character> = ["*", "_", "`", "\"", "'", "“", "”"]

    private static func bare(_ value: String) -> String {
        if let ascii = bareASCII(value) { return ascii }
        var text = Substring(value.lowercased())
        while let first = text.first, let last = text.last, text.count >= 2, marks.contains(first), first == last || (first == "“" && last == "”") {
            text = text.dropFirst().dropLast()
        }
        if text.count > 1, text.last == ".", !text.hasSuffix("..") { text = text.dropLast() }
        return String(text).trimmingSpaces
    }

    /// `bare` on bytes, for an ASCII value (nil for any other): the marks stripped in pairs, a
    /// final full stop dropped, white space trimmed.
    private static func bareASCII(_ value: String) -> String? {
        var value = value
        return value.withUTF8 { text in
            withUnsafeTemporaryAllocation(of: UInt8.self, capacity: text.count) { bytes in
                for (k, byte) in text.enumerated() {
                    guard byte < 0x80 else { return nil }
                    bytes[k] = byte >= 0x41 && byte <= 0x5A ? byte + 0x20 : byte
                }
                return bareASCII(lowered: UnsafeBufferPointer(bytes))
            }
        }
    }

    private static func bareASCII(lowered bytes: UnsafeBufferPointer<UInt8>) -> String {
        func isMark(_ b: UInt8) -> Bool { b == 0x2A || b == 0x5F || b == 0x60 || b == 0x22 || b == 0x27 }
        var start = 0
        var end = bytes.count
        while end - start >= 2, isMark(bytes[start]), bytes[start] == bytes[end - 1] { start += 1; end -= 1 }
        if end - start > 1, bytes[end - 1] == 0x2E, !(end - start >= 2 && bytes[end - 2] == 0x2E) { end -= 1 }
        func isSpace(_ b: UInt8) -> Bool { b == 0x20 || (b >= 0x09 && b <= 0x0D) }
        while start < end, isSpace(bytes[start]) { start += 1 }
        while end > start, isSpace(bytes[end - 1]) { end -= 1 }
        return String(decoding: bytes[start..<end], as: UTF8.self)
    }

}
