import Foundation
import JSONSchema

/// Binds a `ResponseOutline` to a `ReturnFormat`: headings to sections, groups and repeated
/// blocks at any depth, labels to fields, and everything else to `extras`.
///
/// Binding is schema-aligned: the binder walks the outline with a stack of the schema nodes
/// open at that point (the answer, a section, a group, an item of a repeated block). A heading
/// is matched against the containers open on the stack, innermost first — by title, then by
/// an item's title pattern (`Finding {n}: {title}`), then by a close spelling (with a
/// `misspelled-label` warning) — and a heading that closes by level (`##` after `###`) cannot
/// open inside what it closes. A heading that matches no container but a field of the
/// innermost one is that field, its text the value (`### Framework Choice` then prose); a
/// label with no value that matches a container starts it. What matches nothing is kept
/// verbatim, with `unknown-section` or `unknown-field`.
public struct ReportBinder: Sendable {
    public let format: ReturnFormat
    /// How the report names its schema.
    public let schemaName: String?
    private let tables: BindingTables

    public init(format: ReturnFormat, schemaName: String? = nil) {
        self.format = format
        self.schemaName = schemaName
        self.tables = BindingTables(format)
    }

    public func bind(_ outline: ResponseOutline) -> Report {
        var state = BindingState(format: format, outline: outline, tables: tables)
        state.run()
        var report = Report(
            source: outline.source.name, schema: schemaName,
            metadata: outline.frontMatter?.value ?? JSONObject(),
            data: state.data(), extras: state.extras,
            diagnostics: (outline.diagnostics + state.diagnostics).sortedByPosition(),
            locations: state.locations, outline: outline)
        report.valueLocations = state.valueLocations
        report.writtenValues = state.writtenValues
        report.title = state.title
        return report
    }
}

/// What binding needs of a format, computed once per binder: every container (the answer, a
/// section or group, a repeated block's item) with a matcher over its children's titles.
private struct BindingTables: Sendable {
    final class Container: Sendable {
        /// The container's children: sections at the root, else fields and nested containers.
        let children: [ReturnFormat.Node]
        let matcher: TitleMatcher
        /// For a child that is a group: its container; for a repeated block: its item's.
        let childContainers: [Int?]
        /// Pointer tokens of each child's key, escaped once.
        let escapedKeys: [String]

        init(children: [ReturnFormat.Node], matcher: TitleMatcher, childContainers: [Int?], escapedKeys: [String]) {
            self.children = children
            self.matcher = matcher
            self.childContainers = childContainers
            self.escapedKeys = escapedKeys
        }
    }

    private(set) var containers: [Container] = []
    /// Each container's pointer when it is not inside a repeated block's item (so the same in
    /// every answer), with its children's: worked out once rather than at every field.
    private(set) var staticPointers: [(own: String, children: [String])?] = []

    init(_ format: ReturnFormat) {
        _ = add(format.sections)
        staticPointers = [(own: String, children: [String])?](repeating: nil, count: containers.count)
        fillStaticPointers(0, own: "")
    }

    private mutating func fillStaticPointers(_ index: Int, own: String) {
        let container = containers[index]
        let children = container.escapedKeys.map { own + "/" + $0 }
        staticPointers[index] = (own, children)
        for (child, nested) in container.childContainers.enumerated() {
            guard let nested, container.children[child].kind == .object else { continue }
            fillStaticPointers(nested, own: children[child])
        }
    }

    /// The pointer of child `child` of container `index` whose own pointer is `pointer`.
    func childPointer(_ index: Int, own pointer: String, child: Int) -> String {
        if let fixed = staticPointers[index], fixed.own == pointer { return fixed.children[child] }
        return pointer + "/" + containers[index].escapedKeys[child]
    }

    /// Adds the container of `children` and, depth first, those nested in it; returns its index.
    private mutating func add(_ children: [ReturnFormat.Node]) -> Int {
        let index = containers.count
        containers.append(Container(children: [], matcher: TitleMatcher(candidates: []), childContainers: [], escapedKeys: []))
        var nested: [Int?] = []
        for child in children {
            nested.append(child.isContainer ? add(child.fields) : nil)
        }
        containers[index] = Container(
            children: children,
            matcher: TitleMatcher(candidates: children.map { [$0.title, $0.key] }),
            childContainers: nested,
            escapedKeys: children.map { JSONPointer.escape($0.key) })
        return index
    }
}

private struct BindingState {
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
    }

    struct Bound {
        var text: String
        var field: OutlineField
    }

    var stack: [Frame]
    /// Bound values by pointer.
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
    var lastTitledField: (pointer: String, lastLine: Int, inList: Bool)?
    /// The answer's own title: a level-1 heading above its first section.
    var title: String?

    init(format: ReturnFormat, outline: ResponseOutline, tables: BindingTables) {
        self.format = format
        self.outline = outline
        self.tables = tables
        self.stack = [Frame(container: 0, pointer: "", level: 0)]
        let capacity = format.sections.reduce(format.sections.count) { $0 + $1.fields.count }
        locations.reserveCapacity(capacity)
        valueLocations.reserveCapacity(capacity)
    }

    var root: BindingTables.Container { tables.containers[0] }
    var inSection: Bool { stack.count > 1 }

    mutating func run() {
        var preamble = outline.preamble.filter { !$0.isComment }
        // A flat template (fields with no heading) has one implicit section: the fields written
        // before any heading are its fields.
        if let implicit = format.sections.firstIndex(where: { $0.annotations["x-implicit-section"] == .bool(true) }),
           preamble.contains(where: { if case .field = $0 { true } else { false } }) {
            let fields = preamble.filter { if case .field = $0 { true } else { false } }
            open(child: implicit, of: 0, headingRange: fields.first?.range, level: 0, body: [])
            bindItems(fields)
            preamble = preamble.filter { if case .field = $0 { false } else { true } }
        }
        // A section title written as a plain line (`Api Architecture`) in what the parser took
        // for the preamble: from there on it is the answer.
        if !inSection, let start = preamble.firstIndex(where: isPlainSectionTitle) {
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
        extras.preamble = preambleParts.filter { !$0.isEmpty }.joined(separator: "\n\n")
        extras.epilogue = outline.epilogue.filter { !$0.isComment }.map(text(of:)).joined(separator: "\n\n")
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
    private func candidateFrames(level: Int) -> [Int] {
        var result: [Int] = []
        for k in stack.indices.reversed() {
            let frame = stack[k]
            if level > 0 && frame.level > 0 && level <= frame.level { continue }
            result.append(k)
        }
        return result
    }

    private func match(heading title: String, level: Int) -> HeadingMatch {
        let key = TitleMatcher.normalize(title)
        let found = match(normalized: key, title: title, level: level, frames: candidateFrames(level: level))
        guard case .none = found, level > 0 else { return found }
        // Written at another level than the schema nests it (`## Findings` where the format has
        // it inside `## Summary`): the schema decides, so look in the frames the level closed too.
        return match(normalized: key, title: title, level: 0, frames: Array(stack.indices.reversed()))
    }

    private func match(normalized key: String, title: String, level: Int, frames: [Int]) -> HeadingMatch {
        // 1. a container by its exact title
        for k in frames {
            let container = tables.containers[stack[k].container]
            if stack[k].isHolder { continue }
            if let child = container.matcher.exactMatch(normalized: key), container.children[child].isContainer {
                return .container(frame: k, child: child, misspelled: false)
            }
        }
        // 2. an item of a repeated block by its title pattern: words first, then a pattern that
        //    only captures (`{issue_title}`), which only continues a block already open
        for literalOnly in [true, false] {
            for k in frames {
                let frame = stack[k]
                let container = tables.containers[frame.container]
                if frame.isHolder || isItemFrame(k) {
                    // Inside a repeated block: its own pattern.
                    guard let (parent, child) = arrayOwning(frame: k) else { continue }
                    let node = tables.containers[stack[parent].container].children[child]
                    guard let pattern = node.titlePattern, pattern.hasLiteralWords == literalOnly else { continue }
                    if !literalOnly {
                        // a capture-only pattern continues the block: a sibling item, or the first under its holder
                        if frame.isHolder ? !(level == 0 || frame.level == 0 || level > frame.level) : !(level == frame.level) { continue }
                    }
                    if let captured = pattern.match(title) { return .item(frame: parent, child: child, captured: captured) }
                }
                guard literalOnly else { continue }
                for (child, node) in container.children.enumerated() where node.kind == .repeated {
                    guard let pattern = node.titlePattern, pattern.hasLiteralWords, !frame.isHolder else { continue }
                    if let captured = pattern.match(title) { return .item(frame: k, child: child, captured: captured) }
                }
            }
        }
        // 3. a container by a close spelling
        for k in frames where !stack[k].isHolder {
            let container = tables.containers[stack[k].container]
            if case .misspelled(let child) = container.matcher.closeMatch(normalized: key), container.children[child].isContainer {
                return .container(frame: k, child: child, misspelled: true)
            }
        }
        // 4. a field written as a heading: of the innermost frame (also by a close spelling), else
        //    of an outer one by its exact title (`CHECKLIST` after the last section's fields)
        if let innermost = frames.first, !stack[innermost].isHolder {
            let container = tables.containers[stack[innermost].container]
            let child = container.matcher.exactMatch(normalized: key) ?? {
                if case .misspelled(let child) = container.matcher.closeMatch(normalized: key) { return child }
                return nil
            }()
            if let child, !container.children[child].isContainer { return .field(frame: innermost, child: child) }
        }
        for k in frames.dropFirst() where !stack[k].isHolder {
            let container = tables.containers[stack[k].container]
            if let child = container.matcher.exactMatch(normalized: key), !container.children[child].isContainer,
               values[childPointer(frame: k, child: child)] == nil {
                return .field(frame: k, child: child)
            }
        }
        // 5. a heading that holds a field and its value (`## Verdict: APPROVE`)
        if let (label, value) = Self.titledLine(Substring(title)), !value.isEmpty {
            let labelKey = TitleMatcher.normalize(label)
            for k in frames where !stack[k].isHolder {
                let container = tables.containers[stack[k].container]
                if let child = container.matcher.exactMatch(normalized: labelKey), !container.children[child].isContainer {
                    return .fieldInHeading(frame: k, child: child, value: String(value))
                }
            }
        }
        return .none
    }

    /// Whether frame `k` is an item of a repeated block (its pointer ends in an index).
    private func isItemFrame(_ k: Int) -> Bool {
        k > 0 && !stack[k].isHolder && stack[k].pointer.utf8.last.map { $0 >= 0x30 && $0 <= 0x39 } == true
            && arrayOwning(frame: k) != nil
    }

    /// For a holder or item frame: the frame holding the repeated block and the block's child index.
    private func arrayOwning(frame k: Int) -> (Int, Int)? {
        // The owner is the nearest frame below whose container has a repeated child with this item container.
        let item = stack[k].container
        var j = k - 1
        while j >= 0 {
            let container = tables.containers[stack[j].container]
            if let child = container.childContainers.firstIndex(where: { $0 == item }),
               container.children[child].kind == .repeated, !stack[j].isHolder || stack[j].container != item {
                return (j, child)
            }
            if stack[j].container != item { break }
            j -= 1
        }
        return nil
    }

    private mutating func bind(_ section: OutlineSection) {
        let level = section.style == .atx || section.style == .setext ? section.level : 0
        let match = match(heading: section.title, level: level)
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
            bindItems(section.items)
        case .item(let k, let child, let captured):
            openItem(child: child, of: k, headingRange: section.headingRange, level: level, captured: captured)
            bindItems(section.items)
        case .field(let k, let child), .fieldInHeading(let k, let child, _):
            // `### Framework Choice` followed by its text: a field written as a heading.
            stack.removeSubrange((k + 1)...)
            let leading = section.items.prefix { if case .block = $0 { true } else { false } }
            var value = leading.map(text(of:)).joined(separator: "\n\n")
            if case .fieldInHeading(_, _, let inHeading) = match { value = value.isEmpty ? inHeading : inHeading + "\n\n" + value }
            let valueRange = leading.first.map { first in first.range.union(leading.last?.range ?? first.range) }
            let field = OutlineField(
                label: section.title, style: .heading, value: value,
                labelRange: section.titleRange, valueRange: valueRange,
                range: valueRange.map(section.headingRange.union) ?? section.headingRange,
                lines: section.headingRange.start.line - 1...section.headingRange.end.line - 1,
                indent: 0)
            bindField(field, child: child)
            bindItems(Array(section.items.dropFirst(leading.count)))
        case .none:
            if openImplicitSection(for: section.title) {
                bind(section)
                return
            }
            bindUnmatched(section)
        }
    }

    /// A template of fields with no headings has one implicit section: a heading or label that
    /// names one of its fields, outside any section, opens it. Returns whether it did.
    private mutating func openImplicitSection(for title: String) -> Bool {
        guard stack.count == 1, let implicit = format.sections.firstIndex(where: { $0.annotations["x-implicit-section"] == .bool(true) }),
              let nested = root.childContainers[implicit],
              let child = tables.containers[nested].matcher.exactMatch(normalized: TitleMatcher.normalize(title)),
              !tables.containers[nested].children[child].isContainer || tables.containers[nested].children[child].acceptsText
        else { return false }
        let pointer = childPointer(frame: 0, child: implicit)
        if seen[pointer] == nil {
            open(child: implicit, of: 0, headingRange: nil, level: 0, body: [])
        } else {
            push(child: implicit, of: 0, level: 0)
        }
        return true
    }

    /// A heading that is no part of the schema.
    private mutating func bindUnmatched(_ section: OutlineSection) {
        let hasFields = section.items.contains { if case .field = $0 { true } else { false } }
        if !inSection && seen.isEmpty && !hasFields {
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
        } else {
            diagnostics.append(.unknownSection(section))
            extras.unknownSections.append(Extras.UnknownSection(
                title: section.title, text: section.items.map(text(of:)).joined(separator: "\n\n"), range: section.range))
            stack.removeSubrange(1...)
        }
    }

    // MARK: Opening containers

    private func childPointer(frame k: Int, child: Int) -> String {
        tables.childPointer(stack[k].container, own: stack[k].pointer, child: child)
    }

    /// Pushes the frame of child `child` of frame `k` (k must be the innermost frame).
    private mutating func push(child: Int, of k: Int, level: Int) {
        let container = tables.containers[stack[k].container]
        let node = container.children[child]
        let pointer = childPointer(frame: k, child: child)
        guard let nested = container.childContainers[child] else { return }
        stack.append(Frame(container: nested, pointer: pointer, level: level, isHolder: node.kind == .repeated))
    }

    /// Opens a section, group or repeated block first seen here.
    private mutating func open(child: Int, of k: Int, headingRange: SourceRange?, level: Int, body: [OutlineItem]) {
        let pointer = childPointer(frame: k, child: child)
        stack.removeSubrange((k + 1)...)
        markSeen(upTo: k)
        seen[pointer] = body
        if let headingRange { locations[pointer] = headingRange }
        push(child: child, of: k, level: level)
    }

    /// Every container on the stack up to frame `k` counts as present.
    private mutating func markSeen(upTo k: Int) {
        for j in 1...max(1, k) where j <= k && seen[stack[j].pointer] == nil && !isItemFrame(j) {
            seen[stack[j].pointer] = []
        }
    }

    /// Opens a new item of repeated child `child` of frame `k`.
    private mutating func openItem(child: Int, of k: Int, headingRange: SourceRange, level: Int, captured: [(name: String, value: String)]) {
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
        stack.append(Frame(container: itemContainer, pointer: itemPointer, level: level))
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
    private mutating func fieldFrame() -> Int {
        let k = stack.count - 1
        guard stack[k].isHolder, let (owner, child) = arrayOwning(frame: k) else { return k }
        let range = locations[stack[k].pointer] ?? SourceRange(start: outline.source.position(at: 0), end: outline.source.position(at: 0))
        openItem(child: child, of: owner, headingRange: range, level: stack[k].level, captured: [])
        return stack.count - 1
    }

    // MARK: Items

    private mutating func bindItems(_ items: [OutlineItem]) {
        for item in items {
            switch item {
            case .field(let field):
                guard inSection || isTopLevelField(field.label) || openImplicitSection(for: field.label) else { continue }
                bindLabelled(field)
            case .block(let block) where !item.isComment:
                if block.kind == .paragraph, bindPlainLabel(block) { continue }
                if block.kind == .table, bindTableRows(block) { continue }
                if extendTitledField(with: block) { continue }
                if block.kind == .paragraph || block.kind == .list, inSection, bindTitledLines(block) { continue }
                extras.notes.append(Extras.Text(section: sectionKey, text: block.text, range: block.range))
            case .block:
                break  // an HTML comment, such as the renderer's `<!-- missing: … -->`: not content
            }
        }
    }

    /// Whether a label outside any section names a field at the top of the format
    /// (`**Verdict:** APPROVE` where the format has `## Verdict: APPROVE | HOLD`).
    private func isTopLevelField(_ label: String) -> Bool {
        guard let child = root.matcher.exactMatch(normalized: TitleMatcher.normalize(label)) else { return false }
        return !root.children[child].isContainer
    }

    /// The key of the open section, for extras.
    private var sectionKey: String? {
        guard stack.count > 1 else { return nil }
        return tables.containers[0].children.first { "/" + JSONPointer.escape($0.key) == stack[1].pointer }?.key
    }

    private func isPlainSectionTitle(_ item: OutlineItem) -> Bool {
        guard case .block(let block) = item, block.kind == .paragraph, block.lines.count == 1,
              case .exact(let child) = root.matcher.match(block.text), root.children[child].isContainer else { return false }
        return true
    }

    /// A container of an open frame, by its exact title, not seen yet: innermost first.
    private func unseenContainer(titled title: String) -> (frame: Int, child: Int)? {
        for k in stack.indices.reversed() where !stack[k].isHolder {
            let container = tables.containers[stack[k].container]
            if case .exact(let child) = container.matcher.match(title), container.children[child].isContainer,
               seen[childPointer(frame: k, child: child)] == nil {
                return (k, child)
            }
        }
        return nil
    }

    /// A paragraph whose first line is exactly a title of the schema, written with no colon or
    /// emphasis: a container's title alone starts it; a field's title followed by lines is
    /// that field, its value the lines below.
    private mutating func bindPlainLabel(_ block: OutlineBlock) -> Bool {
        let first = block.text.prefix { $0 != "\n" }
        let source = outline.source
        let line = block.lines.lowerBound
        if block.lines.count == 1, let (k, child) = unseenContainer(titled: String(first)) {
            open(child: child, of: k, headingRange: block.range, level: 0, body: [])
            return true
        }
        // A line the parser did not take for a title (`**Issue 3: Cache never expires**` reads
        // like a sentence) that a repeated block's title pattern names: that block's next item.
        if block.lines.count == 1, inSection, case .item(let k, let child, let captured) = match(heading: String(first), level: 0) {
            let node = tables.containers[stack[k].container].children[child]
            if node.titlePattern?.hasLiteralWords == true || Self.isEmphasisedLine(first) {
                openItem(child: child, of: k, headingRange: block.range, level: 0, captured: captured)
                return true
            }
        }
        guard block.lines.count > 1, inSection else { return false }
        let container = tables.containers[stack[stack.count - 1].container]
        guard case .exact(let child) = container.matcher.match(String(first)), !container.children[child].isContainer || container.children[child].acceptsText
        else { return false }
        let value = String(block.text.dropFirst(first.count + 1))
        let valueRange = source.range(lines: line + 1, block.lines.upperBound)
        let field = OutlineField(
            label: String(first), style: .labelLine, value: value,
            labelRange: source.range(lines: line, line), valueRange: valueRange,
            range: block.range, lines: block.lines, indent: 0)
        bindField(field, child: child)
        return true
    }

    /// A paragraph or list whose lines begin with titles of the innermost frame's fields in a
    /// way the parser did not take for labels (`Framework Choice - FastAPI`, `**Framework
    /// Choice** : FastAPI`): each such line starts that field, and the lines after it, up to
    /// the next, continue its value. Lines before the first are a note.
    private mutating func bindTitledLines(_ block: OutlineBlock) -> Bool {
        let container = tables.containers[stack[stack.count - 1].container]
        let lines = block.text.split(separator: "\n", omittingEmptySubsequences: false)
        var starts: [(line: Int, label: String, value: Substring)] = []
        for (n, line) in lines.enumerated() {
            guard let (label, value) = Self.titledLine(line) else { continue }
            let key = TitleMatcher.normalize(label)
            guard let child = container.matcher.exactMatch(normalized: key),
                  !container.children[child].isContainer || container.children[child].acceptsText else { continue }
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
            let continuation = end > start.line ? Self.dedented(lines[(start.line + 1)...end]) : []
            let value = ([String(start.value)] + continuation).joined(separator: "\n").trimmingSpaces
            let range = source.range(lines: base + start.line, base + end)
            let field = OutlineField(
                label: start.label, style: block.kind == .list ? .listItem : .bare, value: value,
                labelRange: source.range(lines: base + start.line, base + start.line), valueRange: value.isEmpty ? nil : range,
                range: range, lines: (base + start.line)...(base + end), indent: 0)
            bindLabelled(field)
            lastTitledField = (childPointerForLabel(start.label) ?? "", base + end, block.kind == .list)
        }
        return true
    }

    /// The pointer a label binds to in the innermost frame, if it names a field there.
    private func childPointerForLabel(_ label: String) -> String? {
        let k = stack.count - 1
        guard let child = tables.containers[stack[k].container].matcher.exactMatch(normalized: TitleMatcher.normalize(label)) else { return nil }
        return childPointer(frame: k, child: child)
    }

    /// A list or code block directly below a field read from titled lines — indented, or
    /// below a line that was no list item — is more of its value (the parser ended the field's
    /// paragraph there), up to a line that is itself titled.
    private mutating func extendTitledField(with block: OutlineBlock) -> Bool {
        guard let last = lastTitledField, block.kind == .list || block.kind == .code,
              block.lines.lowerBound == last.lastLine + 1, var bound = values[last.pointer],
              !last.inList || outline.source.lineText(block.lines.lowerBound).first.map({ $0 == " " || $0 == "\t" }) == true
        else { return false }
        let lines = block.text.split(separator: "\n", omittingEmptySubsequences: false)
        let container = tables.containers[stack[stack.count - 1].container]
        let cut = block.kind == .code ? nil : lines.indices.dropFirst().first { n in
            guard let (label, _) = Self.titledLine(lines[n]) else { return false }
            return container.matcher.exactMatch(normalized: TitleMatcher.normalize(label)) != nil
        }
        let taken = cut ?? lines.count
        let source = outline.source
        let takenRange = source.range(lines: block.lines.lowerBound, block.lines.lowerBound + taken - 1)
        bound.text += "\n" + lines[..<taken].joined(separator: "\n")
        bound.field.range = bound.field.range.union(takenRange)
        values[last.pointer] = bound
        locations[last.pointer] = bound.field.range
        if let value = valueLocations[last.pointer] { valueLocations[last.pointer] = value.union(takenRange) }
        lastTitledField = (last.pointer, block.lines.lowerBound + taken - 1, last.inList)
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
        var text = line.drop { $0 == " " || $0 == "\t" }
        if let first = text.first, "-*+•".contains(first), text.dropFirst().first == " " {
            text = text.dropFirst(2)
        } else if let digits = Optional(text.prefix(while: \.isNumber)), !digits.isEmpty, digits.count < 4,
                  let mark = text.dropFirst(digits.count).first, mark == "." || mark == ")", text.dropFirst(digits.count + 1).first == " " {
            text = text.dropFirst(digits.count + 2)
        }
        text = text.drop { $0 == " " }
        var label: Substring
        var rest: Substring
        if let first = text.first, "*_`".contains(first) {
            let marker = text.prefix { $0 == first }
            let body = text.dropFirst(marker.count)
            guard let close = body.range(of: String(marker)) else { return nil }
            label = body[..<close.lowerBound]
            rest = body[close.upperBound...].drop { $0 == first }
            if label.hasSuffix(":") { label = label.dropLast(); rest = ": " + rest }
        } else {
            // The first separator in the line's first 100 characters: `: `, `： `, ` - `, ` — `, ` – `.
            var cut: Substring.Index? = nil
            var previous: Character = "x"
            var index = text.startIndex
            var scanned = 0
            while index < text.endIndex && scanned < 100 {
                let c = text[index]
                let next = text.index(after: index)
                let followedBySpace = next == text.endIndex || text[next] == " "
                if (c == ":" || c == "：") && followedBySpace { cut = index; break }
                if (c == "-" || c == "—" || c == "–") && previous == " " && followedBySpace { cut = text.index(before: index); break }
                previous = c
                index = next
                scanned += 1
            }
            guard let cut else { return nil }
            label = text[..<cut]
            rest = text[cut...]
        }
        rest = rest.drop { $0 == " " || $0 == "\t" }
        guard let mark = rest.first, ":：-—–".contains(mark) else { return nil }
        rest = rest.dropFirst().drop { $0 == " " || $0 == "\t" }
        let trimmed = String(label).trimmingSpaces
        guard !trimmed.isEmpty, trimmed.count <= 100 else { return nil }
        return (trimmed, rest)
    }

    /// Lines without the indentation they share (blank lines aside).
    private static func dedented(_ lines: ArraySlice<Substring>) -> [String] {
        let indent = lines.filter { !$0.allSatisfy { $0 == " " || $0 == "\t" } }.map { $0.prefix { $0 == " " }.count }.min() ?? 0
        return lines.map { String($0.dropFirst(min(indent, $0.prefix { $0 == " " }.count))) }
    }

    /// `**…**` or `__…__`: a line written as a title.
    private static func isEmphasisedLine(_ line: Substring) -> Bool {
        let trimmed = String(line).trimmingSpaces
        return trimmed.count > 4 && (trimmed.hasPrefix("**") && trimmed.hasSuffix("**") || trimmed.hasPrefix("__") && trimmed.hasSuffix("__"))
    }

    /// A table under a repeated block whose columns are the item's fields: one item a row.
    private mutating func bindTableRows(_ block: OutlineBlock) -> Bool {
        let rows = block.text.split(separator: "\n").map { TableCells.split(String($0)) }
        guard rows.count >= 2, let header = rows.first else { return false }
        // The repeated block: the holder open, or a repeated child of the innermost frame.
        var target: (owner: Int, child: Int)? = nil
        let k = stack.count - 1
        if stack[k].isHolder { target = arrayOwning(frame: k) }
        if target == nil {
            let container = tables.containers[stack[k].container]
            if let child = container.children.indices.first(where: { index in
                container.children[index].kind == .repeated && Self.columns(header, of: container.children[index]).matched * 2 >= header.count
            }) {
                target = (k, child)
            }
        }
        guard let (owner, child) = target else { return false }
        let node = tables.containers[stack[owner].container].children[child]
        let (columns, matched) = Self.columns(header, of: node)
        guard matched * 2 >= header.count, matched > 0 else { return false }
        let source = outline.source
        for (n, row) in rows.enumerated().dropFirst() where !TableCells.isDelimiterRow(row) {
            let lineIndex = block.lines.lowerBound + n
            let range = source.range(lines: lineIndex, lineIndex)
            openItem(child: child, of: owner, headingRange: range, level: 0, captured: [])
            let item = stack.count - 1
            for (column, cell) in zip(columns, row) {
                guard let index = column else { continue }
                let field = OutlineField(label: header[min(header.count - 1, 0)], style: .tableRow, value: cell, labelRange: range,
                                         valueRange: range, range: range, lines: lineIndex...lineIndex, indent: 0)
                store(field, value: cell, child: index, frame: item)
            }
            stack.removeLast()
        }
        return true
    }

    /// Which item field each header cell names, and how many name one.
    private static func columns(_ header: [String], of node: ReturnFormat.Node) -> (columns: [Int?], matched: Int) {
        let matcher = TitleMatcher(candidates: node.fields.map { [$0.title, $0.key] })
        let columns = header.map { cell -> Int? in
            if case .exact(let index) = matcher.match(cell) { return index }
            return nil
        }
        return (columns, columns.compactMap { $0 }.count)
    }

    /// A labelled line: a field of the innermost frame, or — with no value — the start of a
    /// container not seen yet.
    private mutating func bindLabelled(_ field: OutlineField) {
        let k = stack.count - 1
        let container = tables.containers[stack[k].container]
        let matched = stack[k].isHolder ? TitleMatcher.Match.none : container.matcher.match(field.label)
        if case .exact(let child) = matched, container.children[child].isContainer, !container.children[child].acceptsText || field.value.isEmpty {
            if field.value.isEmpty, seen[childPointer(frame: k, child: child)] == nil {
                open(child: child, of: k, headingRange: field.range, level: 0, body: [])
                return
            }
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
        var target = fieldFrame()
        let targetContainer = tables.containers[stack[target].container]
        switch target == k ? matched : targetContainer.matcher.match(field.label) {
        case .exact(let child):
            stack.removeSubrange((target + 1)...)
            if values[childPointer(frame: target, child: child)] != nil, isItemFrame(target), let (owner, array) = arrayOwning(frame: target) {
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
            let owner = ownerNode(of: target)
            diagnostics.append(.unknownField(field, title: owner.title, path: stack[target].pointer))
            extras.unknownFields.append(Extras.UnknownField(
                section: sectionKey ?? "", label: field.label, value: field.value, range: field.range))
        }
    }

    /// The schema node of frame `k` (a section, group or repeated block).
    private func ownerNode(of k: Int) -> ReturnFormat.Node {
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
    private mutating func bindField(_ field: OutlineField, child: Int) {
        store(field, value: field.value, child: child, frame: stack.count - 1)
    }

    private mutating func store(_ field: OutlineField, value: String, child: Int, frame k: Int) {
        let pointer = childPointer(frame: k, child: child)
        if let existing = values[pointer] {
            if existing.text.collapsingWhiteSpace != value.collapsingWhiteSpace {
                let node = tables.containers[stack[k].container].children[child]
                diagnostics.append(.conflictingField(field, node, first: existing.field, path: pointer))
                extras.repeatedFields.append(Extras.UnknownField(
                    section: sectionKey ?? "", label: field.label, value: value, range: field.range))
            }
            return
        }
        values[pointer] = Bound(text: value, field: field)
        locations[pointer] = field.range
        valueLocations[pointer] = field.valueRange
    }

    // MARK: Data

    /// `data` in schema order: containers that appeared, with the fields that were found.
    mutating func data() -> JSONObject {
        object(container: 0, pointer: "")
    }

    private mutating func object(container index: Int, pointer: String) -> JSONObject {
        let container = tables.containers[index]
        var object = JSONObject()
        for child in container.children.indices {
            let here = tables.childPointer(index, own: pointer, child: child)
            if let bound = values[here] {
                let (value, written) = FieldValue.json(bound.text, node: container.children[child])
                object[container.children[child].key] = value
                if let written { writtenValues[here] = written }
                continue
            }
            guard seen[here] != nil, let nested = container.childContainers[child] else { continue }
            if container.children[child].kind == .repeated {
                let count = itemCounts[here] ?? 0
                object[container.children[child].key] = .array((0..<count).map { n in
                    .object(self.object(container: nested, pointer: here + "/" + String(n)))
                })
            } else {
                object[container.children[child].key] = .object(self.object(container: nested, pointer: here))
            }
        }
        for (name, value) in capturedExtras[pointer] ?? [] where object[name] == nil {
            object[name] = .string(value)
        }
        return object
    }

    // MARK: Text

    private func text(of item: OutlineItem) -> String { outline.text(of: item) }

    private func body(_ items: [OutlineItem]) -> String {
        items.map(text(of:)).joined(separator: "\n").collapsingWhiteSpace
    }
}

/// The heading under which the Markdown renderer keeps what the schema has no place for.
public enum ExtrasHeading {
    public static let title = "Extras"
    static let normalized = "extras"
}

/// `/a/b~1c` from tokens.
func jsonPointer(_ tokens: String...) -> String {
    var out = ""
    for token in tokens {
        out += "/"
        if token.utf8.contains(where: { $0 == 0x7E || $0 == 0x2F }) {
            out += token.replacingOccurrences(of: "~", with: "~0").replacingOccurrences(of: "/", with: "~1")
        } else {
            out += token
        }
    }
    return out
}

extension Array where Element == Diagnostic {
    /// Sorted by where they point, stably; diagnostics without a range first.
    func sortedByPosition() -> [Diagnostic] {
        guard count > 1 else { return self }
        return enumerated().sorted { a, b in
            let x = a.element.range?.start.offset ?? -1
            let y = b.element.range?.start.offset ?? -1
            return x != y ? x < y : a.offset < b.offset
        }.map(\.element)
    }
}

// MARK: - Messages

extension Diagnostic {
    static func misspelledSection(_ section: OutlineSection, _ spec: ReturnFormat.Section, path: String) -> Diagnostic {
        Diagnostic(
            .warning, "misspelled-label",
            "section heading \"\(section.title)\" is read as \"\(spec.title)\"",
            range: section.titleRange, path: path,
            suggestion: "did you mean \"\(spec.title)\"?")
    }

    static func misspelledField(_ field: OutlineField, _ spec: ReturnFormat.Field, path: String) -> Diagnostic {
        Diagnostic(
            .warning, "misspelled-label",
            "label \"\(field.label)\" is read as \"\(spec.title)\"",
            range: field.labelRange, path: path, suggestion: "did you mean \"\(spec.title)\"?")
    }

    static func duplicateSection(_ section: OutlineSection, _ spec: ReturnFormat.Section, identical: Bool, path: String) -> Diagnostic {
        Diagnostic(
            .warning, "duplicate-section",
            identical
                ? "section \"\(spec.title)\" appears again with the same content; the repeat is ignored"
                : "section \"\(spec.title)\" appears again; its fields are merged into the first",
            range: section.headingRange, path: path,
            suggestion: "write each section once")
    }

    static func unknownSection(_ section: OutlineSection) -> Diagnostic {
        Diagnostic(
            .warning, "unknown-section",
            "section \"\(section.title)\" is not in the schema; it is kept under extras",
            range: section.headingRange)
    }

    static func unknownField(_ field: OutlineField, title: String, path: String) -> Diagnostic {
        Diagnostic(
            .warning, "unknown-field",
            "\"\(field.label)\" is not a field of \(title); it is kept under extras",
            range: field.labelRange, path: path)
    }

    static func conflictingField(_ field: OutlineField, _ spec: ReturnFormat.Field, first: OutlineField, path: String) -> Diagnostic {
        Diagnostic(
            .error, "conflicting-field",
            "\"\(spec.title)\" is given again with a different value (first at line \(first.range.start.line))",
            range: field.range, path: path,
            suggestion: "keep one value for \"\(spec.title)\"")
    }
}

extension ReportBinder {
    /// A report with no schema: every section is kept under `extras`, nothing is validated.
    public static func outlineOnly(_ outline: ResponseOutline, schemaName: String? = nil) -> Report {
        var extras = Extras()
        var preamble = outline.preamble.filter { !$0.isComment }
        var sections = outline.sections[...]
        var title: String? = nil
        // A level-1 heading first is the answer's title; the text below it is preamble.
        if let first = sections.first, first.level == 1, first.style == .atx || first.style == .setext {
            title = first.title
            preamble += first.items.filter { !$0.isComment }
            sections = sections.dropFirst()
        }
        extras.preamble = preamble.map(outline.text(of:)).joined(separator: "\n\n")
        extras.epilogue = outline.epilogue.filter { !$0.isComment }.map(outline.text(of:)).joined(separator: "\n\n")
        for section in sections {
            extras.unknownSections.append(Extras.UnknownSection(
                title: section.title, text: section.items.map(outline.text(of:)).joined(separator: "\n\n"),
                range: section.range))
        }
        let note = Diagnostic(
            .note, "outline-only",
            schemaName == nil
                ? "no bundled schema covers half of this answer's sections; it was read without one and not validated"
                : "schema \(schemaName ?? "") describes no sections; the answer was read without binding",
            range: nil, suggestion: "pass --schema NAME|PATH to validate it")
        var report = Report(
            source: outline.source.name, schema: nil, metadata: outline.frontMatter?.value ?? JSONObject(),
            data: JSONObject(), extras: extras, diagnostics: outline.diagnostics + [note],
            locations: [:], outline: outline)
        report.title = title
        return report
    }
}
