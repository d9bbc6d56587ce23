import JSONSchema

/// Binding the items of a section: labelled fields, plain labels and what they open.
extension BindingState {
    // MARK: Items

    mutating func bindItems(_ items: [OutlineItem]) {
        for (index, item) in items.enumerated() {
            if case .field(let field) = item, bindTableRowField(field) || bindItemTitleField(field) { continue }
            openTable = nil
            switch item {
            case .field(let field):
                guard inSection || isTopLevelField(field.label) || unseenContainer(titled: field.label) != nil
                        || openImplicitSection(for: field.label) else { continue }
                bindLabelled(field)
            case .block(let block) where !item.isComment:
                if let heading = fieldHeading(block, over: items[(index + 1)...]) {
                    bind(heading)
                    return
                }
                if block.kind == .paragraph, bindPlainLabel(block) { continue }
                if block.kind == .table, bindTableRows(block) || bindLabelRows(block) { continue }
                if extendTitledField(with: block) { continue }
                if block.kind == .paragraph || block.kind == .list, inSection, bindTitledLines(block) { continue }
                appendNote(block.text, range: block.range)
            case .block:
                break  // an HTML comment, such as the renderer's `<!-- missing: … -->`: not content
            }
        }
    }

    /// A line alone that is exactly the title of a field of an open frame not bound yet
    /// (`PROBLEMS` over its list, where the parser saw a lone word in capitals): that field's
    /// heading, over the items after it. Each such line names another field, so the nesting it
    /// adds is bounded by the schema.
    func fieldHeading(_ block: OutlineBlock, over rest: ArraySlice<OutlineItem>) -> OutlineSection? {
        guard headsField(block) else { return nil }
        let end = rest.last?.range ?? block.range
        return OutlineSection(title: block.text, style: .capitals, level: 0, headingRange: block.range, titleRange: block.range,
                              items: Array(rest), range: block.range.union(end), bodyLines: (block.lines.upperBound + 1)..<(block.lines.upperBound + 1))
    }

    /// Whether `block` is such a line.
    func headsField(_ block: OutlineBlock) -> Bool {
        guard block.kind == .paragraph, block.lines.count == 1, block.text.utf8.count <= 120,
              unboundField(titled: block.text) != nil, case .field = match(heading: block.text, level: 0) else { return false }
        return true
    }

    /// A one-line field the parser read from an item's title line (`RC-003 — Rename the key`,
    /// label `RC-003`) that a repeated block's title pattern with words names, when its label
    /// is no field of the innermost frame: that block's next item.
    mutating func bindItemTitleField(_ field: OutlineField) -> Bool {
        guard tables.hasWordPatterns, field.style != .tableRow,
              tables.containers[stack[stack.count - 1].container].matcher.exactMatch(field.label) == nil,
              case .item(let k, let child, let captured)? = wordedItemTitle(.field(field)) else { return false }
        openItem(child: child, of: k, headingRange: field.range, level: 0, captured: captured)
        // `**Scenario: Valid link**` over its list: the list is the item's text.
        if field.lines.count > 1, !field.value.isEmpty { appendNote(field.value, range: field.valueRange ?? field.range) }
        return true
    }

    /// The item a one-line paragraph or field titles by a pattern with words (`RC-{n} — {title}`).
    func wordedItemTitle(_ item: OutlineItem) -> HeadingMatch? {
        guard tables.hasWordPatterns else { return nil }
        let line: String
        switch item {
        case .block(let block) where block.kind == .paragraph && block.lines.count == 1: line = block.text
        case .field(let field) where field.lines.count == 1 || field.style == .labelLine:
            line = outline.source.lineText(field.lines.lowerBound).trimmingSpaces
        default: return nil
        }
        let found = matchItem(line, level: 0, frames: Array(stack.indices.reversed()))
        guard case .item(let k, let child, _)? = found,
              tables.containers[stack[k].container].children[child].titlePattern?.hasLiteralWords == true else { return nil }
        return found
    }

    /// Whether a label outside any section names a field at the top of the format
    /// (`**Verdict:** APPROVE` where the format has `## Verdict: APPROVE | HOLD`).
    func isTopLevelField(_ label: String) -> Bool {
        guard let child = root.matcher.exactMatch(label) else { return false }
        return !root.isContainer(child)
    }

    /// The key of the open section, for extras.
    var sectionKey: String? {
        stack.count > 1 ? stack[1].key : nil
    }

    /// Whether an item outside any section starts a part of the format: a section's title, or
    /// an item's title line that a pattern with words names.
    func opensPart(_ item: OutlineItem) -> Bool {
        if isPlainSectionTitle(item) { return true }
        // `**Summary**` over its text, `**Review Result: PASS**` alone: a labelled line that names
        // a part at the top of the format, exactly, starts the answer.
        if case .field(let field) = item, root.matcher.exactMatch(field.label) != nil { return true }
        return wordedItemTitle(item) != nil
    }

    func isPlainSectionTitle(_ item: OutlineItem) -> Bool {
        guard case .block(let block) = item, block.kind == .paragraph, block.lines.count == 1,
              let child = root.matcher.exactMatch(block.text), root.isContainer(child) else { return false }
        return true
    }

    /// Whether `title` is exactly the title of a container of an open frame.
    func namesContainer(_ title: String) -> Bool {
        let key = TitleMatcher.normalize(title)
        return stack.contains { frame in
            guard !frame.isHolder, let child = tables.containers[frame.container].matcher.exactMatch(normalized: key) else { return false }
            return tables.containers[frame.container].isContainer(child)
        }
    }

    /// A container of an open frame, by its exact title, not seen yet: innermost first.
    func unseenContainer(titled title: String) -> (frame: Int, child: Int)? {
        let key = TitleMatcher.normalize(title)
        for k in stack.indices.reversed() where !stack[k].isHolder {
            let container = tables.containers[stack[k].container]
            if let child = container.matcher.exactMatch(normalized: key), container.isContainer(child),
               seen[childPointer(frame: k, child: child)] == nil {
                return (k, child)
            }
        }
        return nil
    }

    /// A field (no container) of an open frame, by its exact title, not bound yet: innermost first.
    func unboundField(titled title: String) -> (frame: Int, child: Int)? {
        let key = TitleMatcher.normalize(title)
        guard !key.isEmpty else { return nil }
        for k in stack.indices.reversed() where !stack[k].isHolder {
            let container = tables.containers[stack[k].container]
            if let child = container.matcher.exactMatch(normalized: key), !container.isContainer(child),
               bound(boundKey(frame: k, child: child)) == nil {
                return (k, child)
            }
        }
        return nil
    }

    /// A paragraph whose first line is exactly a title of the schema, written with no colon or
    /// emphasis: a container's title alone starts it; a field's title followed by lines is
    /// that field, its value the lines below.
    mutating func bindPlainLabel(_ block: OutlineBlock) -> Bool {
        let text = block.text
        let first = text[..<(text.utf8.firstIndex(of: 0x0A) ?? text.endIndex)]
        let source = outline.source
        let line = block.lines.lowerBound
        if block.lines.count == 1, let (k, child) = unseenContainer(titled: String(first)) {
            open(child: child, of: k, headingRange: block.range, level: 0, body: [])
            return true
        }
        // A line the parser did not take for a title (`**Issue 3: Cache never expires**` reads
        // like a sentence) that a repeated block's title pattern names: that block's next item.
        if block.lines.count == 1, !namesContainer(String(first)),
           case .item(let k, let child, let captured)? = matchItem(String(first), level: 0, frames: Array(stack.indices.reversed())) {
            let node = tables.containers[stack[k].container].children[child]
            // Outside any section only a pattern with words (`RC-{n} — {title}`) opens an item.
            if node.titlePattern?.hasLiteralWords == true || inSection && Self.isEmphasisedLine(first) {
                openItem(child: child, of: k, headingRange: block.range, level: 0, captured: captured)
                return true
            }
        }
        guard block.lines.count > 1, inSection else { return false }
        let container = tables.containers[stack[stack.count - 1].container]
        guard let child = container.matcher.exactMatch(String(first)), !container.isContainer(child) || container.acceptsText(child)
        else { return false }
        let value = first.endIndex < text.endIndex ? String(text[text.index(after: first.endIndex)...]) : ""
        let valueRange = source.range(lines: line + 1, block.lines.upperBound)
        let field = OutlineField(
            label: String(first), style: .labelLine, value: value,
            labelRange: source.range(lines: line, line), valueRange: valueRange,
            range: block.range, lines: block.lines, indent: 0)
        bindField(field, child: child)
        return true
    }

    /// A labelled line: a field of the innermost frame, or — with no value — the start of a
    /// container not seen yet.
    mutating func bindLabelled(_ field: OutlineField) {
        if tables.hasColonTitles, !field.value.isEmpty, field.value.utf8.count <= 60, !field.value.containsLineFeed,
           let (frame, child) = unseenContainer(titled: field.label + ": " + field.value) {
            // `**Review Result: PASS**`: a part whose title holds a colon, not a label and its value.
            open(child: child, of: frame, headingRange: field.range, level: 0, body: [])
            return
        }
        let k = stack.count - 1
        let container = tables.containers[stack[k].container]
        let matched = stack[k].isHolder ? TitleMatcher.Match.none : container.matcher.match(field.label)
        if case .exact(let child) = matched, container.isContainer(child), !container.acceptsText(child) || field.value.isEmpty,
           seen[childPointer(frame: k, child: child)] == nil {
            // `Database:` over its fields, or `**Escalate If**` over a list: that part, the text its body.
            open(child: child, of: k, headingRange: field.value.isEmpty ? field.range : field.labelRange, level: 0, body: [])
            if !field.value.isEmpty {
                extras.notes.append(Extras.Text(section: sectionKey, text: field.value, range: field.valueRange))
            }
            return
        }
        if field.value.isEmpty, matched == .none, let (frame, child) = unseenContainer(titled: field.label) {
            // `Api Architecture:` as a bare label: it starts that section.
            open(child: child, of: frame, headingRange: field.range, level: 0, body: [])
            return
        }
        if field.style == .labelLine, matched == .none, let (frame, child) = unseenContainer(titled: field.label) {
            // `**Reasoning**` alone on its line, then its text: the section of that title, the text its body.
            open(child: child, of: frame, headingRange: field.labelRange, level: 0, body: [])
            if !field.value.isEmpty {
                extras.notes.append(Extras.Text(section: sectionKey, text: field.value, range: field.valueRange))
            }
            return
        }
        // The first item's title, under the block's heading: no unheaded item before it.
        if stack[k].isHolder, case .none = container.matcher.match(field.label), bindItemLabel(field) { return }
        var target = fieldFrame()
        let targetContainer = tables.containers[stack[target].container]
        switch target == k ? matched : targetContainer.matcher.match(field.label) {
        case .exact(let child):
            stack.removeSubrange((target + 1)...)
            if isItemFrame(target), bound(boundKey(frame: target, child: child)) != nil, let (owner, array) = stack[target].block {
                // A field the item already has: the next item of a block written without item headings.
                openItem(child: array, of: owner, headingRange: field.range, level: stack[target].level, captured: [])
                target = stack.count - 1
            }
            bindField(field, child: child)
        case .misspelled(let child):
            stack.removeSubrange((target + 1)...)
            diagnostics.append(.misspelledField(field, targetContainer.children[child], path: childPointer(frame: target, child: child)))
            bindField(field, child: child)
        case .none:
            if let (outer, child) = unboundOuterField(titled: field.label, below: target) {
                // A field of an enclosing section, written after the inner part (`**Reasoning**`
                // and its text after the routing decision's fields).
                stack.removeSubrange((outer + 1)...)
                bindField(field, child: child)
                return
            }
            if bindItemLabel(field) { return }
            if targetContainer.children.isEmpty {
                // A part with no fields (a list or prose under its heading): a line that reads
                // like a label there is its text, not a field the schema lacks.
                appendNote(outline.source.string(spanOf: field.range), range: field.range)
                return
            }
            let owner = ownerNode(of: target)
            diagnostics.append(.unknownField(field, title: owner.title, path: stack[target].pointer))
            extras.unknownFields.append(Extras.UnknownField(
                section: sectionKey ?? "", label: field.label, value: field.value, range: field.range, parent: stack[target].pointer))
        }
    }

    /// A label alone or over its lines (`1. **Cache never expires**` over `- Severity: major`)
    /// that an open repeated block's title pattern matches: that block's next item, titled by
    /// the label, its lines the item's fields.
    mutating func bindItemLabel(_ field: OutlineField) -> Bool {
        guard field.style != .tableRow else { return false }
        let frames = Array(stack.indices.reversed())
        let valueBelow = field.valueRange.map { $0.start.line > field.labelRange.end.line } ?? true
        var value = field.value
        var found = valueBelow ? matchItem(field.label, level: 0, frames: frames) : nil
        if !valueBelow {
            // `1. NullPointer - 312 reports` over its fields, where the pattern is `{signature} - {count}
            // reports`: the whole first line is the title; the lines below, the fields.
            let line = LineSyntax.withoutListMarker(outline.source.lineText(field.lines.lowerBound).trimmingSpaces)
            found = matchItem(line, level: 0, frames: frames)
            value = field.value.linesAtLineFeeds.dropFirst().joined(separator: "\n")
        }
        guard case .item(let k, let child, let captured)? = found else { return false }
        openItem(child: child, of: k, headingRange: field.labelRange, level: 0, captured: captured)
        guard !value.trimmingSpaces.isEmpty, let range = field.valueRange else { return true }
        let first = valueBelow ? range.start.line - 1 : range.start.line
        let block = OutlineBlock(kind: .list, text: value, range: range, lines: first...max(first, range.end.line - 1))
        if !bindTitledLines(block) { appendNote(value, range: range) }
        return true
    }

    /// Whether the bytes hold two line breaks with only spaces between them.
    static func hasBlankLine(_ bytes: [UInt8], _ span: Range<Int>) -> Bool {
        var breaks = 0
        for i in span where i < bytes.count {
            switch bytes[i] {
            case 0x0A: breaks += 1; if breaks == 2 { return true }
            case 0x20, 0x09, 0x0D: continue
            default: breaks = 0
            }
        }
        return false
    }

    /// Text of the open section in no field; a line right below the last note continues it.
    mutating func appendNote(_ text: String, range: SourceRange) {
        if let last = extras.notes.last, last.section == sectionKey, let lastRange = last.range,
           lastRange.end.offset <= range.start.offset, lastRange.end.line + 1 >= range.start.line,
           !Self.hasBlankLine(outline.source.bytes, lastRange.end.offset..<range.start.offset) {
            extras.notes[extras.notes.count - 1].text += "\n" + text
            extras.notes[extras.notes.count - 1].range = lastRange.union(range)
            return
        }
        extras.notes.append(Extras.Text(section: sectionKey, text: text, range: range))
    }

    /// A field of a frame below `k`, by its exact title, not bound yet: innermost first.
    func unboundOuterField(titled title: String, below k: Int) -> (frame: Int, child: Int)? {
        let key = TitleMatcher.normalize(title)
        for j in stack.indices.prefix(k).reversed() where !stack[j].isHolder {
            let container = tables.containers[stack[j].container]
            if let child = container.matcher.exactMatch(normalized: key), !container.isContainer(child),
               bound(boundKey(frame: j, child: child)) == nil {
                return (j, child)
            }
        }
        return nil
    }

    /// The schema node of frame `k` (a section, group or repeated block).
    func ownerNode(of k: Int) -> ReturnFormat.Node {
        var j = k - 1
        let container = stack[k].container
        while j >= 0 {
            let parent = tables.containers[stack[j].container]
            if let child = parent.childContainers.firstIndex(where: { $0 == container }) { return parent.children[child] }
            j -= 1
        }
        return ReturnFormat.Node(key: "", title: format.title ?? "the answer", description: nil, isRequired: true, kind: .object,
                                 fields: [], annotations: JSONObject(), titlePattern: nil)
    }

    /// Binds `field` to child `child` of the innermost frame.
    mutating func bindField(_ field: OutlineField, child: Int) {
        let k = stack.count - 1
        if bindGroup(field, child: child, frame: k) { return }
        if splitAtSiblingLabel(field, child: child, frame: k) { return }
        store(field, value: field.value, child: child, frame: k)
    }

    /// A value whose later lines begin with the label of another field of the same part
    /// (`1. **File**: a.ts:3` over an indented `**Severity**: critical`, which the parser kept
    /// as a continuation): the value ends there, and those lines are their fields. Returns
    /// whether it split.
    mutating func splitAtSiblingLabel(_ field: OutlineField, child: Int, frame k: Int) -> Bool {
        let container = tables.containers[stack[k].container]
        guard container.children.count > 1, field.value.containsLineFeed, let valueRange = field.valueRange,
              container.kind(child) != .object else { return false }
        // Only a later line that holds a separator can start a field: the bytes are scanned
        // for one first, and most values are never split into lines.
        // A candidate starts (after spaces) with a bold label or a letter — not a list marker,
        // whose sub-items are the value's own — and holds a separator.
        var candidates: [(line: Int, start: Int)] = []
        field.value.utf8.withContiguousStorageIfAvailable { bytes in
            var line = 0
            var previous: UInt8 = 0
            var atStart = false
            var eligible = false
            var flagged = false
            var lineStart = 0
            var k = 0
            while k < bytes.count {
                let b = bytes[k]
                if b == 0x0A {
                    line += 1
                    atStart = true
                    eligible = false
                    flagged = false
                    previous = 0
                    k += 1
                    lineStart = k
                    continue
                }
                if atStart {
                    if b == 0x20 || b == 0x09 { k += 1; continue }
                    atStart = false
                    let next = k + 1 < bytes.count ? bytes[k + 1] : 0
                    eligible = (b == 0x2A && next == 0x2A) || (b == 0x5F && next == 0x5F) || (b | 0x20 >= 0x61 && b | 0x20 <= 0x7A)
                }
                if eligible, !flagged, Self.mayStartSeparator(b, after: previous) {
                    candidates.append((line, lineStart))
                    flagged = true
                }
                previous = b
                k += 1
            }
        }
        guard !candidates.isEmpty else { return false }
        let utf8 = field.value.utf8
        let cutLine = candidates.first { candidate in
            let start = utf8.index(utf8.startIndex, offsetBy: candidate.start)
            let rest = field.value[start...]
            let line = rest[..<(rest.utf8.firstIndex(of: 0x0A) ?? rest.endIndex)]
            guard let (label, _) = Self.titledLine(line), let other = container.matcher.exactMatch(label) else { return false }
            return other != child && !container.isContainer(other)
        }?.line
        guard let cut = cutLine else { return false }
        let lines = field.value.linesAtLineFeeds
        let first = valueRange.start.line - 1
        let source = outline.source
        // The value's lines need not be the source's one for one (a fence gets a blank line
        // before it): the sibling's label is found again among the value's source lines.
        let label = String(lines[cut]).trimmingSpaces
        guard let restStart = (first + 1..<min(valueRange.end.line, source.lineCount)).first(where: { source.lineText($0).trimmingSpaces == label }) else {
            return false
        }
        var head = field
        head.value = lines[..<cut].joined(separator: "\n").trimmingSpaces
        head.valueRange = source.range(lines: first, restStart - 1)
        store(head, value: head.value, child: child, frame: k)
        let restEnd = min(valueRange.end.line - 1, source.lineCount - 1)
        let tailText = TextLines.dedented((restStart...max(restStart, restEnd)).map { source.lineText($0) })
        let tail = OutlineBlock(kind: .paragraph, text: tailText, range: source.range(lines: restStart, restEnd),
                                lines: restStart...max(restStart, restEnd))
        _ = bindTitledLines(tail)
        return true
    }

    /// A labelled group whose sub-fields the parser kept as its value (`- Authentication:` over
    /// `  - Method: …` lines): when the value's lines name the group's fields, they bind as its
    /// fields, so that a missing one is reported. Returns whether it did.
    mutating func bindGroup(_ field: OutlineField, child: Int, frame k: Int) -> Bool {
        let container = tables.containers[stack[k].container]
        guard container.kind(child) == .object, let nested = container.childContainers[child],
              let range = field.valueRange, seen[childPointer(frame: k, child: child)] == nil else { return false }
        let matcher = tables.containers[nested].matcher
        let lines = field.value.linesAtLineFeeds
        guard lines.contains(where: { line in Self.titledLine(line).map { matcher.exactMatch($0.0) != nil } ?? false }) else { return false }
        open(child: child, of: k, headingRange: field.labelRange, level: 0, body: [])
        let first = range.start.line - 1
        let block = OutlineBlock(kind: .list, text: field.value, range: range, lines: first...max(first, first + lines.count - 1))
        _ = bindTitledLines(block)
        stack.removeSubrange((k + 1)...)
        return true
    }

    mutating func store(_ field: OutlineField, value: String, child: Int, frame k: Int) {
        let pointer = childPointer(frame: k, child: child)
        let key = boundKey(frame: k, child: child, pointer: pointer)
        if let existing = bound(key) {
            if existing.text.collapsingWhiteSpace != value.collapsingWhiteSpace {
                let node = tables.containers[stack[k].container].children[child]
                diagnostics.append(.conflictingField(field, node, firstAt: existing.range, path: pointer))
                extras.repeatedFields.append(Extras.UnknownField(
                    section: sectionKey ?? "", label: field.label, value: value, range: field.range, parent: stack[k].pointer))
            }
            return
        }
        setBound(key, Bound(text: value, range: field.range, valueRange: field.valueRange))
        locations[pointer] = field.range
        // A value that is all of its field (a table cell's row): `locations` holds it already.
        if field.valueRange != field.range { valueLocations[pointer] = field.valueRange }
    }

}
