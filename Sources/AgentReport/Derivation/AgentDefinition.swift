// Derivation: reading agent definitions (Claude Code subagents, `.claude/agents/*.md`) — YAML
// front matter between `---` lines, then the system prompt in markdown — to lint them and to
// derive a JSON Schema (draft 2020-12) from the Return Format they ask their agent to use.
import JSONSchema

/// An agent definition split into its front matter and its body, with positions.
///
/// Yams gives no positions for the nodes it converts, so each top-level key's line is found in
/// the YAML text itself: a line that starts, unindented, with `key:`.
public struct AgentDefinition: Sendable {
    /// The YAML between the `---` lines.
    public struct FrontMatterBlock: Sendable {
        /// 0-based line of the opening `---`.
        public var openLine: Int
        /// 0-based line of the closing `---` (or `...`); nil when it is never closed.
        public var closeLine: Int?
        public var yaml: String
        /// The YAML as JSON, when it parsed to a mapping.
        public var value: JSONObject?
        /// Why the YAML did not parse, and where (0-based line of the definition, 1-based column).
        public var failure: (message: String, line: Int?, column: Int?)?
        /// Top-level keys in the order written, each with its 0-based line and the key's byte span.
        public var keys: [(name: String, line: Int, span: Range<Int>)]
    }

    public let source: SourceText
    /// Nil when the file does not open with `---`.
    public let frontMatter: FrontMatterBlock?
    /// 0-based line where the body (the system prompt) starts.
    public let bodyStartLine: Int

    public init(source: SourceText) {
        self.source = source
        var first = 0
        while first < source.lineCount && source.lineText(first).trimmingSpaces.isEmpty { first += 1 }
        guard first < source.lineCount, source.lineText(first).trimmingSpaces == "---" else {
            frontMatter = nil
            bodyStartLine = 0
            return
        }
        var close: Int? = nil
        var line = first + 1
        while line < source.lineCount {
            let text = source.lineText(line)
            if !text.hasPrefix(" "), text.trimmingSpaces == "---" || text.trimmingSpaces == "..." {
                close = line
                break
            }
            line += 1
        }
        let last = (close ?? source.lineCount) - 1
        let yaml = last > first
            ? source.string(source.lineStarts[first + 1]..<source.lineEnds[last])
            : ""
        var block = FrontMatterBlock(
            openLine: first, closeLine: close, yaml: yaml, value: nil, failure: nil,
            keys: Self.topLevelKeys(source, lines: (first + 1)..<(last + 1)))
        if close != nil {
            switch FrontMatterReader().read(yaml) {
            case .success(let value):
                block.value = value ?? JSONObject()
            case .failure(let failure):
                block.failure = (failure.message, failure.line.map { first + $0 }, failure.column)
            }
        }
        frontMatter = block
        bodyStartLine = close.map { $0 + 1 } ?? source.lineCount
    }

    /// A front-matter key's value: from the YAML when it parsed, else read from the key's line
    /// (so that a definition whose YAML fails still shows its name and description).
    public func value(of key: String) -> JSONValue? {
        guard let block = frontMatter else { return nil }
        if let object = block.value { return object[key] }
        guard let entry = block.keys.first(where: { $0.name == key }) else { return nil }
        let text = String(source.string(entry.span.upperBound..<source.lineEnds[entry.line]).dropFirst()).trimmingSpaces
        guard text.count >= 2, let first = text.first, first == text.last, first == "\"" || first == "'" else {
            return text.isEmpty ? .null : .string(text)
        }
        return .string(String(text.dropFirst().dropLast()))
    }

    /// The body's lines, 0-based.
    public var bodyLines: Range<Int> { bodyStartLine..<source.lineCount }

    /// `key:` at the start of a line: a letter or `_`, then letters, digits, `_` or `-`.
    static func topLevelKeys(_ source: SourceText, lines: Range<Int>) -> [(name: String, line: Int, span: Range<Int>)] {
        var keys: [(name: String, line: Int, span: Range<Int>)] = []
        let s = source.bytes
        for line in lines where line < source.lineCount {
            let start = source.lineStarts[line]
            let end = source.lineEnds[line]
            guard start < end, Bytes.isASCIILetter(s[start]) || s[start] == 0x5F else { continue }
            var i = start
            while i < end, Bytes.isASCIILetter(s[i]) || Bytes.isDigit(s[i]) || s[i] == 0x5F || s[i] == 0x2D { i += 1 }
            guard i < end, s[i] == 0x3A, i + 1 == end || s[i + 1] == 0x20 || s[i + 1] == 0x09 else { continue }
            keys.append((source.string(start..<i), line, start..<i))
        }
        return keys
    }
}
