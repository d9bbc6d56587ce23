import JSONSchema

/// Derives a JSON Schema (draft 2020-12) from the Return Format an agent definition asks for.
///
/// ```swift
/// switch SchemaDeriver().derive(AgentDefinition(source: source)) {
/// case .success(let derivation): derivation.schema.serialized(pretty: true)
/// case .failure(let failure): failure.message
/// }
/// ```
///
/// The schema has the shape `ReturnFormat` reads (see `schemas/backend-engineer.schema.json`):
/// top-level properties are the sections in template order, each `type: object` with a `title`
/// as written; a section's properties are its fields, with `title` the label as written and
/// `description` the guidance (brackets kept). Everything is required unless the template says
/// "optional", "if any" or "if applicable".
///
/// - A field with fields nested under it has `properties` and `"type": ["object", "string"]`:
///   an object as JSON, and its markdown text when bound from an answer (the binder keeps a
///   field's value as text).
/// - A field over a repeated item (`- [Method] /endpoint`, an item then `...`, a table with a
///   placeholder row) is `type: array`; its `items` describe the item.
/// - A code block is a string field with `x-code` (its language).
/// - What a section holds other than fields is kept as annotations: prose as its
///   `description`, a repeated item, a table or a code block as `x-content` (a schema).
/// - A template of fields with no headings gets one section, `x-implicit-section: true`.
public struct SchemaDeriver: Sendable {
    /// A derived schema and where it came from.
    public struct Derivation: Sendable {
        public var schema: JSONValue
        public var block: FormatBlockLocator.Block
        public var sectionTitles: [String]
        public var fieldCount: Int
    }

    /// Why no schema could be derived.
    public struct Failure: Swift.Error, Sendable, CustomStringConvertible {
        public var message: String
        public var description: String { message }
    }

    public init() {}

    public func derive(_ definition: AgentDefinition) -> Result<Derivation, Failure> {
        let (found, nearMisses) = FormatBlockLocator().locate(definition)
        guard var block = found else {
            return .failure(.noFormatBlock(definition.source.name, nearMisses: nearMisses))
        }
        var members: JSONObject, required: [JSONValue], fieldCount: Int, titles: [String]
        var answerTitle: String? = nil
        var branches: [JSONValue] = []
        var frontMatter: JSONValue? = nil
        if let format = block.dataFormat {
            // A JSON or YAML document: the answer is such a document.
            let text = block.lines.map { definition.source.lineText($0) }.joined(separator: "\n")
            do {
                (members, required, fieldCount) = try DataTemplateReader.schema(text, format: format)
            } catch {
                return .failure(Failure(message: "\(definition.source.name):\(block.lines.lowerBound + 1): \(error.message)"))
            }
            titles = Array(members.keys)
            // One document per case: the answer is one of them (anyOf).
            if block.alternatives.count >= 2 {
                for lines in block.alternatives {
                    let branchText = lines.map { definition.source.lineText($0) }.joined(separator: "\n")
                    guard let (branchProperties, branchRequired, _) = try? DataTemplateReader.schema(branchText, format: format) else { continue }
                    branches.append(.object(JSONObject([("type", "object"), ("properties", .object(branchProperties)), ("required", .array(branchRequired))])))
                    members = Self.merged(members, branchProperties)
                }
                if branches.count >= 2 { required = [] } else { branches = [] }
                titles = Array(members.keys)
            }
        } else {
            // A template that starts with its own front matter (`---` / `status: A | B` / `---`):
            // that is the answer's metadata, not its sections.
            if let (yaml, body) = Self.frontMatter(of: block.lines, in: definition.source) {
                let text = yaml.map { definition.source.lineText($0) }.joined(separator: "\n")
                if let (properties, required, _) = try? DataTemplateReader.schema(text, format: "yaml") {
                    frontMatter = .object(JSONObject([("type", "object"), ("properties", .object(properties)), ("required", .array(required))]))
                }
                block.lines = body
            }
            let reader = TemplateReader(source: definition.source)
            var (templateTitle, sections) = reader.read(lines: block.lines, implicitTitle: block.introduction)
            // A first fence that is no template (a command to run, a path): the next fence in the section.
            while sections.isEmpty, block.fenced, let next = Self.nextFence(after: block, in: definition.source) {
                block.lines = next
                (templateTitle, sections) = reader.read(lines: block.lines, implicitTitle: block.introduction)
            }
            answerTitle = templateTitle
            let blockText = block.lines.map { definition.source.lineText($0) }.joined(separator: "\n")
            if sections.isEmpty, !block.fenced, ProseFormatReader.parts(in: blockText) != nil {
                // Only sentences: read as the parts they name (below).
                sections = [TemplateReader.Section(title: block.introduction, optional: false, implicit: true, items: [.prose(blockText)], line: block.lines.lowerBound)]
            }
            guard !sections.isEmpty else {
                return .failure(.emptyTemplate(definition.source.name, block: block))
            }
            var (properties, requiredKeys, count) = self.members(TemplateTree.nest(sections))
            // No template, only a sentence naming the parts: those parts, each optional.
            if !block.fenced, sections.count == 1, sections[0].implicit, Self.isProseOnly(sections[0].items),
               let parts = ProseFormatReader.parts(in: blockText) {
                var taken = Set<String>()
                properties = JSONObject(parts.map { part in (PropertyKey.unique(part, among: &taken), .object(JSONObject([("title", .string(part))]))) })
                requiredKeys = []
                count = parts.count
            }
            // `For each issue:` before a template of fields: the template is one item of a list.
            if sections.count == 1, sections[0].implicit, Self.introductionRepeats(block, in: definition.source),
               let key = properties.keys.first, let section = properties[key]?.objectValue, section["type"] != "array" {
                var item = section
                item["title"] = nil
                item["x-implicit-section"] = nil
                item["type"] = "object"
                properties[key] = .object(JSONObject([
                    ("title", section["title"] ?? .string(key)), ("type", "array"), ("items", .object(item)),
                    ("x-implicit-section", true),
                ]))
            }
            (members, required, fieldCount) = (properties, requiredKeys, count)
            titles = sections.map(\.title)
            // Alternative templates, one per case: the answer is one of them (anyOf); binding sees
            // the parts of all of them.
            if block.alternatives.count >= 2 {
                for lines in block.alternatives {
                    let (_, branchSections) = reader.read(lines: lines, implicitTitle: block.introduction)
                    guard !branchSections.isEmpty else { continue }
                    let (branchProperties, branchRequired, _) = self.members(TemplateTree.nest(branchSections))
                    branches.append(.object(JSONObject([("type", "object"), ("properties", .object(branchProperties)), ("required", .array(branchRequired))])))
                    members = Self.merged(members, branchProperties)
                }
                if branches.count >= 2 { required = [] } else { branches = [] }
            } else if let whole = Self.wholeAnswerParts(members) {
                // `## Edit-mode report` and `## Readonly-mode report`: each part is a whole answer
                // of its own, and the answer is one of them.
                branches = whole.map { key in
                    .object(JSONObject([("type", "object"), ("properties", .object(JSONObject([(key, members[key] ?? true)]))),
                                        ("required", .array([.string(key)]))]))
                }
                required = []
            }
        }
        // Legends after the template (`Severity scale:` over `- SEV1 — …`) close their fields' values.
        // (a fence left open runs to the end: nothing comes after it)
        let afterStart = block.lines.upperBound + (block.fenced ? 1 : 0)
        let after = afterStart..<max(afterStart, Self.sectionEnd(after: block, in: definition.source))
        let legends = LegendReader.legends(in: after, of: definition.source)
        var tree = LegendReader.apply(legends, to: JSONValue.object(JSONObject([("properties", .object(members)), ("required", .array(required))])))
        // `If a category has no findings, omit that category section entirely.`: a part that
        // lists things may be left out when there is nothing to list.
        if Self.saysEmptyPartsMayBeOmitted((after.lowerBound..<after.upperBound).map(definition.source.lineText).joined(separator: " ")) {
            tree = Self.listsOptional(tree)
            required = tree["required"]?.arrayValue ?? required
        }
        let properties = tree["properties"]?.objectValue ?? members
        let name = definition.value(of: "name")?.stringValue ?? ""
        let agent = name.isEmpty ? Self.fileStem(definition.source.name) : name
        var root = JSONObject()
        root["$schema"] = .string(JSONSchemaModule.dialect)
        root["title"] = .string(ReturnFormat.titleFromKey(agent))
        root["description"] = .string(
            "The Return Format of the \(agent) agent, derived from \"\(block.introduction)\" (line \(block.introductionLine + 1)) of \(Self.fileName(definition.source.name)).")
        root["type"] = "object"
        root["properties"] = .object(properties)
        root["required"] = .array(required)
        if !branches.isEmpty { root["anyOf"] = .array(branches) }
        if let frontMatter { root["x-front-matter"] = frontMatter }
        if let format = block.dataFormat { root["x-answer-format"] = .string(format) }
        if let answerTitle {
            // The template's own title line (`# Threat Model: [System name]`): the answer's title, not a part.
            root["x-title-pattern"] = .string(TemplateTree.itemPattern(answerTitle)?.text ?? answerTitle)
        }
        return .success(Derivation(
            schema: .object(root), block: block, sectionTitles: titles, fieldCount: fieldCount))
    }

    // MARK: Sections and fields

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
    /// typed by its guidance as a field is (an enum, a count). No row is required ("No
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
        var properties = JSONObject()
        var taken = Set<String>()
        for (n, column) in header.enumerated() {
            let cell = n < guidance.count ? guidance[n].trimmingSpaces : ""
            var object = JSONObject()
            object["title"] = .string(column)
            if !cell.isEmpty { object["description"] = .string(cell) }
            object["type"] = "string"
            if case .enumeration(let values) = GuidanceType.read(cell) { object["enum"] = .array(values.map(JSONValue.string)) }
            properties[PropertyKey.unique(column, among: &taken)] = .object(object)
        }
        var array = JSONObject()
        array["title"] = .string(section.title)
        if !prose.isEmpty { array["description"] = .string(prose.joined(separator: " ")) }
        array["type"] = "array"
        array["items"] = .object(JSONObject([("type", "object"), ("properties", .object(properties)), ("required", [])]))
        if section.implicit { array["x-implicit-section"] = true }
        return (.object(array), header.count)
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
            if properties.isEmpty, !section.implicit, content["type"] == "array", content["items"]?["type"] == "string", var array = content.objectValue {
                // Only a list (`## Assumptions` over `- <assumption>`): the section is that list,
                // its items the data.
                array["title"] = object["title"]
                array["description"] = object["description"]
                if !section.optional { array["minItems"] = 1 }
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
                    element["title"] = .string(text)
                    element["type"] = ["object", "string"]
                    element["properties"] = .object(properties)
                    element["required"] = .array(required)
                }
                return ["type": "array", "items": .object(element)]
            case .table(let header, let rows):
                var properties = JSONObject()
                var taken = Set<String>()
                let placeholder = rows.first ?? []
                for (n, column) in header.enumerated() {
                    var cell = JSONObject()
                    cell["title"] = .string(column)
                    if n < placeholder.count, !placeholder[n].isEmpty { cell["description"] = .string(placeholder[n]) }
                    cell["type"] = "string"
                    properties[PropertyKey.unique(column, among: &taken)] = .object(cell)
                }
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

    /// The lines inside the next fenced block after `block`, before the format's section ends.
    static func nextFence(after block: FormatBlockLocator.Block, in source: SourceText) -> Range<Int>? {
        let end = sectionEnd(after: block, in: source)
        var k = block.lines.upperBound + 1
        while k < end {
            let text = source.lineText(k).trimmingSpaces
            if text.hasPrefix("```") || text.hasPrefix("~~~") {
                // `**On failure:**` over it: one of alternative templates, which are not read yet.
                var before = k - 1
                while before > block.lines.upperBound && source.lineText(before).trimmingSpaces.isEmpty { before -= 1 }
                let lead = source.lineText(before).trimming("*_ ").lowercased()
                if ["on ", "if ", "when ", "in case", "for a ", "otherwise"].contains(where: lead.hasPrefix) { return nil }
                let marker = String(text.prefix(3))
                var close = k + 1
                while close < source.lineCount && source.lineText(close).trimmingSpaces != marker { close += 1 }
                return (k + 1)..<min(close, source.lineCount)
            }
            k += 1
        }
        return nil
    }

    /// A sentence that lets an answer leave out a part with nothing in it: "omit" or "skip"
    /// with "section", "empty" or "none".
    static func saysEmptyPartsMayBeOmitted(_ text: String) -> Bool {
        let normalized = " " + FormatBlockLocator.normalized(text) + " "
        // `Do not omit sections; write None`: the opposite.
        if ["not omit", "never omit", "not skip", "never skip", "dont omit", "dont skip", "don t omit", "don t skip"].contains(where: normalized.contains) {
            return false
        }
        let words = Set(normalized.split(separator: " ").map(String.init))
        return !words.isDisjoint(with: ["omit", "skip"]) && !words.isDisjoint(with: ["section", "sections", "empty", "none", "category", "categories"])
    }

    /// `schema` with every part that lists things (an array, a checklist) not required and
    /// allowed to be empty, at any depth.
    static func listsOptional(_ schema: JSONValue) -> JSONValue {
        guard case .object(var object) = schema else { return schema }
        if var properties = object["properties"]?.objectValue {
            func isList(_ value: JSONValue) -> Bool { value["type"] == "array" || value["x-content"]?["type"] == "array" }
            var lists = Set<String>()
            for (key, value) in properties {
                var child = listsOptional(value)
                if isList(child) {
                    lists.insert(key)
                    if case .object(var array) = child { array["minItems"] = nil; child = .object(array) }
                } else if let grand = child["properties"]?.objectValue, !grand.isEmpty, grand.allSatisfy({ isList($0.value) }) {
                    lists.insert(key)  // a section of lists only
                }
                properties[key] = child
            }
            object["properties"] = .object(properties)
            if let required = object["required"]?.arrayValue {
                object["required"] = .array(required.filter { !lists.contains($0.stringValue ?? "") })
            }
        }
        if let items = object["items"] { object["items"] = listsOptional(items) }
        return .object(object)
    }

    /// Words that end the title of a whole answer (`Edit-mode report`, `Failure output`).
    static let wholeAnswerWords: Set<String> = ["report", "output", "response", "reply", "format", "template"]

    /// The keys of the top-level parts when there are several and each is titled as a whole
    /// answer (`## Edit-mode report`, `## Readonly-mode report`): alternatives, not parts of one.
    static func wholeAnswerParts(_ members: JSONObject) -> [String]? {
        guard members.count >= 2 else { return nil }
        let keys = members.map(\.key)
        let whole = members.allSatisfy { _, value in
            let words = FormatBlockLocator.normalized(value["title"]?.stringValue ?? "").split(separator: " ")
            return words.count >= 2 && wholeAnswerWords.contains(String(words.last ?? "")) && value["properties"] != nil
        }
        return whole ? keys : nil
    }

    /// The properties of two alternative templates together: a part both have holds the fields
    /// of both.
    static func merged(_ first: JSONObject, _ second: JSONObject) -> JSONObject {
        var result = first
        for (key, value) in second {
            guard let existing = result[key]?.objectValue, let incoming = value.objectValue,
                  let existingProperties = existing["properties"]?.objectValue, let incomingProperties = incoming["properties"]?.objectValue else {
                if result[key] == nil { result[key] = value }
                continue
            }
            var object = existing
            object["properties"] = .object(merged(existingProperties, incomingProperties))
            object["required"] = .array((existing["required"]?.arrayValue ?? []).filter { (incoming["required"]?.arrayValue ?? []).contains($0) })
            result[key] = .object(object)
        }
        return result
    }

    /// Items that are sentences, not a template: prose, and at most one label whose text runs on
    /// as a sentence (`Return the changelog entry: a one-line Headline, then …`).
    private static func isProseOnly(_ items: [TemplateReader.Item]) -> Bool {
        var labels = 0
        for item in items {
            switch item {
            case .prose: continue
            case .field(let title, let guidance, _, let children, _) where children.isEmpty:
                labels += 1
                guard title.split(separator: " ").count >= 3 || guidance.split(separator: " ").count >= 6 else { return false }
            default: return false
            }
        }
        return labels <= 1
    }

    /// Whether the words between the format's heading or instruction and its template say the
    /// template repeats (`For each issue:`, `Repeat for every finding`).
    /// Whether the items after an empty label are fields, the first of them fixed text
    /// (optional), up to the end.
    static func headsFixedFields(_ rest: ArraySlice<TemplateReader.Item>) -> Bool {
        let fields = rest.compactMap { item -> (String, Bool)? in
            if case .field(_, let guidance, let optional, _, _) = item { (guidance, optional) } else { nil }
        }
        return !fields.isEmpty && fields.count == rest.count && fields.allSatisfy { TemplateReader.isFixedText($0.0) && $0.1 }
    }

    /// The lines of a template's leading front matter (between `---` lines) and the lines
    /// after it, when the template starts with one.
    static func frontMatter(of lines: Range<Int>, in source: SourceText) -> (yaml: Range<Int>, body: Range<Int>)? {
        guard let open = lines.first(where: { !source.lineText($0).trimmingSpaces.isEmpty }),
              source.lineText(open).trimmingSpaces == "---",
              let close = lines[(open + 1)...].first(where: { source.lineText($0).trimmingSpaces == "---" }), close > open + 1
        else { return nil }
        return ((open + 1)..<close, (close + 1)..<lines.upperBound)
    }

    static func introductionRepeats(_ block: FormatBlockLocator.Block, in source: SourceText) -> Bool {
        let end = max(block.introductionLine, block.lines.lowerBound - (block.fenced ? 1 : 0))
        var text = (block.introductionLine..<end).map { source.lineText($0) }.joined(separator: " ").lowercased()
        // Also the template's own first line (`For each issue found:` over the fields).
        if let first = block.lines.first(where: { !source.lineText($0).trimmingSpaces.isEmpty }) {
            let line = source.lineText(first).trimmingSpaces.lowercased()
            if line.hasSuffix(":") && (line.hasPrefix("for each") || line.hasPrefix("for every")) { text += " " + line }
        }
        return ["for each", "for every", "repeat for", "repeat this", "one block per", "per finding", "per issue"].contains(where: text.contains)
    }

    /// The line after the prose that follows a format block: the next `#` heading, or the end.
    static func sectionEnd(after block: FormatBlockLocator.Block, in source: SourceText) -> Int {
        var k = min(source.lineCount, block.lines.upperBound + (block.fenced ? 1 : 0))
        while k < source.lineCount && !source.lineText(k).hasPrefix("#") { k += 1 }
        return k
    }

    static func fileName(_ path: String) -> String {
        path.split(separator: "/").last.map(String.init) ?? path
    }

    static func fileStem(_ path: String) -> String {
        let name = fileName(path)
        return name.split(separator: ".").first.map(String.init) ?? name
    }
}

// MARK: - Messages

extension SchemaDeriver.Failure {
    static func noFormatBlock(_ file: String, nearMisses: [(title: String, line: Int)]) -> Self {
        var message = "\(file): no Return Format found; looked for \(FormatBlockLocator.lookedFor)"
        if !nearMisses.isEmpty {
            let list = nearMisses.map { "\"\($0.title)\" (line \($0.line + 1))" }.joined(separator: ", ")
            message += ". Not used: \(list) — a format of something other than the agent's answer (such as documents it saves)"
        }
        return Self(message: message)
    }

    static func emptyTemplate(_ file: String, block: FormatBlockLocator.Block) -> Self {
        Self(message: "\(file):\(block.introductionLine + 1): \"\(block.introduction)\" introduces no sections or fields (expected TITLE: lines, headings or - Label: [guidance] fields)")
    }
}
