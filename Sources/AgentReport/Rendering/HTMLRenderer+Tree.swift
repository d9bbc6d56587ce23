import JSONSchema
import SafeHTML

/// The format's tree below the sections: groups and repeated blocks as sections one heading
/// level down, each item of a block a card under the title its pattern captured (or a row of
/// a table, for a block without one), counts as numbers, enum members as badges, yes or no as
/// marks, checklists as check marks; every node with its own id, so that a diagnostic is drawn
/// beside the node it concerns at any depth.
extension PageBuilder {
    // MARK: Anchors

    /// Gives every node below the sections an id and an anchor (those of the sections and
    /// their fields are the outline's), before diagnostics are placed.
    mutating func anchorTree() {
        for section in outline.sections {
            let spec = section.spec
            guard let value = report.data[spec.key] else { continue }
            if spec.kind == .repeated, let items = value.arrayValue {
                anchorItems(spec, items, pointer: section.pointer, label: spec.title)
            } else if let object = value.objectValue {
                for field in spec.fields where field.isContainer {
                    guard let child = object[field.key] else { continue }
                    anchorNode(field, child, pointer: section.pointer + "/" + JSONPointer.escape(field.key), label: spec.title)
                }
            }
        }
    }

    private mutating func anchorNode(_ spec: ReturnFormat.Node, _ value: JSONValue, pointer: String, label: String) {
        let here = label + " › " + spec.title
        anchor(pointer, label: here)
        if spec.kind == .repeated, let items = value.arrayValue {
            anchorItems(spec, items, pointer: pointer, label: here)
        } else if spec.kind == .object, let object = value.objectValue {
            anchorChildren(spec.fields, object, pointer: pointer, label: here)
        }
    }

    private mutating func anchorItems(_ spec: ReturnFormat.Node, _ items: [JSONValue], pointer: String, label: String) {
        for (n, item) in items.enumerated() {
            let itemPointer = pointer + "/" + String(n)
            let title = Self.itemTitle(spec, item.objectValue ?? JSONObject(), index: n)
            anchor(itemPointer, label: label + " › " + title)
            if let object = item.objectValue { anchorChildren(spec.fields, object, pointer: itemPointer, label: label + " › " + title) }
        }
    }

    private mutating func anchorChildren(_ specs: [ReturnFormat.Node], _ object: JSONObject, pointer: String, label: String) {
        for spec in specs {
            let here = pointer + "/" + JSONPointer.escape(spec.key)
            if spec.isContainer, let value = object[spec.key], spec.holdsStructure(value) {
                anchorNode(spec, value, pointer: here, label: label)
            } else {
                anchor(here, label: label + " › " + spec.title)
            }
        }
    }

    /// An id for the node at `pointer`, and what the list of diagnostics calls it.
    private mutating func anchor(_ pointer: String, label: String) {
        anchors[pointer] = PageOutline.Anchor(id: ids.unique("node-" + PageOutline.slug(pointer)), label: label)
    }

    // MARK: Drawing

    /// A group or repeated block written as the format nests it, under a heading of `level`.
    func appendContainer(_ spec: ReturnFormat.Node, _ value: JSONValue, pointer: String, level: Int, to parent: HTMLElement) {
        let id = anchors[pointer]?.id ?? ""
        let section = parent.element("section", ["id": id, "class": spec.kind == .repeated ? "node block" : "node group",
                                                 "aria-labelledby": id + "-heading"])
        heading(level, id: id + "-heading", in: section).text(spec.title)
        appendFindings(placed[pointer] ?? [], to: section)
        if spec.kind == .repeated, let items = value.arrayValue {
            appendItems(spec, items, pointer: pointer, level: level + 1, to: section)
        } else if let object = value.objectValue {
            appendChildren(spec.fields, of: object, pointer: pointer, level: level + 1, to: section)
        }
    }

    /// The items of a repeated block: cards under their captured titles, else a table when
    /// every field is a value, else cards numbered in order.
    func appendItems(_ spec: ReturnFormat.Node, _ items: [JSONValue], pointer: String, level: Int, to parent: HTMLElement) {
        let objects = items.map { $0.objectValue ?? JSONObject() }
        guard !objects.isEmpty else {
            parent.element("p", ["class": "missing-note"], text: "No items.")
            return
        }
        if spec.titlePattern == nil, spec.fields.allSatisfy({ !$0.isContainer }) {
            appendTable(spec, objects, pointer: pointer, to: parent)
            return
        }
        let captures = Set(Self.capturedNames(spec, objects))
        for (n, item) in objects.enumerated() {
            let itemPointer = pointer + "/" + String(n)
            let id = anchors[itemPointer]?.id ?? ""
            let card = parent.element("section", ["id": id, "class": "card", "aria-labelledby": id + "-heading"])
            heading(level, id: id + "-heading", in: card).text(Self.itemTitle(spec, item, index: n))
            appendFindings(placed[itemPointer] ?? [], to: card)
            appendChildren(spec.fields, of: item, pointer: itemPointer, level: level + 1, to: card, omitting: captures)
        }
    }

    /// Rows of a block whose items are values only: one column a field, one row an item.
    private func appendTable(_ spec: ReturnFormat.Node, _ items: [JSONObject], pointer: String, to parent: HTMLElement) {
        let columns = spec.fields.filter { field in items.contains { $0[field.key] != nil } }
        let table = parent.element("div", ["class": "table-wrap"]).element("table", ["class": "rows"])
        let head = table.element("thead").element("tr")
        head.element("th", ["scope": "col"], text: "#")
        for column in columns { head.element("th", ["scope": "col"], text: column.title) }
        let body = table.element("tbody")
        for (n, item) in items.enumerated() {
            let itemPointer = pointer + "/" + String(n)
            let row = body.element("tr", "id", anchors[itemPointer]?.id ?? "")
            let number = row.element("th", ["scope": "row"], text: String(n + 1))
            appendFindings(placed[itemPointer] ?? [], to: number)
            for column in columns {
                let cellPointer = itemPointer + "/" + JSONPointer.escape(column.key)
                let cell = row.element("td", "id", anchors[cellPointer]?.id ?? "")
                if let value = item[column.key] {
                    appendTyped(value, spec: column, pointer: cellPointer, to: cell)
                } else if column.isRequired {
                    cell.element("span", ["class": "tag tag-missing"], text: "missing")
                }
                appendFindings(placed[cellPointer] ?? [], to: cell)
            }
        }
    }

    /// The fields of a group or item as a definition list, then its groups and blocks.
    /// `omitting` names parts the item's title shows.
    func appendChildren(_ all: [ReturnFormat.Node], of object: JSONObject, pointer: String, level: Int, to parent: HTMLElement,
                        omitting: Set<String> = []) {
        let specs = omitting.isEmpty ? all : all.filter { !omitting.contains($0.key) }
        let values = specs.filter { spec in !(spec.isContainer && object[spec.key].map { spec.holdsStructure($0) } == true) }
        let known = Set(all.map(\.key))
        let others = object.filter { !known.contains($0.key) }
        if !values.isEmpty || !others.isEmpty {
            let list = parent.element("dl", ["class": "fields"])
            for spec in values {
                let here = pointer + "/" + JSONPointer.escape(spec.key)
                let value = object[spec.key]
                let isEmpty = value.map(Self.isEmptyValue) ?? false
                let group = list.element("div", "class", value == nil ? "field missing" : isEmpty ? "field empty" : "field")
                let term = group.element("dt", "id", anchors[here]?.id ?? "")
                term.text(spec.title)
                if value == nil || isEmpty {
                    term.text(" ")
                    term.element("span", ["class": "tag tag-missing"], text: value == nil ? "missing" : "empty")
                }
                let definition = group.element("dd")
                if let value, !isEmpty {
                    appendTyped(value, spec: spec, pointer: here, to: definition)
                } else {
                    definition.element("p", ["class": "missing-note"],
                                       text: (value == nil ? "Not given" : "Given without a value") + (spec.isRequired ? " (required)." : " (optional)."))
                }
                appendFindings(placed[here] ?? [], to: definition)
            }
            for (key, value) in others {
                let group = list.element("div", "class", "field")
                group.element("dt", text: ReturnFormat.titleFromKey(key))
                appendValue(value, subfields: [], to: group.element("dd").element("div", "class", "prose"), depth: 1)
            }
        }
        for spec in specs where spec.isContainer {
            guard let value = object[spec.key], spec.holdsStructure(value) else { continue }
            appendContainer(spec, value, pointer: pointer + "/" + JSONPointer.escape(spec.key), level: level, to: parent)
        }
    }

    /// Whether a node's value is drawn by `appendTyped` rather than as markdown.
    static func isTyped(_ spec: ReturnFormat.Node) -> Bool {
        !spec.enumValues.isEmpty || [.integer, .number, .boolean, .checklist].contains(spec.kind)
    }

    /// A value as its schema node reads it: an enum member as a badge, a count as a number,
    /// yes or no as a mark, a checklist as check marks — each with the text as written when
    /// that says more — else as markdown.
    func appendTyped(_ value: JSONValue, spec: ReturnFormat.Node, pointer: String, to parent: HTMLElement) {
        let written = report.writtenValues[pointer]
        switch value {
        case .string(let text) where !spec.enumValues.isEmpty && spec.enumValues.contains(text):
            parent.element("span", ["class": "badge badge-enum"], text: text)
            if let written, TitleMatcher.normalize(written) != TitleMatcher.normalize(text) {
                gate.append(written, to: parent.element("div", ["class": "prose written"]))
            }
        case .number(let number):
            parent.element("span", ["class": "count"], text: value.serialized())
            if let written, written.trimmingSpaces != value.serialized(), JSONNumber(written.trimmingSpaces) != number {
                parent.element("span", ["class": "written"], text: " (" + MarkdownTree.oneLine(written) + ")")
            }
        case .bool(let flag):
            parent.element("span", ["class": flag ? "flag flag-yes" : "flag flag-no"], text: flag ? "✓ Yes" : "✗ No")
            if let written, FieldValue.boolean(written) != nil, TitleMatcher.normalize(written).split(separator: " ").count > 1 {
                gate.append(written, to: parent.element("div", ["class": "prose written"]))
            }
        case .array(let items) where spec.kind == .checklist:
            let list = parent.element("ul", ["class": "checklist"])
            for item in items {
                let object = item.objectValue ?? JSONObject()
                let checked = object["checked"] == .bool(true)
                let entry = list.element("li", "class", checked ? "check checked" : "check")
                entry.element("span", ["class": "box", "role": "img", "aria-label": checked ? "done" : "not done"], text: checked ? "☑" : "☐")
                gate.append(object["text"]?.stringValue ?? item.serialized(), to: entry.element("div", "class", "prose"))
            }
        default:
            appendValue(value, subfields: spec.fields, to: parent.element("div", "class", "prose"), depth: 1)
        }
    }

    // MARK: Contents

    /// The groups, blocks and items below a section, two levels deep and at most
    /// `contentsLimit` a level, as a nested list of links.
    func appendContents(of spec: ReturnFormat.Node, _ value: JSONValue, pointer: String, depth: Int, to item: HTMLElement) {
        var entries: [(pointer: String, title: String, spec: ReturnFormat.Node?, value: JSONValue?)] = []
        if spec.kind == .repeated, let items = value.arrayValue {
            entries = items.enumerated().map { n, item in
                (pointer + "/" + String(n), Self.itemTitle(spec, item.objectValue ?? JSONObject(), index: n), nil, nil)
            }
        } else if let object = value.objectValue {
            for field in spec.fields where field.isContainer {
                guard let child = object[field.key], field.holdsStructure(child) else { continue }
                entries.append((pointer + "/" + JSONPointer.escape(field.key), field.title, field, child))
            }
        }
        guard !entries.isEmpty else { return }
        let list = item.element("ol")
        for entry in entries.prefix(Self.contentsLimit) {
            guard let anchor = anchors[entry.pointer] else { continue }
            let line = list.element("li")
            line.element("a", ["href": "#" + anchor.id], text: entry.title)
            if depth < 2, let child = entry.spec, let value = entry.value {
                appendContents(of: child, value, pointer: entry.pointer, depth: depth + 1, to: line)
            }
        }
        if entries.count > Self.contentsLimit {
            list.element("li", ["class": "toc-marker"], text: "… and \(entries.count - Self.contentsLimit) more")
        }
    }

    static let contentsLimit = 25

    // MARK: Helpers

    static let headings: [HTMLName] = ["h2", "h3", "h4", "h5", "h6"]

    /// `h<level>` down to `h6`; deeper, a paragraph with the heading role and its level.
    private func heading(_ level: Int, id: String, in parent: HTMLElement) -> HTMLElement {
        if level >= 2 && level <= 6 { return parent.element(Self.headings[level - 2], "id", id) }
        return parent.element("p", ["id": id, "class": "deep-heading", "role": "heading", "aria-level": String(level)])
    }

    /// An item's title: its heading as the pattern writes it with what it captured; else its
    /// number and its first field when that is a short line (`2. envoy-sidecar`); else its
    /// block's title and its number.
    static func itemTitle(_ spec: ReturnFormat.Node, _ item: JSONObject, index: Int) -> String {
        if let title = spec.titlePattern?.title(of: item)?.trimmingSpaces, !title.isEmpty { return MarkdownTree.oneLine(title) }
        if let first = spec.fields.first, first.kind == .string, let text = item[first.key]?.stringValue?.trimmingSpaces,
           !text.isEmpty, text.count <= 80, !text.contains("\n") {
            return "\(index + 1). \(text)"
        }
        return "\(spec.title) \(index + 1)"
    }

    /// The parts every item's title shows, which are not drawn again among its fields.
    static func capturedNames(_ spec: ReturnFormat.Node, _ items: [JSONObject]) -> [String] {
        guard let pattern = spec.titlePattern else { return [] }
        return pattern.captures.filter { name in items.allSatisfy { $0[name]?.stringValue.map { !$0.trimmingSpaces.isEmpty } == true } }
    }

}
