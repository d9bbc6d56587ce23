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
        if let answerFormat = format.annotations["x-answer-format"]?.stringValue {
            return DataAnswerReader.report(outline, format: answerFormat, schemaName: schemaName, schema: format.schema.objectValue ?? JSONObject())
        }
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



/// The heading under which the Markdown renderer keeps what the schema has no place for.
public enum ExtrasHeading {
    public static let title = "Extras"
    static let normalized = "extras"
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

    static func conflictingField(_ field: OutlineField, _ spec: ReturnFormat.Field, firstAt first: SourceRange, path: String) -> Diagnostic {
        Diagnostic(
            .error, "conflicting-field",
            "\"\(spec.title)\" is given again with a different value (first at line \(first.start.line))",
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
