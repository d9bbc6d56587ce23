import JSONSchema

/// Checks an agent definition's front matter as Claude Code reads it: YAML that parses, a
/// `name` of lower-case letters, digits and hyphens, a `description`, and only the keys
/// subagents know (others are warned about: Claude Code ignores them).
///
/// ```swift
/// let diagnostics = AgentLinter().lint(AgentDefinition(source: source))
/// ```
///
/// When the YAML does not parse — often an unquoted `description` holding `Examples: …
/// Context: …`, whose `: ` strict YAML reads as a nested mapping — the top-level keys are
/// still read line by line, so the other checks run too.
public struct AgentLinter: Sendable {
    /// The keys Claude Code's subagent front matter knows, besides `name` and `description`.
    public static let knownKeys: [String] = [
        "tools", "disallowedTools", "model", "permissionMode", "maxTurns", "skills", "mcpServers", "hooks", "color", "isolation",
    ]
    public static let requiredKeys = ["name", "description"]

    public init() {}

    public func lint(_ definition: AgentDefinition) -> [Diagnostic] {
        let source = definition.source
        guard let block = definition.frontMatter else {
            let range = source.lineCount > 0 && !source.bytes.isEmpty ? source.range(lines: 0, 0) : nil
            return [.agentNoFrontMatter(range: range)]
        }
        var found: [Diagnostic] = []
        let opening = source.range(lines: block.openLine, block.openLine)
        guard let close = block.closeLine else {
            return [.agentUnclosedFrontMatter(range: opening)]
        }
        if let failure = block.failure {
            found.append(.agentFrontMatter(failure.message, range: failureRange(failure, in: source, block: block)))
        }
        let keyNames = block.keys.map(\.name)
        let present = block.value.map { Set($0.keys) } ?? Set(keyNames)
        let whole = source.range(lines: block.openLine, close)
        for key in Self.requiredKeys where !present.contains(key) {
            found.append(.agentMissingKey(key, range: whole))
        }
        for key in Self.requiredKeys where present.contains(key) {
            let range = keyRange(key, block: block, source: source) ?? whole
            switch definition.value(of: key) {
            case .string(let text) where !text.trimmingSpaces.isEmpty:
                if key == "name" && !Self.isValidName(text) {
                    found.append(.agentInvalidName(text, range: range))
                }
            case .string, .null, nil:
                found.append(.agentEmptyKey(key, range: range))
            case let other?:
                found.append(.agentInvalidValue(key, expected: "a string", found: other.typeName, range: range))
            }
        }
        for (key, expected, check) in Self.typeChecks {
            guard let value = block.value?[key], !check(value) else { continue }
            found.append(.agentInvalidValue(
                key, expected: expected, found: value.typeName,
                range: keyRange(key, block: block, source: source) ?? whole))
        }
        var seen = Set<String>()
        for entry in block.keys where seen.insert(entry.name).inserted {
            guard !Self.requiredKeys.contains(entry.name), !Self.knownKeys.contains(entry.name) else { continue }
            found.append(.agentUnknownKey(
                entry.name, range: source.range(line: entry.line, entry.span), suggestion: Self.closestKnownKey(entry.name)))
        }
        let body = definition.bodyLines.contains { !source.lineText($0).trimmingSpaces.isEmpty }
        if !body {
            found.append(.agentEmptyBody(range: source.range(lines: close, close)))
        }
        return found.sortedByPosition()
    }

    /// `backend-engineer`: lower-case ASCII letters, digits and hyphens.
    public static func isValidName(_ name: String) -> Bool {
        !name.isEmpty && name.utf8.allSatisfy { ($0 >= 0x61 && $0 <= 0x7A) || ($0 >= 0x30 && $0 <= 0x39) || $0 == 0x2D }
    }

    /// `Backend_Developer ` → `backend-developer`.
    public static func suggestedName(_ name: String) -> String {
        var out = ""
        for character in name.lowercased() {
            if character.isASCII && (character.isLetter || character.isNumber) {
                out.append(character)
            } else if !out.isEmpty && out.last != "-" {
                out.append("-")
            }
        }
        while out.hasSuffix("-") { out.removeLast() }
        return out
    }

    /// Keys whose value has a type Claude Code expects.
    static let typeChecks: [(String, String, @Sendable (JSONValue) -> Bool)] = [
        ("tools", "a comma-separated string or a list", { $0.stringValue != nil || $0.arrayValue != nil }),
        ("disallowedTools", "a comma-separated string or a list", { $0.stringValue != nil || $0.arrayValue != nil }),
        ("model", "a string (sonnet, opus, haiku, inherit or a model ID)", { $0.stringValue != nil }),
        ("maxTurns", "a positive integer", { ($0.numberValue.map { "\($0)" }).flatMap { Int($0) }.map { $0 > 0 } ?? false }),
        ("color", "a string", { $0.stringValue != nil }),
    ]

    /// A known key this one is probably a misspelling of (`max_turns` → `maxTurns`).
    static func closestKnownKey(_ key: String) -> String? {
        let squashed = key.lowercased().filter { $0 != "_" && $0 != "-" }
        return knownKeys.first { $0.lowercased() == squashed }
    }

    private func keyRange(_ key: String, block: AgentDefinition.FrontMatterBlock, source: SourceText) -> SourceRange? {
        block.keys.first { $0.name == key }.map { source.range(line: $0.line, $0.span) }
    }

    /// The YAML parser's position (a column in Unicode scalars) as a range in the definition.
    private func failureRange(
        _ failure: (message: String, line: Int?, column: Int?), in source: SourceText, block: AgentDefinition.FrontMatterBlock
    ) -> SourceRange {
        guard let line = failure.line, line < source.lineCount, line > block.openLine else {
            return source.range(lines: block.openLine, block.openLine)
        }
        let span = source.lineSpan(line)
        var offset = span.lowerBound
        var scalars = 1
        let text = source.lineText(line)
        for scalar in text.unicodeScalars {
            guard scalars < (failure.column ?? 1) else { break }
            offset += String(scalar).utf8.count
            scalars += 1
        }
        offset = min(offset, span.upperBound)
        return source.range(line: line, offset..<min(span.upperBound, offset + 1))
    }
}

// MARK: - Messages

extension Diagnostic {
    static func agentNoFrontMatter(range: SourceRange?) -> Diagnostic {
        Diagnostic(
            .error, "agent-front-matter",
            "no YAML front matter: an agent definition opens with `---`, its name and description, and `---`",
            range: range, suggestion: "start the file with ---, name: my-agent, description: …, ---")
    }

    static func agentUnclosedFrontMatter(range: SourceRange) -> Diagnostic {
        Diagnostic(
            .error, "agent-front-matter", "the front matter opened here is never closed by a `---` line",
            range: range, suggestion: "end the front matter with a line holding only ---")
    }

    static func agentFrontMatter(_ problem: String, range: SourceRange) -> Diagnostic {
        Diagnostic(
            .error, "agent-front-matter", "front matter is not valid YAML: \(problem)", range: range,
            suggestion: "quote the value (description: \"…\") or write it as a block scalar (description: >-), so that `: ` inside it is text")
    }

    static func agentMissingKey(_ key: String, range: SourceRange) -> Diagnostic {
        Diagnostic(
            .error, "agent-missing-key", "the front matter has no `\(key)`", range: range,
            suggestion: key == "name"
                ? "add name: my-agent (lower-case letters, digits and hyphens)"
                : "add description: when the agent should be used")
    }

    static func agentEmptyKey(_ key: String, range: SourceRange) -> Diagnostic {
        Diagnostic(
            .error, "agent-missing-key", "`\(key)` has no value", range: range,
            suggestion: "write the \(key) on the same line, or as a block scalar (\(key): >-)")
    }

    static func agentInvalidName(_ name: String, range: SourceRange) -> Diagnostic {
        let suggested = AgentLinter.suggestedName(name)
        return Diagnostic(
            .error, "agent-invalid-name", "name \"\(name)\" must be lower-case letters, digits and hyphens", range: range,
            suggestion: suggested.isEmpty ? "use a name such as backend-engineer" : "name: \(suggested)")
    }

    static func agentInvalidValue(_ key: String, expected: String, found: String, range: SourceRange) -> Diagnostic {
        Diagnostic(
            .error, "agent-invalid-value", "`\(key)` should be \(expected), not \(found)", range: range)
    }

    static func agentUnknownKey(_ key: String, range: SourceRange, suggestion: String?) -> Diagnostic {
        Diagnostic(
            .warning, "agent-unknown-key", "`\(key)` is not a key Claude Code reads; it is ignored", range: range,
            suggestion: suggestion.map { "did you mean `\($0)`?" }
                ?? "known keys: name, description, \(AgentLinter.knownKeys.joined(separator: ", "))")
    }

    static func agentEmptyBody(range: SourceRange) -> Diagnostic {
        Diagnostic(
            .warning, "agent-empty-body", "the definition has no system prompt after its front matter", range: range,
            suggestion: "write the agent's instructions below the closing ---")
    }
}

extension DiagnosticCatalog {
    /// The codes `agent lint` and `schema check` emit, for SARIF rules and the README.
    public static let derivationEntries: [Entry] = [
        Entry(code: "agent-front-matter", severity: .error, summary: "The definition has no YAML front matter, or it does not parse.",
              help: "Open the file with `---`, name, description, `---`; quote values holding `: `."),
        Entry(code: "agent-missing-key", severity: .error, summary: "`name` or `description` is missing or empty.",
              help: "Add the key with a value."),
        Entry(code: "agent-invalid-name", severity: .error, summary: "`name` is not lower-case letters, digits and hyphens.",
              help: "Rename the agent, e.g. backend-engineer."),
        Entry(code: "agent-invalid-value", severity: .error, summary: "A known key holds a value of the wrong type.",
              help: "Write the value as Claude Code expects it."),
        Entry(code: "agent-unknown-key", severity: .warning, summary: "A front-matter key Claude Code does not read.",
              help: "Remove it, or move it into the body."),
        Entry(code: "agent-empty-body", severity: .warning, summary: "No system prompt after the front matter.",
              help: "Write the agent's instructions below the front matter."),
    ] + SchemaChecker.entries
}
