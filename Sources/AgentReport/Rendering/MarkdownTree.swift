import JSONSchema

/// The format's tree written as Markdown blocks, node by node, the way the binder reads it
/// back: a container is a heading one level below its parent's (a bold line past level 6),
/// a field a `- **Label:** value` line of its container's list, a top-level field a heading
/// with its value below.
struct MarkdownTree {
    let report: Report
    /// Fields the schema does not have (or given again), as list lines, by the object they
    /// were written in; those whose object is not in `data` as one, by their section.
    private var extraFields: [String: [String]] = [:]
    private var sectionFields: [String: [String]] = [:]

    init(report: Report) {
        self.report = report
        let data = JSONValue.object(report.data)
        for field in report.extras.repeatedFields + report.extras.unknownFields {
            let line = Self.field(field.label, value: field.value, listed: false)
            if !field.parent.isEmpty, JSONPointer(parsing: field.parent)?.resolve(in: data)?.objectValue != nil {
                extraFields[field.parent, default: []].append(line)
            } else {
                sectionFields[field.section, default: []].append(line)
            }
        }
    }

    /// The blocks of the top-level nodes: each under a level-2 heading.
    func sections(_ nodes: [ReturnFormat.Node]) -> [String] {
        var blocks: [String] = []
        for node in nodes {
            let pointer = JSONPointer([node.key]).description
            guard let value = report.data[node.key] else {
                blocks.append("<!-- missing section: \(Self.comment(node.title)) -->")
                continue
            }
            if node.isContainer && node.holdsStructure(value) {
                blocks += container(node, value, pointer: pointer, level: 2, extraFields: sectionFields[node.key] ?? [])
            } else if node.isContainer {
                // A part written as text where the format also allows its fields: a label over
                // the text (under a heading of its own the text would read as a note).
                let text = written(value, node: node, pointer: pointer)
                blocks += notes(node.key)
                blocks.append("**\(Self.oneLine(node.title)):**" + (text.isEmpty ? "" : text.contains("\n") ? "\n" + text : " " + text))
            } else {
                // A short value on the heading's line (`## Verdict: HOLD`): alone below it, a
                // line such as `HOLD` would read as a title.
                let text = written(value, node: node, pointer: pointer)
                let inHeading = !node.isContainer && !text.isEmpty && !text.contains("\n")
                    && (node.kind != .string || !node.enumValues.isEmpty || text.count <= 60)
                blocks.append(Self.heading(inHeading ? node.title + ": " + text : node.title, level: 2))
                blocks += notes(node.key)
                blocks += Self.grouped(sectionFields[node.key] ?? [])
                // The text's own headings sit below the section's (the binder keeps them relative to it).
                if !text.isEmpty && !inHeading { blocks.append(HeadingLevels.shifted(text, by: 2)) }
            }
        }
        return blocks
    }

    /// A section, group or repeated block under its heading. `extraFields` are list lines the
    /// answer had in the section beyond the schema's (unknown and repeated fields).
    private func container(_ node: ReturnFormat.Node, _ value: JSONValue, pointer: String, level: Int, extraFields: [String] = []) -> [String] {
        var blocks = [Self.heading(node.title, level: level)]
        if level == 2 { blocks += notes(node.key) }
        switch value {
        case .object(let object) where node.kind == .object:
            blocks += fields(node.fields, of: object, pointer: pointer, level: level + 1, extraFields: extraFields)
        case .array(let items) where node.kind == .repeated:
            blocks += Self.grouped(extraFields)
            blocks += repeated(node, items, pointer: pointer, level: level + 1)
        default:
            blocks += Self.grouped(extraFields)
            let text = written(value, node: node, pointer: pointer)
            if !text.isEmpty { blocks.append(text) }
        }
        return blocks
    }

    /// The children of a container: its fields as one list first, then its groups and blocks
    /// under headings at `level` (a field after a nested heading would read as the nested
    /// part's).
    ///
    /// In an item written without a heading (`inline`), a group is a label over its fields
    /// indented below it, as a heading would end the item.
    private func fields(_ nodes: [ReturnFormat.Node], of object: JSONObject, pointer: String, level: Int, extraFields: [String] = [],
                        inline: Bool = false) -> [String] {
        var lines: [String] = []
        var nested: [String] = []
        for node in nodes {
            let here = pointer + "/" + JSONPointer.escape(node.key)
            guard let value = object[node.key] else {
                let comment = "<!-- missing: \(Self.comment(node.title)) -->"
                if node.isContainer && !inline { nested.append(comment) } else { lines.append(comment) }
                continue
            }
            if inline, node.kind == .object, let group = value.objectValue {
                lines.append(labelledGroup(node, group, pointer: here))
            } else if node.isContainer && node.holdsStructure(value) {
                nested += container(node, value, pointer: here, level: level)
            } else {
                lines.append(Self.field(node.title, value: written(value, node: node, pointer: here), listed: Self.isListed(node.kind)))
            }
        }
        return Self.grouped(lines + extraFields + (self.extraFields[pointer] ?? [])) + nested
    }

    /// The items of a repeated block: under headings as its title pattern writes them, else
    /// as the rows of a table, else as one list of fields an item (a field the item already
    /// has starts the next).
    private func repeated(_ node: ReturnFormat.Node, _ items: [JSONValue], pointer: String, level: Int) -> [String] {
        let objects = items.map { $0.objectValue ?? JSONObject() }
        // Under headings when every item has what its heading captures (a table row gives none).
        if let pattern = node.titlePattern, case let titles = objects.compactMap(pattern.title(of:)), titles.count == objects.count {
            let captures = Set(pattern.captures)
            var blocks: [String] = []
            for (n, (item, title)) in zip(objects, titles).enumerated() {
                blocks.append(Self.heading(title, level: level))
                blocks += fields(node.fields.filter { !captures.contains($0.key) }, of: item, pointer: "\(pointer)/\(n)", level: level + 1)
            }
            return blocks
        }
        if let table = table(node, objects, pointer: pointer) { return [table] }
        return objects.enumerated().flatMap { n, item in fields(node.fields, of: item, pointer: "\(pointer)/\(n)", level: level, inline: true) }
    }

    /// `- **Group:**` over its fields, each indented by two spaces (what the group does not
    /// have is left out: a comment inside a list item would be read as its text).
    private func labelledGroup(_ node: ReturnFormat.Node, _ object: JSONObject, pointer: String) -> String {
        var out = "- **\(node.title):**"
        for line in fields(node.fields, of: object, pointer: pointer, level: 7, inline: true) where !line.hasPrefix("<!--") {
            for part in line.split(separator: "\n", omittingEmptySubsequences: false) {
                out += "\n" + (part.isEmpty ? "" : "  " + part)
            }
        }
        return out
    }

    /// The items as a GFM table whose header is the fields' titles, when every item has the
    /// same fields and every value fits on one line.
    private func table(_ node: ReturnFormat.Node, _ items: [JSONObject], pointer: String) -> String? {
        guard let first = items.first else { return nil }
        let columns = node.fields.filter { first[$0.key] != nil }
        guard !columns.isEmpty, columns.allSatisfy({ !$0.isContainer && !Self.isListed($0.kind) }) else { return nil }
        let keys = Set(columns.map(\.key))
        var rows: [String] = []
        for (n, item) in items.enumerated() {
            guard item.count == columns.count, item.keys.allSatisfy(keys.contains), extraFields["\(pointer)/\(n)"] == nil else { return nil }
            var cells: [String] = []
            for column in columns {
                guard let value = item[column.key] else { return nil }
                let text = written(value, node: column, pointer: "\(pointer)/\(n)/\(JSONPointer.escape(column.key))")
                guard !text.contains("\n"), text == text.trimmingSpaces else { return nil }
                cells.append(text.replacingOccurrences(of: "|", with: "\\|"))
            }
            rows.append("| " + cells.joined(separator: " | ") + " |")
        }
        let header = "| " + columns.map { $0.title.replacingOccurrences(of: "|", with: "\\|") }.joined(separator: " | ") + " |"
        let delimiter = "|" + columns.map { _ in " --- |" }.joined()
        return ([header, delimiter] + rows).joined(separator: "\n")
    }

    /// A value as the answer wrote it: the text kept when it was read into another type, else
    /// the value as text.
    private func written(_ value: JSONValue, node: ReturnFormat.Node?, pointer: String) -> String {
        if let text = report.writtenValues[pointer] { return text }
        switch value {
        case .string(let text):
            return text
        case .array(let items) where node?.kind == .checklist:
            return items.map { item in
                let object = item.objectValue ?? JSONObject()
                return (object["checked"] == .bool(true) ? "- [x] " : "- [ ] ") + (object["text"]?.stringValue ?? item.serialized())
            }.joined(separator: "\n")
        case .array(let items):
            return items.map { "- " + written($0, node: nil, pointer: "") }.joined(separator: "\n")
        case .object(let object):
            // A group's fields, as the labelled lines they were read from.
            return object.map { key, value in "- \(ReturnFormat.titleFromKey(key)): " + written(value, node: nil, pointer: "") }
                .joined(separator: "\n")
        default:
            return value.serialized()
        }
    }

    /// Text of the section in no field, first: after the last field it would read as the epilogue.
    private func notes(_ key: String) -> [String] {
        report.extras.notes.filter { $0.section == key }.map(\.text)
    }

    /// Lists and checklists go below their label, whatever their first line.
    private static func isListed(_ kind: ReturnFormat.Node.Kind) -> Bool {
        kind == .array || kind == .checklist || kind == .repeated
    }

    /// `## Title` down to `###### Title`; deeper, a bold line.
    static func heading(_ title: String, level: Int) -> String {
        level <= 6 ? String(repeating: "#", count: level) + " " + oneLine(title) : "**" + oneLine(title) + "**"
    }

    /// `- **Label:** first line`, further lines indented by two spaces. When the further lines
    /// are themselves indented, or the value is a list, every line goes below the label, so that
    /// removing the common indentation on reading gives the value back exactly.
    static func field(_ label: String, value: String, listed: Bool) -> String {
        let lines = value.split(separator: "\n", omittingEmptySubsequences: false)
        let rest = lines.dropFirst()
        let restIndented = !rest.isEmpty && rest.filter { !$0.isEmpty }.allSatisfy { $0.first == " " || $0.first == "\t" }
            && rest.contains { !$0.isEmpty }
        let allBelow = restIndented || !value.isEmpty && (listed || lines.first.map(opensBlock) == true)
        var out = "- **\(label):**"
        let below = allBelow ? lines[...] : rest
        if !allBelow, let first = lines.first, !first.isEmpty { out += " " + first }
        for line in below {
            out += "\n" + (line.isEmpty ? "" : "  " + line)
        }
        return out
    }

    /// A line that starts a block of its own (a fence, a list, a table, a quote, a heading):
    /// on a label's line it would read as text.
    static func opensBlock(_ line: Substring) -> Bool {
        let start = line.drop { $0 == " " }
        if start.hasPrefix("```") || start.hasPrefix("~~~") { return true }
        guard let first = start.first else { return false }
        if "|>#".contains(first) { return true }
        if "-*+".contains(first), start.dropFirst().first == " " { return true }
        let digits = start.prefix(while: \.isNumber)
        return !digits.isEmpty && digits.count < 4 && start.dropFirst(digits.count).first.map { $0 == "." || $0 == ")" } == true
            && start.dropFirst(digits.count + 1).first == " "
    }

    /// List lines as blocks: a comment line between fields would end the list item above it,
    /// so items stay together and comments stand as their own blocks.
    static func grouped(_ lines: [String]) -> [String] {
        var blocks: [String] = []
        var group: [String] = []
        for line in lines {
            if line.hasPrefix("<!--") {
                if !group.isEmpty { blocks.append(group.joined(separator: "\n")) }
                group = []
                blocks.append(line)
            } else {
                group.append(line)
            }
        }
        if !group.isEmpty { blocks.append(group.joined(separator: "\n")) }
        return blocks
    }

    static func oneLine(_ text: String) -> String {
        text.split(whereSeparator: \.isNewline).joined(separator: " ")
    }

    static func comment(_ text: String) -> String {
        oneLine(text).replacingOccurrences(of: "--", with: "- -")
    }
}
