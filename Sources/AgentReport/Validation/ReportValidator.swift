import JSONSchema

/// Validates a bound `Report`: its `data` against the JSON Schema, then each field's text
/// for the ways agents leave a field unfilled. Every finding becomes a `Diagnostic` placed
/// at the text it concerns, through the binder's JSON Pointer → source range table.
///
/// `required` failures read as `missing-section` (placed at the heading of the next section
/// present, where it belongs) or `missing-field` (at its section's heading); every other
/// schema failure is `schema-<keyword>` with the validator's message. A schema failure at a
/// value already reported as empty, a placeholder or filler is not reported twice.
public struct ReportValidator: Sendable {
    public let schema: LoadedSchema
    /// Each node's guidance, normalised once, in the shape of the format's tree.
    private let guidance: [GuidanceNode]

    /// A node's guidance and its children's.
    struct GuidanceNode: Sendable {
        let guidance: ContentCheck.Guidance
        let children: [GuidanceNode]
        /// The node's key as a JSON Pointer token.
        let escapedKey: String

        init(_ node: ReturnFormat.Node) {
            guidance = ContentCheck.Guidance(node.description)
            children = node.fields.map(GuidanceNode.init)
            escapedKey = JSONPointer.escape(node.key)
        }
    }

    /// For a format of alternative templates (`anyOf` at the top, one branch a case): each
    /// branch's validator. An answer is held to the branch it fits best.
    private let alternatives: [(validator: Schema, parts: Set<String>)]

    /// The schema of the answer's front matter, when the template starts with one
    /// (`x-front-matter`).
    private let frontMatter: MetadataCheck?

    public init(schema: LoadedSchema) {
        self.schema = schema
        self.frontMatter = schema.document["x-front-matter"].flatMap { try? SchemaCompiler().compile($0) }.map {
            MetadataCheck(validator: $0, expectedBy: "the Return Format's front matter", help: "write the front matter as the Return Format's template shows it")
        }
        self.guidance = (schema.format?.sections ?? []).map(GuidanceNode.init)
        let branches = schema.document["properties"] == nil ? [] : (schema.document["anyOf"]?.arrayValue ?? [])
        self.alternatives = branches.allSatisfy { $0["properties"] != nil }
            ? branches.compactMap { branch in
                (try? SchemaCompiler().compile(branch, baseURI: schema.url?.standardizedFileURL)).map {
                    ($0, Set(branch["properties"]?.objectValue?.keys ?? []))
                }
            }
            : []
    }

    public func validate(_ report: Report) -> Report {
        var report = report
        var found: [Diagnostic] = []
        var flagged = Set<String>()
        if let format = schema.format {
            checkContent(format.sections, guidance, in: report.data, at: "", of: report, found: &found, flagged: &flagged)
        }
        if alternatives.isEmpty {
            found += schemaFindings(schema.validator, report: report, flagged: flagged)
        } else {
            // The case the answer is written for: the branch that has every part the answer wrote,
            // then the fewest findings.
            let scored = alternatives.map { branch in
                (findings: schemaFindings(branch.validator, report: report, flagged: flagged),
                 unknownParts: report.data.keys.filter { !branch.parts.contains($0) }.count)
            }
            found += scored.min { ($0.unknownParts, $0.findings.count) < ($1.unknownParts, $1.findings.count) }?.findings ?? []
        }
        if let frontMatter, !report.metadata.isEmpty {
            // Front matter the template asks for.
            found += frontMatter.findings(report.metadata, of: report)
        }
        report.diagnostics = (report.diagnostics + found).sortedByPosition()
        return report
    }

    /// What `validator` finds wrong with the report's data, as diagnostics.
    private func schemaFindings(_ validator: Schema, report: Report, flagged: Set<String>) -> [Diagnostic] {
        var found: [Diagnostic] = []
        for error in validator.validate(.object(report.data)) {
            let path = error.instanceLocation.description
            if let property = error.missingProperty, error.keyword == "required" {
                found.append(missing(property, under: error.instanceLocation, in: report))
            } else if !flagged.contains(path) {
                found.append(.schemaFailure(error, range: Self.nearestRange(error.instanceLocation, in: report)))
            }
        }
        return found
    }

    /// Checks every text value under `object` for the ways agents leave a field unfilled, at
    /// any depth; a value read into another type is checked as it was written.
    private func checkContent(
        _ nodes: [ReturnFormat.Node], _ guidance: [GuidanceNode], in object: JSONObject, at pointer: String, of report: Report,
        found: inout [Diagnostic], flagged: inout Set<String>
    ) {
        for index in nodes.indices where index < guidance.count {
            guard let value = object[nodes[index].key] else { continue }
            var path: String { pointer + "/" + guidance[index].escapedKey }
            switch value {
            case .object(let child) where nodes[index].isContainer:
                checkContent(nodes[index].fields, guidance[index].children, in: child, at: path, of: report, found: &found, flagged: &flagged)
            case .array(let items) where nodes[index].kind == .repeated:
                let path = path
                for (n, item) in items.enumerated() {
                    guard case .object(let child) = item else { continue }
                    checkContent(nodes[index].fields, guidance[index].children, in: child, at: path + "/" + String(n), of: report,
                                 found: &found, flagged: &flagged)
                }
            default:
                let written: String
                if FieldValue.mayKeepWrittenText(nodes[index]), !report.writtenValues.isEmpty, let text = report.writtenValues[path] {
                    written = text
                } else if case .string(let text) = value {
                    written = text
                } else {
                    continue
                }
                guard let finding = ContentCheck.check(written, guidance: guidance[index].guidance) else { continue }
                let path = path
                let range = report.valueLocations[path] ?? report.locations[path]
                found.append(.content(finding, field: nodes[index], range: range, path: path))
                if finding != .notApplicable {
                    flagged.insert(path)
                    // An array read from a placeholder: its items are not reported again.
                    if case .array(let items) = value { for n in items.indices { flagged.insert(path + "/" + String(n)) } }
                }
            }
        }
    }

    /// A `missing-section` or `missing-field` diagnostic, placed where the part belongs.
    private func missing(_ property: String, under parent: JSONPointer, in report: Report) -> Diagnostic {
        let format = schema.format
        if let document = format?.annotations["x-answer-format"]?.stringValue {
            // A JSON, YAML or XML answer: a key or an element is missing, not a heading.
            let range = report.locations[parent.description] ?? Self.nearestRange(parent, in: report)
            let node = parent.tokens.isEmpty ? format?.sections.first { $0.key == property }
                : format.flatMap { Self.node(at: parent.tokens, in: $0.sections) }?.fields.first { $0.key == property }
            let part = parent.tokens.isEmpty || node?.isContainer == true
            return .missingKey(property, in: parent, document: document, code: part ? "missing-section" : "missing-field", range: range)
        }
        if parent.tokens.isEmpty {
            let sections = format?.sections ?? []
            let index = sections.firstIndex { $0.key == property }
            let title = index.map { sections[$0].title } ?? property
            // Before the next section that is there, or after the last one.
            let next = index.flatMap { i in sections[(i + 1)...].first { report.data[$0.key] != nil } }
            let range = next.flatMap { report.locations[JSONPointer([$0.key]).description] } ?? Self.endOfAnswer(report)
            return .missingSection(title: title, path: JSONPointer([property]).description, range: range, before: next?.title)
        }
        let path = parent.appending(property).description
        let owner = format.flatMap { Self.node(at: parent.tokens, in: $0.sections) }
        let node = owner?.fields.first { $0.key == property }
        let range = report.locations[parent.description] ?? Self.nearestRange(parent, in: report)
        let ownerTitle = Self.describe(parent.tokens, owner: owner)
        if let node, node.isContainer {
            return .missingPart(title: node.title, in: ownerTitle, path: path, range: range)
        }
        return .missingField(
            title: node?.title ?? property, section: ownerTitle,
            guidance: node?.description, path: path, range: range)
    }

    /// The node a pointer into `data` leads to (array indices step into a repeated block's item).
    static func node(at tokens: [String], in sections: [ReturnFormat.Node]) -> ReturnFormat.Node? {
        var children = sections
        var current: ReturnFormat.Node? = nil
        for token in tokens {
            if let node = current, node.kind == .repeated, Int(token) != nil { continue }
            guard let next = children.first(where: { $0.key == token }) else { return nil }
            current = next
            children = next.fields
        }
        return current
    }

    /// `API ARCHITECTURE`, or `item 3 of Issues Found` inside a repeated block.
    private static func describe(_ tokens: [String], owner: ReturnFormat.Node?) -> String {
        guard let owner else { return "/" + tokens.joined(separator: "/") }
        if owner.kind == .repeated, let last = tokens.last, let n = Int(last) { return "item \(n + 1) of \(owner.title)" }
        return owner.title
    }

    /// The range of the closest pointer, from `pointer` up, that the binder recorded.
    static func nearestRange(_ pointer: JSONPointer, in report: Report) -> SourceRange? {
        var tokens = pointer.tokens
        while true {
            let key = JSONPointer(tokens).description
            if let range = report.valueLocations[key] ?? report.locations[key] { return range }
            if tokens.isEmpty { return endOfAnswer(report) }
            tokens.removeLast()
        }
    }

    /// An empty range just past the answer's last section (or at its start when it has none).
    static func endOfAnswer(_ report: Report) -> SourceRange? {
        let source = report.outline.source
        guard source.lineCount > 0, !source.bytes.isEmpty else { return nil }
        let end = report.outline.sections.last.map(\.range.end) ?? source.position(at: 0)
        return SourceRange(start: end, end: end)
    }
}

// MARK: - Messages

extension Diagnostic {
    static func content(_ finding: ContentCheck.Finding, field: ReturnFormat.Field, range: SourceRange?, path: String) -> Diagnostic {
        let guidance = field.description.map { " (\($0))" } ?? ""
        switch finding {
        case .empty:
            return Diagnostic(
                .error, "empty-field", "\"\(field.title)\" has no value", range: range, path: path,
                suggestion: "write the \(field.title.lowercased())\(guidance)")
        case .placeholder:
            return Diagnostic(
                .error, "placeholder", "\"\(field.title)\" still holds the template's placeholder", range: range, path: path,
                suggestion: "replace the bracketed guidance with the actual \(field.title.lowercased())")
        case .filler(let text):
            return Diagnostic(
                .error, "filler", "\"\(field.title)\" is filler (\"\(text)\"), not an answer", range: range, path: path,
                suggestion: "write the \(field.title.lowercased())\(guidance)")
        case .notApplicable:
            return Diagnostic(
                .warning, "not-applicable", "\"\(field.title)\" is N/A with no reason given", range: range, path: path,
                suggestion: "say why it does not apply, e.g. \"N/A — no external clients\"")
        }
    }

    static func missingSection(title: String, path: String, range: SourceRange?, before next: String?) -> Diagnostic {
        Diagnostic(
            .error, "missing-section", "missing section \"\(title)\"", range: range, path: path,
            suggestion: next.map { "add the \"\(title)\" section before \"\($0)\"" } ?? "add the \"\(title)\" section at the end")
    }

    static func missingPart(title: String, in owner: String, path: String, range: SourceRange?) -> Diagnostic {
        Diagnostic(
            .error, "missing-section", "missing \"\(title)\" in \(owner)", range: range, path: path,
            suggestion: "add a \"\(title)\" heading or label inside \(owner)")
    }

    static func missingKey(_ key: String, in parent: JSONPointer, document: String, code: String, range: SourceRange?) -> Diagnostic {
        let path = parent.appending(key).description
        let owner = parent.tokens.isEmpty ? "the \(document.uppercased()) document" : parent.description
        if document == "xml" {
            return Diagnostic(.error, code, "missing element <\(key)> in \(owner)", range: range, path: path,
                              suggestion: "add <\(key)>…</\(key)>")
        }
        let written = document == "json" ? "\"\(key)\": …" : "\(key): …"
        return Diagnostic(.error, code, "missing key \"\(key)\" in \(owner)", range: range, path: path,
                          suggestion: "add \(written)")
    }

    static func missingField(title: String, section: String, guidance: String?, path: String, range: SourceRange?) -> Diagnostic {
        Diagnostic(
            .error, "missing-field", "missing field \"\(title)\" in \(section)", range: range, path: path,
            suggestion: "add \"- \(title): …\"" + (guidance.map { " \($0)" } ?? ""))
    }

    static func schemaFailure(_ error: ValidationError, range: SourceRange?) -> Diagnostic {
        Diagnostic(
            .error, "schema-\(error.keyword)", error.message, range: range,
            path: error.instanceLocation.description)
    }
}
