/// Readers for the blocks inside sections: labelled fields with their continuation lines,
/// lists, paragraphs, code blocks and tables. Each reads forward from one line and returns the
/// block and the line after it; no reader looks back or calls another recursively.
extension OutlineBuilder {
    // MARK: Fields

    /// A field whose label is on line `i`; its value starts at `value` on that line (empty when
    /// nothing follows the label) and continues on indented lines, lazily wrapped lines, and —
    /// when the label line holds no value — the lines directly below.
    func readField(at i: Int, label: Range<Int>, value: Range<Int>, style: OutlineField.Style) -> (OutlineField, Int) {
        let indent = lines[i].indent
        var last = i
        var below = value.isEmpty
        var listBelow = false
        var j = i + 1
        // A table row's value is its cell: the rows below belong to the table.
        while style != .tableRow && j < lines.count && !excluded[j] {
            let line = lines[j]
            if line.isBlank {
                j += 1
                continue
            }
            let gap = j > last + 1
            if line.indent > indent {
                last = continuation(at: j, floor: indent)
                j = last + 1
                continue
            }
            if gap, style == .labelLine, below && last == i || listBelow, isListOrFence(j) {
                // `**Dependencies:**`, a blank line, then its list (loose or not): the label's value.
                listBelow = true
                last = continuation(at: j, floor: -1)
                j = last + 1
                continue
            }
            if gap || style == .heading { break }
            if below {
                guard isValueLine(j) else { break }
                last = continuation(at: j, floor: -1)
                j = last + 1
                continue
            }
            if style == .bare, isListOrFence(j) {
                // `Label: value` then, with no blank line, a list or a code block: the value goes on.
                last = continuation(at: j, floor: -1)
                j = last + 1
                continue
            }
            guard case .text = line.kind, line.listContent == nil, case .plain = read(j) else { break }
            last = j  // a wrapped line of the value
            below = false
            j += 1
        }
        return (makeField(at: i, label: label, value: value, last: last, style: style), last + 1)
    }

    /// Reads line `j` of a value; a fence there takes the whole code block. Returns the last line read.
    private func continuation(at j: Int, floor: Int) -> Int {
        guard case .fence(let marker, let length, _) = lines[j].kind else { return j }
        var k = j + 1
        while k < lines.count && !excluded[k] {
            let line = lines[k]
            if case .fence(let m, let l, let info) = line.kind, m == marker, l >= length, info.isEmpty { return k }
            if !line.isBlank && line.indent <= floor { break }  // the field ended: the fence was left open
            k += 1
        }
        var end = k - 1
        while end > j && lines[end].isBlank { end -= 1 }
        return end
    }

    /// A code fence, or a list item that is not itself a label.
    private func isListOrFence(_ j: Int) -> Bool {
        switch lines[j].kind {
        case .fence: return true
        case .text:
            guard lines[j].listContent != nil, case .plain = read(j) else { return false }
            return true
        default: return false
        }
    }

    /// Whether line `j` can hold a value written below its label: text that is neither a heading
    /// nor another label, a list item, a code fence, or a table row.
    private func isValueLine(_ j: Int) -> Bool {
        switch lines[j].kind {
        case .fence, .tableRow: return true
        case .text:
            switch read(j) {
            case .plain: return setextUnderline(below: j) == nil
            case .title(let title): return !title.isStrong(bytes) && title.isCapitals && !title.hasColon
            case .labelled: return false
            }
        default: return false
        }
    }

    func read(_ j: Int) -> LineSyntax.Reading {
        LineSyntax.read(bytes, lines[j].textStart..<lines[j].end, allowDash: lines[j].listContent != nil)
    }

    func makeField(at i: Int, label: Range<Int>, value: Range<Int>, last: Int, style: OutlineField.Style) -> OutlineField {
        var text = value.isEmpty ? "" : source.string(value)
        var valueStart: SourcePosition? = value.isEmpty ? nil : source.position(at: value.lowerBound, line: i)
        var valueEnd: SourcePosition? = value.isEmpty ? nil : source.position(at: value.upperBound, line: i)
        if last > i {
            // From the first line that holds anything: a value written below after a blank line
            // does not start with one.
            let from = text.isEmpty ? ((i + 1)...last).first(where: { !lines[$0].isBlank }) ?? i + 1 : i + 1
            let rest = dedented(lines: from...last)
            text = text.isEmpty ? rest : text + "\n" + rest
            if let first = ((i + 1)...last).first(where: { !lines[$0].isBlank }) {
                if valueStart == nil { valueStart = source.position(at: lines[first].contentStart, line: first) }
                valueEnd = source.position(at: Bytes.trimEnd(bytes, lines[last].start, lines[last].end), line: last)
            }
        }
        let cleanLabel = LineSyntax.cleanTitle(bytes, label)
        let labelRange = source.range(line: i, cleanLabel)
        let valueRange = valueStart.map { SourceRange(start: $0, end: valueEnd ?? $0) }
        let lineStart = source.position(at: lines[i].contentStart, line: i)
        // The whole first line, also the `**` that close a label with no value after it.
        let firstLineEnd = source.position(at: Bytes.trimEnd(bytes, lines[i].contentStart, lines[i].end), line: i)
        let end = valueRange?.end ?? labelRange.end
        return OutlineField(
            label: source.string(cleanLabel), style: style, value: text,
            labelRange: labelRange, valueRange: valueRange,
            range: SourceRange(start: lineStart, end: max(end, firstLineEnd)),
            lines: i...last, indent: lines[i].indent)
    }

    /// The text of whole lines, their common indentation removed; blank lines at the end dropped.
    func dedented(lines span: ClosedRange<Int>) -> String {
        var common = Int.max
        for k in span where !lines[k].isBlank { common = min(common, lines[k].indent) }
        if common == Int.max { common = 0 }
        var out: [UInt8] = []
        var lastContent = 0
        for k in span {
            if k > span.lowerBound { out.append(0x0A) }
            let line = lines[k]
            if line.isBlank { continue }
            // Remove `common` columns of indentation.
            var i = line.start
            var column = 0
            while i < line.contentStart && column < common {
                let b = bytes[i]
                column += b == 0x09 ? 4 - column % 4 : 1
                i += b < 0x80 ? 1 : Bytes.whitespaceLength(bytes, i, line.end)
            }
            if column > common { out.append(contentsOf: repeatElement(0x20, count: column - common)) }
            out.append(contentsOf: bytes[i..<Bytes.trimEnd(bytes, i, line.end)])
            lastContent = out.count
        }
        return String(decoding: out[..<lastContent], as: UTF8.self)
    }

    // MARK: Headings

    /// 1 or 2 when line `i + 1` underlines line `i` as a setext heading.
    func setextUnderline(below i: Int) -> Int? {
        let next = i + 1
        guard next < lines.count, !excluded[next], case .rule(let marker) = lines[next].kind,
              marker == 0x3D || marker == 0x2D, lines[i].listContent == nil, lines[i].indent < 4,
              lines[next].indent < 4
        else { return nil }
        if marker == 0x2D && bytes[lines[next].contentStart..<lines[next].end].contains(0x20) { return nil }
        switch read(i) {
        case .labelled(let labelled) where !labelled.value.isEmpty: return nil
        case .plain:
            let text = Bytes.trim(bytes, lines[i].contentStart..<lines[i].end)
            guard LineSyntax.isPlausibleLabel(bytes, text) else { return nil }
        default: break
        }
        return marker == 0x3D ? 1 : 2
    }

    /// Whether the next content after line `i` is a labelled line (or a table) indented at least
    /// `indent`: then a label-only line is the heading of a group of fields, not a field.
    func nextContentIsField(after i: Int, indent: Int) -> Bool {
        var j = i + 1
        while j < lines.count && (lines[j].isBlank || excluded[j]) { j += 1 }
        // Under a list item, only a sibling counts: indented labelled lines are its value.
        let isListItem = lines[i].listContent != nil
        guard j < lines.count, isListItem ? lines[j].indent == indent : lines[j].indent >= indent else { return false }
        switch lines[j].kind {
        case .tableRow: return true
        case .text:
            switch read(j) {
            case .labelled: return true
            case .title(let title): return title.emphasised  // `**Framework Choice**` then its value
            case .plain: return false
            }
        default: return false
        }
    }

    // MARK: Other blocks

    /// A list: items and their continuation lines, until a blank line is followed by something
    /// other than a plain list item, or a labelled line, heading or less indented text appears.
    func readList(at i: Int) -> (OutlineBlock, Int) {
        let indent = lines[i].indent
        var last = i
        var j = i + 1
        while j < lines.count && !excluded[j] {
            let line = lines[j]
            if line.isBlank {
                j += 1
                continue
            }
            let gap = j > last + 1
            if line.indent > indent {
                last = continuation(at: j, floor: indent)
            } else if case .text = line.kind, case .plain = read(j), line.listContent != nil || !gap {
                last = j  // a sibling item, or a lazily wrapped line
            } else {
                break
            }
            j = last + 1
        }
        return (block(.list, i...last), last + 1)
    }

    /// Plain text, or a lone word in capitals that heads nothing.
    private func isProse(_ j: Int) -> Bool {
        switch read(j) {
        case .plain: true
        case .title(let title): title.isCapitals && !title.isStrong(bytes) && !nextContentIsField(after: j, indent: lines[j].indent)
        case .labelled: false
        }
    }

    func readParagraph(at i: Int) -> (OutlineBlock, Int) {
        var last = i
        var j = i + 1
        while j < lines.count && !excluded[j], case .text = lines[j].kind, lines[j].listContent == nil, isProse(j) {
            last = j
            j += 1
        }
        return (block(.paragraph, i...last), last + 1)
    }

    /// A fenced code block; an unclosed one runs to the next wrapper fence or the end.
    func readCode(at i: Int, fieldIndent: Int?) -> (OutlineBlock, Int) {
        guard case .fence(let marker, let length, _) = lines[i].kind else { return (block(.code, i...i), i + 1) }
        if let closer = fences.closer(for: i, marker: marker, length: length, in: lines, excluded: excluded),
           !((i + 1)..<closer).contains(where: { excluded[$0] }) {
            return (block(.code, i...closer), closer + 1)
        }
        var end = i
        while end + 1 < lines.count && !excluded[end + 1] { end += 1 }
        while end > i && lines[end].isBlank { end -= 1 }
        return (block(.code, i...end), end + 1)
    }

    func block(_ kind: OutlineBlock.Kind, _ span: ClosedRange<Int>) -> OutlineBlock {
        var end = span.upperBound
        while end > span.lowerBound && lines[end].isBlank { end -= 1 }
        return OutlineBlock(
            kind: kind, text: dedented(lines: span.lowerBound...end),
            range: SourceRange(
                start: source.position(at: lines[span.lowerBound].contentStart, line: span.lowerBound),
                end: source.position(at: lines[end].end, line: end)),
            lines: span.lowerBound...end)
    }
}
