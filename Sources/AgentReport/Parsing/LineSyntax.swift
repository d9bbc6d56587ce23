/// Recognises labels and heading-like lines in the text of one line.
///
/// Works on byte spans of the source so that every piece it finds keeps its position.
enum LineSyntax {
    /// `Label: value` in one of its written forms.
    struct Labelled {
        var label: Range<Int>
        /// Empty when nothing follows the separator.
        var value: Range<Int>
        /// The label was wrapped in emphasis (`**Label:**`) or code (`` `Label` ``).
        var emphasised: Bool
        var isCapitals: Bool
    }

    /// A line that is only a title: emphasised as a whole, or written in capitals.
    struct TitleLine {
        var title: Range<Int>
        var emphasised: Bool
        var isCapitals: Bool
        var hasColon: Bool

        /// A heading whatever follows it: capitals with a colon, emphasis or several words.
        /// `REST` alone on a line may be a value; `SUMMARY` followed by fields is a heading.
        func isStrong(_ s: [UInt8]) -> Bool {
            isCapitals && (hasColon || emphasised || s[title].contains(0x20))
        }
    }

    enum Reading {
        case labelled(Labelled)
        case title(TitleLine)
        case plain
    }

    /// Reads the text of a line (after its indentation and list marker).
    ///
    /// `allowDash` also accepts `Label - value` and `Label — value`, which answers use only on
    /// list items and emphasised labels.
    static func read(_ s: [UInt8], _ span: Range<Int>, allowDash: Bool) -> Reading {
        let a = span.lowerBound
        let e = Bytes.trimEnd(s, a, span.upperBound)
        guard a < e else { return .plain }
        let b = s[a]
        if b == 0x2A || b == 0x5F || b == 0x60 {
            if let reading = readEmphasised(s, a, e) { return reading }
        }
        if let colon = separatorColon(s, a, e) {
            let label = Bytes.trim(s, a..<colon.at)
            // Capitals mark a label as emphasis does, a lower-case gloss and all (`TOP TASKS (move on today):`).
            let caps = isCapitals(s, label)
            if isPlausibleLabel(s, label, emphasised: caps) {
                let value = Bytes.trim(s, colon.after..<e)
                if caps && value.isEmpty {
                    return .title(TitleLine(title: label, emphasised: false, isCapitals: true, hasColon: true))
                }
                return .labelled(Labelled(label: label, value: value, emphasised: false, isCapitals: caps))
            }
        }
        if isCapitals(s, a..<e) && isPlausibleLabel(s, a..<e, emphasised: true) {
            return .title(TitleLine(title: a..<e, emphasised: false, isCapitals: true, hasColon: false))
        }
        if allowDash, let dash = dashSeparator(s, a, e) {
            let label = Bytes.trim(s, a..<dash.at)
            if isPlausibleLabel(s, label) && wordCount(s, label) <= 6 {
                let value = Bytes.trim(s, dash.after..<e)
                return .labelled(Labelled(label: label, value: value, emphasised: false, isCapitals: isCapitals(s, label)))
            }
        }
        return .plain
    }

    /// `**Label:** v`, `**Label**: v`, `__Label__ - v`, `*Label*:`, `` `Label`: v ``, or an
    /// emphasised line on its own.
    private static func readEmphasised(_ s: [UInt8], _ a: Int, _ e: Int) -> Reading? {
        let b = s[a]
        let width = (b != 0x60 && a + 1 < e && s[a + 1] == b) ? 2 : 1
        if b == 0x60 && width == 2 { return nil }
        // Find the closing delimiter.
        var j = a + width
        var close = -1
        while j + width <= e {
            if s[j] == b && (width == 1 || s[j + 1] == b) {
                // `***x***` and the like: take the outermost run.
                close = j
                break
            }
            j += 1
        }
        guard close > a + width else { return nil }
        let inner = Bytes.trim(s, (a + width)..<close)
        guard !inner.isEmpty else { return nil }
        var after = close + width
        while after < e && s[after] == b { after += 1 }  // stray extra delimiter
        let rest = Bytes.skipSpace(s, after, e)
        // `**Label:** value`
        if s[inner.upperBound - 1] == 0x3A {
            let label = Bytes.trim(s, inner.lowerBound..<(inner.upperBound - 1))
            guard isPlausibleLabel(s, label, emphasised: true) else { return nil }
            let value = rest..<e
            let caps = isCapitals(s, label)
            if value.isEmpty {
                return .title(TitleLine(title: label, emphasised: true, isCapitals: caps, hasColon: true))
            }
            return .labelled(Labelled(label: label, value: value, emphasised: true, isCapitals: caps))
        }
        let caps = isCapitals(s, inner)
        // `**Label**: value`, `**Label** : value`
        let colon = Bytes.skipSpace(s, after, e)
        if colon < e && (s[colon] == 0x3A && (colon == after || colon + 1 == e || Bytes.whitespaceLength(s, colon + 1, e) > 0) || isFullWidthColon(s, colon, e)) {
            guard isPlausibleLabel(s, inner, emphasised: true) else { return nil }
            let valueStart = Bytes.skipSpace(s, colon + (s[colon] == 0x3A ? 1 : 3), e)
            if valueStart == e {
                return .title(TitleLine(title: inner, emphasised: true, isCapitals: caps, hasColon: true))
            }
            return .labelled(Labelled(label: inner, value: valueStart..<e, emphasised: true, isCapitals: caps))
        }
        // `**Title**` alone (code alone, `` `pnpm build` ``, is content: a command, a path)
        if rest == e {
            guard b != 0x60, isPlausibleLabel(s, inner) else { return b == 0x60 ? .plain : nil }
            return .title(TitleLine(title: inner, emphasised: true, isCapitals: caps, hasColon: false))
        }
        // `**Label** - value`
        if let dash = dashSeparator(s, after, e), Bytes.skipSpace(s, after, dash.at) == dash.at {
            guard isPlausibleLabel(s, inner) else { return nil }
            return .labelled(Labelled(label: inner, value: Bytes.trim(s, dash.after..<e), emphasised: true, isCapitals: caps))
        }
        return .plain
    }

    /// The first `:` (or `：`) that ends a label: followed by white space or the end of the line.
    private static func separatorColon(_ s: [UInt8], _ a: Int, _ e: Int) -> (at: Int, after: Int)? {
        var i = a
        // A label is short; do not look for a separator far into a long line.
        let limit = min(e, a + 160)
        while i < limit {
            let b = s[i]
            if b == 0x3A {
                if i + 1 == e || Bytes.whitespaceLength(s, i + 1, e) > 0 { return (i, i + 1) }
                return nil  // `http://`, `10:30`: this line has no label
            }
            if isFullWidthColon(s, i, e) { return (i, i + 3) }
            i += 1
        }
        return nil
    }

    /// ` - `, ` – ` or ` — ` after a label.
    private static func dashSeparator(_ s: [UInt8], _ a: Int, _ e: Int) -> (at: Int, after: Int)? {
        var i = a
        let limit = min(e, a + 120)
        while i < limit {
            if s[i] == 0x20 || s[i] == 0x09 {
                let j = i + 1
                var after = -1
                if j < e && s[j] == 0x2D && j + 1 <= e && (j + 1 == e || s[j + 1] == 0x20) {
                    after = j + 1
                } else if j + 2 < e && s[j] == 0xE2 && s[j + 1] == 0x80 && (s[j + 2] == 0x93 || s[j + 2] == 0x94) {
                    after = j + 3
                }
                if after >= 0 && (after == e || s[after] == 0x20 || s[after] == 0x09) { return (i, after) }
            }
            i += 1
        }
        return nil
    }

    @inline(__always)
    private static func isFullWidthColon(_ s: [UInt8], _ i: Int, _ e: Int) -> Bool {
        i + 2 < e && s[i] == 0xEF && s[i + 1] == 0xBC && s[i + 2] == 0x9A
    }

    /// A label is short, starts with a letter or digit, and does not read like a sentence: at
    /// most 8 words, and beyond 4 words at least half of them capitalised — unless emphasis and
    /// a colon mark it (`**Hard question for the team:**`).
    static func isPlausibleLabel(_ s: [UInt8], _ span: Range<Int>, emphasised: Bool = false) -> Bool {
        guard !span.isEmpty && span.count <= 100 else { return false }
        let first = s[span.lowerBound]
        guard first >= 0x80 || Bytes.isASCIILetter(first) || Bytes.isDigit(first) else { return false }
        var words = 1
        var capitalised = first >= 0x41 && first <= 0x5A ? 1 : 0
        var i = span.lowerBound
        while i < span.upperBound {
            switch s[i] {
            case 0x20, 0x09:
                if i + 1 < span.upperBound && s[i + 1] != 0x20 && s[i + 1] != 0x09 {
                    words += 1
                    if s[i + 1] >= 0x41 && s[i + 1] <= 0x5A { capitalised += 1 }
                }
                if words > 8 { return false }
            case 0x2E:  // a full stop followed by a space ends a sentence
                if i + 1 < span.upperBound && s[i + 1] == 0x20 { return false }
            case 0x3B, 0x21, 0x3F, 0x22, 0x3C, 0x3E, 0x3D, 0x7B, 0x7D, 0x7C, 0x60, 0x2A:
                return false  // ; ! ? " < > = { } | ` *
            default:
                break
            }
            i += 1
        }
        return words <= 4 || emphasised || capitalised * 2 >= words
    }

    /// At least two ASCII capitals and no lower-case letters, a gloss in parentheses aside
    /// (`TOP 3 (move on today)`).
    static func isCapitals(_ s: [UInt8], _ span: Range<Int>) -> Bool {
        var letters = 0
        var depth = 0
        for i in span {
            let b = s[i]
            if b == 0x28 { depth += 1 } else if b == 0x29 { depth = max(0, depth - 1) }
            guard depth == 0 else { continue }
            if b >= 0x61 && b <= 0x7A { return false }
            if b >= 0x41 && b <= 0x5A { letters += 1 }
        }
        return letters >= 2 && depth == 0
    }

    static func wordCount(_ s: [UInt8], _ span: Range<Int>) -> Int {
        var words = 1
        for i in span where s[i] == 0x20 { words += 1 }
        return words
    }

    /// A title without numbering (`1.`, `2)`, `IV.`, `1.2`), emphasis marks or a trailing colon.
    static func cleanTitle(_ s: [UInt8], _ span: Range<Int>) -> Range<Int> {
        var a = span.lowerBound
        var e = span.upperBound
        for _ in 0..<4 {
            let before = (a, e)
            let trimmed = Bytes.trim(s, a..<e)
            (a, e) = (trimmed.lowerBound, trimmed.upperBound)
            // emphasis around the whole title
            while e - a >= 2 && (s[a] == 0x2A || s[a] == 0x5F) && s[e - 1] == s[a] {
                a += 1
                e -= 1
            }
            // trailing colon
            if e > a && s[e - 1] == 0x3A { e -= 1 }
            if e - a >= 3 && s[e - 3] == 0xEF && s[e - 2] == 0xBC && s[e - 1] == 0x9A { e -= 3 }
            // leading numbering
            var k = a
            while k < e && (Bytes.isDigit(s[k]) || s[k] == 0x2E) { k += 1 }
            if k > a && Bytes.isDigit(s[a]) && k < e && (s[k] == 0x29 || s[k] == 0x3A || s[k - 1] == 0x2E) {
                var m = k
                if s[m] == 0x29 || s[m] == 0x3A { m += 1 }
                if m < e && (s[m] == 0x20 || s[m] == 0x09) { a = Bytes.skipSpace(s, m, e) }
            } else {
                var r = a
                while r < e && r - a < 5 && LineScanner.isRomanDigit(s[r]) && s[r] < 0x61 { r += 1 }
                if r > a && r + 1 < e && (s[r] == 0x2E || s[r] == 0x29) && s[r + 1] == 0x20 {
                    a = Bytes.skipSpace(s, r + 1, e)
                }
            }
            if (a, e) == before { break }
        }
        return a..<max(a, e)
    }

    /// A line that tells how to fill the template rather than naming a part of it: `For each
    /// container:`, `OR`, `Repeat as needed`, `If there are no findings:`, `(same format)`.
    static func isInstruction(_ text: String) -> Bool {
        let lower = text.lowercased().trimmingSpaces
        if lower.hasPrefix("(") && lower.hasSuffix(")") { return true }
        let words = lower.split { !$0.isLetter && !$0.isNumber }
        guard let first = words.first else { return false }
        if words.count == 1 { return ["or", "and", "then", "otherwise", "else", "example", "examples", "next", "finally", "first"].contains(String(first)) }
        // `Start with:`, `End with:`, `Followed by:`: where the parts go, not a part.
        if words.count <= 3, let second = words.dropFirst().first,
           ["start", "begin", "end", "finish", "close", "open", "followed", "after"].contains(String(first)),
           ["with", "by", "that", "this"].contains(String(second)) { return true }
        // `After the table, summarize:`, `Before the list, note:`.
        if ["after", "before"].contains(String(first)), lower.contains(","), words.count <= 6 { return true }
        // `For each X`, `If …`, `Repeat …` are instructions; a verb such as `List` or `Use`
        // opens one only in a longer line (`Use Cases` is a field, `List each file` is not).
        if ["for", "repeat", "if", "when", "then", "otherwise", "unless"].contains(String(first)) { return true }
        return ["include", "note", "use", "list", "add", "write", "provide", "describe", "fill"].contains(String(first)) && words.count >= 3
    }

    /// A line without the list marker it starts with (`1. `, `2) `, `- `, `* `, `+ `, `• `).
    static func withoutListMarker(_ line: String) -> String {
        let body = line.drop { $0.isNumber }
        if body.count < line.count, let mark = body.first, mark == "." || mark == ")" { return String(body.dropFirst()).trimmingSpaces }
        if let mark = line.first, "-*+•".contains(mark), line.dropFirst().first == " " { return String(line.dropFirst(2)) }
        return line
    }
}
