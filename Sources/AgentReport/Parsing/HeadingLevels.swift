/// The ATX headings of a markdown text moved deeper or shallower as a whole: how a text field's
/// own headings are kept in `data` relative to the field (`## Findings` over `### Finding 1`
/// holds `# Finding 1`), and written back under the field's heading at any depth. Headings in
/// fenced code are code, and stay as they are.
enum HeadingLevels {
    /// `text` with every heading's level changed by `delta`, kept within 1…6.
    static func shifted(_ text: String, by delta: Int) -> String {
        guard delta != 0, text.utf8.contains(0x23) else { return text }
        let source = SourceText(name: "", text: text)
        let lines = LineScanner(source: source).scan()
        let none = [Bool](repeating: false, count: lines.count)
        let fences = FenceIndex(lines: lines, excluded: none)
        var out: [String] = []
        out.reserveCapacity(lines.count)
        var i = 0
        while i < lines.count {
            let line = lines[i]
            switch line.kind {
            case .fence(let marker, let length, _) where line.indent <= 3:
                let closer = fences.closer(for: i, marker: marker, length: length, in: lines, excluded: none) ?? lines.count - 1
                for j in i...closer { out.append(source.lineText(j)) }
                i = closer + 1
                continue
            case .atxHeading(let level, let title) where line.indent <= 3:
                let marks = String(repeating: "#", count: min(6, max(1, level + delta)))
                out.append(title.isEmpty ? marks : marks + " " + String(decoding: source.bytes[title], as: UTF8.self))
            default:
                out.append(source.lineText(i))
            }
            i += 1
        }
        return out.joined(separator: "\n")
    }
}
