import JSONSchema
import SafeHTML

extension PageBuilder {
    /// Gives the sections and fields the format does not know an id, and files each
    /// diagnostic under the nearest section or field its `path` points into.
    mutating func placeDiagnostics(_ plan: inout SectionPlan) {
        for sectionIndex in plan.sections.indices {
            let section = plan.sections[sectionIndex]
            if section.id.isEmpty {
                plan.sections[sectionIndex].id = ids.unique(PageOutline.sectionID(section.key))
                anchors[section.pointer] = PageOutline.Anchor(id: plan.sections[sectionIndex].id, label: section.title)
            }
            for fieldIndex in section.fields.indices where section.fields[fieldIndex].id.isEmpty {
                let field = section.fields[fieldIndex]
                let id = ids.unique(PageOutline.fieldID(section.key, field.key))
                plan.sections[sectionIndex].fields[fieldIndex].id = id
                anchors[field.pointer] = PageOutline.Anchor(id: id, label: section.title + " › " + field.title)
            }
        }
        for diagnostic in report.diagnostics {
            guard var pointer = diagnostic.path else { continue }
            while !pointer.isEmpty {
                if anchors[pointer] != nil {
                    placed[pointer, default: []].append(diagnostic)
                    break
                }
                pointer = String(pointer[..<(pointer.lastIndex(of: "/") ?? pointer.startIndex)])
            }
        }
    }

    func buildPreamble(in main: HTMLElement) {
        let preamble = report.extras.preamble
        guard !preamble.trimmingWhitespace.isEmpty else { return }
        let section = main.element("section", ["id": "preamble", "class": "extra", "aria-labelledby": "preamble-heading"])
        section.element("h2", ["id": "preamble-heading"], text: "Preamble")
        gate.append(preamble, to: section.element("div", ["class": "prose"]))
    }

    func buildSection(_ section: SectionPlan.Section, in main: HTMLElement) {
        let id = section.id
        let element = main.element("section", ["id": id, "class": section.isMissing ? "report-section missing" : "report-section",
                                               "aria-labelledby": id + "-heading"])
        let heading = element.element("h2", ["id": id + "-heading"])
        heading.text(section.title)
        if section.isMissing {
            heading.text(" ")
            heading.element("span", ["class": "tag tag-missing"], text: "missing")
            element.element("p", ["class": "missing-note"], text: section.isRequired
                ? "The answer has no \(section.title) section, which the format requires."
                : "The answer has no \(section.title) section.")
        }
        appendFindings(placed[section.pointer] ?? [], to: element)
        if let spec = section.spec, spec.kind == .repeated, let items = section.otherValue?.arrayValue {
            appendItems(spec, items, pointer: section.pointer, level: 3, to: element)
        } else if let value = section.otherValue {
            if let spec = section.spec, Self.isTyped(spec) {
                appendTyped(value, spec: spec, pointer: section.pointer, to: element)
            } else {
                appendValue(value, subfields: [], to: element.element("div", ["class": "prose"]), depth: 0)
            }
        }
        // Groups and blocks come after the section's fields, under their own headings.
        let nested = section.fields.filter { field in
            guard let spec = field.spec, spec.isContainer, let value = field.value else { return false }
            return spec.holdsStructure(value)
        }
        let values = nested.isEmpty ? section.fields : section.fields.filter { field in !nested.contains { $0.key == field.key } }
        if !values.isEmpty {
            let list = element.element("dl", ["class": "fields"])
            for field in values { appendField(field, sectionMissing: section.isMissing, to: list) }
        }
        for field in nested {
            if let spec = field.spec, let value = field.value { appendContainer(spec, value, pointer: field.pointer, level: 3, to: element) }
        }
        let notes = report.extras.notes.filter { $0.section == section.key || $0.section == section.title }
        if !notes.isEmpty {
            element.element("h3", text: "Notes")
            for note in notes { gate.append(note.text, to: element.element("div", ["class": "prose note"])) }
        }
        let unknown = report.extras.unknownFields.filter { $0.section == section.key }
        if !unknown.isEmpty {
            element.element("h3", text: "Fields not in the schema")
            appendUnknownFields(unknown, to: element)
        }
    }

    private func appendField(_ field: SectionPlan.Field, sectionMissing: Bool, to list: HTMLElement) {
        let id = field.id
        let isEmpty = field.value.map(Self.isEmptyValue) ?? false
        let state = field.value == nil ? " missing" : isEmpty ? " empty" : ""
        let group = list.element("div", "class", "field" + state)
        let term = group.element("dt", "id", id)
        term.text(field.title)
        if field.value == nil && !sectionMissing {
            term.text(" ")
            term.element("span", ["class": "tag tag-missing"], text: "missing")
        } else if isEmpty {
            term.text(" ")
            term.element("span", ["class": "tag tag-missing"], text: "empty")
        }
        let definition = group.element("dd")
        if let value = field.value, !isEmpty {
            if let spec = field.spec, Self.isTyped(spec) {
                appendTyped(value, spec: spec, pointer: field.pointer, to: definition)
            } else {
                appendValue(value, subfields: field.subfields, to: definition.element("div", "class", "prose"), depth: 0)
            }
        } else {
            let note = definition.element("p", ["class": "missing-note"])
            note.text(field.value == nil ? "Not given" : "Given without a value")
            note.text(field.isRequired ? " (required)." : " (optional).")
            if let description = field.description, !description.isEmpty {
                definition.element("p", ["class": "guidance"], text: "Expected: " + description)
            }
        }
        appendFindings(placed[field.pointer] ?? [], to: definition)
    }

    static func isEmptyValue(_ value: JSONValue) -> Bool {
        switch value {
        case .null: true
        case .string(let text): text.trimmingWhitespace.isEmpty
        case .array(let items): items.isEmpty
        case .object(let object): object.isEmpty
        default: false
        }
    }

    /// Draws a value of `data`: strings as markdown, arrays as lists, objects as nested
    /// definition lists (past 8 levels, as JSON text).
    func appendValue(_ value: JSONValue, subfields: [ReturnFormat.Field], to parent: HTMLElement, depth: Int) {
        guard depth < 8 else {
            parent.element("pre", ["class": "verbatim"], text: value.serialized(pretty: true))
            return
        }
        switch value {
        case .string(let text):
            gate.append(text, to: parent)
        case .array(let items):
            let list = parent.element("ul", ["class": "value-list"])
            for item in items { appendValue(item, subfields: [], to: list.element("li"), depth: depth + 1) }
        case .object(let object):
            let list = parent.element("dl", ["class": "value-object"])
            for (key, child) in object {
                let spec = subfields.first { $0.key == key }
                list.element("dt", text: spec?.title ?? ReturnFormat.titleFromKey(key))
                appendValue(child, subfields: spec?.fields ?? [], to: list.element("dd"), depth: depth + 1)
            }
        case .null, .bool, .number:
            parent.element("p", text: value.serialized())
        }
    }

    func appendUnknownFields(_ fields: [Extras.UnknownField], to parent: HTMLElement) {
        let list = parent.element("dl", ["class": "fields unknown"])
        for field in fields {
            let group = list.element("div", ["class": "field"])
            let term = group.element("dt")
            term.text(field.label)
            if let range = field.range { term.element("span", ["class": "where"], text: " line \(range.start.line)") }
            gate.append(field.value, to: group.element("dd").element("div", ["class": "prose"]))
        }
    }

    func buildUnknownSections(in main: HTMLElement) {
        for (index, unknown) in report.extras.unknownSections.enumerated() {
            let id = "unknown-section-\(index + 1)"
            let section = main.element("section", ["id": id, "class": "report-section unknown", "aria-labelledby": id + "-heading"])
            let heading = section.element("h2", ["id": id + "-heading"])
            heading.text(unknown.title.isEmpty ? "Untitled section" : unknown.title)
            heading.text(" ")
            heading.element("span", ["class": "tag tag-extra"], text: "not in the schema")
            if let range = unknown.range {
                section.element("p", ["class": "where"], text: "Kept as written, from line \(range.start.line).")
            }
            gate.append(unknown.text, to: section.element("div", ["class": "prose"]))
        }
    }

    func buildOtherExtras(_ plan: SectionPlan, in main: HTMLElement) {
        if plan.hasOtherExtras {
            let section = main.element("section", ["id": "other-content", "class": "extra", "aria-labelledby": "other-content-heading"])
            section.element("h2", ["id": "other-content-heading"], text: "Other content")
            for note in plan.strayNotes {
                if let title = note.section { section.element("h3", text: title) }
                gate.append(note.text, to: section.element("div", ["class": "prose note"]))
            }
            if !plan.strayFields.isEmpty {
                section.element("h3", text: "Fields not in the schema")
                appendUnknownFields(plan.strayFields, to: section)
            }
        }
        let epilogue = report.extras.epilogue
        if !epilogue.trimmingWhitespace.isEmpty {
            let section = main.element("section", ["id": "epilogue", "class": "extra", "aria-labelledby": "epilogue-heading"])
            section.element("h2", ["id": "epilogue-heading"], text: "Epilogue")
            gate.append(epilogue, to: section.element("div", ["class": "prose"]))
        }
    }
}
