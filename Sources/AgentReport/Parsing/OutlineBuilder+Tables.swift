/// Tables: a two-column table lists labelled fields (`| Framework Choice | FastAPI |`), one
/// per body row; any other table is kept as a block.
extension OutlineBuilder {
    mutating func readTable(at i: Int) -> Int {
        var last = i
        while last + 1 < lines.count && !excluded[last + 1], case .tableRow = lines[last + 1].kind { last += 1 }
        // One pass to learn the table's shape, one to emit it; rows are split again when
        // emitted rather than kept, so a table of a million rows holds no million arrays.
        var delimiter: Int? = nil
        var twoColumns = true
        for index in i...last {
            let cells = cells(of: index)
            if delimiter == nil && isDelimiterRow(cells) { delimiter = index }
            if cells.count != 2 { twoColumns = false }
        }
        let bodyStart = delimiter.map { $0 + 1 } ?? i
        let hasLabel = bodyStart <= last && (bodyStart...last).contains { index in
            LineSyntax.isPlausibleLabel(bytes, LineSyntax.cleanTitle(bytes, cells(of: index)[0]))
        }
        guard twoColumns && hasLabel else {
            emit(.block(block(.table, i...last)))
            return last + 1
        }
        if bodyStart > i { emit(.block(block(.table, i...(bodyStart - 1)))) }
        for index in bodyStart...last {
            let row = cells(of: index)
            let label = LineSyntax.cleanTitle(bytes, row[0])
            if LineSyntax.isPlausibleLabel(bytes, label) {
                let (field, _) = readField(at: index, label: label, value: row[1], style: .tableRow)
                emit(.field(field))
            } else {
                emit(.block(block(.table, index...index)))
            }
        }
        return last + 1
    }

    /// The cells of a table row, trimmed; `|` escaped by `\` or inside backticks does not split.
    private func cells(of index: Int) -> [Range<Int>] {
        let line = lines[index]
        var start = line.contentStart
        var end = Bytes.trimEnd(bytes, start, line.end)
        if start < end && bytes[start] == 0x7C { start += 1 }
        if end > start && bytes[end - 1] == 0x7C && (end - 2 < start || bytes[end - 2] != 0x5C) { end -= 1 }
        var result: [Range<Int>] = []
        var cellStart = start
        var inCode = false
        var k = start
        while k < end {
            let b = bytes[k]
            if b == 0x60 { inCode.toggle() }
            if b == 0x5C { k += 2; continue }
            if b == 0x7C && !inCode {
                result.append(Bytes.trim(bytes, cellStart..<k))
                cellStart = k + 1
            }
            k += 1
        }
        result.append(Bytes.trim(bytes, cellStart..<min(end, max(cellStart, end))))
        return result
    }

    /// `|---|:--:|` and the like.
    private func isDelimiterRow(_ cells: [Range<Int>]) -> Bool {
        cells.allSatisfy { cell in
            !cell.isEmpty && bytes[cell].contains(0x2D) && bytes[cell].allSatisfy { $0 == 0x2D || $0 == 0x3A || $0 == 0x20 }
        }
    }
}
