import JSONSchema

/// Writes the Return Format block an agent definition should contain, from a schema, so that
/// the prompt and the validator are the same text and cannot drift apart.
///
/// The block reads like seed 001's: a `## Return Format` heading, a sentence, and a fenced
/// template of `SECTION TITLE:` lines (`## Title` headings when a title is not in capitals),
/// `- Label: [guidance]` fields, nested objects indented, arrays as an item followed by `...`,
/// and optional parts marked "(optional)". `SchemaDeriver` reads it back to the same schema.
public struct ReturnFormatPromptWriter: Sendable {
    public init() {}

    public func write(_ format: ReturnFormat) -> String {
        let capitals = format.sections.allSatisfy { $0.title == $0.title.uppercased() && $0.title.contains(where: \.isLetter) }
        var body: [String] = []
        var hasCode = false
        let resolver = RawSchema(document: format.schema)
        for (n, section) in format.sections.enumerated() {
            if n > 0 { body.append("") }
            let title = section.title + (section.isRequired ? "" : " (optional)")
            body.append(capitals ? "\(title):" : "## \(title)")
            let raw = resolver.child(of: resolver.root, key: section.key)
            if let description = section.description, !description.isEmpty { body.append(description) }
            for field in section.fields {
                body += lines(field, raw: resolver.child(of: raw, key: field.key), resolver: resolver, indent: "", hasCode: &hasCode)
            }
            if let content = raw?["x-content"]?.objectValue {
                body += contentLines(content, indent: "", hasCode: &hasCode)
            }
        }
        let fence = hasCode ? "````" : "```"
        return """
            ## Return Format

            Return your answer in exactly this format: each section under its heading as written, each field on its own \
            line, with the bracketed guidance replaced by your answer.

            \(fence)
            \(body.joined(separator: "\n"))
            \(fence)

            """
    }

    private func lines(
        _ field: ReturnFormat.Field, raw: JSONObject?, resolver: RawSchema, indent: String, hasCode: inout Bool
    ) -> [String] {
        let label = field.title + (field.isRequired ? "" : " (optional)")
        let guidance = field.description ?? "[\(field.title.lowercased())]"
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

    private func contentLines(_ content: JSONObject, indent: String, hasCode: inout Bool) -> [String] {
        switch content["type"]?.stringValue {
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
