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

    /// The cells of a table row, trimmed.
    private func cells(of index: Int) -> [Range<Int>] {
        TableCells.ranges(bytes, lines[index].contentStart, lines[index].end)
    }

    /// `|---|:--:|` and the like.
    private func isDelimiterRow(_ cells: [Range<Int>]) -> Bool {
        cells.allSatisfy { cell in
            !cell.isEmpty && bytes[cell].contains(0x2D) && bytes[cell].allSatisfy { $0 == 0x2D || $0 == 0x3A || $0 == 0x20 }
        }
    }
}
