import JSONSchema

/// Renders a `Report` as canonical Markdown: what the agent should have written.
///
/// Front matter (when there is metadata) in the design-document order; a title; then the
/// format's tree in schema order: each section under a level-2 heading, a group or repeated
/// block one level below its parent, each item of a repeated block under its title as the
/// block's `x-title-pattern` writes it (or, without one, as a row of a table), fields as
/// `- **Label:** value` with further lines indented beneath. Values read into another type
/// (counts, enums, yes or no, lists, checklists) are written as the answer wrote them. A
/// missing node is an HTML comment at its place. Text the schema has no place for goes where
/// the parser will find it again — the preamble before the first section, notes and unknown
/// fields in their section, unknown sections under `## Extras`, the epilogue last. Parsing
/// the output gives back the same data, metadata and extras, and no new diagnostics (tested on
/// every sample, every definition fixture and a generated corpus).
public struct MarkdownRenderer: Sendable {
    /// The design-document metadata fields, in their order.
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
        if let document = format?.annotations["x-answer-format"]?.stringValue {
            return render(report, asDocument: document, root: format?.annotations["x-xml-root"]?.stringValue)
        }
        var blocks: [String] = []
        if !report.metadata.isEmpty {
            blocks.append("---\n" + YAMLWriter(keyOrder: Self.metadataOrder).write(report.metadata) + "\n---")
        }
        if let title = title(of: report) { blocks.append("# " + MarkdownTree.oneLine(title)) }
        if !report.extras.preamble.isEmpty { blocks.append(report.extras.preamble) }
        if let format {
            blocks += MarkdownTree(report: report).sections(format.sections)
            if !report.extras.unknownSections.isEmpty {
                blocks.append("## \(ExtrasHeading.title)")
                for section in report.extras.unknownSections {
                    blocks.append("### " + MarkdownTree.oneLine(section.title))
                    if !section.text.isEmpty { blocks.append(section.text) }
                }
            }
        } else {
            // Outline-only: the answer's own sections, as they came.
            for section in report.extras.unknownSections {
                blocks.append("## " + MarkdownTree.oneLine(section.title))
                if !section.text.isEmpty { blocks.append(section.text) }
            }
        }
        if !report.extras.epilogue.isEmpty { blocks.append(report.extras.epilogue) }
        if withDiagnostics && !report.diagnostics.isEmpty {
            blocks.append("## Diagnostics")
            blocks.append(report.diagnostics.map { diagnostic in
                let place = diagnostic.range.map { "\($0.start.line):\($0.start.column): " } ?? ""
                return "- \(place)\(diagnostic.severity.rawValue)[\(diagnostic.code)]: \(MarkdownTree.oneLine(diagnostic.message))"
            }.joined(separator: "\n"))
        }
        return blocks.joined(separator: "\n\n") + "\n"
    }

    /// The answer's own title, else the front matter's; else the format's or the input's name
    /// when nothing comes before the first section (a title over a preamble holding a labelled
    /// line would make it read as a section) and it would not read as one of the format's
    /// sections (`# Oncall Handoff` where the format has an "On-call Handoff" section).
    private func title(of report: Report) -> String? {
        if let own = report.title { return own }
        if let title = report.metadata["title"]?.stringValue, !title.isEmpty { return title }
        guard report.extras.preamble.isEmpty else { return nil }
        let title = format?.title ?? ShareableName.of(report.displayTitle)
        guard let format else { return title }
        let sections = TitleMatcher(nodes: format.sections)
        return sections.match(title) == .none ? title : nil
    }

    /// An answer due as a JSON or YAML document: the document in its fence, between the text
    /// before and after it.
    private func render(_ report: Report, asDocument format: String, root: String?) -> String {
        let document = switch format {
        case "json": JSONValue.object(report.data).serialized(pretty: true)
        case "xml": XMLWriter().write(report.data, root: root)
        default: YAMLWriter().write(report.data)
        }
        let blocks = [report.extras.preamble, "```\(format)\n\(document)\n```", report.extras.epilogue]
        return blocks.filter { !$0.isEmpty }.joined(separator: "\n\n") + "\n"
    }
}
