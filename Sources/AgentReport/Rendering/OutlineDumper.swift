/// A readable dump of a `ResponseOutline` with `@line:col-line:col` ranges, for people
/// debugging a parse and for golden tests.
public struct OutlineDumper: Sendable {
    /// Values longer than this are cut in the dump, with `…`.
    public var maxValueLength = 72

    public init() {}

    public func dump(_ outline: ResponseOutline) -> String {
        var out: [String] = []
        if let frontMatter = outline.frontMatter {
            out.append("front-matter \(frontMatter.range) keys=\(frontMatter.value?.keys.joined(separator: ",") ?? "-")")
        }
        for fence in outline.wrapperFences { out.append("wrapper-fence \(fence)") }
        if !outline.preamble.isEmpty {
            out.append("preamble")
            out += outline.preamble.map { "  " + item($0) }
        }
        for section in outline.sections {
            out.append("section \(quote(section.title)) \(section.style.rawValue)\(section.level > 0 ? "(\(section.level))" : "") \(section.range) title\(section.titleRange)")
            out += section.items.map { "  " + item($0) }
        }
        if !outline.epilogue.isEmpty {
            out.append("epilogue")
            out += outline.epilogue.map { "  " + item($0) }
        }
        for diagnostic in outline.diagnostics {
            out.append("\(diagnostic.severity.rawValue)[\(diagnostic.code)] \(diagnostic.range.map(\.description) ?? "-") \(diagnostic.message)")
        }
        return out.joined(separator: "\n") + "\n"
    }

    private func item(_ item: OutlineItem) -> String {
        switch item {
        case .field(let field):
            "field \(quote(field.label)) \(field.style.rawValue) \(field.range) = \(quote(field.value))"
        case .block(let block):
            "\(block.kind.rawValue) \(block.range) \(quote(block.text))"
        }
    }

    private func quote(_ text: String) -> String {
        var body = ""
        for (count, character) in text.enumerated() {
            if count >= maxValueLength {
                body += "…"
                break
            }
            switch character {
            case "\n": body += "\\n"
            case "\"": body += "\\\""
            case "\\": body += "\\\\"
            default: body.append(character)
            }
        }
        return "\"\(body)\""
    }
}
