import Foundation

/// Reads a Return Format template into sections of items: the shape a schema is derived from.
///
/// Two passes, like the answer parser: each line is first read on its own (`TemplateLine`,
/// through `LineScanner` and `LineSyntax`), with fenced blocks and tables taken whole; the lines
/// are then grouped by indentation into fields, nested fields, repeated items, code and prose.
/// Nesting deeper than `maxDepth` is read as prose, so no input can deepen the recursion.
struct TemplateReader {
    /// One section of the template.
    struct Section {
        var title: String
        var optional: Bool
        /// Written without a heading (a template of fields only).
        var implicit: Bool
        var items: [Item]
        var line: Int
        /// The heading's level (`##` is 2); 0 for a title line or label.
        var level: Int = 0
    }

    /// A thing in a section, with what is nested under it.
    indirect enum Item {
        case field(title: String, guidance: String, optional: Bool, children: [Item], line: Int)
        case listItem(text: String, children: [Item])
        case ellipsis
        case code(language: String, text: String)
        case table(header: [String], rows: [[String]])
        case prose(String)
    }

    /// A line read on its own.
    struct TemplateLine {
        enum Kind {
            case heading(level: Int, title: String)
            case title(String, capitals: Bool, emphasised: Bool)
            case field(label: String, value: String)
            case item(String)
            case ellipsis
            case code(language: String, text: String)
            case table([[String]])
            case text(String)
        }

        var kind: Kind
        var indent: Int
        var listItem: Bool
        /// A numbered list item (`1. **Title**`).
        var ordered = false
        /// 0-based line in the definition.
        var line: Int
        /// A title written with a colon (`**Summary:**`), which may also be a label.
        var hasColon = false
    }

    let source: SourceText
    var maxDepth = 8

    /// The template's sections; `implicitTitle` names the one section of a template that has no headings.
    func read(lines: Range<Int>, implicitTitle: String) -> (title: String?, sections: [Section]) {
        var tokens = tokenize(lines)
        // An introduction inside the block (`Report in this shape:`) is not part of the template.
        if let first = tokens.first, Self.isIntroduction(Self.lineText(first)) { tokens.removeFirst() }
        let base = tokens.map(\.indent).min() ?? 0
        for k in tokens.indices { tokens[k].indent -= base }
        var title: String? = nil
        var headings = headingIndices(tokens)
        if let first = headings.first, first == 0, case .heading(let level, let text) = tokens[first].kind {
            let others = headings.dropFirst().compactMap { i -> Int? in
                if case .heading(let l, _) = tokens[i].kind { return l } else { return nil }
            }
            let contentBefore = headings.count > 1 && headings[1] > 1
            if !others.isEmpty && others.allSatisfy({ $0 > level }) && (level == 1 || !contentBefore) {
                title = text
                tokens.removeFirst()
                headings = headingIndices(tokens)
            }
        }
        var sections: [Section] = []
        if headings.first != 0 {
            let end = headings.first ?? tokens.count
            let items = readItems(tokens[0..<end], depth: 0)
            if !items.isEmpty && !items.allSatisfy({ if case .prose = $0 { true } else { false } }) {
                sections.append(Section(title: implicitTitle, optional: false, implicit: true, items: items, line: tokens.first?.line ?? 0))
            }
        }
        for (n, index) in headings.enumerated() {
            let end = n + 1 < headings.count ? headings[n + 1] : tokens.count
            let (cleanTitle, optional) = Self.cleaned(Self.headingTitle(tokens[index]))
            var level = 0
            if case .heading(let l, _) = tokens[index].kind { level = l }
            var items = readItems(tokens[(index + 1)..<end], depth: 0)
            var text = cleanTitle
            // `## Overall Score: X/10` over fields: the section "Overall Score", its heading
            // holding a value of its own, a field of the same title.
            if !items.isEmpty, let (label, slot) = Self.slotInTitle(text) {
                text = label
                items.insert(.field(title: label, guidance: slot, optional: false, children: [], line: tokens[index].line), at: 0)
            }
            // `### BLOCKERS` over `Auth walls or captchas. Omit if none.`: the section says it may
            // be left out (its prose, not its code or fields).
            let prose = items.allSatisfy { if case .prose = $0 { true } else { false } }
            sections.append(Section(
                title: text, optional: optional || prose && Self.valueBelowMarksOptional(items), implicit: false,
                items: items, line: tokens[index].line, level: level))
        }
        return (title, sections)
    }

    /// The lines that head sections: ATX headings if there are any; else ALL-CAPS title lines;
    /// else emphasised title lines; else unindented `Label:` lines with nothing after them.
    private func headingIndices(_ tokens: [TemplateLine]) -> [Int] {
        let atx = tokens.indices.filter { if case .heading = tokens[$0].kind { true } else { false } }
        if !atx.isEmpty { return atx }
        let capitals = tokens.indices.filter {
            if case .title(let text, true, _) = tokens[$0].kind { tokens[$0].indent == 0 && !Self.isInstruction(text) } else { false }
        }
        if !capitals.isEmpty { return capitals }
        // `**Routing Decision**` alone on its line, with fields below: a section heading.
        let boldTitles = tokens.indices.filter {
            if case .title(_, _, true) = tokens[$0].kind { tokens[$0].indent == 0 && !tokens[$0].listItem && !tokens[$0].hasColon } else { false }
        }
        if !boldTitles.isEmpty { return boldTitles }
        // `**Summary:** {…}` beside `**Findings:**` alone: a flat list of fields, not sections.
        let flat = tokens.contains {
            if case .field(_, let value) = $0.kind { $0.indent == 0 && !$0.listItem && !value.isEmpty } else { false }
        }
        if flat { return [] }
        let emphasised = tokens.indices.filter {
            if case .title(_, _, true) = tokens[$0].kind { tokens[$0].indent == 0 && !tokens[$0].listItem } else { false }
        }
        if !emphasised.isEmpty { return emphasised }
        return tokens.indices.filter { k in
            guard case .field(let label, let value) = tokens[k].kind, value.isEmpty, tokens[k].indent == 0, !tokens[k].listItem,
                  !Self.isInstruction(label) else { return false }
            return k + 1 < tokens.count
        }
    }

    /// A sentence ending in a colon that introduces the template rather than naming a part
    /// of it: `Report in this shape:`, `Your report should cover:`, `Return:`.
    static func isIntroduction(_ line: String) -> Bool {
        if FormatBlockLocator.isInstruction(line) { return true }
        let text = line.trimmingSpaces
        guard text.hasSuffix(":") else { return false }
        let words = FormatBlockLocator.normalized(text).split(separator: " ").map(String.init)
        let verbs: Set<String> = ["return", "respond", "reply", "output", "provide", "report", "answer", "cover", "include",
                                  "contain", "use", "write", "structure", "format", "end", "start", "give"]
        if words.count == 1 { return ["return", "respond", "reply", "output", "format", "template"].contains(words[0]) }
        let cues: Set<String> = ["should", "must", "this", "following", "below", "like", "as", "with", "your"]
        return words.count >= 3 && words.contains(where: verbs.contains) && words.contains(where: cues.contains)
    }

    /// A token's text as a line (`Label:` for a label with no value).
    private static func lineText(_ token: TemplateLine) -> String {
        switch token.kind {
        case .field(let label, let value): label + ":" + (value.isEmpty ? "" : " " + value)
        case .text(let text), .item(let text): text
        case .title(let text, _, _): text + ":"
        default: ""
        }
    }

    private static func headingTitle(_ token: TemplateLine) -> String {
        switch token.kind {
        case .heading(_, let title), .title(let title, _, _), .field(let title, _): title
        default: ""
        }
    }

    // MARK: Grouping

    /// Items from tokens, nesting what is more indented under the line above it.
    private func readItems(_ tokens: ArraySlice<TemplateLine>, depth: Int) -> [Item] {
        var items: [Item] = []
        let entryIndents = Self.entryTitleIndents(tokens)
        var k = tokens.startIndex
        while k < tokens.endIndex {
            let token = tokens[k]
            var end = k + 1
            while end < tokens.endIndex && tokens[end].indent > token.indent { end += 1 }
            if Self.opensValueBelow(token) {
                // `Label:` alone: the list, code, table or prose right below it is its value.
                // (what is indented under one of those lines goes with it: `1. [issue]` over `- Location: …`)
                while end < tokens.endIndex
                        && (tokens[end].indent == token.indent && Self.isValueLine(tokens[end]) || tokens[end].indent > token.indent && end > k + 1) {
                    end += 1
                }
                // `**Issues**:` over `- **Location**: …` twice: the list entries below it.
                if end == k + 1, let run = Self.repeatedEntries(tokens[(k + 1)...], indent: token.indent) { end = run }
            }
            let children = depth < maxDepth ? readItems(tokens[(k + 1)..<end], depth: depth + 1) : tokens[(k + 1)..<end].map(Self.prose)
            if children.isEmpty, !token.listItem, case .field(let label, "") = token.kind, end < tokens.endIndex,
               tokens[end].listItem, tokens[end].indent == token.indent, case .field = tokens[end].kind {
                // `From the build log:` over `- Status: …` at its own indent: words leading into
                // the fields, which an answer may copy or leave out.
                items.append(.prose(label + ":"))
            } else if !children.isEmpty, entryIndents.contains(token.indent), let title = Self.entryTitle(token) {
                // `1. **Title**` over `- Severity: …`: one entry of a list, shown once, its title the answer's own.
                items.append(.listItem(text: title, children: children))
            } else {
                items.append(item(token, children: children))
            }
            k = end
        }
        return items
    }

    /// The title of a list item written as an entry's title: `- **Title**` alone, or numbered
    /// with a colon (`1. **Finding:**`); nil for other lines.
    private static func entryTitle(_ token: TemplateLine) -> String? {
        guard token.listItem, !isInstruction(headingTitle(token)) else { return nil }
        switch token.kind {
        case .title(let text, _, true) where !token.hasColon || token.ordered: return text
        case .field(let label, "") where token.ordered: return label
        default: return nil
        }
    }

    /// The indents at which entry titles (`entryTitle`) are written with one title only: there
    /// they are one entry shown as an example (`1. **Title**` over its fields), where
    /// `1. **Quick wins**` beside `2. **Long-term**` are two parts with fields of their own.
    private static func entryTitleIndents(_ tokens: ArraySlice<TemplateLine>) -> Set<Int> {
        var titles: [Int: Set<String>] = [:]
        for token in tokens { if let title = entryTitle(token) { titles[token.indent, default: []].insert(title.lowercased()) } }
        return Set(titles.filter { $0.value.count == 1 }.keys)
    }

    /// The end of a run of list items at `indent` that are entries of a list rather than fields:
    /// one label written two or more times (`- **Location**: …` twice), or with a label that
    /// is a slot (`- **{Principle}**: …`); nil for fields.
    private static func repeatedEntries(_ tokens: ArraySlice<TemplateLine>, indent: Int) -> Int? {
        var labels: [String] = []
        var plain = 0
        var end = tokens.startIndex
        while end < tokens.endIndex, tokens[end].indent >= indent {
            if tokens[end].indent == indent {
                guard tokens[end].listItem else { break }
                switch tokens[end].kind {
                case .field(let label, _): labels.append(label)
                case .item: plain += 1
                default: return nil
                }
            }
            end += 1
        }
        return areEntries(labels: labels, plain: plain) ? end : nil
    }

    /// Whether list items with these labels (and `plain` items without one) are entries of a
    /// list: one label written twice, or labelled entries beside one whose label is a slot
    /// (`- **{Principle}**: …`, read without a label).
    private static func areEntries(labels: [String], plain: Int) -> Bool {
        !labels.isEmpty && labels.count + plain >= 2 && (Set(labels.map { $0.lowercased() }).count == 1 && labels.count >= 2 || plain > 0)
    }

    private func item(_ token: TemplateLine, children: [Item]) -> Item {
        // `**Issues**:` over two `- **Location**: …` lines alike: examples of the entries of a
        // list, not fields.
        var children = children
        let labels = children.compactMap { child -> String? in if case .field(let title, _, _, _, _) = child { title } else { nil } }
        if Self.areEntries(labels: labels, plain: 0) {
            children = children.map { child in
                if case .field = child { return .listItem(text: Self.text(of: child), children: []) }
                return child
            }
        }
        switch token.kind {
        case .field(let label, "") where Self.isInstruction(label), .title(let label, _, _) where Self.isInstruction(label):
            // `For each container:`, `OR`: guidance about the template, not a field.
            return .prose(([label] + children.map(Self.text(of:))).joined(separator: " "))
        case .field(let label, let value):
            let (title, optional) = Self.cleaned(label)
            // A label whose sub-fields are all optional (`Knowledge & references:` over fixed
            // pointers) is optional too.
            let childFields = children.compactMap { child -> Bool? in
                if case .field(_, _, let optional, _, _) = child { optional } else { nil }
            }
            let optionalGroup = value.isEmpty && !childFields.isEmpty && childFields.allSatisfy { $0 }
            return .field(title: title, guidance: value,
                          optional: optional || optionalGroup || Self.marksOptional(value) || Self.isFixedText(value)
                            || value.isEmpty && Self.valueBelowMarksOptional(children),
                          children: children, line: token.line)
        case .title(let text, _, _):
            let (title, optional) = Self.cleaned(text)
            return .field(title: title, guidance: "", optional: optional || Self.valueBelowMarksOptional(children), children: children, line: token.line)
        case .heading(_, let text):
            let (title, optional) = Self.cleaned(text)
            return .field(title: title, guidance: "", optional: optional, children: children, line: token.line)
        case .item(let text): return .listItem(text: text, children: children)
        case .ellipsis: return .ellipsis
        case .code(let language, let text): return .code(language: language, text: text)
        case .table(let rows): return .table(header: rows.first ?? [], rows: Array(rows.dropFirst()))
        case .text(let text): return .prose(text)
        }
    }

    private static func prose(_ token: TemplateLine) -> Item {
        switch token.kind {
        case .text(let text), .item(let text), .heading(_, let text), .title(let text, _, _): .prose(text)
        case .field(let label, let value): .prose(label + ": " + value)
        case .code(_, let text): .prose(text)
        case .ellipsis, .table: .ellipsis
        }
    }

    private static func opensValueBelow(_ token: TemplateLine) -> Bool {
        switch token.kind {
        case .field(_, let value): value.isEmpty
        case .title: true
        default: false
        }
    }

    private static func isValueLine(_ token: TemplateLine) -> Bool {
        switch token.kind {
        case .item, .ellipsis, .code, .table, .text: true
        default: false
        }
    }

    // MARK: Lines

    private func tokenize(_ range: Range<Int>) -> [TemplateLine] {
        let s = source.bytes
        let scanner = LineScanner(source: source)
        let lines = range.map { scanner.scanLine($0) }
        // How many lines outside lists open with each emphasised label (`**Scenario:`), counted
        // once: two of them with placeholders title repeated items.
        var emphasisedOpenings: [String: Int] = [:]
        for line in lines where line.listContent == nil {
            let text = source.string(line.textStart..<line.end).trimmingSpaces
            guard text.hasPrefix("**") || text.hasPrefix("__"), let colon = text.firstIndex(of: ":") else { continue }
            emphasisedOpenings[String(text[...colon]), default: 0] += 1
        }
        var tokens: [TemplateLine] = []
        var conditional = false
        var k = 0
        while k < lines.count {
            let line = lines[k]
            let number = range.lowerBound + k
            let listItem = line.listContent != nil
            func add(_ kind: TemplateLine.Kind) {
                var kind = kind
                // Inside `<If CRITICAL findings exist>` … `<end if>`: parts written only when the case arises.
                if conditional {
                    switch kind {
                    case .field(let label, let value): kind = .field(label: label + " (if applicable)", value: value)
                    case .title(let text, let capitals, let emphasised): kind = .title(text + " (if applicable)", capitals: capitals, emphasised: emphasised)
                    case .heading(let level, let text): kind = .heading(level: level, title: text + " (if applicable)")
                    default: break
                    }
                }
                tokens.append(TemplateLine(kind: kind, indent: line.indent, listItem: listItem, ordered: line.ordered, line: number))
            }
            if case .text = line.kind, line.listContent == nil, let opens = Self.conditionMarker(source.string(line.textStart..<line.end)) {
                conditional = opens
                k += 1
                continue
            }
            switch line.kind {
            case .blank, .rule:
                k += 1
                continue
            case .fence(let marker, let length, let info):
                let close = FormatBlockLocator.closingFence(lines, open: k, marker: marker, length: length)
                let body = (k + 1..<close).map { source.lineText(range.lowerBound + $0) }
                add(.code(language: source.string(info), text: TextLines.dedented(body)))
                k = close + 1
                continue
            case .tableRow:
                var rows: [[String]] = []
                while k < lines.count, case .tableRow = lines[k].kind {
                    let cells = TableCells.split(source.string(lines[k].contentStart..<lines[k].end))
                    if !cells.allSatisfy({ $0.allSatisfy { "-: ".contains($0) } }) { rows.append(cells) }
                    k += 1
                }
                add(.table(rows))
                continue
            case .atxHeading(let level, let title):
                add(.heading(level: level, title: source.string(LineSyntax.cleanTitle(s, title))))
                k += 1
                continue
            case .text:
                break
            }
            let text = source.string(line.textStart..<line.end).trimmingSpaces
            if line.listContent == nil, let legend = LegendReader.legend(at: number, in: source, before: range.upperBound), legend.isExplanation {
                // `Severities:` over `- **BLOCKER** — must fix …`: what values mean, not a part.
                for j in number..<legend.end { tokens.append(TemplateLine(kind: .text(source.lineText(j).trimmingSpaces), indent: 0, listItem: false, line: j)) }
                k += legend.end - number
                continue
            }
            if line.listContent == nil, let name = Self.namedPart(text) {
                // `Include `Rollback Summary`:` over fields: the part they are, by its name.
                add(.title(name, capitals: false, emphasised: true))
                tokens[tokens.count - 1].hasColon = true
            } else if line.listContent == nil, line.indent == 0, Self.isItemTitleLine(text) {
                // `RC-001 — [title]` over fields, `RC-002 — ...`: an item's title line, read as a
                // heading below any the template has (its fields nest under it).
                add(.heading(level: 7, title: text))
            } else if let (title, gloss) = Self.emphasisedTitleWithGloss(text) {
                add(.title(title + " " + gloss, capitals: false, emphasised: true))  // `**Format Problems** (if any)`
            } else if Self.isEllipsis(text) {
                add(.ellipsis)
            } else if let (label, guidance) = Self.emphasisedField(text) {
                if line.listContent == nil, Self.holdsPlaceholder(guidance),
                   emphasisedOpenings[String(text.prefix(2)) + label + ":", default: 0] >= 2 {
                    // `**Scenario: <happy path>**` and `**Scenario: <error path>**`: items' titles.
                    add(.heading(level: 7, title: label + ": " + guidance))
                } else {
                    add(.field(label: label, value: guidance))  // `**Overall Health: {GOOD / BAD}**`
                }
            } else {
                switch LineSyntax.read(s, line.textStart..<line.end, allowDash: false) {
                case .title(let title):
                    let clean = source.string(LineSyntax.cleanTitle(s, title.title))
                    if title.isCapitals || title.emphasised || title.hasColon {
                        add(.title(clean, capitals: title.isCapitals, emphasised: title.emphasised))
                        tokens[tokens.count - 1].hasColon = title.hasColon
                    } else {
                        add(listItem ? .item(text) : .text(text))
                    }
                case .labelled(let labelled):
                    let value = source.string(labelled.value)
                    if let header = Self.namedColumns(label: source.string(labelled.label), value) {
                        // `Table: Run | Seed | Time (ms)`: a table of these columns, written in words.
                        add(.table([header]))
                    } else if listItem && Self.holdsAnotherLabel(value) {
                        // `- **Test:** name — **File:** path — cause`: one record a line, an item of a list.
                        add(.item(text))
                    } else if listItem, s[line.textStart] == 0x60, Self.isExampleValue(source.string(labelled.label)) {
                        // `` - `path/to/file1.py` - [summary] ``: an example entry of a list, not a field.
                        add(.item(text))
                    } else {
                        // A sentence wrapped onto the next lines (`**CRITICAL**: Your output MUST …`
                        // over `to each finding title …`): one value.
                        var value = value
                        while !value.isEmpty, k + 1 < lines.count, case .text = lines[k + 1].kind, lines[k + 1].listContent == nil,
                              let first = s[lines[k + 1].textStart..<lines[k + 1].end].first(where: { $0 != 0x20 && $0 != 0x09 }),
                              first >= 0x61 && first <= 0x7A {
                            k += 1
                            value += " " + source.string(lines[k].textStart..<lines[k].end).trimmingSpaces
                        }
                        add(.field(label: source.string(LineSyntax.cleanTitle(s, labelled.label)), value: value))
                    }
                case .plain:
                    add(listItem ? .item(text) : .text(text))
                }
            }
            k += 1
        }
        return tokens
    }

    /// A line that tells how to fill the template (see `LineSyntax.isInstruction(_:)`).
    static func isInstruction(_ text: String) -> Bool { LineSyntax.isInstruction(text) }

    /// The words of an item, for folding an instruction's children into its text.
    /// Whether a labelled line's value has a bold label of its own (`name — **File:** path`).
    static func holdsAnotherLabel(_ value: String) -> Bool {
        guard let close = value.range(of: ":**") ?? value.range(of: "**:") else { return false }
        return value[..<close.lowerBound].contains("**")
    }

    /// Whether a label written as code holds a value rather than a name: a path, a file, a call
    /// (`` `src/app.ts` ``, `` `pnpm build` ``) — anything but an identifier (`` `status` ``).
    static func isExampleValue(_ code: String) -> Bool {
        !code.allSatisfy { $0.isLetter || $0.isNumber || $0 == "_" || $0 == "-" }
    }

    static func text(of item: Item) -> String {
        switch item {
        case .field(let title, let guidance, _, let children, _):
            return ([guidance.isEmpty ? title : title + ": " + guidance] + children.map(text(of:))).joined(separator: " ")
        case .listItem(let text, let children): return ([text] + children.map(Self.text(of:))).joined(separator: " ")
        case .prose(let text): return text
        case .code(_, let text): return text
        case .ellipsis: return "..."
        case .table(let header, _): return header.joined(separator: " | ")
        }
    }

    /// The columns of a table a template names in words (`Table: Run | Seed | …`,
    /// `Columns: File | Line | Issue`), or nil.
    static func namedColumns(label: String, _ value: String) -> [String]? {
        guard ["table", "columns", "table columns", "a table with columns", "table with columns"]
            .contains(FormatBlockLocator.normalized(label)) else { return nil }
        let cells = TableCells.split(value.trimming(".")).filter { !isEllipsis($0) && !$0.isEmpty }
        return cells.count >= 2 ? cells : nil
    }

    /// A line emphasised as a whole that holds a label and its guidance: `**Overall Health:
    /// {GOOD / BAD}**` → (`Overall Health`, `{GOOD / BAD}`).
    static func emphasisedField(_ text: String) -> (String, String)? {
        guard text.count > 4, text.hasPrefix("**") && text.hasSuffix("**") || text.hasPrefix("__") && text.hasSuffix("__") else { return nil }
        let inner = text.dropFirst(2).dropLast(2)
        guard let colon = inner.range(of: ": ") else { return nil }
        let label = String(inner[..<colon.lowerBound]).trimmingSpaces
        let guidance = String(inner[colon.upperBound...]).trimmingSpaces
        guard !label.isEmpty, !guidance.isEmpty, label.split(separator: " ").count <= 6,
              !label.contains(where: { "[]<>{}*`".contains($0) }),
              let first = guidance.first, "[<{".contains(first) || GuidanceType.read(guidance) != .text else { return nil }
        return (label, guidance)
    }

    /// `...`, `…`, `etc.`, `[...]`, `(more as needed)`, `[Repeat for each finding]`.
    /// Whether a template line has a slot to fill: `[…]`, `<…>` or `{…}`.
    static func holdsPlaceholder(_ text: String) -> Bool {
        for (open, close) in [("[", "]"), ("<", ">"), ("{", "}")] {
            if let start = text.range(of: open), text[start.upperBound...].contains(close) { return true }
        }
        return false
    }

    /// Guidance that is a sentence of fixed text rather than a slot to fill (`` `.ai/kb/` —
    /// search for "WCAG" or component notes.``): no placeholder, several words, a full stop or
    /// a dash before more words. The template shows it; an answer need not repeat it.
    static func isFixedText(_ value: String) -> Bool {
        let text = value.trimmingSpaces
        guard !text.isEmpty, !holdsPlaceholder(text), !text.contains("|") else { return false }
        let words = text.split(separator: " ").count
        return words >= 6 && (text.hasSuffix(".") || text.contains(" — ")) && GuidanceType.read(text) == .text
    }

    /// The name an instruction gives the part that follows it, in code, quotes or bold
    /// (`Include `Rollback Summary`:`, `End with a "Verdict" section:`), or nil.
    static func namedPart(_ text: String) -> String? {
        guard text.hasSuffix(":"), text.count <= 80,
              let verb = text.split(separator: " ").first.map({ $0.lowercased() }),
              ["include", "add", "provide", "return", "output", "write", "give", "produce", "emit", "append", "end", "start", "then"].contains(verb)
        else { return nil }
        for (open, close) in [("`", "`"), ("\"", "\""), ("“", "”"), ("**", "**")] {
            guard let start = text.range(of: open), let end = text[start.upperBound...].range(of: close) else { continue }
            let name = String(text[start.upperBound..<end.lowerBound]).trimmingSpaces
            let rest = text[end.upperBound...]
            guard !name.isEmpty, name.split(separator: " ").count <= 5, name.first?.isLetter == true,
                  !rest.contains(open.first!) else { return nil }
            return name
        }
        return nil
    }

    /// A plain line that titles an item: a word with a number (`RC-001`, `Finding 2`), a
    /// separator, then a placeholder or `...` (`RC-001 — [title]`, `RC-002 — ...`) — not a
    /// field whose value has a number (`**Score:** X/10 — <why>`).
    static func isItemTitleLine(_ text: String) -> Bool {
        guard text.count <= 80 else { return false }
        for separator in [" — ", " – ", " - ", ": "] {
            guard let cut = text.range(of: separator) else { continue }
            let head = String(text[..<cut.lowerBound]).trimmingSpaces
            let tail = String(text[cut.upperBound...]).trimmingSpaces
            let numbered = head.contains { $0.isNumber } && head.contains { $0.isLetter } && head.split(separator: " ").count <= 3
                && !head.contains(":")
            let placeholder = tail.hasPrefix("[") && tail.hasSuffix("]") || tail.hasPrefix("<") && tail.hasSuffix(">") || isEllipsis(tail)
            return numbered && placeholder
        }
        return false
    }

    static func isEllipsis(_ text: String) -> Bool {
        let lower = text.lowercased()
        let bare = lower.trimming("[](){}*_ ")
        if bare.hasPrefix("...") || bare.hasPrefix("…") || bare == "etc" || bare == "etc." { return true }
        // `[Repeat for each finding]` — not `<feature>: <status> (repeat per feature)`, an
        // entry with a hint that it repeats.
        if let open = lower.lastIndex(where: { $0 == "(" || $0 == "[" }), open > lower.startIndex,
           lower[open...].contains("repeat"), holdsPlaceholder(String(lower[..<open])) {
            return false
        }
        return (lower.contains("repeat") && (lower.contains("for each") || lower.contains("as needed") || lower.contains("per ")))
            || bare.hasPrefix("more ") && bare.hasSuffix(" as needed")
    }

    /// `Notes (optional)` → (`Notes`, true).
    static func cleaned(_ title: String) -> (String, Bool) {
        let markers = ["(optional)", "[optional]", "(if any)", "(if applicable)", "(if relevant)", "(if needed)", "(when applicable)",
                       "- optional", "— optional"]
        var text = title
        // `Optional JSON Summary`: the title as written, optional.
        var optional = title.lowercased().hasPrefix("optional ")
        for marker in markers {
            if let range = text.range(of: marker, options: [.caseInsensitive]) {
                text.removeSubrange(range)
                optional = true
            }
        }
        // Any other condition in parentheses (`Breaking Changes (if significant)`).
        while let range = conditionalGloss(in: text) {
            text.removeSubrange(range)
            optional = true
        }
        return (text.trimmingSpaces, optional)
    }

    /// A line alone that opens (`<If CRITICAL findings exist>`, `[When blocked]`) or closes
    /// (`<end if>`, `</if>`) a part of the template written only in some cases: true when it
    /// opens, false when it closes, nil for any other line.
    static func conditionMarker(_ line: String) -> Bool? {
        let text = line.trimmingSpaces
        guard let first = text.first, let last = text.last, first == "<" && last == ">" || first == "[" && last == "]" || first == "{" && last == "}" else { return nil }
        let words = text.dropFirst().dropLast().lowercased().split { !$0.isLetter }
        guard let head = words.first else { return nil }
        if head == "end" || head == "endif" || text.hasPrefix("</") { return words.contains("if") || head == "endif" || words.contains("when") ? false : nil }
        return (head == "if" || head == "when" || head == "only") && words.count >= 2 ? true : nil
    }

    /// `Overall Score: X/10`, `Risk: [LOW | HIGH]` → (`Overall Score`, `X/10`): a title whose
    /// part after the colon is a typed value to fill in.
    static func slotInTitle(_ title: String) -> (String, String)? {
        guard let colon = title.range(of: ": ") else { return nil }
        let label = String(title[..<colon.lowerBound]).trimmingSpaces
        let slot = String(title[colon.upperBound...]).trimmingSpaces
        // A typed value (a score, a choice); `Finding 1: [Title]` heads an item of a block instead.
        guard !label.isEmpty, label.split(separator: " ").count <= 4, !holdsPlaceholder(label), !label.contains(where: \.isNumber),
              !slot.isEmpty, !isEllipsis(slot), GuidanceType.read(slot) != .text else { return nil }
        return (label, slot)
    }

    /// `**Format Problems** (if any)`: an emphasised title and a gloss that makes it optional.
    static func emphasisedTitleWithGloss(_ text: String) -> (String, String)? {
        guard text.hasPrefix("**"), text.hasSuffix(")"), let close = text.dropFirst(2).range(of: "**") else { return nil }
        let title = String(text[text.index(text.startIndex, offsetBy: 2)..<close.lowerBound]).trimmingSpaces
        let gloss = String(text[close.upperBound...]).trimmingSpaces
        guard !title.isEmpty, !title.contains("*"), gloss.hasPrefix("("), cleaned(gloss).1 else { return nil }
        return (title, gloss)
    }

    /// Whether the value shown below a label alone (`- **Key Code**:` over a fenced
    /// `[Exact snippet, if needed]`) says it may be left out: text or code only, no fields.
    static func valueBelowMarksOptional(_ children: [Item]) -> Bool {
        var texts: [String] = []
        for child in children {
            switch child {
            case .code(_, let text), .prose(let text): texts.append(text)
            case .field: return false
            default: continue
            }
        }
        return !texts.isEmpty && marksOptional(texts.joined(separator: " "))
    }

    /// Guidance that says the field may be left out: words such as "optional", "if any",
    /// "omit", or a condition in parentheses (`(if significant)`, `(when known)`).
    static func marksOptional(_ guidance: String) -> Bool {
        var lower = " " + FormatBlockLocator.normalized(guidance) + " "
        // `<true only when all is captured, else false>`: a condition on the value, not on the field.
        for truth in [" true only ", " false only ", " yes only ", " no only "] { lower = lower.replacingOccurrences(of: truth, with: " ") }
        return [" optional ", " if any ", " if applicable ", " if relevant ", " omit ", " only when ", " only if ", " if present ",
                " where applicable ", " when applicable ", " if needed "].contains(where: lower.contains)
            || conditionalGloss(in: guidance, inPlaceholders: true) != nil
    }

    /// The range of a parenthesised condition (`(if significant)`, `(when known)`, `(only for
    /// APIs)`) in `text`; with `inPlaceholders`, also a condition after a comma inside a slot
    /// (`[Exact snippet, if needed]`).
    static func conditionalGloss(in text: String, inPlaceholders: Bool = false) -> Range<String.Index>? {
        let conditions: Set<Substring> = ["if", "when", "only", "where", "unless"]
        var search = text.startIndex..<text.endIndex
        while let open = text.rangeOfCharacter(from: inPlaceholders ? ["(", "["] : ["("], range: search) {
            let closer: Character = text[open.lowerBound] == "(" ? ")" : "]"
            guard let close = text[open.upperBound...].firstIndex(of: closer) else { return nil }
            let inner = text[open.upperBound..<close].lowercased()
            let clauses = inPlaceholders ? inner.split(separator: ",") : [Substring(inner)]
            if clauses.contains(where: { conditions.contains($0.split(separator: " ").first ?? "") }) {
                return open.lowerBound..<text.index(after: close)
            }
            search = text.index(after: close)..<text.endIndex
        }
        return nil
    }


}
