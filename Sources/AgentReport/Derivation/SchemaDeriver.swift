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
        if Self.saysEmptyPartsMayBeOmitted(after.map(definition.source.lineText).joined(separator: " ")) {
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
        if block.dataFormat == "xml", let name = DataTemplateReader.xmlDocument(XMLElements(block.lines.map { definition.source.lineText($0) }.joined(separator: "\n"))).root {
            root["x-xml-root"] = .string(name)  // the element the answer is written inside
        }
        if let answerTitle {
            // The template's own title line (`# Threat Model: [System name]`): the answer's title, not a part.
            root["x-title-pattern"] = .string(TemplateTree.itemPattern(answerTitle)?.text ?? answerTitle)
        }
        return .success(Derivation(
            schema: .object(root), block: block, sectionTitles: titles, fieldCount: fieldCount))
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
