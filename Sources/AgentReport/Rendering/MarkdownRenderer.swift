import JSONSchema

/// Renders a `Report` as canonical Markdown: what the agent should have written.
///
/// Front matter (when there is metadata) in seed 004's field order; a title; the sections in
/// schema order under their schema headings, fields as `- **Label:** value` with further
/// lines indented beneath; a missing field or section marked by an HTML comment; text the
/// schema has no place for where the parser will find it again — the preamble before the
/// first section, notes and unknown fields in their section, unknown sections under
/// `## Extras`, the epilogue last. Parsing the output gives back the same data, metadata and
/// extras, and no new diagnostics (tested on every sample and a generated corpus).
public struct MarkdownRenderer: Sendable {
    /// Seed 004's metadata format, in its order.
    public static let metadataOrder = [
        "title", "type", "system", "created", "agent", "api_version", "database_type",
        "security_level", "performance_targets", "technologies", "compliance",
    ]

    public var format: ReturnFormat?
    /// Append the diagnostics as a list (the output then no longer reads back to the same extras).
    public var withDiagnostics: Bool

    public init(format: ReturnFormat?, withDiagnostics: Bool = false) {
        self.format = format
        self.withDiagnostics = withDiagnostics
    }

    public func render(_ report: Report) -> String {
        var blocks: [String] = []
        if !report.metadata.isEmpty {
            blocks.append("---\n" + YAMLWriter(keyOrder: Self.metadataOrder).write(report.metadata) + "\n---")
        }
        blocks.append("# " + oneLine(report.title ?? report.metadata["title"]?.stringValue ?? format?.title ?? report.displayTitle))
        if !report.extras.preamble.isEmpty { blocks.append(report.extras.preamble) }
        if let format {
            for section in format.sections { blocks += render(section, of: report) }
            if !report.extras.unknownSections.isEmpty {
                blocks.append("## \(ExtrasHeading.title)")
                for section in report.extras.unknownSections {
                    blocks.append("### " + oneLine(section.title))
                    if !section.text.isEmpty { blocks.append(section.text) }
                }
            }
        } else {
            // Outline-only: the answer's own sections, as they came.
            for section in report.extras.unknownSections {
                blocks.append("## " + oneLine(section.title))
                if !section.text.isEmpty { blocks.append(section.text) }
            }
        }
        if !report.extras.epilogue.isEmpty { blocks.append(report.extras.epilogue) }
        if withDiagnostics && !report.diagnostics.isEmpty {
            blocks.append("## Diagnostics")
            blocks.append(report.diagnostics.map { diagnostic in
                let place = diagnostic.range.map { "\($0.start.line):\($0.start.column): " } ?? ""
                return "- \(place)\(diagnostic.severity.rawValue)[\(diagnostic.code)]: \(oneLine(diagnostic.message))"
            }.joined(separator: "\n"))
        }
        return blocks.joined(separator: "\n\n") + "\n"
    }

    private func render(_ section: ReturnFormat.Section, of report: Report) -> [String] {
        guard let data = report.data[section.key]?.objectValue else {
            return ["<!-- missing section: \(comment(section.title)) -->"]
        }
        var blocks = ["## " + section.title]
        // Notes first: after the last field they would read back as the epilogue.
        blocks += report.extras.notes.filter { $0.section == section.key }.map(\.text)
        var fields: [String] = []
        for field in section.fields {
            if let value = data[field.key] {
                fields.append(self.field(field.title, value: text(of: value)))
            } else {
                fields.append("<!-- missing: \(comment(field.title)) -->")
            }
        }
        for unknown in report.extras.repeatedFields + report.extras.unknownFields where unknown.section == section.key {
            fields.append(self.field(unknown.label, value: unknown.value))
        }
        // A comment line between fields would end the list item above it; keep items together
        // and comments as their own blocks.
        var group: [String] = []
        for line in fields {
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

    /// `- **Label:** first line`, further lines indented by two spaces. When the further lines
    /// are themselves indented, every line goes below the label, so that removing the common
    /// indentation on reading gives the value back exactly.
    private func field(_ label: String, value: String) -> String {
        let lines = value.split(separator: "\n", omittingEmptySubsequences: false)
        let rest = lines.dropFirst()
        let restIndented = !rest.isEmpty && rest.filter { !$0.isEmpty }.allSatisfy { $0.first == " " || $0.first == "\t" }
            && rest.contains { !$0.isEmpty }
        var out = "- **\(label):**"
        let below = restIndented ? lines[...] : rest
        if !restIndented, let first = lines.first, !first.isEmpty { out += " " + first }
        for line in below {
            out += "\n" + (line.isEmpty ? "" : "  " + line)
        }
        return out
    }

    private func text(of value: JSONValue) -> String {
        switch value {
        case .string(let text): text
        case .array(let items): items.map { "- " + text(of: $0) }.joined(separator: "\n")
        case .object(let object):
            // A group's fields, as the labelled lines they were read from.
            object.map { key, value in "- \(ReturnFormat.titleFromKey(key)): " + text(of: value) }.joined(separator: "\n")
        default: value.serialized()
        }
    }

    private func oneLine(_ text: String) -> String {
        text.split(whereSeparator: \.isNewline).joined(separator: " ")
    }

    private func comment(_ text: String) -> String {
        oneLine(text).replacingOccurrences(of: "--", with: "- -")
    }
}
