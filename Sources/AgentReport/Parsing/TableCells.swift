/// The cells of a markdown table row: outer pipes dropped, each cell trimmed; a `|` escaped
/// with `\` or inside a code span does not split. One splitter, on bytes, for the parser and
/// the binder.
enum TableCells {
    /// The trimmed byte ranges of the cells of the row `bytes[start..<end]`.
    static func ranges(_ bytes: [UInt8], _ start: Int, _ end: Int) -> [Range<Int>] {
        var start = Bytes.skipSpace(bytes, start, end)
        var end = Bytes.trimEnd(bytes, start, end)
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
        result.append(Bytes.trim(bytes, cellStart..<max(cellStart, end)))
        return result
    }

    /// The cells of `row` as text, `\|` read as `|`.
    static func split(_ row: some StringProtocol) -> [String] {
        let bytes = Array(row.utf8)
        return ranges(bytes, 0, bytes.count).map { cell in
            // Most cells hold no `\|`: their bytes as they are.
            if !bytes[cell].contains(0x5C) { return String(decoding: bytes[cell], as: UTF8.self) }
            var text = [UInt8]()
            text.reserveCapacity(cell.count)
            var k = cell.lowerBound
            while k < cell.upperBound {
                if bytes[k] == 0x5C, k + 1 < cell.upperBound, bytes[k + 1] == 0x7C { k += 1 }
                text.append(bytes[k])
                k += 1
            }
            return String(decoding: text, as: UTF8.self)
        }
    }

    /// `|---|:--:|` and the like.
    static func isDelimiterRow(_ cells: [String]) -> Bool {
        !cells.isEmpty && cells.allSatisfy { cell in
            var dashes = 0
            for byte in cell.utf8 {
                guard byte == 0x2D || byte == 0x3A || byte == 0x20 else { return false }
                if byte == 0x2D { dashes += 1 }
            }
            return dashes > 0
        }
    }
}
