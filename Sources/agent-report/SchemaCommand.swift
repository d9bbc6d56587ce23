import AgentReport
import Foundation
import JSONSchema

/// `agent-report schema list|show|check|derive|prompt`: the schemas a Return Format is checked with.
struct SchemaCommand: Command {
    static let name = "schema"
    static let spec = CommandSpec(
        name: name,
        abstract: "List, show and check schemas; derive one from an agent definition, or write its Return Format block.",
        discussion: """
            ACTIONS:
              list                 the bundled schemas, with their titles (* marks a Return Format)
              show NAME            print a bundled schema
              check FILE|NAME      is it valid draft 2020-12 (meta-schema and compilation), and can it
                                   drive parsing (titled sections and fields, unique titles)?
              derive AGENT.md      the JSON Schema of the Return Format the definition asks for
              prompt NAME|FILE     the ## Return Format block an agent definition should contain

            Exit status: 0 fine; 1 check found errors, or derive found no Return Format; 2 usage
            error, unreadable file or unusable schema.

            Examples:
              agent-report schema derive .claude/agents/backend-engineer.md -o schemas/backend.schema.json
              agent-report schema check schemas/backend.schema.json --format github
              agent-report schema prompt backend-engineer >> .claude/agents/backend-engineer.md
            """,
        arguments: [("ACTION", "list, show, check, derive or prompt."), ("[ARGUMENT]", "A schema name or file, or an agent definition.")],
        options: [
            .option("-o", "--output", value: "FILE", help: "derive, prompt: write to FILE instead of standard output."),
            .option("--format", value: "FORMAT", help: "check: text, json, sarif, github (workflow annotations) or junit.",
                    choices: ["text", "json", "sarif", "github", "junit"], default: "text"),
        ] + DiagnosticsOutput.presentationOptions)

    enum Action: String, CaseIterable {
        case list, show, check, derive, prompt
    }

    let action: Action
    let argument: String?
    let output: String?
    let format: String
    let presentation: DiagnosticsOutput.Presentation

    init(_ arguments: ParsedArguments) throws {
        let actions = Action.allCases.map(\.rawValue).joined(separator: ", ")
        guard let name = arguments.positionals.first else {
            throw UsageError.message("schema: name an action (\(actions))")
        }
        guard let action = Action(rawValue: name) else {
            throw UsageError.message("schema \(name): unknown action; actions: \(actions)")
        }
        self.action = action
        let rest = Array(arguments.positionals.dropFirst())
        switch action {
        case .list:
            guard rest.isEmpty else { throw UsageError.message("schema list takes no argument") }
        default:
            guard rest.count == 1 else { throw UsageError.message("schema \(name): name one \(action == .derive ? "agent definition" : "schema")") }
        }
        argument = rest.first
        output = arguments.value("--output", spec: Self.spec)
        format = arguments.value("--format", spec: Self.spec) ?? "text"
        presentation = try DiagnosticsOutput.Presentation(arguments, spec: Self.spec)
    }

    func run() throws -> Int32 {
        switch action {
        case .list: return list()
        case .show: return try show()
        case .check: return try check()
        case .derive: return try derive()
        case .prompt: return try prompt()
        }
    }

    private func list() -> Int32 {
        let formats = Set(SchemaCatalog.bundledFormats().map(\.name))
        var out = ""
        let width = (SchemaCatalog.bundledNames.map(\.count).max() ?? 0) + 2
        for name in SchemaCatalog.bundledNames {
            let title = SchemaCatalog.bundledText(name).flatMap { try? JSONParser.parse($0) }?["title"]?.stringValue ?? ""
            out += (formats.contains(name) ? "* " : "  ") + name.padding(toLength: width, withPad: " ", startingAt: 0) + title + "\n"
        }
        out += "\n* a Return Format (sections of fields): usable with --schema and schema prompt\n"
        out += projectAgents()
        Terminal.out(out)
        return 0
    }

    /// The project's agents (`.claude/agents`), each with the Return Format its definition
    /// gives, or why it gives none; usable by name with --schema.
    private func projectAgents() -> String {
        guard let project = AgentLookup.projectDirectory() else { return "" }
        let folder = URL(fileURLWithPath: project).appendingPathComponent(".claude/agents")
        let found = Array(AgentLookup.definitions(AgentLookup.definitionFiles(in: folder)))
        guard !found.isEmpty else { return "" }
        let names = found.map { AgentLookup.name(of: $0.definition, at: $0.url) }
        let width = (names.map(\.count).max() ?? 0) + 2
        var out = "\nProject agents (\(folder.path)), usable as --schema NAME:\n"
        for ((url, definition), name) in zip(found, names) {
            let (mark, format): (String, String)
            switch SchemaDeriver().derive(definition) {
            case .success(let derivation):
                let titles = derivation.sectionTitles.prefix(4).joined(separator: ", ") + (derivation.sectionTitles.count > 4 ? ", …" : "")
                let parts = derivation.sectionTitles.count
                (mark, format) = ("* ", "\(parts) part\(parts == 1 ? "" : "s"), \(derivation.fieldCount) field\(derivation.fieldCount == 1 ? "" : "s"): \(titles)")
            case .failure:
                (mark, format) = ("  ", "no Return Format found (agent-report schema derive \(url.lastPathComponent) says what was looked for)")
            }
            out += mark + name.replacingControlCharacters().padding(toLength: width, withPad: " ", startingAt: 0) + format.replacingControlCharacters() + "\n"
        }
        return out
    }

    private func show() throws -> Int32 {
        let name = argument ?? ""
        guard let text = SchemaCatalog.bundledText(name) else {
            throw CommandFailure(message: "schema \"\(name)\": no bundled schema of that name (bundled: \(SchemaCatalog.bundledNames.joined(separator: ", ")))")
        }
        Terminal.out(text.hasSuffix("\n") ? text : text + "\n")
        return 0
    }

    private func check() throws -> Int32 {
        let name = argument ?? ""
        let text: SourceText
        var url: URL? = nil
        if FileManager.default.fileExists(atPath: name) || name == "-" {
            text = try DefinitionFile.read(path: name)
            url = name == "-" ? nil : URL(fileURLWithPath: name)
        } else if let bundled = SchemaCatalog.bundledText(name) {
            text = SourceText(name: name, text: bundled)
        } else {
            throw CommandFailure(message: "\(name): no such file, and no bundled schema of that name")
        }
        let diagnostics = SchemaChecker().check(text, url: url)
        let verdict = Verdict(source: text.name, schema: nil, diagnostics: diagnostics, text: text)
        Terminal.out(DiagnosticsOutput.render([verdict], format: format, strict: false, presentation: presentation))
        return verdict.isValid() ? 0 : 1
    }

    private func derive() throws -> Int32 {
        let text = try DefinitionFile.read(path: argument ?? "")
        switch SchemaDeriver().derive(AgentDefinition(source: text)) {
        case .success(let derivation):
            try emit(derivation.schema.serialized(pretty: true) + "\n")
            if output != nil {
                Terminal.error("derived \(derivation.sectionTitles.count) sections, \(derivation.fieldCount) fields from \"\(derivation.block.introduction)\" (line \(derivation.block.introductionLine + 1))")
            }
            return 0
        case .failure(let failure):
            throw CommandFailure(message: failure.message, status: 1)
        }
    }

    private func prompt() throws -> Int32 {
        let schema: LoadedSchema
        do {
            schema = try SchemaCatalog.load(argument ?? "")
        } catch {
            throw CommandFailure(message: error.message)
        }
        guard let format = schema.returnFormat else {
            throw CommandFailure(message: "schema \(schema.name) describes no sections, so it has no Return Format to write (see 'agent-report schema check')", status: 1)
        }
        try emit(ReturnFormatPromptWriter().write(format))
        return 0
    }

    private func emit(_ text: String) throws {
        guard let output else {
            Terminal.out(text)
            return
        }
        do {
            try OutputFile.write(text, to: output)
        } catch {
            throw CommandFailure(message: "\(output): cannot be written: \(error.message)")
        }
    }
}
