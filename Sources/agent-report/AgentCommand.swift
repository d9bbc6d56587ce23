import AgentReport
import Foundation

/// `agent-report agent lint FILE…`: checks agent definitions' front matter.
struct AgentCommand: Command {
    static let name = "agent"
    static let spec = CommandSpec(
        name: name,
        abstract: "Lint agent definitions (.claude/agents/*.md): their YAML front matter, name and keys.",
        discussion: """
            agent lint FILE…  checks each definition: front matter that parses as YAML, a name of
            lower-case letters, digits and hyphens, a description, and only the keys Claude Code
            reads (name, description, \(AgentLinter.knownKeys.joined(separator: ", "))); other keys are warnings.

            Exit status: 0 every definition valid (with --strict, also without warnings); 1 some
            definition is not; 2 usage error or unreadable file.

            Examples:
              agent-report agent lint .claude/agents/*.md
              agent-report agent lint .claude/agents/ --format github
            """,
        arguments: [("lint", "The action (only lint)."), ("FILE…", "Agent definitions: files or directories (their .md files).")],
        options: [
            DiagnosticsOutput.option,
            .flag("--strict", help: "Count warnings as failures."),
        ] + DiagnosticsOutput.presentationOptions)

    let paths: [String]
    let format: String
    let strict: Bool
    let presentation: DiagnosticsOutput.Presentation

    init(_ arguments: ParsedArguments) throws {
        guard let action = arguments.positionals.first else {
            throw UsageError.message("agent: name an action (lint)")
        }
        guard action == "lint" else {
            throw UsageError.message("agent \(action): unknown action; actions: lint")
        }
        paths = Array(arguments.positionals.dropFirst())
        guard !paths.isEmpty else { throw UsageError.message("agent lint: name the definitions to lint") }
        format = arguments.value("--format", spec: Self.spec) ?? "text"
        strict = arguments.flag("--strict")
        presentation = try DiagnosticsOutput.Presentation(arguments, spec: Self.spec)
    }

    func run() throws -> Int32 {
        let sources: [InputLoader.Source]
        do {
            sources = try InputLoader.sources(for: paths)
        } catch {
            throw CommandFailure(message: error.message)
        }
        var verdicts: [Verdict] = []
        var unreadable: [String] = []
        for source in sources {
            do {
                let text = try DefinitionFile.read(source)
                let diagnostics = AgentLinter().lint(AgentDefinition(source: text))
                verdicts.append(Verdict(source: source.name, schema: nil, diagnostics: diagnostics, text: text))
            } catch {
                unreadable.append(error.message)
            }
        }
        Terminal.out(DiagnosticsOutput.render(verdicts, format: format, strict: strict, presentation: presentation))
        unreadable.forEach { Terminal.error($0) }
        if !unreadable.isEmpty { return 2 }
        return verdicts.contains { !$0.isValid(strict: strict) } ? 1 : 0
    }
}

/// Reading a definition or schema file named on the command line.
enum DefinitionFile {
    static func read(_ source: InputLoader.Source) throws(CommandFailure) -> SourceText {
        do {
            let bytes = try InputLoader.read(source, maxBytes: InputLoader.defaultMaxBytes)
            return SourceDecoder().decode(bytes, name: source.name).0
        } catch {
            throw CommandFailure(message: error.message)
        }
    }

    static func read(path: String) throws(CommandFailure) -> SourceText {
        let sources: [InputLoader.Source]
        do {
            sources = try InputLoader.sources(for: [path])
        } catch {
            throw CommandFailure(message: error.message)
        }
        guard sources.count == 1, let source = sources.first else {
            throw CommandFailure(message: "\(path): expected one file")
        }
        return try read(source)
    }
}
