/// The parser's first pass: measures every line of a `SourceText` once.
struct LineScanner {
    let source: SourceText

    func scan() -> [ScannedLine] {
        var lines: [ScannedLine] = []
        lines.reserveCapacity(source.lineCount)
        for index in 0..<source.lineCount {
            lines.append(scanLine(index))
        }
        return lines
    }

    func scanLine(_ index: Int) -> ScannedLine {
        let s = source.bytes
        let start = source.lineStarts[index]
        let end = source.lineEnds[index]
        var i = start
        var indent = 0
        while i < end {
            let b = s[i]
            if b == 0x20 {
                indent += 1
                i += 1
            } else if b == 0x09 {
                indent += 4 - indent % 4
                i += 1
            } else {
                let n = Bytes.whitespaceLength(s, i, end)
                if n == 0 { break }
                indent += 1
                i += n
            }
        }
        func line(_ kind: ScannedLine.Kind, listContent: Int? = nil, ordered: Bool = false) -> ScannedLine {
            ScannedLine(
                start: start, end: end, contentStart: i, indent: indent,
                kind: kind, listContent: listContent, ordered: ordered)
        }
        if i == end { return line(.blank) }
        let b = s[i]
        if b == 0x60 || b == 0x7E, let fence = fence(s, i, end) { return line(fence) }
        if b == 0x23, let heading = atxHeading(s, i, end) { return line(heading) }
        if b == 0x2D || b == 0x2A || b == 0x5F || b == 0x3D, isRule(s, i, end, marker: b) { return line(.rule(marker: b)) }
        if b == 0x7C { return line(.tableRow) }
        if let (content, ordered) = listMarker(s, i, end) {
            return line(.text, listContent: content, ordered: ordered)
        }
        return line(.text)
    }

    private func fence(_ s: [UInt8], _ i: Int, _ end: Int) -> ScannedLine.Kind? {
        let marker = s[i]
        var j = i
        while j < end && s[j] == marker { j += 1 }
        let length = j - i
        guard length >= 3 else { return nil }
        let info = Bytes.trim(s, j..<end)
        if marker == 0x60 && s[info].contains(0x60) { return nil }  // a backtick fence's info has no backtick
        return .fence(marker: marker, length: length, info: info)
    }

    private func atxHeading(_ s: [UInt8], _ i: Int, _ end: Int) -> ScannedLine.Kind? {
        var j = i
        while j < end && s[j] == 0x23 { j += 1 }
        let level = j - i
        guard level <= 6 else { return nil }
        if j < end {
            let n = Bytes.whitespaceLength(s, j, end)
            // `#Title` is not CommonMark, but answers write it; `#1` and `#hashtag-ish` prose stay text.
            if n == 0 && !(Bytes.isASCIILetter(s[j]) && s[j] < 0x61) { return nil }
        }
        var titleEnd = Bytes.trimEnd(s, j, end)
        // A closing sequence of `#` preceded by white space is not part of the title.
        var k = titleEnd
        while k > j && s[k - 1] == 0x23 { k -= 1 }
        if k < titleEnd && (k == j || s[k - 1] == 0x20 || s[k - 1] == 0x09) {
            titleEnd = Bytes.trimEnd(s, j, k)
        }
        let titleStart = Bytes.skipSpace(s, j, titleEnd)
        return .atxHeading(level: level, title: titleStart..<max(titleStart, titleEnd))
    }

    private func isRule(_ s: [UInt8], _ i: Int, _ end: Int, marker: UInt8) -> Bool {
        var count = 0
        var j = i
        while j < end {
            let b = s[j]
            if b == marker {
                count += 1
            } else if (b == 0x20 || b == 0x09) && marker != 0x3D {
                // spaces between `- - -` are allowed, not in `===`
            } else if b == 0x20 || b == 0x09 {
                if Bytes.skipSpace(s, j, end) != end { return false }
                break
            } else {
                return false
            }
            j += 1
        }
        return count >= 3 || (marker == 0x3D && count >= 1)
    }

    /// A list marker at `i`: where the item's content starts and whether it is ordered.
    private func listMarker(_ s: [UInt8], _ i: Int, _ end: Int) -> (Int, Bool)? {
        var j = i
        var ordered = false
        let b = s[i]
        if b == 0x2D || b == 0x2A || b == 0x2B {
            j = i + 1
        } else if b == 0xE2 && i + 2 < end, Self.isBulletSymbol(s[i + 1], s[i + 2]) {
            j = i + 3
        } else if b == 0x28 {
            // `(1)` or `(a)`
            var k = i + 1
            while k < end && k - i <= 4 && (Bytes.isDigit(s[k]) || Bytes.isASCIILetter(s[k])) { k += 1 }
            guard k > i + 1 && k < end && s[k] == 0x29 else { return nil }
            j = k + 1
            ordered = true
        } else if Bytes.isDigit(b) || Bytes.isASCIILetter(b) {
            var k = i
            if Bytes.isDigit(b) {
                while k < end && k - i < 9 && Bytes.isDigit(s[k]) { k += 1 }
            } else {
                // One letter (`a.`) or a short Roman numeral (`iv.`).
                while k < end && k - i < 4 && Self.isRomanDigit(s[k]) { k += 1 }
                if k == i { k = i + 1 }
                if k - i > 1 && !(i..<k).allSatisfy({ Self.isRomanDigit(s[$0]) }) { return nil }
            }
            guard k < end && (s[k] == 0x2E || s[k] == 0x29) else { return nil }
            j = k + 1
            ordered = true
        } else {
            return nil
        }
        if j == end { return (end, ordered) }
        let space = Bytes.whitespaceLength(s, j, end)
        guard space > 0 else { return nil }
        return (Bytes.skipSpace(s, j, end), ordered)
    }

    /// `•` `‣` `◦` `▪` `●` `–` `—` `→` after the lead byte 0xE2.
    static func isBulletSymbol(_ b1: UInt8, _ b2: UInt8) -> Bool {
        switch (b1, b2) {
        case (0x80, 0xA2), (0x80, 0xA3), (0x97, 0xA6), (0x96, 0xAA), (0x97, 0x8F), (0x80, 0x93), (0x80, 0x94), (0x86, 0x92):
            return true
        default:
            return false
        }
    }

    static func isRomanDigit(_ b: UInt8) -> Bool {
        switch b | 0x20 {
        case 0x69, 0x76, 0x78: true  // i v x
        default: false
        }
    }
}
