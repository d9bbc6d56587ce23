/// Reads an agent's answer, however the model chose to write it, into a `ResponseOutline`.
///
/// The parser knows no schema. It works in two passes, after cmark: `LineScanner` measures
/// each line once; `OutlineBuilder` then groups lines into front matter, sections, labelled
/// fields and other blocks, in one forward walk with no recursion the input could deepen.
/// Every node carries its source range, and every non-blank line lands in some node.
public struct ResponseParser: Sendable {
    public init() {}

    /// Decodes `bytes` as UTF-8 (see `SourceDecoder`) and parses them.
    public func parse(_ bytes: [UInt8], name: String) -> ResponseOutline {
        let (source, diagnostics) = SourceDecoder().decode(bytes, name: name)
        var outline = parse(source)
        outline.diagnostics.insert(contentsOf: diagnostics, at: 0)
        return outline
    }

    public func parse(_ source: SourceText) -> ResponseOutline {
        guard source.bytes.count < Int(Int32.max) else {
            var outline = ResponseOutline(source: SourceText(name: source.name, bytes: []))
            outline.diagnostics.append(Diagnostic(
                .error, "invalid-input", "\(source.bytes.count) bytes is more than the parser reads (2 GiB); nothing was read",
                range: nil, suggestion: "split the input"))
            return outline
        }
        var builder = OutlineBuilder(source: source)
        return builder.build()
    }
}

/// The parser's second pass: lines into blocks.
struct OutlineBuilder {
    let source: SourceText
    let bytes: [UInt8]
    let lines: [ScannedLine]
    /// Lines that are not content: wrapper fences and front matter.
    var excluded: [Bool]
    var fences: FenceIndex
    var outline: ResponseOutline
    var sections: [SectionDraft] = []

    struct SectionDraft {
        var section: OutlineSection
        var firstBodyLine: Int
    }

    init(source: SourceText) {
        self.source = source
        self.bytes = source.bytes
        self.lines = LineScanner(source: source).scan()
        self.excluded = [Bool](repeating: false, count: lines.count)
        self.fences = FenceIndex(lines: [], excluded: [])
        self.outline = ResponseOutline(source: source)
    }

    mutating func build() -> ResponseOutline {
        let first = readFrontMatter()
        for index in WrapperFenceFinder.find(lines, bytes, from: first) {
            excluded[index] = true
            outline.wrapperFences.append(source.range(lines: index, index))
        }
        fences = FenceIndex(lines: lines, excluded: excluded)
        var i = first
        while i < lines.count {
            i = step(at: i)
        }
        finishSections()
        return outline
    }

    /// Reads the node that starts at line `i`; returns the line after it.
    private mutating func step(at i: Int) -> Int {
        let line = lines[i]
        if excluded[i] { return i + 1 }
        switch line.kind {
        case .blank:
            return i + 1
        case .atxHeading(let level, let title):
            startSection(title: title, style: .atx, level: level, headingLines: i...i)
            return i + 1
        case .fence:
            return emitBlock(readCode(at: i, fieldIndent: nil))
        case .rule:
            emit(.block(OutlineBlock(kind: .rule, text: source.string(line.contentStart..<line.end),
                                     range: source.range(lines: i, i), lines: i...i)))
            return i + 1
        case .tableRow:
            return readTable(at: i)
        case .text:
            break
        }
        if let underline = setextUnderline(below: i) {
            startSection(title: line.contentStart..<Bytes.trimEnd(bytes, line.contentStart, line.end),
                         style: .setext, level: underline, headingLines: i...(i + 1))
            return i + 2
        }
        switch LineSyntax.read(bytes, line.textStart..<line.end, allowDash: line.listContent != nil) {
        case .title(let title):
            if title.isStrong(bytes) || nextContentIsField(after: i, indent: line.indent) {
                let style: OutlineSection.HeadingStyle =
                    line.listContent != nil ? .listItem : title.emphasised ? .emphasis : title.isCapitals ? .capitals : .label
                startSection(title: title.title, style: style, level: 0, headingLines: i...i)
                return i + 1
            }
            if title.isCapitals && !title.hasColon && !title.emphasised {
                return emitBlock(line.listContent != nil ? readList(at: i) : readParagraph(at: i))  // `REST` alone
            }
            return emitField(readField(at: i, label: title.title, value: title.title.upperBound..<title.title.upperBound, style: .labelLine))
        case .labelled(let labelled):
            if labelled.value.isEmpty && nextContentIsField(after: i, indent: line.indent) {
                startSection(title: labelled.label, style: line.listContent != nil ? .listItem : .label, level: 0, headingLines: i...i)
                return i + 1
            }
            let style: OutlineField.Style = line.listContent != nil ? .listItem : .bare
            return emitField(readField(at: i, label: labelled.label, value: labelled.value, style: style))
        case .plain:
            if line.listContent != nil { return emitBlock(readList(at: i)) }
            return emitBlock(readParagraph(at: i))
        }
    }

    // MARK: Sections

    private mutating func startSection(title: Range<Int>, style: OutlineSection.HeadingStyle, level: Int, headingLines: ClosedRange<Int>) {
        let clean = LineSyntax.cleanTitle(bytes, title)
        let headingLine = headingLines.lowerBound
        let section = OutlineSection(
            title: source.string(clean),
            style: style,
            level: level,
            headingRange: source.range(lines: headingLines.lowerBound, headingLines.upperBound),
            titleRange: source.range(line: headingLine, clean),
            items: [],
            range: source.range(lines: headingLines.lowerBound, headingLines.upperBound),
            bodyLines: (headingLines.upperBound + 1)..<(headingLines.upperBound + 1))
        closeLastSection(before: headingLine)
        sections.append(SectionDraft(section: section, firstBodyLine: headingLines.upperBound + 1))
    }

    /// Ends the open section's body just before line `next`.
    private mutating func closeLastSection(before next: Int) {
        guard let last = sections.indices.last else { return }
        let body = sections[last].firstBodyLine..<max(sections[last].firstBodyLine, next)
        sections[last].section.bodyLines = body
        if let end = sections[last].section.items.last?.range {
            sections[last].section.range = sections[last].section.headingRange.union(end)
        }
    }

    private mutating func finishSections() {
        closeLastSection(before: lines.count)
        var all = sections.map(\.section)
        // Blocks after the answer's last field, past a blank line or a closing wrapper fence,
        // are its epilogue.
        if var last = all.last,
           let lastField = last.items.lastIndex(where: { if case .field = $0 { true } else { false } }),
           let cut = last.items[(lastField + 1)...].firstIndex(where: { item in
               let previous = item.range.start.line - 2
               return previous >= 0 && (lines[previous].isBlank || excluded[previous])
           }) {
            outline.epilogue = Array(last.items[cut...])
            last.items.removeSubrange(cut...)
            last.range = last.headingRange.union(last.items.last?.range ?? last.headingRange)
            last.bodyLines = last.bodyLines.lowerBound..<(outline.epilogue[0].range.start.line - 1)
            all[all.count - 1] = last
        }
        outline.sections = all
    }

    // MARK: Emitting

    mutating func emit(_ item: OutlineItem) {
        if sections.isEmpty {
            outline.preamble.append(item)
        } else {
            sections[sections.count - 1].section.items.append(item)
        }
    }

    private mutating func emitBlock(_ read: (OutlineBlock, Int)) -> Int {
        emit(.block(read.0))
        return read.1
    }

    private mutating func emitField(_ read: (OutlineField, Int)) -> Int {
        emit(.field(read.0))
        return read.1
    }

    // MARK: Front matter

    /// Reads `---` YAML `---` at the top; returns the first line after it.
    private mutating func readFrontMatter() -> Int {
        var first = 0
        while first < lines.count && lines[first].isBlank { first += 1 }
        guard first < lines.count, case .rule(0x2D) = lines[first].kind,
              source.string(lines[first].contentStart..<lines[first].end).trimmingSpaces == "---"
        else { return 0 }
        var close = first + 1
        while close < lines.count {
            let text = source.string(lines[close].contentStart..<lines[close].end).trimmingSpaces
            if lines[close].indent == 0 && (text == "---" || text == "...") { break }
            close += 1
        }
        guard close < lines.count else { return 0 }
        for k in first...close { excluded[k] = true }
        let yamlSpan = close > first + 1 ? lines[first + 1].start..<lines[close - 1].end : lines[first].end..<lines[first].end
        let yaml = source.string(yamlSpan)
        let range = source.range(lines: first, close)
        var frontMatter = FrontMatter(text: yaml, value: nil, range: range)
        switch FrontMatterReader().read(yaml) {
        case .success(let value):
            frontMatter.value = value
        case .failure(let failure):
            var where_ = range
            if let line = failure.line, first + line < close {
                let index = first + line
                let column = min(max(0, (failure.column ?? 1) - 1), lines[index].end - lines[index].start)
                let at = lines[index].start + column
                where_ = source.range(line: index, at..<min(at + 1, lines[index].end))
            }
            outline.diagnostics.append(Diagnostic(
                .error, "front-matter", "front matter is not valid YAML: \(failure.message)",
                range: where_, suggestion: "fix the YAML between the `---` lines, or remove them"))
        }
        outline.frontMatter = frontMatter
        return close + 1
    }
}

extension String {
    /// Without leading and trailing white space (any Unicode white space, CR and LF included).
    var trimmingSpaces: String {
        // Most values start and end with a visible ASCII character: nothing to trim.
        if let first = utf8.first, let last = utf8.last, first > 0x20, first < 0x7F, last > 0x20, last < 0x7F {
            return self
        }
        // ASCII white space on the ends is trimmed on bytes; Unicode's only where an end is not ASCII.
        let u = utf8
        var start = u.startIndex
        var end = u.endIndex
        @inline(__always) func isASCIISpace(_ b: UInt8) -> Bool { b == 0x20 || (b >= 0x09 && b <= 0x0D) }
        while start < end, isASCIISpace(u[start]) { start = u.index(after: start) }
        while end > start, isASCIISpace(u[u.index(before: end)]) { end = u.index(before: end) }
        if start == end { return "" }
        if u[start] < 0x80 && u[u.index(before: end)] < 0x80 { return String(self[start..<end]) }
        let scalars = self[start..<end].unicodeScalars
        let isContent: (Unicode.Scalar) -> Bool = { !$0.properties.isWhitespace && $0 != "\u{200B}" && $0 != "\u{FEFF}" }
        guard let first = scalars.firstIndex(where: isContent), let last = scalars.lastIndex(where: isContent) else { return "" }
        return String(scalars[first...last])
    }
}
