import JSONSchema

/// The schema of a template's sections and fields: sections, repeated blocks, tables of
/// records, checklists, lists and the fields inside them, each typed by its guidance.
extension SchemaDeriver {
    /// The properties of sibling sections (with their subsections): each a section, or — for
    /// headings written as items of a repeated block — one array of them.
    func members(_ nodes: [TemplateTree.Node]) -> (JSONObject, [JSONValue], Int) {
        var properties = JSONObject()
        var required: [JSONValue] = []
        var taken = Set<String>()
        var count = 0
        let groups = TemplateTree.groupRepeated(nodes)
        // Blocks of several kinds side by side (`### CRITICAL: [Issue]`, `### WARNING: [Issue]`):
        // an answer lists the kinds it found, so none of them is required.
        let kinds = groups.filter { if case .repeated = $0 { true } else { false } }.count
        for group in groups {
            switch group {
            case .fieldInTitle(let node, let label, let guidance):
                let key = PropertyKey.unique(label, among: &taken)
                let (schema, _) = fieldSchema(title: label, guidance: guidance, optional: node.section.optional, children: node.section.items)
                properties[key] = schema
                count += 1
                if !node.section.optional { required.append(.string(key)) }
            case .section(let node):
                let key = PropertyKey.unique(node.section.title, among: &taken)
                let (schema, fields) = nodeSchema(node)
                count += fields
                properties[key] = schema
                if !node.section.optional { required.append(.string(key)) }
            case .repeated(let title, let pattern, let items):
                let key = PropertyKey.unique(title, among: &taken)
                let (schema, fields) = repeatedSchema(title: title, pattern: pattern, items: items, description: nil)
                count += fields
                properties[key] = schema
                if kinds < 2, !items.allSatisfy(\.section.optional) { required.append(.string(key)) }
            }
        }
        return (properties, required, count)
    }

    /// A section with its subsections; a section whose only content is a repeated block is
    /// that block (`## Findings` over `### Finding 1: [Title]`, `### Finding 2: [Title]`); one
    /// whose only content is a checklist or a single field titled as it is that value.
    private func nodeSchema(_ node: TemplateTree.Node, asItem: Bool = false) -> (JSONValue, Int) {
        let ownFields = node.section.items.contains { if case .field = $0 { true } else { false } }
        let groups = TemplateTree.groupRepeated(node.children)
        if !ownFields, groups.count == 1, case .repeated(_, let pattern, let items) = groups[0] {
            let prose = node.section.items.compactMap { if case .prose(let text) = $0 { text } else { nil } }
            return repeatedSchema(title: node.section.title, pattern: pattern, items: items,
                                  description: prose.isEmpty ? nil : prose.joined(separator: " "))
        }
        if node.children.isEmpty, let checklist = Self.checklistSchema(node.section) { return (checklist, 1) }
        if node.children.isEmpty, let (guidance, description) = Self.valueGuidance(node.section.items) {
            // `### Verdict` over `[SAFE TO MERGE / NEEDS CHANGES]`: the heading's text is that value.
            var (schema, count) = fieldSchema(title: node.section.title, guidance: guidance, optional: node.section.optional, children: [])
            if let description, var object = schema.objectValue {
                object["description"] = .string(description + " " + (object["description"]?.stringValue ?? guidance))
                schema = .object(object)
            }
            return (schema, count)
        }
        if node.children.isEmpty, !asItem, Self.repeatsItsFields(node.section.items) {
            // `For each container:` over fields, or fields then `...`: one item a group of them.
            let (item, count) = sectionSchema(node.section)
            var object = item.objectValue ?? JSONObject()
            let title = object["title"]
            object["title"] = nil
            object["type"] = "object"
            var array = JSONObject()
            array["title"] = title
            if let description = object["description"] { array["description"] = description; object["description"] = nil }
            // No minItems: "None" under a block of findings is an answer.
            array["type"] = "array"
            array["items"] = .object(object)
            return (.object(array), count)
        }
        if node.children.isEmpty, let table = Self.recordTable(node.section) { return table }
        var (schema, count) = sectionSchema(node.section)
        guard !node.children.isEmpty, var object = schema.objectValue else { return (schema, count) }
        let (properties, required, nested) = members(node.children)
        var merged = object["properties"]?.objectValue ?? JSONObject()
        var allRequired = object["required"]?.arrayValue ?? []
        for (key, value) in properties where merged[key] == nil { merged[key] = value }
        allRequired += required.filter { key in !allRequired.contains(key) }
        object["properties"] = .object(merged)
        object["required"] = .array(allRequired)
        schema = .object(object)
        count += nested
        return (schema, count)
    }

    /// A section whose content is one table with a row of guidance (`| Location | Severity |`
    /// over `| file:line | HIGH / LOW |`), besides prose: its rows, one record a row, each cell
    /// a string, an enum when its guidance lists values. No row is required ("No
    /// findings" is an answer), nor any cell.
    private static func recordTable(_ section: TemplateReader.Section) -> (JSONValue, Int)? {
        var table: (header: [String], rows: [[String]])?
        var prose: [String] = []
        for item in section.items {
            switch item {
            case .table(let header, let rows) where table == nil: table = (header, rows)
            case .prose(let text): prose.append(text)
            case .ellipsis: continue
            default: return nil
            }
        }
        guard let (header, rows) = table, header.count >= 2, let guidance = rows.first, labelTable(header: header, rows: rows) == nil else { return nil }
        let properties = columnProperties(header, guidance: guidance, typed: true)
        var array = JSONObject()
        array["title"] = .string(section.title)
        if !prose.isEmpty { array["description"] = .string(prose.joined(separator: " ")) }
        array["type"] = "array"
        array["items"] = .object(JSONObject([("type", "object"), ("properties", .object(properties)), ("required", [])]))
        if section.implicit { array["x-implicit-section"] = true }
        return (.object(array), header.count)
    }

    /// One string property a column, titled by its header and described by the row of
    /// guidance; `typed`: the guidance trimmed, and an enum when it lists values.
    private static func columnProperties(_ header: [String], guidance: [String], typed: Bool) -> JSONObject {
        var properties = JSONObject()
        var taken = Set<String>()
        for (n, column) in header.enumerated() {
            let cell = n < guidance.count ? (typed ? guidance[n].trimmingSpaces : guidance[n]) : ""
            var object = JSONObject()
            object["title"] = .string(column)
            if !cell.isEmpty { object["description"] = .string(cell) }
            object["type"] = "string"
            if typed, case .enumeration(let values) = GuidanceType.read(cell) { object["enum"] = .array(values.map(JSONValue.string)) }
            properties[PropertyKey.unique(column, among: &taken)] = .object(object)
        }
        return properties
    }

    /// An array of items written as headings: the first item that has fields describes them
    /// all; its title pattern's parts are the item's first properties.
    private func repeatedSchema(title: String, pattern: TitlePattern, items: [TemplateTree.Node], description: String?) -> (JSONValue, Int) {
        let model = items.first { node in node.section.items.contains { if case .field = $0 { true } else { false } } || !node.children.isEmpty } ?? items[0]
        // The item's own `...` or `[Repeat for each …]` repeats the items, not its fields.
        let (itemSchema, count) = nodeSchema(TemplateTree.Node(section: model.section, children: model.children), asItem: true)
        var item = itemSchema.objectValue ?? JSONObject()
        item["title"] = nil
        var properties = JSONObject()
        for (name, label) in TemplateTree.captureLabels(of: model.section.title, pattern: pattern) {
            properties[name] = ["title": .string(label), "type": "string"]
        }
        for (key, value) in item["properties"]?.objectValue ?? JSONObject() where properties[key] == nil { properties[key] = value }
        item["type"] = "object"
        item["x-title-pattern"] = .string(pattern.text)
        item["properties"] = .object(properties)
        if item["required"] == nil { item["required"] = [] }
        var array = JSONObject()
        array["title"] = .string(title)
        if let description { array["description"] = .string(description) }
        array["type"] = "array"
        array["items"] = .object(item)
        return (.object(array), count)
    }

    /// The value a section's body stands for, and the sentences around it: one placeholder
    /// (`[one paragraph]`, `<APPROVE|BLOCK>`), the values themselves (`Valid | Invalid`), or
    /// sentences and a line listing them (`Options: "Valid", "Invalid"`); nil otherwise.
    private static func valueGuidance(_ items: [TemplateReader.Item]) -> (guidance: String, description: String?)? {
        if let placeholder = onlyPlaceholder(items) { return (placeholder, nil) }
        if items.count == 1, case .prose(let text) = items[0], case .enumeration = GuidanceType.read(text) { return (text, nil) }
        var prose: [String] = []
        var values: String? = nil
        for item in items {
            switch item {
            case .prose(let text): prose.append(text)
            case .field(let title, let guidance, _, let children, _) where values == nil && children.isEmpty
                && ["options", "values", "choices", "one of", "allowed values", "possible values", "valid values", "allowed"]
                    .contains(FormatBlockLocator.normalized(title)):
                let listed = guidance.split(separator: ",").map { String($0).trimmingSpaces.trimming("\"'`") }
                guard listed.count >= 2, listed.allSatisfy({ !$0.isEmpty && $0.count <= 40 }) else { return nil }
                values = listed.joined(separator: " | ")
            default: return nil
            }
        }
        guard let values, case .enumeration = GuidanceType.read(values) else { return nil }
        return (values, prose.isEmpty ? nil : prose.joined(separator: " "))
    }

    /// The guidance of a section whose whole body is one placeholder (`[one paragraph]`,
    /// `{one or two sentences}`, `<APPROVE|BLOCK>`), or nil.
    private static func onlyPlaceholder(_ items: [TemplateReader.Item]) -> String? {
        guard items.count == 1, case .prose(let text) = items[0] else { return nil }
        let closers: [Character: Character] = ["[": "]", "<": ">", "{": "}"]
        guard let first = text.first, let closer = closers[first], text.last == closer,
              text.dropFirst().dropLast().firstIndex(of: closer) == nil else { return nil }
        return text
    }

    /// Fields with an instruction to repeat them (`For each container:`, `[Repeat for each
    /// step]`) or an ellipsis after them.
    private static func repeatsItsFields(_ items: [TemplateReader.Item]) -> Bool {
        guard let lastField = items.lastIndex(where: { if case .field = $0 { true } else { false } }) else { return false }
        if items[(lastField + 1)...].contains(where: { if case .ellipsis = $0 { true } else { false } }) { return true }
        return items.contains { item in
            guard case .prose(let text) = item else { return false }
            let lower = text.lowercased()
            return lower.hasPrefix("for each") || lower.hasPrefix("for every") || lower.hasPrefix("repeat") || lower.contains("[repeat")
        }
    }

    /// `- [ ] Tests added` lines and nothing else: an array of `{text, checked}`.
    private static func checklistSchema(_ section: TemplateReader.Section) -> JSONValue? {
        let listItems = section.items.compactMap { item -> String? in if case .listItem(let text, _) = item { text } else { nil } }
        let others = section.items.filter { item in
            switch item {
            case .listItem, .prose, .ellipsis: false
            default: true
            }
        }
        guard !listItems.isEmpty, others.isEmpty, listItems.allSatisfy(Self.isCheckbox) else { return nil }
        var object = JSONObject()
        object["title"] = .string(section.title)
        object["description"] = .string(listItems.joined(separator: "; "))
        object["type"] = "array"
        object["items"] = Self.checkboxItem
        if !section.optional { object["minItems"] = 1 }
        return .object(object)
    }

    static func isCheckbox(_ text: String) -> Bool {
        text.hasPrefix("[ ]") || text.hasPrefix("[x]") || text.hasPrefix("[X]")
    }

    static let checkboxItem: JSONValue = [
        "type": "object",
        "properties": ["text": ["type": "string"], "checked": ["type": "boolean"]],
        "required": ["text", "checked"],
    ]

    private func sectionSchema(_ section: TemplateReader.Section) -> (JSONValue, Int) {
        var object = JSONObject()
        object["title"] = .string(section.title)
        let prose = section.items.compactMap { if case .prose(let text) = $0 { text } else { nil } }
        if !prose.isEmpty { object["description"] = .string(prose.joined(separator: " ")) }
        object["type"] = "object"
        var items = section.items
        // A two-column table of labels is a list of fields: `| Status | [PASS/FAIL] |`.
        items = items.flatMap { item -> [TemplateReader.Item] in
            if case .table(let header, let rows) = item, let fields = Self.labelTable(header: header, rows: rows) { return fields }
            return [item]
        }
        let (properties, required, count) = fields(items)
        if !properties.isEmpty {
            object["properties"] = .object(properties)
            object["required"] = .array(required)
        }
        if let content = contentSchema(items) {
            if properties.isEmpty, !section.implicit, content["type"] == "array", var array = content.objectValue {
                // Only a list (`## Assumptions` over `- <assumption>`, `1. **Title**` over its
                // fields): the section is that list, its items the data.
                array["title"] = object["title"]
                array["description"] = object["description"]
                // A list of records may be empty ("None" under findings is an answer).
                if !section.optional, content["items"]?["type"] == "string" { array["minItems"] = 1 }
                return (.object(array), count)
            }
            object["x-content"] = content
        }
        if section.implicit { object["x-implicit-section"] = true }
        return (.object(object), count)
    }

    /// The fields among `items`: properties, required keys and how many fields in all.
    private func fields(_ items: [TemplateReader.Item]) -> (JSONObject, [JSONValue], Int) {
        var properties = JSONObject()
        var required: [JSONValue] = []
        var taken = Set<String>()
        var count = 0
        for (index, item) in items.enumerated() {
            guard case .field(let title, let guidance, var optional, let children, _) = item else { continue }
            if guidance.isEmpty, children.isEmpty, Self.headsFixedFields(items[(index + 1)...]) {
                // `Knowledge & references:` over fixed pointers: a heading of fixed text, optional.
                optional = true
            }
            let key = PropertyKey.unique(title, among: &taken)
            let (schema, nested) = fieldSchema(title: title, guidance: guidance, optional: optional, children: children)
            properties[key] = schema
            count += 1 + nested
            if !optional { required.append(.string(key)) }
        }
        return (properties, required, count)
    }

    private func fieldSchema(title: String, guidance: String, optional: Bool, children: [TemplateReader.Item]) -> (JSONValue, Int) {
        var object = JSONObject()
        object["title"] = .string(title)
        let prose = children.compactMap { if case .prose(let text) = $0 { text } else { nil } }
        let description = ([guidance] + prose).filter { !$0.isEmpty }.joined(separator: " ")
        let (properties, required, count) = fields(children)
        if !properties.isEmpty {
            if !description.isEmpty { object["description"] = .string(description) }
            object["type"] = ["object", "string"]
            object["properties"] = .object(properties)
            object["required"] = .array(required)
            return (.object(object), count)
        }
        if let content = contentSchema(children) {
            if content["type"] == "array" {
                if !description.isEmpty { object["description"] = .string(description) }
                var array = content.objectValue ?? JSONObject()
                array["title"] = nil
                for (key, value) in array { object[key] = value }
                if !optional { object["minItems"] = 1 }
                return (.object(object), 0)
            }
            // A code block: its text is the guidance when the label gives none.
            object["description"] = .string(description.isEmpty ? (content["description"]?.stringValue ?? "") : description)
            object["type"] = "string"
            object["x-code"] = content["x-code"] ?? ""
            return (.object(object), 0)
        }
        if !description.isEmpty { object["description"] = .string(description) }
        switch GuidanceType.read(guidance) {
        case .enumeration(let values):
            object["type"] = "string"
            object["enum"] = .array(values.map(JSONValue.string))
        case .integer(let minimum, let maximum):
            object["type"] = "integer"
            if let minimum { object["minimum"] = .number(JSONNumber(minimum)) }
            if let maximum { object["maximum"] = .number(JSONNumber(maximum)) }
        case .number: object["type"] = "number"
        case .boolean: object["type"] = "boolean"
        case .text: object["type"] = "string"
        }
        return (.object(object), 0)
    }

    /// What items other than fields and prose describe: a repeated item or a table (an array),
    /// or a code block (a string with `x-code`).
    private func contentSchema(_ items: [TemplateReader.Item]) -> JSONValue? {
        for item in items {
            switch item {
            case .listItem(let text, let children):
                var element = JSONObject()
                let (properties, required, _) = fields(children)
                if properties.isEmpty {
                    element["type"] = "string"
                    element["description"] = .string(text)
                } else {
                    // `1. **Title**` over its fields: each entry titled by the answer's own words.
                    var titled = JSONObject()
                    let written = TemplateReader.cleaned(text).0.trimming("*_")
                    var pattern: String
                    if let placeholders = TemplateTree.itemPattern(written) {
                        // `1. [Signature] - [Count] reports`: the title's slots are the entry's first properties.
                        pattern = placeholders.text
                        for (name, label) in TemplateTree.captureLabels(of: written, pattern: placeholders) {
                            titled[name] = ["title": .string(label), "type": "string"]
                        }
                    } else {
                        let label = written.isEmpty ? "Title" : written
                        pattern = "{\(PropertyKey.make(label))}"
                        titled[PropertyKey.make(label)] = ["title": .string(label), "type": "string"]
                    }
                    let own = titled.count
                    for (key, value) in properties where titled[key] == nil { titled[key] = value }
                    element["type"] = ["object", "string"]
                    // A slot named as a sub-field (`1. **Title**` over `- Title: …`) titles nothing.
                    let isTitled = own > 0 && titled.count == properties.count + own
                    element["x-title-pattern"] = isTitled ? .string(pattern) : nil
                    element["properties"] = .object(isTitled ? titled : properties)
                    element["required"] = .array(required)
                }
                return ["type": "array", "items": .object(element)]
            case .table(let header, let rows):
                let properties = Self.columnProperties(header, guidance: rows.first ?? [], typed: false)
                return ["type": "array", "items": ["type": ["object", "string"], "properties": .object(properties)]]
            case .code(let language, let text):
                return ["type": "string", "description": .string(text), "x-code": .string(language)]
            case .field, .ellipsis, .prose:
                continue
            }
        }
        return nil
    }

    /// A two-column table whose first column holds labels (not placeholders), as fields.
    private static func labelTable(header: [String], rows: [[String]]) -> [TemplateReader.Item]? {
        guard header.count == 2, !rows.isEmpty else { return nil }
        var items: [TemplateReader.Item] = []
        for row in rows {
            guard row.count >= 2, let first = row[0].utf8.first, first != 0x5B, first != 0x3C, first != 0x7B else { return nil }
            let (title, optional) = TemplateReader.cleaned(row[0])
            items.append(.field(title: title, guidance: row[1], optional: optional || TemplateReader.marksOptional(row[1]), children: [], line: 0))
        }
        return items
    }
}
