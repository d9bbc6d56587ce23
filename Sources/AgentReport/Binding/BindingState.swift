import JSONSchema

/// One walk of an outline against a format: the stack of schema nodes open at each point of
/// the answer, and what has been bound (see `ReportBinder`).
struct BindingState {
    let format: ReturnFormat
    let outline: ResponseOutline
    let tables: BindingTables

    /// A schema node open at this point of the answer.
    struct Frame {
        /// The container whose children bind here.
        var container: Int
        /// The pointer of this frame's object in `data` ("" for the answer).
        var pointer: String
        /// The heading level that opened it (ATX or setext), 0 for other titles.
        var level: Int
        /// A repeated block's own heading (`## Findings`): its items come below; no item yet.
        var isHolder: Bool = false
        /// For a repeated block's holder or item: the frame that has the block, and the block's
        /// child index there.
        var block: (owner: Int, child: Int)? = nil
        /// The key of the node the frame stands for (nil for the answer).
        var key: String? = nil
    }

    /// A field's value as bound: its text, and where the field and its value are.
    struct Bound {
        var text: String
        var range: SourceRange
        var valueRange: SourceRange?
    }

    /// Where a bound value is kept: a field outside repeated blocks by its slot (the same in
    /// every answer), a field of an item by its pointer.
    enum BoundKey {
        case slot(Int)
        case pointer(String)
    }

    var stack: [Frame]
    /// Bound values of fields outside repeated blocks, by slot.
    var slotValues: [Bound?]
    /// Bound values of fields inside items, by pointer.
    var values: [String: Bound] = [:]
    /// Containers seen, by pointer, with the body they were first given (to tell a repeat from
    /// a second part).
    var seen: [String: [OutlineItem]] = [:]
    /// Items of each repeated block, by the block's pointer.
    var itemCounts: [String: Int] = [:]
    /// Parts of an item heading captured by a title pattern that the item's schema does not name.
    var capturedExtras: [String: [(String, String)]] = [:]
    var extras = Extras()
    var diagnostics: [Diagnostic] = []
    var locations: [String: SourceRange] = [:]
    var valueLocations: [String: SourceRange] = [:]
    var writtenValues: [String: String] = [:]
    var preambleParts: [String] = []
    /// The last field read from titled lines (`Label - value`), by pointer, and its last line:
    /// an indented list or code block right below it continues its value.
    var lastTitledField: (key: BoundKey, pointer: String, lastLine: Int, inList: Bool)?
    /// A field written as a heading with nothing under it yet: a title line right below it
    /// that names nothing (`### Verdict` then `NEEDS CHANGES`) is its value.
    var emptyHeadingField: (key: BoundKey, pointer: String)?
    /// A text field written as a heading (`## Findings` where the schema has a string): deeper
    /// headings below it that name nothing of the schema (`### Finding 1: …`) are its text.
    var headingTextField: (key: BoundKey, pointer: String, level: Int)?
    /// The answer's own title: a level-1 heading above its first section.
    var title: String?
    /// The table last bound to a repeated block, while rows the parser read as fields may
    /// still follow it.
    var openTable: OpenTable?

    struct OpenTable {
        var block: (owner: Int, child: Int)
        var header: [String]
        var columns: [Int?]
        var lastLine: Int
    }

    /// The format's implicit section (`x-implicit-section`): the part of a template without headings.
    var implicitSection: Int? { tables.implicitSection }

    init(format: ReturnFormat, outline: ResponseOutline, tables: BindingTables) {
        self.format = format
        self.outline = outline
        self.tables = tables
        self.stack = [Frame(container: 0, pointer: "", level: 0)]
        self.slotValues = [Bound?](repeating: nil, count: tables.slotCount)
        let capacity = tables.slotCount
        // An answer with more nodes than the format has fields (repeated blocks, table rows, up
        // to a hundred thousand): room for an entry a line at once, rather than rehashing the
        // tables as they grow.
        let written = outline.source.lineCount
        locations.reserveCapacity(max(capacity, written))
        valueLocations.reserveCapacity(max(capacity, written))
        if written > capacity {
            values.reserveCapacity(written)
            seen.reserveCapacity(outline.sections.count)
        }
    }

    var root: BindingTables.Container { tables.containers[0] }
    var inSection: Bool { stack.count > 1 }
    /// Whether no part of the format has been met yet: a heading here may be the answer's title
    /// or preamble.
    var nothingBound: Bool { seen.isEmpty && values.isEmpty && !slotValues.contains { $0 != nil } }

    mutating func run() {
        var preamble = outline.preamble.filter { !$0.isComment }
        // A flat template (fields with no heading) has one implicit section: the fields written
        // before any heading are its fields.
        preamble = bindImplicitSection(preamble)
        // A section title written as a plain line (`Api Architecture`) in what the parser took
        // for the preamble: from there on it is the answer.
        if !inSection, let start = preamble.firstIndex(where: opensPart) {
            let answer = Array(preamble[start...])
            preamble = Array(preamble[..<start])
            preambleParts = preamble.map(text(of:))
            bindItems(answer)
        } else {
            preambleParts = preamble.map(text(of:))
        }
        for section in outline.sections {
            bind(section)
        }
        // Likewise a section's or a list's title written as a plain line after the last
        // section's fields (`PROBLEMS` over a list), which the parser took for the epilogue.
        var epilogue = outline.epilogue.filter { !$0.isComment }
        if let start = epilogue.firstIndex(where: { item in
            if isPlainSectionTitle(item) && unseenContainer(titled: text(of: item)) != nil { return true }
            guard case .block(let block) = item else { return false }
            return headsField(block)
        }) {
            bindItems(Array(epilogue[start...]))
            epilogue = Array(epilogue[..<start])
        }
        extras.preamble = preambleParts.filter { !$0.isEmpty }.joined(separator: "\n\n")
        extras.epilogue = epilogue.map(text(of:)).joined(separator: "\n\n")
    }

    // MARK: Headings

    /// Where a heading belongs: the frame whose container has the matching child.
    enum HeadingMatch {
        /// A section, group or repeated block by its title; `misspelled` warns.
        case container(frame: Int, child: Int, misspelled: Bool)
        /// An item of a repeated block, by its title pattern, with what the pattern captured.
        case item(frame: Int, child: Int, captured: [(name: String, value: String)])
        /// A field of the innermost frame the heading may open in, written as a heading.
        case field(frame: Int, child: Int)
        /// A field and its value written in one heading (`## Verdict: APPROVE`).
        case fieldInHeading(frame: Int, child: Int, value: String)
        case none
    }

    /// Frames a heading of `level` may open inside, innermost first: a heading closes every
    /// frame opened by a heading of its level or above.
    func candidateFrames(level: Int) -> [Int] {
        var result: [Int] = []
        result.reserveCapacity(stack.count)
        for k in stack.indices.reversed() {
            let frame = stack[k]
            if level > 0 && frame.level > 0 && level <= frame.level { continue }
            result.append(k)
        }
        return result
    }

    func match(heading title: String, level: Int) -> HeadingMatch {
        let found = match(heading: title, key: TitleMatcher.normalize(title), level: level)
        // The template's heading copied with its gloss (`### Failures (if any)` where the format
        // titles it "Failures"): the words before the gloss.
        guard case .none = found, let core = TitleMatcher.withoutGloss(title) else { return found }
        return match(heading: core, key: TitleMatcher.normalize(core), level: level)
    }

    private func match(heading title: String, key: String, level: Int) -> HeadingMatch {
        let found = match(normalized: key, title: title, level: level, frames: candidateFrames(level: level))
        guard case .none = found, level > 0 else { return found }
        // Written at another level than the schema nests it (`## Findings` where the format has
        // it inside `## Summary`): the schema decides, so look in the frames the level closed too.
        return match(normalized: key, title: title, level: 0, frames: Array(stack.indices.reversed()), writtenLevel: level)
    }

    /// `writtenLevel` is the heading's own level when `level` is 0 for the second look.
    func match(normalized key: String, title: String, level: Int, frames: [Int], writtenLevel: Int? = nil) -> HeadingMatch {
        // 1. a container by its exact title
        for k in frames {
            let container = tables.containers[stack[k].container]
            if stack[k].isHolder { continue }
            if let child = container.matcher.exactMatch(normalized: key), container.isContainer(child) {
                return .container(frame: k, child: child, misspelled: false)
            }
        }
        // 2. an item of a repeated block by its title pattern
        if let item = matchItem(title, level: level, frames: frames) { return item }
        // 3. a field of the innermost frame by its exact title (step 5 below) before any close
        //    spelling: an exact title is never read as a misspelling of another
        if let innermost = frames.first, !stack[innermost].isHolder {
            let container = tables.containers[stack[innermost].container]
            if let child = container.matcher.exactMatch(normalized: key), !container.isContainer(child) {
                return .field(frame: innermost, child: child)
            }
        }
        // 4. a container by a close spelling
        for k in frames where !stack[k].isHolder {
            let container = tables.containers[stack[k].container]
            if case .misspelled(let child) = container.matcher.closeMatch(normalized: key), container.isContainer(child) {
                return .container(frame: k, child: child, misspelled: true)
            }
        }
        // 5. a field written as a heading: of the innermost frame (also by a close spelling), else
        //    of an outer one by its exact title (`CHECKLIST` after the last section's fields)
        if let innermost = frames.first, !stack[innermost].isHolder {
            let container = tables.containers[stack[innermost].container]
            let child = container.matcher.exactMatch(normalized: key) ?? {
                if case .misspelled(let child) = container.matcher.closeMatch(normalized: key) { return child }
                return nil
            }()
            if let child, !container.isContainer(child) { return .field(frame: innermost, child: child) }
        }
        for k in frames.dropFirst() where !stack[k].isHolder {
            let container = tables.containers[stack[k].container]
            if let child = container.matcher.exactMatch(normalized: key), !container.isContainer(child),
               bound(boundKey(frame: k, child: child)) == nil {
                return .field(frame: k, child: child)
            }
        }
        // 6. a heading that holds a field and its value (`## Verdict: APPROVE`)
        if let (label, value) = Self.titledLine(Substring(title)), !value.isEmpty {
            let labelKey = TitleMatcher.normalize(label)
            for k in frames where !stack[k].isHolder {
                let container = tables.containers[stack[k].container]
                if let child = container.matcher.exactMatch(normalized: labelKey), !container.isContainer(child) {
                    return .fieldInHeading(frame: k, child: child, value: String(value))
                }
            }
        }
        // 7. nothing else: an item of a repeated block whose items are headed by a placeholder
        //    alone (`## [Topic/Area]`), with no heading of the block's own above them (a
        //    level-1 heading before anything else is the answer's title instead)
        let couldBeTitle = (writtenLevel ?? level) == 1 && !inSection && nothingBound
        for k in frames where !stack[k].isHolder && !couldBeTitle {
            let container = tables.containers[stack[k].container]
            for child in container.children.indices where container.kind(child) == .repeated {
                guard let pattern = container.children[child].titlePattern, !pattern.hasLiteralWords, let captured = pattern.match(title) else { continue }
                return .item(frame: k, child: child, captured: captured)
            }
        }
        return .none
    }

    /// An item of a repeated block whose title pattern `title` matches: patterns with words
    /// first, then a pattern that only captures (`{issue_title}`), which only continues a block
    /// already open (a sibling item, or the first under the block's heading).
    func matchItem(_ title: String, level: Int, frames: [Int]) -> HeadingMatch? {
        for literalOnly in [true, false] {
            for k in frames {
                let frame = stack[k]
                let container = tables.containers[frame.container]
                if frame.isHolder || isItemFrame(k) {
                    // Inside a repeated block: its own pattern.
                    guard let (parent, child) = frame.block else { continue }
                    guard let pattern = tables.containers[stack[parent].container].children[child].titlePattern,
                          pattern.hasLiteralWords == literalOnly else { continue }
                    if !literalOnly {
                        // a capture-only pattern continues the block: a sibling item, or the first under its holder
                        if frame.isHolder ? !(level == 0 || frame.level == 0 || level > frame.level) : !(level == frame.level) { continue }
                    }
                    if let captured = pattern.match(title) { return .item(frame: parent, child: child, captured: captured) }
                }
                guard literalOnly else { continue }
                for child in container.children.indices where container.kind(child) == .repeated {
                    guard let pattern = container.children[child].titlePattern, pattern.hasLiteralWords, !frame.isHolder else { continue }
                    if let captured = pattern.match(title) { return .item(frame: k, child: child, captured: captured) }
                }
            }
        }
        return nil
    }

    /// Whether frame `k` is an item of a repeated block.
    func isItemFrame(_ k: Int) -> Bool {
        !stack[k].isHolder && stack[k].block != nil
    }

    mutating func bind(_ section: OutlineSection) {
        let level = Self.headingLevel(section)
        if title == nil, !inSection, nothingBound, let pattern = format.titlePattern, pattern.match(section.title) != nil {
            // The template's title line, filled in: the answer's title; what is under it,
            // preamble — up to the first part of the format written under it (an item's title
            // line, a section's title).
            title = section.title
            let start = section.items.firstIndex(where: opensPart) ?? section.items.count
            // The template's fields below its title (`**Reviewer**: …`) are its implicit section's.
            preambleParts += bindImplicitSection(Array(section.items[..<start])).filter { !$0.isComment }.map(text(of:))
            if start < section.items.count { bindItems(Array(section.items[start...])) }
            return
        }
        var match = match(heading: section.title, level: level)
        // `## Overall Score: 6.5/10` where the format has a part "Overall Score": that part, the
        // heading's value its field of the same title.
        var headingValue: String?
        if case .none = match, let (label, value) = Self.titledLine(Substring(section.title)), !value.isEmpty {
            let byLabel = self.match(heading: String(label), level: level)
            if case .container = byLabel {
                match = byLabel
                headingValue = String(value)
            }
        }
        let pendingField = emptyHeadingField
        emptyHeadingField = nil
        let textField = headingTextField
        headingTextField = nil
        switch match {
        case .container(let k, let child, let misspelled):
            let node = tables.containers[stack[k].container].children[child]
            let pointer = childPointer(frame: k, child: child)
            if misspelled { diagnostics.append(.misspelledSection(section, node, path: pointer)) }
            stack.removeSubrange((k + 1)...)
            if let first = seen[pointer] {
                let identical = body(first) == body(section.items)
                diagnostics.append(.duplicateSection(section, node, identical: identical, path: pointer))
                push(child: child, of: k, level: level)
                if identical { return }
            } else {
                open(child: child, of: k, headingRange: section.headingRange, level: level, body: section.items)
            }
            if let headingValue, let nested = tables.containers[stack[k].container].childContainers[child],
               let own = tables.containers[nested].matcher.exactMatch(node.title), !tables.containers[nested].isContainer(own) {
                bindField(OutlineField(label: node.title, style: .heading, value: headingValue, labelRange: section.titleRange,
                                       valueRange: section.titleRange, range: section.headingRange,
                                       lines: section.headingRange.start.line - 1...section.headingRange.end.line - 1, indent: 0), child: own)
            }
            bindItems(section.items)
        case .item(let k, let child, let captured):
            openItem(child: child, of: k, headingRange: section.headingRange, level: level, captured: captured)
            bindItems(section.items)
        case .field(let k, let child), .fieldInHeading(let k, let child, _):
            // `### Framework Choice` followed by its text: a field written as a heading.
            stack.removeSubrange((k + 1)...)
            // Its value: the body up to a field of the frame it binds in; under a real heading a
            // line such as `Before step 3: drop …` that names no field is part of the text, under a
            // label (`- Versioning Strategy:` over `- Rate Limits: …`) the lines below are siblings.
            let container = tables.containers[stack[k].container]
            let isHeading = section.style != .listItem && section.style != .label
            // A list due here takes the list items below, also those the parser read as
            // labelled (`- Vendor contract — 2 days old — link`) when they name no field.
            let node = container.children[child]
            let takesList = node.kind == .array || node.kind == .checklist || node.kind == .repeated && node.acceptsText
            let leading = section.items.prefix { item in
                guard case .field(let field) = item else { return true }
                let namesNoField = container.matcher.exactMatch(field.label) == nil
                return namesNoField && (isHeading || takesList && field.style == .listItem)
            }
            // An HTML comment (the renderer's `<!-- missing: … -->`) is no part of the value;
            // list items stay one list.
            var value = ""
            var previousWasItem = false
            for item in leading where !item.isComment {
                var isItem = false
                if case .field(let field) = item, field.style == .listItem { isItem = true }
                if case .block(let block) = item, block.kind == .list { isItem = true }
                if !value.isEmpty { value += isItem && previousWasItem ? "\n" : "\n\n" }
                value += text(of: item)
                previousWasItem = isItem
            }
            if case .fieldInHeading(_, _, let inHeading) = match { value = value.isEmpty ? inHeading : inHeading + "\n\n" + value }
            let valueRange = leading.first.map { first in first.range.union(leading.last?.range ?? first.range) }
            let field = OutlineField(
                label: section.title, style: .heading, value: value,
                labelRange: section.titleRange, valueRange: valueRange,
                range: valueRange.map(section.headingRange.union) ?? section.headingRange,
                lines: section.headingRange.start.line - 1...section.headingRange.end.line - 1,
                indent: 0)
            bindField(field, child: child)
            let isEmpty = value.isEmpty && section.items.isEmpty
            let holdsText = level > 0 && node.kind == .string && node.enumValues.isEmpty
            if isEmpty || holdsText {
                let pointer = childPointer(frame: k, child: child)
                let key = boundKey(frame: k, child: child, pointer: pointer)
                if isEmpty { emptyHeadingField = (key, pointer) }
                if holdsText { headingTextField = (key, pointer, level) }
            }
            bindItems(Array(section.items.dropFirst(leading.count)))
        case .none where textField.map({ level > $0.level }) ?? false:
            // A deeper heading under a text field's heading, naming nothing: part of its text,
            // its level kept relative to the field's (`## Findings` over `### Finding 1` holds
            // `# Finding 1`), as indentation is kept relative to a label's.
            guard let (key, pointer, fieldLevel) = textField, var value = bound(key) else { return }
            let heading = String(repeating: "#", count: level - fieldLevel) + " " + outline.source.string(spanOf: section.titleRange)
            let part = ([heading] + section.items.filter { !$0.isComment }.map(text(of:))).joined(separator: "\n\n")
            value.text = value.text.isEmpty ? part : value.text + "\n\n" + part
            value.valueRange = value.valueRange.map { $0.union(section.range) } ?? section.range
            value.range = value.range.union(section.range)
            setBound(key, value)
            locations[pointer] = value.range
            valueLocations[pointer] = value.valueRange
            headingTextField = textField
        case .none where pendingField != nil && level == 0:
            // The value of the heading field above, which the parser took for a title line.
            guard let (key, pointer) = pendingField, var value = bound(key) else { return }
            value.text = ([outline.source.string(spanOf: section.headingRange)] + section.items.map(text(of:))).joined(separator: "\n\n")
            value.valueRange = section.range
            value.range = value.range.union(section.range)
            setBound(key, value)
            locations[pointer] = value.range
            valueLocations[pointer] = section.range
        case .none where level == 0 && LineSyntax.isInstruction(section.title):
            // `For each failure:` copied from the template: guidance, not a part; what follows
            // it belongs where it stands.
            bindItems(section.items)
        case .none:
            if openImplicitSection(for: section.title) {
                bind(section)
                return
            }
            bindUnmatched(section)
        }
    }

    /// A flat template (fields with no heading) has one implicit section: the fields of
    /// `items` (and, for a template that is one table, its tables) are its fields. Returns the
    /// items left.
    mutating func bindImplicitSection(_ items: [OutlineItem]) -> [OutlineItem] {
        guard let implicit = implicitSection else { return items }
        let rows = format.sections[implicit].kind == .repeated
        func belongs(_ item: OutlineItem) -> Bool {
            switch item {
            case .field: true
            case .block(let block): rows && block.kind == .table
            }
        }
        let fields = items.filter(belongs)
        guard !fields.isEmpty else { return items }
        open(child: implicit, of: 0, headingRange: fields.first?.range, level: 0, body: [])
        bindItems(fields)
        return items.filter { !belongs($0) }
    }

    /// A template of fields with no headings has one implicit section: a heading or label that
    /// names one of its fields, outside any section, opens it. Returns whether it did.
    mutating func openImplicitSection(for title: String) -> Bool {
        guard stack.count == 1, let implicit = implicitSection,
              let nested = root.childContainers[implicit],
              let child = tables.containers[nested].matcher.exactMatch(title),
              !tables.containers[nested].isContainer(child) || tables.containers[nested].acceptsText(child)
        else { return false }
        let pointer = childPointer(frame: 0, child: implicit)
        if seen[pointer] == nil {
            open(child: implicit, of: 0, headingRange: nil, level: 0, body: [])
        } else {
            push(child: implicit, of: 0, level: 0)
        }
        return true
    }

    /// The level of a heading written with `#` or underlined; 0 for other titles.
    static func headingLevel(_ section: OutlineSection) -> Int {
        section.style == .atx || section.style == .setext ? section.level : 0
    }

    /// Whether the first field among `items` is a field of the innermost frame not bound yet.
    func leadsIntoFields(_ items: [OutlineItem]) -> Bool {
        guard let first = items.lazy.compactMap({ item -> OutlineField? in if case .field(let field) = item { field } else { nil } }).first,
              let (frame, _) = unboundField(titled: first.label) else { return false }
        return frame == stack.count - 1
    }

    /// A heading that is no part of the schema.
    mutating func bindUnmatched(_ section: OutlineSection) {
        if let implicit = implicitRows(for: section) {
            // `## Findings` over the table a template of one table asks for: its rows.
            open(child: implicit, of: 0, headingRange: section.headingRange, level: Self.headingLevel(section), body: section.items)
            bindItems(section.items)
            return
        }
        let hasFields = section.items.contains { if case .field = $0 { true } else { false } }
        if hasFields, let (k, child) = blockOfFields(section.items) {
            // `## Issue 1` over the fields of a repeated block's item: an item headed in the
            // answer's own words, its heading the item's title (the pattern's first capture that
            // is not a number).
            let level = Self.headingLevel(section)
            let pattern = tables.containers[stack[k].container].children[child].titlePattern
            let captured = (pattern?.captures.first { $0 != "n" }).map { [(name: $0, value: section.title)] } ?? []
            openItem(child: child, of: k, headingRange: section.headingRange, level: level, captured: captured)
            bindItems(section.items)
            return
        }
        if !inSection && !hasFields && nothingBound {
            if title == nil && section.level == 1 && (section.style == .atx || section.style == .setext) {
                // `# Checkout Backend Design` above the answer: its title; the text below it is preamble.
                title = section.title
                preambleParts += section.items.filter { !$0.isComment }.map(text(of:))
            } else {
                let body = section.items.filter { !$0.isComment }.map(text(of:))
                preambleParts.append(([outline.source.string(spanOf: section.headingRange)] + body).joined(separator: "\n\n"))
            }
        } else if section.items.isEmpty && TitleMatcher.normalize(section.title) == ExtrasHeading.normalized {
            // `## Extras`, as the Markdown renderer writes it: the sections below it are not in the schema.
            stack.removeSubrange(1...)
        } else if inSection, hasFields, Self.headingLevel(section) == 0, leadsIntoFields(section.items) {
            // `According to the broker:` over fields of the open part: words of the answer
            // leading into them, a note; the fields are the part's.
            appendNote(outline.source.string(spanOf: section.headingRange), range: section.headingRange)
            bindItems(section.items)
        } else {
            diagnostics.append(.unknownSection(section))
            extras.unknownSections.append(Extras.UnknownSection(
                title: section.title, text: section.items.map(text(of:)).joined(separator: "\n\n"), range: section.range))
            // A heading closes the parts opened at its level or below it, and no others: a
            // subsection of the answer's own (`### Notes` inside `## Test Results`) leaves its
            // section open for the next one of the format (`### Summary`).
            let level = Self.headingLevel(section)
            let keep = level > 0 ? stack.indices.dropFirst().first { stack[$0].level == 0 || stack[$0].level >= level } ?? stack.count : 1
            stack.removeSubrange(keep...)
        }
    }

    /// The format's implicit section of table rows, not yet met, when `section` holds a table
    /// whose header names most of its columns.
    func implicitRows(for section: OutlineSection) -> Int? {
        guard let implicit = implicitSection, format.sections[implicit].kind == .repeated,
              seen[childPointer(frame: 0, child: implicit)] == nil, root.childContainers[implicit] != nil else { return nil }
        for case .block(let block) in section.items where block.kind == .table {
            guard let header = block.text.linesAtLineFeeds.first.map({ TableCells.split(String($0)) }) else { continue }
            let matched = columns(header, of: (0, implicit)).matched
            if matched > 0 && matched * 2 >= header.count { return implicit }
        }
        return nil
    }

    /// The repeated block of an open frame whose item fields name most of these fields' labels
    /// (at least half, and one).
    func blockOfFields(_ items: [OutlineItem]) -> (frame: Int, child: Int)? {
        let labels = items.compactMap { item -> String? in if case .field(let field) = item { field.label } else { nil } }
        guard !labels.isEmpty else { return nil }
        var best: (frame: Int, child: Int, score: Int)? = nil
        for k in stack.indices.reversed() where !stack[k].isHolder {
            let container = tables.containers[stack[k].container]
            for child in container.children.indices where container.kind(child) == .repeated {
                guard let item = container.childContainers[child] else { continue }
                let matcher = tables.containers[item].matcher
                let score = labels.filter { matcher.exactMatch($0) != nil }.count
                if score > 0, score * 2 >= labels.count, score > (best?.score ?? 0) { best = (k, child, score) }
            }
        }
        return best.map { ($0.frame, $0.child) }
    }

    // MARK: Bound values

    func boundKey(frame k: Int, child: Int) -> BoundKey {
        boundKey(frame: k, child: child, pointer: tables.slotBase[stack[k].container] == nil ? childPointer(frame: k, child: child) : "")
    }

    /// The same, with the child's pointer already known.
    func boundKey(frame k: Int, child: Int, pointer: String) -> BoundKey {
        if let base = tables.slotBase[stack[k].container] { return .slot(base + child) }
        return .pointer(pointer)
    }

    func bound(_ key: BoundKey) -> Bound? {
        switch key {
        case .slot(let slot): slotValues[slot]
        case .pointer(let pointer): values[pointer]
        }
    }

    mutating func setBound(_ key: BoundKey, _ bound: Bound) {
        switch key {
        case .slot(let slot): slotValues[slot] = bound
        case .pointer(let pointer): values[pointer] = bound
        }
    }

    // MARK: Opening containers

    func childPointer(frame k: Int, child: Int) -> String {
        tables.childPointer(stack[k].container, own: stack[k].pointer, child: child)
    }

    /// Pushes the frame of child `child` of frame `k` (k must be the innermost frame).
    mutating func push(child: Int, of k: Int, level: Int) {
        let container = tables.containers[stack[k].container]
        let pointer = childPointer(frame: k, child: child)
        guard let nested = container.childContainers[child] else { return }
        let isHolder = container.kind(child) == .repeated
        stack.append(Frame(container: nested, pointer: pointer, level: level, isHolder: isHolder,
                           block: isHolder ? (k, child) : nil, key: container.children[child].key))
    }

    /// Opens a section, group or repeated block first seen here.
    mutating func open(child: Int, of k: Int, headingRange: SourceRange?, level: Int, body: [OutlineItem]) {
        let pointer = childPointer(frame: k, child: child)
        stack.removeSubrange((k + 1)...)
        markSeen(upTo: k)
        seen[pointer] = body
        if let headingRange { locations[pointer] = headingRange }
        push(child: child, of: k, level: level)
    }

    /// Every container on the stack up to frame `k` counts as present.
    mutating func markSeen(upTo k: Int) {
        for j in stack.indices.dropFirst().prefix(k) where !isItemFrame(j) && seen[stack[j].pointer] == nil {
            seen[stack[j].pointer] = []
        }
    }

    /// Opens a new item of repeated child `child` of frame `k`.
    mutating func openItem(child: Int, of k: Int, headingRange: SourceRange, level: Int, captured: [(name: String, value: String)]) {
        let container = tables.containers[stack[k].container]
        let arrayPointer = childPointer(frame: k, child: child)
        guard let itemContainer = container.childContainers[child] else { return }
        markSeen(upTo: k)
        if seen[arrayPointer] == nil {
            seen[arrayPointer] = []
            locations[arrayPointer] = headingRange
        }
        // Keep the block's holder frame when it is open, so that its next item finds it.
        let holderOpen = stack.count >= k + 2 && stack[k + 1].isHolder && stack[k + 1].pointer == arrayPointer
        stack.removeSubrange((holderOpen ? k + 2 : k + 1)...)
        let n = itemCounts[arrayPointer, default: 0]
        itemCounts[arrayPointer] = n + 1
        let itemPointer = arrayPointer + "/" + String(n)
        locations[itemPointer] = headingRange
        stack.append(Frame(container: itemContainer, pointer: itemPointer, level: level, block: (k, child), key: container.children[child].key))
        let item = tables.containers[itemContainer]
        for (name, value) in captured {
            let field = OutlineField(label: name, style: .heading, value: value, labelRange: headingRange, valueRange: headingRange,
                                     range: headingRange, lines: (headingRange.start.line - 1)...(headingRange.start.line - 1), indent: 0)
            if let index = item.children.firstIndex(where: { $0.key == name }) {
                store(field, value: value, child: index, frame: stack.count - 1)
            } else {
                capturedExtras[itemPointer, default: []].append((name, value))
            }
        }
    }

    /// The innermost frame fields bind to: a holder frame gets its first item, unheaded.
    mutating func fieldFrame() -> Int {
        let k = stack.count - 1
        guard stack[k].isHolder, let (owner, child) = stack[k].block else { return k }
        let range = locations[stack[k].pointer] ?? SourceRange(start: outline.source.position(at: 0), end: outline.source.position(at: 0))
        openItem(child: child, of: owner, headingRange: range, level: stack[k].level, captured: [])
        return stack.count - 1
    }

    // MARK: Data

    /// `data` in schema order: containers that appeared, with the fields that were found.
    mutating func data() -> JSONObject {
        object(container: 0, pointer: "")
    }

    mutating func object(container index: Int, pointer: String) -> JSONObject {
        let container = tables.containers[index]
        // The children's keys are distinct: the object is built from its members in order.
        var keys: [String] = []
        var members: [JSONValue] = []
        keys.reserveCapacity(container.children.count)
        members.reserveCapacity(container.children.count)
        for child in container.children.indices {
            let here = tables.childPointer(index, own: pointer, child: child)
            let slot = tables.slotBase[index].map { $0 + child }
            if let bound = slot.map({ slotValues[$0] }) ?? values[here] {
                let (value, written) = FieldValue.json(bound.text, node: container.children[child])
                keys.append(container.children[child].key)
                members.append(value)
                if let written { writtenValues[here] = written }
                continue
            }
            guard let nested = container.childContainers[child], seen[here] != nil else { continue }
            keys.append(container.children[child].key)
            if container.kind(child) == .repeated {
                let count = itemCounts[here] ?? 0
                members.append(.array((0..<count).map { n in
                    .object(self.object(container: nested, pointer: here + "/" + String(n)))
                }))
            } else {
                members.append(.object(self.object(container: nested, pointer: here)))
            }
        }
        var object = JSONObject(uniqueKeys: keys, values: members)
        for (name, value) in capturedExtras.isEmpty ? [] : capturedExtras[pointer] ?? [] where object[name] == nil {
            object[name] = .string(value)
        }
        return object
    }

    // MARK: Text

    func text(of item: OutlineItem) -> String { outline.text(of: item) }

    func body(_ items: [OutlineItem]) -> String {
        items.map(text(of:)).joined(separator: "\n").collapsingWhiteSpace
    }
}
