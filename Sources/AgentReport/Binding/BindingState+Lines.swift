import JSONSchema

/// Binding what the parser left as text: lines that begin with a field title, and tables
/// under a repeated block.
extension BindingState {
    /// A paragraph or list whose lines begin with titles of the innermost frame's fields in a
    /// way the parser did not take for labels (`Framework Choice - FastAPI`, `**Framework
    /// Choice** : FastAPI`): each such line starts that field, and the lines after it, up to
    /// the next, continue its value. Lines before the first are a note.
    mutating func bindTitledLines(_ block: OutlineBlock) -> Bool {
        let container = tables.containers[stack[stack.count - 1].container]
        let lines = block.text.split(separator: "\n", omittingEmptySubsequences: false)
        var starts: [(line: Int, label: String, value: Substring)] = []
        for (n, line) in lines.enumerated() {
            guard let (label, value) = Self.titledLine(line) else { continue }
            let key = TitleMatcher.normalize(label)
            guard let child = container.matcher.exactMatch(normalized: key),
                  !container.children[child].isContainer || container.children[child].acceptsText else { continue }
            starts.append((n, label, value))
        }
        guard let first = starts.first else { return false }
        let source = outline.source
        let base = block.lines.lowerBound
        if first.line > 0 {
            let text = lines[..<first.line].joined(separator: "\n")
            extras.notes.append(Extras.Text(section: sectionKey, text: text, range: source.range(lines: base, base + first.line - 1)))
        }
        for (k, start) in starts.enumerated() {
            let end = k + 1 < starts.count ? starts[k + 1].line - 1 : lines.count - 1
            let continuation = end > start.line ? [TextLines.dedented(lines[(start.line + 1)...end])] : []
            let value = ([String(start.value)] + continuation).joined(separator: "\n").trimmingSpaces
            let range = source.range(lines: base + start.line, base + end)
            let field = OutlineField(
                label: start.label, style: block.kind == .list ? .listItem : .bare, value: value,
                labelRange: source.range(lines: base + start.line, base + start.line), valueRange: value.isEmpty ? nil : range,
                range: range, lines: (base + start.line)...(base + end), indent: 0)
            bindLabelled(field)
            if let (key, pointer) = boundTarget(ofLabel: start.label) {
                lastTitledField = (key, pointer, base + end, block.kind == .list)
            }
        }
        return true
    }

    /// Where a label binds in the innermost frame, if it names a field there.
    func boundTarget(ofLabel label: String) -> (BoundKey, String)? {
        let k = stack.count - 1
        guard let child = tables.containers[stack[k].container].matcher.exactMatch(normalized: TitleMatcher.normalize(label)) else { return nil }
        return (boundKey(frame: k, child: child), childPointer(frame: k, child: child))
    }

    /// A list or code block directly below a field read from titled lines — indented, or
    /// below a line that was no list item — is more of its value (the parser ended the field's
    /// paragraph there), up to a line that is itself titled.
    mutating func extendTitledField(with block: OutlineBlock) -> Bool {
        guard let last = lastTitledField, block.kind == .list || block.kind == .code,
              block.lines.lowerBound == last.lastLine + 1, var bound = bound(last.key),
              !last.inList || outline.source.lineText(block.lines.lowerBound).first.map({ $0 == " " || $0 == "\t" }) == true
        else { return false }
        let lines = block.text.split(separator: "\n", omittingEmptySubsequences: false)
        let container = tables.containers[stack[stack.count - 1].container]
        let cut = block.kind == .code ? nil : lines.indices.dropFirst().first { n in
            guard let (label, _) = Self.titledLine(lines[n]) else { return false }
            return container.matcher.exactMatch(normalized: TitleMatcher.normalize(label)) != nil
        }
        let taken = cut ?? lines.count
        let source = outline.source
        let takenRange = source.range(lines: block.lines.lowerBound, block.lines.lowerBound + taken - 1)
        bound.text += "\n" + lines[..<taken].joined(separator: "\n")
        bound.field.range = bound.field.range.union(takenRange)
        setBound(last.key, bound)
        locations[last.pointer] = bound.field.range
        if let value = valueLocations[last.pointer] { valueLocations[last.pointer] = value.union(takenRange) }
        lastTitledField = (last.key, last.pointer, block.lines.lowerBound + taken - 1, last.inList)
        if let cut {
            let first = block.lines.lowerBound + cut
            let rest = OutlineBlock(kind: .paragraph, text: lines[cut...].joined(separator: "\n"),
                                    range: source.range(lines: first, block.lines.upperBound), lines: first...block.lines.upperBound)
            _ = bindTitledLines(rest)
        }
        return true
    }

    /// The label and the rest of a line written `Label - value`, `**Label** : value` or
    /// `` `Label` — value``, after any list marker; nil when the line has no separator after a
    /// short start.
    static func titledLine(_ line: Substring) -> (String, Substring)? {
        guard mayHoldSeparator(line) else { return nil }
        var text = line.drop { $0 == " " || $0 == "\t" }
        if let first = text.first, "-*+•".contains(first), text.dropFirst().first == " " {
            text = text.dropFirst(2)
        } else if let digits = Optional(text.prefix(while: \.isNumber)), !digits.isEmpty, digits.count < 4,
                  let mark = text.dropFirst(digits.count).first, mark == "." || mark == ")", text.dropFirst(digits.count + 1).first == " " {
            text = text.dropFirst(digits.count + 2)
        }
        text = text.drop { $0 == " " }
        var label: Substring
        var rest: Substring
        if let first = text.first, "*_`".contains(first) {
            let marker = text.prefix { $0 == first }
            let body = text.dropFirst(marker.count)
            guard let close = body.range(of: String(marker)) else { return nil }
            label = body[..<close.lowerBound]
            rest = body[close.upperBound...].drop { $0 == first }
            if label.hasSuffix(":") { label = label.dropLast(); rest = ": " + rest }
        } else {
            // The first separator in the line's first 100 characters: `: `, `： `, ` - `, ` — `, ` – `.
            var cut: Substring.Index? = nil
            var previous: Character = "x"
            var index = text.startIndex
            var scanned = 0
            while index < text.endIndex && scanned < 100 {
                let c = text[index]
                let next = text.index(after: index)
                let followedBySpace = next == text.endIndex || text[next] == " "
                if (c == ":" || c == "：") && followedBySpace { cut = index; break }
                if (c == "-" || c == "—" || c == "–") && previous == " " && followedBySpace { cut = text.index(before: index); break }
                previous = c
                index = next
                scanned += 1
            }
            guard let cut else { return nil }
            label = text[..<cut]
            rest = text[cut...]
        }
        rest = rest.drop { $0 == " " || $0 == "\t" }
        guard let mark = rest.first, ":：-—–".contains(mark) else { return nil }
        rest = rest.dropFirst().drop { $0 == " " || $0 == "\t" }
        let trimmed = String(label).trimmingSpaces
        guard !trimmed.isEmpty, trimmed.count <= 100 else { return nil }
        return (trimmed, rest)
    }

    /// Whether a line has a byte a label separator needs: `:`, or the first byte of `：`, `—`
    /// or `–`, or a `-` after a space. Most lines of prose have none and are passed over at once.
    static func mayHoldSeparator(_ line: Substring) -> Bool {
        var previous: UInt8 = 0
        for byte in line.utf8 {
            if byte == 0x3A || byte == 0xEF || byte == 0xE2 || (byte == 0x2D && previous == 0x20) { return true }
            previous = byte
        }
        return false
    }

    /// `**…**` or `__…__`: a line written as a title.
    static func isEmphasisedLine(_ line: Substring) -> Bool {
        let trimmed = String(line).trimmingSpaces
        return trimmed.count > 4 && (trimmed.hasPrefix("**") && trimmed.hasSuffix("**") || trimmed.hasPrefix("__") && trimmed.hasSuffix("__"))
    }

    /// A table under a repeated block whose columns are the item's fields: one item a row.
    mutating func bindTableRows(_ block: OutlineBlock) -> Bool {
        let rows = block.text.split(separator: "\n").map { TableCells.split(String($0)) }
        guard rows.count >= 2, let header = rows.first else { return false }
        // The repeated block: the holder open, or a repeated child of the innermost frame.
        var target: (owner: Int, child: Int)? = nil
        let k = stack.count - 1
        if stack[k].isHolder { target = stack[k].block }
        if target == nil {
            let container = tables.containers[stack[k].container]
            if let child = container.children.indices.first(where: { index in
                container.children[index].kind == .repeated && columns(header, of: (k, index)).matched * 2 >= header.count
            }) {
                target = (k, child)
            }
        }
        guard let (owner, child) = target else { return false }
        let (cellFields, matched) = columns(header, of: (owner, child))
        guard matched * 2 >= header.count, matched > 0 else { return false }
        let source = outline.source
        for (n, row) in rows.enumerated().dropFirst() where !TableCells.isDelimiterRow(row) {
            let lineIndex = block.lines.lowerBound + n
            let range = source.range(lines: lineIndex, lineIndex)
            openItem(child: child, of: owner, headingRange: range, level: 0, captured: [])
            let item = stack.count - 1
            for (column, (fieldIndex, cell)) in zip(header, zip(cellFields, row)) {
                guard let index = fieldIndex else { continue }
                let field = OutlineField(label: column, style: .tableRow, value: cell, labelRange: range,
                                         valueRange: range, range: range, lines: lineIndex...lineIndex, indent: 0)
                store(field, value: cell, child: index, frame: item)
            }
            stack.removeLast()
        }
        return true
    }

    /// Table rows whose first cell is a field title of the innermost frame that the parser did
    /// not take for a label (`| Unmaintained (>12mo) | 1 |`): those fields, each its row's
    /// second cell; the other rows are kept as a note.
    mutating func bindLabelRows(_ block: OutlineBlock) -> Bool {
        guard inSection else { return false }
        let container = tables.containers[stack[stack.count - 1].container]
        let rows = block.text.split(separator: "\n", omittingEmptySubsequences: false).map { TableCells.split(String($0)) }
        let bound = rows.indices.filter { n in
            rows[n].count >= 2 && container.matcher.exactMatch(rows[n][0]).map { !container.children[$0].isContainer } == true
        }
        guard !bound.isEmpty else { return false }
        let source = outline.source
        for n in bound {
            let line = block.lines.lowerBound + n
            let range = source.range(lines: line, line)
            bindLabelled(OutlineField(label: rows[n][0], style: .tableRow, value: rows[n][1...].joined(separator: " | "), labelRange: range,
                                      valueRange: range, range: range, lines: line...line, indent: 0))
        }
        let rest = rows.indices.filter { !bound.contains($0) && !TableCells.isDelimiterRow(rows[$0]) }
        if !rest.isEmpty {
            let text = rest.map { block.text.split(separator: "\n", omittingEmptySubsequences: false)[$0] }.joined(separator: "\n")
            extras.notes.append(Extras.Text(section: sectionKey, text: text, range: block.range))
        }
        return true
    }

    /// Which field of the block's item (child `block.child` of frame `block.owner`) each header
    /// cell names, and how many name one.
    func columns(_ header: [String], of block: (owner: Int, child: Int)) -> (columns: [Int?], matched: Int) {
        guard let item = tables.containers[stack[block.owner].container].childContainers[block.child] else { return ([], 0) }
        let matcher = tables.containers[item].matcher
        let columns = header.map { matcher.exactMatch($0) }
        return (columns, columns.compactMap { $0 }.count)
    }

}
