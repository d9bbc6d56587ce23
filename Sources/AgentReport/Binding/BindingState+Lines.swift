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
        let lines = block.text.linesAtLineFeeds
        var starts: [(line: Int, label: String, value: Substring)] = []
        for (n, line) in lines.enumerated() {
            guard let (label, value) = Self.titledLine(line) else { continue }
            let key = TitleMatcher.normalize(label)
            guard let child = container.matcher.exactMatch(normalized: key),
                  !container.isContainer(child) || container.acceptsText(child) else { continue }
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
        guard let child = tables.containers[stack[k].container].matcher.exactMatch(label) else { return nil }
        let pointer = childPointer(frame: k, child: child)
        return (boundKey(frame: k, child: child, pointer: pointer), pointer)
    }

    /// A list or code block directly below a field read from titled lines — indented, or
    /// below a line that was no list item — is more of its value (the parser ended the field's
    /// paragraph there), up to a line that is itself titled.
    mutating func extendTitledField(with block: OutlineBlock) -> Bool {
        guard let last = lastTitledField, block.kind == .list || block.kind == .code,
              block.lines.lowerBound == last.lastLine + 1, var bound = bound(last.key),
              !last.inList || outline.source.lineText(block.lines.lowerBound).first.map({ $0 == " " || $0 == "\t" }) == true
        else { return false }
        let lines = block.text.linesAtLineFeeds
        let container = tables.containers[stack[stack.count - 1].container]
        let cut = block.kind == .code ? nil : lines.indices.dropFirst().first { n in
            guard let (label, _) = Self.titledLine(lines[n]) else { return false }
            return container.matcher.exactMatch(label) != nil
        }
        let taken = cut ?? lines.count
        let source = outline.source
        let takenRange = source.range(lines: block.lines.lowerBound, block.lines.lowerBound + taken - 1)
        bound.text += "\n" + lines[..<taken].joined(separator: "\n")
        bound.range = bound.range.union(takenRange)
        setBound(last.key, bound)
        locations[last.pointer] = bound.range
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
        guard mayHoldSeparator(line),
              let cuts = line.utf8.withContiguousStorageIfAvailable(titledLineCuts) ?? titledLineCuts(Array(line.utf8))
        else { return nil }
        let u = line.utf8
        func at(_ offset: Int) -> String.Index { u.index(u.startIndex, offsetBy: offset) }
        let trimmed = String(line[at(cuts.label.lowerBound)..<at(cuts.label.upperBound)]).trimmingSpaces
        guard !trimmed.isEmpty, trimmed.utf8.count <= 100 || trimmed.count <= 100 else { return nil }
        return (trimmed, line[at(cuts.value)...])
    }

    /// Where `titledLine` finds the label (byte offsets) and where the value starts, read on
    /// UTF-8: every mark looked for is ASCII or a known three-byte sequence, so every offset
    /// cut at is a character boundary.
    private static func titledLineCuts<Line: RandomAccessCollection<UInt8>>(_ u: Line) -> (label: Range<Int>, value: Int)?
    where Line.Index == Int {
        let base = u.startIndex
        let end = u.count
        func byte(_ i: Int) -> UInt8? { i < end ? u[base + i] : nil }
        func skipBlanks(_ i: Int) -> Int {
            var i = i
            while let b = byte(i), b == 0x20 || b == 0x09 { i += 1 }
            return i
        }
        /// `:`, `：`, `-`, `—` or `–` at `i`, and its length in bytes.
        func separatorLength(_ i: Int, colonOnly: Bool) -> Int? {
            guard let b = byte(i) else { return nil }
            if b == 0x3A { return 1 }
            if b == 0x2D { return colonOnly ? nil : 1 }
            guard b == 0xEF || b == 0xE2, let b1 = byte(i + 1), let b2 = byte(i + 2) else { return nil }
            if b == 0xEF && b1 == 0xBC && b2 == 0x9A { return 3 }  // ：
            if !colonOnly && b == 0xE2 && b1 == 0x80 && (b2 == 0x94 || b2 == 0x93) { return 3 }  // — –
            return nil
        }
        var i = skipBlanks(0)
        // A list marker: `-`, `*`, `+`, `•` or `1.`/`1)` and a space.
        if let b = byte(i), b == 0x2D || b == 0x2A || b == 0x2B, byte(i + 1) == 0x20 {
            i += 2
        } else if byte(i) == 0xE2, byte(i + 1) == 0x80, byte(i + 2) == 0xA2, byte(i + 3) == 0x20 {
            i += 4
        } else {
            var digits = 0
            while let b = byte(i + digits), Bytes.isDigit(b) { digits += 1 }
            if digits > 0, digits < 4, let mark = byte(i + digits), mark == 0x2E || mark == 0x29, byte(i + digits + 1) == 0x20 {
                i += digits + 2
            }
        }
        while byte(i) == 0x20 { i += 1 }
        if let first = byte(i), first == 0x2A || first == 0x5F || first == 0x60 {
            // `**Label**`, `__Label__`, `` `Label` ``: up to the first run of as many marks.
            var bodyStart = i
            while byte(bodyStart) == first { bodyStart += 1 }
            let markerLength = bodyStart - i
            var close = bodyStart
            var run = 0
            while close < end && run < markerLength {
                run = u[base + close] == first ? run + 1 : 0
                close += 1
            }
            guard run == markerLength else { return nil }
            let closeStart = close - markerLength
            var after = close
            while byte(after) == first { after += 1 }
            if closeStart > bodyStart, byte(closeStart - 1) == 0x3A {
                // `**Label:** value`: the colon is the separator, inside the marks.
                return (bodyStart..<(closeStart - 1), skipBlanks(after))
            }
            return separated(label: bodyStart..<closeStart, rest: after)
        }
        // The first separator in the line's first 100 characters: `: `, `： `, ` - `, ` — `, ` – `.
        var previous: UInt8 = 0x78
        var index = i
        var scanned = 0
        while index < end && scanned < 100 {
            let b = u[base + index]
            if let length = separatorLength(index, colonOnly: false) {
                let next = min(index + length, end)
                let followedBySpace = next == end || byte(next) == 0x20
                let isColon = length == 1 ? b == 0x3A : b == 0xEF
                if isColon && followedBySpace { return separated(label: i..<index, rest: index) }
                if !isColon && previous == 0x20 && followedBySpace { return separated(label: i..<(index - 1), rest: index - 1) }
            }
            previous = b
            index += 1
            if b & 0xC0 != 0x80 { scanned += 1 }
        }
        return nil

        /// The label, and the value after the separator that follows `rest` (past blanks).
        func separated(label: Range<Int>, rest: Int) -> (label: Range<Int>, value: Int)? {
            let r = skipBlanks(rest)
            guard let b = byte(r) else { return nil }
            let mark: Int
            if b == 0x3A || b == 0x2D {
                mark = 1
            } else if b == 0xEF, byte(r + 1) == 0xBC, byte(r + 2) == 0x9A {
                mark = 3  // ：
            } else if b == 0xE2, byte(r + 1) == 0x80, let b2 = byte(r + 2), b2 == 0x94 || b2 == 0x93 {
                mark = 3  // — –
            } else {
                return nil
            }
            return (label, skipBlanks(r + mark))
        }
    }

    /// Whether a line has a byte a label separator needs: `:`, or the first byte of `：`, `—`
    /// or `–`, or a `-` after a space. Most lines of prose have none and are passed over at once.
    static func mayHoldSeparator(_ line: Substring) -> Bool {
        func scan(_ bytes: some Sequence<UInt8>) -> Bool {
            var previous: UInt8 = 0
            for byte in bytes {
                if mayStartSeparator(byte, after: previous) { return true }
                previous = byte
            }
            return false
        }
        return line.utf8.withContiguousStorageIfAvailable(scan) ?? scan(line.utf8)
    }

    /// `:`, the first byte of `：`, `—` or `–`, or a `-` after a space.
    static func mayStartSeparator(_ byte: UInt8, after previous: UInt8) -> Bool {
        byte == 0x3A || byte == 0xEF || byte == 0xE2 || (byte == 0x2D && previous == 0x20)
    }

    /// `**…**` or `__…__`: a line written as a title.
    static func isEmphasisedLine(_ line: Substring) -> Bool {
        let trimmed = String(line).trimmingSpaces
        return trimmed.utf8.count > 4 && (trimmed.hasPrefix("**") && trimmed.hasSuffix("**") || trimmed.hasPrefix("__") && trimmed.hasSuffix("__"))
    }

    /// A table under a repeated block whose columns are the item's fields: one item a row.
    mutating func bindTableRows(_ block: OutlineBlock) -> Bool {
        // Rows are split one at a time as they are bound: a table of 100,000 rows holds no
        // 100,000 arrays of cells.
        let lines = block.text.linesAtLineFeeds.filter { !$0.isEmpty }
        guard lines.count >= 2, let headerLine = lines.first else { return false }
        let header = TableCells.split(headerLine)
        // The repeated block: the holder open, or a repeated child of the innermost frame.
        var target: (owner: Int, child: Int)? = nil
        let k = stack.count - 1
        if stack[k].isHolder { target = stack[k].block }
        if target == nil {
            let container = tables.containers[stack[k].container]
            if let child = container.children.indices.first(where: { index in
                container.kind(index) == .repeated && columns(header, of: (k, index)).matched * 2 >= header.count
            }) {
                target = (k, child)
            }
        }
        guard let (owner, child) = target else { return false }
        let (cellFields, matched) = columns(header, of: (owner, child))
        guard matched * 2 >= header.count, matched > 0 else { return false }
        for (n, line) in lines.enumerated().dropFirst() {
            let row = TableCells.split(line)
            if TableCells.isDelimiterRow(row) { continue }
            bindRow(row, line: block.lines.lowerBound + n, header: header, columns: cellFields, block: (owner, child))
        }
        openTable = OpenTable(block: (owner, child), header: header, columns: cellFields, lastLine: block.lines.upperBound)
        return true
    }

    /// A row of a table whose header names a repeated block's fields: the block's next item.
    mutating func bindRow(_ row: [String], line lineIndex: Int, header: [String], columns: [Int?], block: (owner: Int, child: Int)) {
        let range = outline.source.range(lines: lineIndex, lineIndex)
        openItem(child: block.child, of: block.owner, headingRange: range, level: 0, captured: [])
        let item = stack.count - 1
        let fields = tables.containers[stack[item].container].children
        for (column, (fieldIndex, cell)) in zip(header, zip(columns, row)) {
            guard let index = fieldIndex else { continue }
            // An empty cell (or `—`, `N/A`) of a column the row may leave out: no value, not an
            // empty one.
            if !fields[index].isRequired && ContentCheck.saysNothing(cell) { continue }
            let field = OutlineField(label: column, style: .tableRow, value: cell, labelRange: range,
                                     valueRange: range, range: range, lines: lineIndex...lineIndex, indent: 0)
            store(field, value: cell, child: index, frame: item)
        }
        stack.removeLast()
    }

    /// A row the parser read as `| Label | value |` right below a table bound to a repeated
    /// block (a table of two columns): the block's next item, not a field. Returns whether it was.
    mutating func bindTableRowField(_ field: OutlineField) -> Bool {
        guard field.style == .tableRow, let table = openTable, field.lines.lowerBound == table.lastLine + 1,
              table.block.owner < stack.count else { return false }
        let row = TableCells.split(outline.source.lineText(field.lines.lowerBound))
        bindRow(row, line: field.lines.lowerBound, header: table.header, columns: table.columns, block: table.block)
        openTable?.lastLine = field.lines.lowerBound
        return true
    }

    /// Table rows whose first cell is a field title of the innermost frame that the parser did
    /// not take for a label (`| Unmaintained (>12mo) | 1 |`): those fields, each its row's
    /// second cell; the other rows are kept as a note.
    mutating func bindLabelRows(_ block: OutlineBlock) -> Bool {
        guard inSection else { return false }
        let container = tables.containers[stack[stack.count - 1].container]
        let lines = block.text.linesAtLineFeeds
        let rows = lines.map(TableCells.split)
        let bound = rows.indices.filter { n in
            rows[n].count >= 2 && container.matcher.exactMatch(rows[n][0]).map { !container.isContainer($0) } == true
        }
        guard !bound.isEmpty else { return false }
        let source = outline.source
        for n in bound {
            let line = block.lines.lowerBound + n
            let range = source.range(lines: line, line)
            bindLabelled(OutlineField(label: rows[n][0], style: .tableRow, value: rows[n][1...].joined(separator: " | "), labelRange: range,
                                      valueRange: range, range: range, lines: line...line, indent: 0))
        }
        let taken = Set(bound)
        let rest = rows.indices.filter { !taken.contains($0) && !TableCells.isDelimiterRow(rows[$0]) }
        if !rest.isEmpty {
            let text = rest.map { lines[$0] }.joined(separator: "\n")
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
