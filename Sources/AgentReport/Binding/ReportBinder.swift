import Foundation
import JSONSchema

/// Binds a `ResponseOutline` to a `ReturnFormat`: headings to sections, labels to fields, and
/// everything else to `extras`.
///
/// Titles match after normalising (see `TitleMatcher`), then by a close spelling, with a
/// `misspelled-label` warning. A heading that matches no section but a field of the section
/// it sits in is read as that field, its text the value (`### Framework Choice` then prose);
/// a label with no value that matches a section title starts that section. What matches
/// nothing is kept verbatim, with `unknown-section` or `unknown-field`.
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
        report.title = state.title
        return report
    }
}

/// What binding needs of a format, computed once per binder: normalised titles and the
/// JSON Pointer of every section and field.
private struct BindingTables: Sendable {
    let sectionMatcher: TitleMatcher
    let fieldMatchers: [TitleMatcher]
    let sectionPointers: [String]
    let fieldPointers: [[String]]

    init(_ format: ReturnFormat) {
        sectionMatcher = TitleMatcher(candidates: format.sections.map { [$0.title, $0.key] })
        fieldMatchers = format.sections.map { section in TitleMatcher(candidates: section.fields.map { [$0.title, $0.key] }) }
        sectionPointers = format.sections.map { jsonPointer($0.key) }
        fieldPointers = format.sections.map { section in section.fields.map { jsonPointer(section.key, $0.key) } }
    }
}

private struct BindingState {
    let format: ReturnFormat
    let outline: ResponseOutline
    let tables: BindingTables
    var sectionMatcher: TitleMatcher { tables.sectionMatcher }
    var fieldMatchers: [TitleMatcher] { tables.fieldMatchers }

    /// Bound values: section index → field index → value and where it was written.
    var values: [Int: [Int: (text: String, field: OutlineField)]] = [:]
    /// The first part of each section seen, to tell a repeat from a second part.
    var seen: [Int: [OutlineItem]] = [:]
    var extras = Extras()
    var diagnostics: [Diagnostic] = []
    var locations: [String: SourceRange] = [:]
    var valueLocations: [String: SourceRange] = [:]
    /// The section that fields are bound to now.
    var current: Int?
    var preambleParts: [String] = []
    /// The answer's own title: a level-1 heading above its first section.
    var title: String?

    init(format: ReturnFormat, outline: ResponseOutline, tables: BindingTables) {
        self.format = format
        self.outline = outline
        self.tables = tables
        let capacity = tables.fieldPointers.reduce(tables.sectionPointers.count) { $0 + $1.count }
        locations.reserveCapacity(capacity)
        valueLocations.reserveCapacity(capacity)
    }

    mutating func run() {
        var preamble = outline.preamble.filter { !$0.isComment }
        // A flat template (fields with no heading) has one implicit section: the fields written
        // before any heading are its fields.
        if let implicit = format.sections.firstIndex(where: { $0.annotations["x-implicit-section"] == .bool(true) }),
           preamble.contains(where: { if case .field = $0 { true } else { false } }) {
            current = implicit
            seen[implicit] = []
            let fields = preamble.filter { if case .field = $0 { true } else { false } }
            locations[tables.sectionPointers[implicit]] = fields.first?.range
            bindItems(fields, sectionTitle: format.sections[implicit].title)
            preamble = preamble.filter { if case .field = $0 { false } else { true } }
        }
        // A section title written as a plain line (`Api Architecture`) in what the parser took
        // for the preamble: from there on it is the answer.
        if current == nil, let start = preamble.firstIndex(where: isPlainSectionTitle) {
            let answer = Array(preamble[start...])
            preamble = Array(preamble[..<start])
            preambleParts = preamble.map(text(of:))
            bindItems(answer, sectionTitle: "")
        } else {
            preambleParts = preamble.map(text(of:))
        }
        for section in outline.sections {
            bind(section)
        }
        extras.preamble = preambleParts.filter { !$0.isEmpty }.joined(separator: "\n\n")
        extras.epilogue = outline.epilogue.filter { !$0.isComment }.map(text(of:)).joined(separator: "\n\n")
    }

    private mutating func bind(_ section: OutlineSection) {
        let match = sectionMatcher.match(section.title)
        let index: Int
        switch match {
        case .exact(let i), .misspelled(let i): index = i
        case .none:
            bindUnmatched(section)
            return
        }
        let spec = format.sections[index]
        if case .misspelled = match {
            diagnostics.append(.misspelledSection(section, spec))
        }
        if let first = seen[index] {
            let identical = body(first) == body(section.items)
            diagnostics.append(.duplicateSection(section, spec, identical: identical))
            current = index
            if identical { return }
        } else {
            seen[index] = section.items
            locations[tables.sectionPointers[index]] = section.headingRange
            current = index
        }
        bindItems(section.items, sectionTitle: spec.title)
    }

    /// A heading that is no section of the schema.
    private mutating func bindUnmatched(_ section: OutlineSection) {
        let hasFields = section.items.contains { if case .field = $0 { true } else { false } }
        if let index = current, fieldMatchers[index].match(section.title) != .none {
            // `### Framework Choice` followed by its text: a field written as a heading.
            let leading = section.items.prefix { if case .block = $0 { true } else { false } }
            let value = leading.map(text(of:)).joined(separator: "\n\n")
            let valueRange = leading.first.map { first in first.range.union(leading.last?.range ?? first.range) }
            let field = OutlineField(
                label: section.title, style: .heading, value: value,
                labelRange: section.titleRange, valueRange: valueRange,
                range: valueRange.map(section.headingRange.union) ?? section.headingRange,
                lines: section.headingRange.start.line - 1...section.headingRange.end.line - 1,
                indent: 0)
            bindField(field, in: index)
            bindItems(Array(section.items.dropFirst(leading.count)), sectionTitle: format.sections[index].title)
        } else if current == nil && seen.isEmpty && !hasFields {
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
            current = nil
        } else {
            diagnostics.append(.unknownSection(section))
            extras.unknownSections.append(Extras.UnknownSection(
                title: section.title, text: section.items.map(text(of:)).joined(separator: "\n\n"), range: section.range))
            current = nil
        }
    }

    private mutating func bindItems(_ items: [OutlineItem], sectionTitle: String) {
        for item in items {
            switch item {
            case .field(let field):
                guard let index = current else { continue }
                bindField(field, in: index)
            case .block(let block) where !item.isComment:
                if block.kind == .paragraph, bindPlainLabel(block) { continue }
                extras.notes.append(Extras.Text(
                    section: current.map { format.sections[$0].key }, text: block.text, range: block.range))
            case .block:
                break  // an HTML comment, such as the renderer's `<!-- missing: … -->`: not content
            }
        }
    }

    private func isPlainSectionTitle(_ item: OutlineItem) -> Bool {
        guard case .block(let block) = item, block.kind == .paragraph, block.lines.count == 1,
              case .exact = sectionMatcher.match(block.text) else { return false }
        return true
    }

    /// A paragraph whose first line is exactly a title of the schema, written with no colon or
    /// emphasis: `Api Architecture` alone starts that section; `Framework Choice` followed by
    /// lines is that field, its value the lines below.
    private mutating func bindPlainLabel(_ block: OutlineBlock) -> Bool {
        let first = block.text.prefix { $0 != "\n" }
        let source = outline.source
        let line = block.lines.lowerBound
        if block.lines.count == 1, case .exact(let other) = sectionMatcher.match(String(first)), seen[other] == nil {
            seen[other] = []
            locations[tables.sectionPointers[other]] = block.range
            current = other
            return true
        }
        guard block.lines.count > 1, let index = current, case .exact = fieldMatchers[index].match(String(first)) else { return false }
        let value = String(block.text.dropFirst(first.count + 1))
        let valueRange = source.range(lines: line + 1, block.lines.upperBound)
        let field = OutlineField(
            label: String(first), style: .labelLine, value: value,
            labelRange: source.range(lines: line, line), valueRange: valueRange,
            range: block.range, lines: block.lines, indent: 0)
        bindField(field, in: index)
        return true
    }

    private mutating func bindField(_ field: OutlineField, in section: Int) {
        let spec = format.sections[section]
        let match = fieldMatchers[section].match(field.label)
        let index: Int
        switch match {
        case .exact(let i):
            index = i
        case .misspelled(let i):
            index = i
            diagnostics.append(.misspelledField(field, spec.fields[i], path: tables.fieldPointers[section][i]))
        case .none:
            if field.value.isEmpty, case .exact(let other) = sectionMatcher.match(field.label), other != section, seen[other] == nil {
                // `Api Architecture:` as a bare label: it starts that section.
                seen[other] = []
                locations[tables.sectionPointers[other]] = field.range
                current = other
                return
            }
            diagnostics.append(.unknownField(field, spec))
            extras.unknownFields.append(Extras.UnknownField(
                section: spec.key, label: field.label, value: field.value, range: field.range))
            return
        }
        let pointer = tables.fieldPointers[section][index]
        if let existing = values[section]?[index] {
            if existing.text.collapsingWhiteSpace != field.value.collapsingWhiteSpace {
                diagnostics.append(.conflictingField(field, spec.fields[index], first: existing.field, path: pointer))
                extras.repeatedFields.append(Extras.UnknownField(
                    section: spec.key, label: field.label, value: field.value, range: field.range))
            }
            return
        }
        values[section, default: [:]][index] = (field.value, field)
        locations[pointer] = field.range
        valueLocations[pointer] = field.valueRange
    }

    /// `data` in schema order: sections that appeared, with the fields that were found.
    func data() -> JSONObject {
        var data = JSONObject()
        for (s, section) in format.sections.enumerated() where seen[s] != nil {
            var object = JSONObject()
            for (f, field) in section.fields.enumerated() {
                guard let value = values[s]?[f] else { continue }
                object[field.key] = FieldValue.json(value.text, kind: field.kind)
            }
            data[section.key] = .object(object)
        }
        return data
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
    static func misspelledSection(_ section: OutlineSection, _ spec: ReturnFormat.Section) -> Diagnostic {
        Diagnostic(
            .warning, "misspelled-label",
            "section heading \"\(section.title)\" is read as \"\(spec.title)\"",
            range: section.titleRange, path: jsonPointer(spec.key),
            suggestion: "did you mean \"\(spec.title)\"?")
    }

    static func misspelledField(_ field: OutlineField, _ spec: ReturnFormat.Field, path: String) -> Diagnostic {
        Diagnostic(
            .warning, "misspelled-label",
            "label \"\(field.label)\" is read as \"\(spec.title)\"",
            range: field.labelRange, path: path, suggestion: "did you mean \"\(spec.title)\"?")
    }

    static func duplicateSection(_ section: OutlineSection, _ spec: ReturnFormat.Section, identical: Bool) -> Diagnostic {
        Diagnostic(
            .warning, "duplicate-section",
            identical
                ? "section \"\(spec.title)\" appears again with the same content; the repeat is ignored"
                : "section \"\(spec.title)\" appears again; its fields are merged into the first",
            range: section.headingRange, path: jsonPointer(spec.key),
            suggestion: "write each section once")
    }

    static func unknownSection(_ section: OutlineSection) -> Diagnostic {
        Diagnostic(
            .warning, "unknown-section",
            "section \"\(section.title)\" is not in the schema; it is kept under extras",
            range: section.headingRange)
    }

    static func unknownField(_ field: OutlineField, _ spec: ReturnFormat.Section) -> Diagnostic {
        Diagnostic(
            .warning, "unknown-field",
            "\"\(field.label)\" is not a field of \(spec.title); it is kept under extras",
            range: field.labelRange, path: jsonPointer(spec.key))
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
