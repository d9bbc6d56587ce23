import JSONSchema

/// Writes the Return Format block an agent definition should contain, from a schema, so that
/// the prompt and the validator are the same text and cannot drift apart.
///
/// The block reads like seed 001's: a `## Return Format` heading, a sentence, and a fenced
/// template of `SECTION TITLE:` lines (`## Title` headings when a title is not in capitals),
/// `- Label: [guidance]` fields, nested objects indented, arrays as an item followed by `...`,
/// and optional parts marked "(optional)"; a template of fields with no headings stays so, under
/// the heading it was found under. `SchemaDeriver` reads it back to the same schema.
public struct ReturnFormatPromptWriter: Sendable {
    public init() {}

    public func write(_ format: ReturnFormat) -> String {
        if let answerFormat = format.annotations["x-answer-format"]?.stringValue {
            return writeDocument(format, as: answerFormat)
        }
        let resolver = RawSchema(document: format.schema)
        let capitals = writesCapitals(format)
        var body: [String] = []
        var hasCode = false
        if let pattern = format.titlePattern, !capitals {
            // The answer's own title line, above deeper headings.
            body += ["# " + itemTitle(pattern, number: 1, fields: []), ""]
        }
        var heading = "Return Format"
        if format.sections.count == 1, let only = format.sections.first, only.kind == .object, !capitals,
           let raw = resolver.child(of: resolver.root, key: only.key), raw["x-implicit-section"] == .bool(true) {
            // A template of fields with no headings, written the same way, under the heading
            // its one section is named after.
            heading = only.title
            body += memberLines(only.fields, raw: raw, resolver: resolver, depth: 2, hasCode: &hasCode)
            if let content = raw["x-content"]?.objectValue { body += contentLines(content, indent: "", hasCode: &hasCode) }
        } else {
            for (n, section) in format.sections.enumerated() {
                if n > 0 { body.append("") }
                let raw = resolver.child(of: resolver.root, key: section.key)
                body += sectionLines(section, raw: raw, resolver: resolver, depth: 2, capitals: capitals, hasCode: &hasCode)
            }
        }
        let fence = hasCode ? "````" : "```"
        return """
            ## \(heading)

            Return your answer in exactly this format: each section under its heading as written, each field on its own \
            line, with the bracketed guidance replaced by your answer.

            \(fence)
            \(body.joined(separator: "\n"))
            \(fence)

            """
    }

    /// The template lines of the node at `pointer` (`/database_design`,
    /// `/issues_found/2/severity`), as `write` would show them: what to add for a missing part.
    public func template(at pointer: String, in format: ReturnFormat) -> [String]? {
        guard format.annotations["x-answer-format"] == nil, let parsed = JSONPointer(parsing: pointer) else { return nil }
        let resolver = RawSchema(document: format.schema)
        let capitals = writesCapitals(format)
        var nodes = format.sections
        var raw = resolver.root
        var depth = 2
        var hasCode = false
        let tokens = parsed.tokens.filter { Int($0) == nil }
        for (n, token) in tokens.enumerated() {
            guard let node = nodes.first(where: { $0.key == token }) else { return nil }
            var childRaw = resolver.child(of: raw, key: token)
            if n == tokens.count - 1 {
                if depth == 2 || isSubsection(node) {
                    return sectionLines(node, raw: childRaw, resolver: resolver, depth: depth, capitals: capitals && depth == 2, hasCode: &hasCode)
                }
                return lines(node, raw: childRaw, resolver: resolver, indent: "", hasCode: &hasCode)
            }
            if node.kind == .repeated || node.kind == .checklist {
                childRaw = childRaw?["items"].flatMap { try? resolver.resolver.resolve($0, at: "") }
            }
            nodes = node.fields
            raw = childRaw
            depth += 1
        }
        return nil
    }

    /// The block of a format that is a JSON or YAML document: the document, each value its
    /// guidance (or its type's name), so that `SchemaDeriver` reads it back to the same schema.
    private func writeDocument(_ format: ReturnFormat, as answerFormat: String) -> String {
        let resolver = RawSchema(document: format.schema)
        let example = Self.example(format.schema.objectValue ?? JSONObject(), resolver: resolver)
        let document = switch answerFormat {
        case "json": example.serialized(pretty: true)
        case "xml": XMLWriter().write(example.objectValue ?? JSONObject(), root: format.annotations["x-xml-root"]?.stringValue)
        default: YAMLWriter().write(example.objectValue ?? JSONObject())
        }
        return """
            ## Return Format

            Return your answer as \(answerFormat == "xml" ? "an" : "a") \(answerFormat.uppercased()) document of exactly this shape, each value replaced by your answer:

            ```\(answerFormat)
            \(document)
            ```

            """
    }

    private static func example(_ schema: JSONObject, resolver: RawSchema) -> JSONValue {
        if let properties = schema["properties"]?.objectValue {
            var object = JSONObject()
            for key in properties.keys {
                let child = resolver.child(of: schema, key: key) ?? JSONObject()
                object[key] = example(child, resolver: resolver)
            }
            return .object(object)
        }
        if let items = schema["items"].flatMap({ try? resolver.resolver.resolve($0, at: "") }) {
            return .array([example(items, resolver: resolver)])
        }
        if let description = schema["description"]?.stringValue { return .string(description) }
        if let values = schema["enum"]?.arrayValue?.compactMap(\.stringValue), !values.isEmpty { return .string(values.joined(separator: "|")) }
        switch schema["type"]?.stringValue {
        case "boolean": return "boolean"
        case "number": return "float"
        case "integer": return "integer"
        case "array": return .array([])
        default: return .string("<\(schema["title"]?.stringValue ?? "value")>")
        }
    }

    /// Whether the sections are written as `TITLE:` lines: every one flat (fields or a list, no
    /// subsection) and titled in capitals.
    private func writesCapitals(_ format: ReturnFormat) -> Bool {
        format.sections.allSatisfy { section in
            !section.fields.contains(where: { isSubsection($0) }) && (section.kind == .object || section.kind == .array)
                && section.title == section.title.uppercased() && section.title.contains(where: \.isLetter)
        }
    }

    /// A part written under a heading of its own: a subsection, a repeated block or a checklist
    /// (a labelled group, which may also be prose, is written as a field with sub-fields).
    private func isSubsection(_ node: ReturnFormat.Node) -> Bool {
        switch node.kind {
        case .object: !node.acceptsText && !node.fields.isEmpty
        case .repeated: node.titlePattern != nil
        case .checklist: true
        default: false
        }
    }

    /// A section, subsection, repeated block or checklist under a heading of `depth` `#`s.
    private func sectionLines(
        _ node: ReturnFormat.Node, raw: JSONObject?, resolver: RawSchema, depth: Int, capitals: Bool, hasCode: inout Bool
    ) -> [String] {
        let title = node.title + (node.isRequired ? "" : " (optional)")
        let marks = String(repeating: "#", count: min(depth, 6))
        // A value under a heading of its own (`## Verdict: APPROVE | HOLD`): its guidance on
        // the heading's line, where a line below it would read as a field.
        if !capitals, !node.isContainer, node.kind != .checklist, node.kind != .array, raw?["x-content"] == nil,
           raw?["x-code"] == nil {
            let guidance = Self.guidance(node)
            if !guidance.contains("\n") { return ["\(marks) \(title): \(guidance)"] }
        }
        var out = [capitals ? "\(title):" : "\(marks) \(title)"]
        if node.kind != .checklist, let description = node.description, !description.isEmpty { out.append(description) }
        switch node.kind {
        case .repeated where node.titlePattern != nil:
            // Two items, the second `(same format)`: `SchemaDeriver` reads them back as one block.
            let items = raw?["items"].flatMap { try? resolver.resolver.resolve($0, at: "") }
            let pattern = node.titlePattern ?? TitlePattern("{item}")
            let captures = Set(pattern.captures)
            out += ["", "\(String(repeating: "#", count: min(depth + 1, 6))) \(itemTitle(pattern, number: 1, fields: node.fields))"]
            out += memberLines(node.fields.filter { !captures.contains($0.key) }, raw: items, resolver: resolver, depth: depth + 2, hasCode: &hasCode)
            // What an item holds besides its fields (a list, a table, a code block).
            if let content = items?["x-content"]?.objectValue {
                out += [""] + contentLines(content, indent: "", hasCode: &hasCode)
            }
            out += ["", "\(String(repeating: "#", count: min(depth + 1, 6))) \(itemTitle(pattern, number: 2, fields: node.fields))", "(same format)"]
        case .repeated where !node.fields.isEmpty && node.fields.allSatisfy({ !$0.isRequired && Self.isCell($0) }):
            // Rows whose cells may each be left out: a table, its header and a row of guidance.
            out += ["| " + node.fields.map(\.title).joined(separator: " | ") + " |", "|" + node.fields.map { _ in "---|" }.joined(),
                    "| " + node.fields.map { Self.guidance($0) }.joined(separator: " | ") + " |"]
        case .repeated:
            // Fields and `- ...`: one item's fields, repeated.
            let items = raw?["items"].flatMap { try? resolver.resolver.resolve($0, at: "") }
            out += memberLines(node.fields, raw: items, resolver: resolver, depth: depth + 1, hasCode: &hasCode)
            out.append("- ...")
        case .array:
            // A list: one item of guidance.
            out.append("- " + (raw?["items"]?["description"]?.stringValue ?? "[\(node.title)]"))
        case .checklist:
            let items = (node.description ?? "").split(separator: ";").map { String($0).trimmingSpaces }.filter(SchemaDeriver.isCheckbox)
            out += (items.isEmpty ? ["[ ] [item]"] : items).map { "- \($0)" }
        default:
            out += memberLines(node.fields, raw: raw, resolver: resolver, depth: depth + 1, hasCode: &hasCode)
            if let content = raw?["x-content"]?.objectValue {
                out += contentLines(content, indent: "", hasCode: &hasCode)
            }
        }
        return out
    }

    /// The lines of `fields` (whose schemas are under `raw`): a subsection under a heading of
    /// `depth`, a field as a `- Label: [guidance]` line.
    private func memberLines(
        _ fields: [ReturnFormat.Node], raw: JSONObject?, resolver: RawSchema, depth: Int, hasCode: inout Bool
    ) -> [String] {
        var out: [String] = []
        for field in fields {
            let childRaw = resolver.child(of: raw, key: field.key)
            if isSubsection(field) {
                out.append("")
                out += sectionLines(field, raw: childRaw, resolver: resolver, depth: depth, capitals: false, hasCode: &hasCode)
            } else {
                out += lines(field, raw: childRaw, resolver: resolver, indent: "", hasCode: &hasCode)
            }
        }
        return out
    }

    /// An item's heading as the template writes it: `{n}` as the item's number, other parts
    /// as bracketed placeholders (`Finding 1: [Title]`).
    private func itemTitle(_ pattern: TitlePattern, number: Int, fields: [ReturnFormat.Node]) -> String {
        pattern.parts.map { part in
            switch part {
            case .literal(let text): return text
            case .capture("n"): return String(number)
            case .capture(let name): return "[\(fields.first { $0.key == name }?.title ?? ReturnFormat.titleFromKey(name))]"
            }
        }.joined()
    }

    private func lines(
        _ field: ReturnFormat.Field, raw: JSONObject?, resolver: RawSchema, indent: String, hasCode: inout Bool
    ) -> [String] {
        let label = field.title + (field.isRequired ? "" : " (optional)")
        let guidance = Self.guidance(field)
        switch field.kind {
        case .object where !field.fields.isEmpty:
            var out = ["\(indent)- \(label): \(guidance)"]
            for child in field.fields {
                out += lines(child, raw: resolver.child(of: raw, key: child.key), resolver: resolver, indent: indent + "  ", hasCode: &hasCode)
            }
            return out
        case .array:
            var out = ["\(indent)- \(label):" + (field.description.map { " \($0)" } ?? "")]
            let item = raw?["items"].flatMap { try? resolver.resolver.resolve($0, at: "") }
            out.append("\(indent)  - \(item?["description"]?.stringValue ?? item?["title"]?.stringValue ?? "[item]")")
            out.append("\(indent)  - ...")
            return out
        default:
            if let language = raw?["x-code"]?.stringValue {
                hasCode = true
                return ["\(indent)- \(label):", "\(indent)  ```\(language)", "\(indent)  \(guidance)", "\(indent)  ```"]
            }
            return ["\(indent)- \(label): \(guidance)"]
        }
    }

    /// A value that fits in a table cell: text, a choice, a count or yes/no.
    static func isCell(_ node: ReturnFormat.Node) -> Bool {
        switch node.kind {
        case .string, .integer, .number, .boolean: true
        default: false
        }
    }

    /// A field's guidance: its description, with the members of its `enum` when the
    /// description does not name them all (values taken from a legend), so that reading the
    /// template back gives the same closed set.
    static func guidance(_ field: ReturnFormat.Node) -> String {
        let description = field.description ?? "[\(field.title.lowercased())]"
        guard !field.enumValues.isEmpty else { return description }
        if case .enumeration(let named) = GuidanceType.read(description), named == field.enumValues { return description }
        return field.enumValues.joined(separator: " | ")
    }

    private func contentLines(_ content: JSONObject, indent: String, hasCode: inout Bool) -> [String] {
        switch content["type"]?.stringValue {
        case "array" where content["items"]?.objectValue?["properties"]?.objectValue?.isEmpty == false:
            // A table: its header, and one row of each column's guidance.
            let columns = content["items"]?.objectValue?["properties"]?.objectValue ?? JSONObject()
            let titles = columns.map { key, value in value["title"]?.stringValue ?? ReturnFormat.titleFromKey(key) }
            let row = columns.map { key, value in value["description"]?.stringValue ?? "[\(ReturnFormat.titleFromKey(key).lowercased())]" }
            return ["\(indent)| " + titles.joined(separator: " | ") + " |", "\(indent)|" + titles.map { _ in "---|" }.joined(),
                    "\(indent)| " + row.joined(separator: " | ") + " |"]
        case "array":
            let item = content["items"]?.objectValue
            let text = item?["description"]?.stringValue ?? item?["title"]?.stringValue ?? "[item]"
            return ["\(indent)- \(text)", "\(indent)- ..."]
        case "string":
            hasCode = true
            let language = content["x-code"]?.stringValue ?? ""
            return ["\(indent)```\(language)", content["description"]?.stringValue ?? "", "\(indent)```"]
        default:
            return []
        }
    }
}

/// The schema objects behind a `ReturnFormat`'s sections and fields, `$ref`s followed, for the
/// annotations `ReturnFormat` does not keep (`items`, `x-code`, `x-content`).
struct RawSchema {
    let resolver: LocalRefResolver
    let root: JSONObject?

    init(document: JSONValue) {
        resolver = LocalRefResolver(document: document)
        root = document.objectValue
    }

    func child(of parent: JSONObject?, key: String) -> JSONObject? {
        guard let value = parent?["properties"]?.objectValue?[key] else { return nil }
        return try? resolver.resolve(value, at: "")
    }
}
