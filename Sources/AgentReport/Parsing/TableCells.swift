/// The cells of a markdown table row: outer pipes dropped, each cell trimmed; a `|` escaped
/// with `\` or inside a code span does not split.
enum TableCells {
    static func split(_ row: String) -> [String] {
        var text = Substring(row.trimmingSpaces)
        if text.hasPrefix("|") { text = text.dropFirst() }
        if text.hasSuffix("|") && !text.hasSuffix("\\|") { text = text.dropLast() }
        var cells: [String] = []
        var cell = ""
        var inCode = false
        var escaped = false
        for character in text {
            if escaped {
                cell.append(character == "|" ? "|" : "\\\(character)")
                escaped = false
                continue
            }
            switch character {
            case "\\": escaped = true
            case "`": inCode.toggle(); cell.append(character)
            case "|" where !inCode:
                cells.append(cell.trimmingSpaces)
                cell = ""
            default: cell.append(character)
            }
        }
        if escaped { cell.append("\\") }
        cells.append(cell.trimmingSpaces)
        return cells
    }

    /// `|---|:--:|` and the like.
    static func isDelimiterRow(_ cells: [String]) -> Bool {
        !cells.isEmpty && cells.allSatisfy { cell in
            cell.contains("-") && cell.allSatisfy { $0 == "-" || $0 == ":" || $0 == " " }
        }
    }
}
