import AgentReport
import Foundation
import JSONSchema
import MCP

/// `agent-report mcp`: a Model Context Protocol server over stdio, so that an agent checks its
/// own answer before it returns it. The tools are ``AnswerService``'s calls; this file only
/// turns MCP requests into those calls and their replies into tool results.
struct MCPCommand: Command {
    static let spec = CommandSpec(
        name: "mcp",
        abstract: "Serve agent-report's checks to agents as an MCP server (stdio).",
        discussion: """
            Speaks the Model Context Protocol on stdin and stdout (nothing else is written to
            stdout; problems go to stderr) until stdin closes.

            Tools: validate_answer {answer, format?}, render_report {answer, format?, to},
            get_return_format {format}, list_formats {}, publish_report {answer, format?,
            system?, out?}. Prompt: return_format {format}. A format is a bundled schema's
            name, a schema or agent definition file (relative to the project), or the name of
            an agent in the project's .claude/agents/ or ~/.claude/agents/; without one,
            validate_answer and render_report pick the bundled format that fits.

            The project is CLAUDE_PROJECT_DIR, else --project, else the nearest folder at or
            above the current one with a .claude folder, else the current folder. publish_report
            writes inside it only, unless --allow-publish-outside.

            Add it to Claude Code with:
              claude mcp add agent-report -- agent-report mcp
            """,
        arguments: [],
        options: [
            .option("--project", value: "DIR", help: "The project folder (agents, relative paths, the report tree)."),
            .option("--publish-dir", value: "DIR", help: "The report tree publish_report writes to when given no out.", default: "reports"),
            .flag("--allow-publish-outside", help: "Let publish_report write outside the project."),
            .option("--max-input-size", value: "MiB", help: "Refuse answers larger than this.", default: "\(InputLoader.defaultMaxBytes >> 20)"),
        ])

    let service: AnswerService

    init(_ arguments: ParsedArguments) throws {
        let given = arguments.value("--project", spec: Self.spec)
        let project = AgentLookup.projectDirectory(given: given) ?? FileManager.default.currentDirectoryPath
        var isFolder: ObjCBool = false
        guard FileManager.default.fileExists(atPath: project, isDirectory: &isFolder), isFolder.boolValue else {
            throw UsageError.message("--project \(project): no such folder")
        }
        var options = AnswerService.Options(projectDirectory: project)
        options.publishDirectory = arguments.value("--publish-dir", spec: Self.spec) ?? "reports"
        options.allowPublishOutside = arguments.flag("--allow-publish-outside")
        guard let megabytes = Int(arguments.value("--max-input-size", spec: Self.spec) ?? ""), (1...2047).contains(megabytes) else {
            throw UsageError.message("--max-input-size: expected a number of MiB from 1 to 2047")
        }
        options.maxBytes = megabytes << 20
        service = AnswerService(options: options)
    }

    func run() throws -> Int32 {
        let finished = DispatchSemaphore(value: 0)
        let failure = ConcurrentSlots<String>(count: 1)
        let service = self.service
        Task {
            do {
                try await MCPServer(service: service).serve()
            } catch {
                failure[0] = "\(error)"
            }
            finished.signal()
        }
        finished.wait()
        if let message = failure.values.first ?? nil { throw CommandFailure(message: "mcp: \(message)") }
        return 0
    }
}

/// The MCP side: tool and prompt declarations, and the dispatch from a call to the service.
struct MCPServer: Sendable {
    let service: AnswerService

    func serve() async throws {
        let server = Server(
            name: "agent-report", version: AgentReportVersion.current,
            instructions: "Check an answer against its Return Format before returning it: call validate_answer with the draft "
                + "and the agent's name as format, fix what the diagnostics say, and call it again until valid is true.",
            capabilities: .init(prompts: .init(listChanged: false), tools: .init(listChanged: false)))
        let calls = InFlight()
        await server.withMethodHandler(ListTools.self) { _ in .init(tools: MCPTools.all) }
        await server.withMethodHandler(CallTool.self) { params in
            await calls.begin()
            defer { Task { await calls.end() } }
            return call(params.name, params.arguments ?? [:])
        }
        await server.withMethodHandler(ListPrompts.self) { _ in .init(prompts: [MCPTools.returnFormatPrompt]) }
        await server.withMethodHandler(GetPrompt.self) { params in try prompt(params.name, params.arguments ?? [:]) }
        try await server.start(transport: MCPTransport())
        await server.waitUntilCompleted()
        // stdin closed: answer the calls already read before leaving (the SDK runs each
        // request in a task of its own and does not wait for them).
        await calls.drain()
    }

    /// The tool calls being answered, so that the server leaves only once they are.
    actor InFlight {
        private var count = 0
        func begin() { count += 1 }
        func end() { count -= 1 }
        func drain() async {
            try? await Task.sleep(for: .milliseconds(20))
            while count > 0 { try? await Task.sleep(for: .milliseconds(5)) }
            try? await Task.sleep(for: .milliseconds(20))  // the last response's write
        }
    }

    /// One tool call; whatever goes wrong is a result with `isError`, never a dropped session.
    func call(_ name: String, _ arguments: [String: Value]) -> CallTool.Result {
        do throws(AnswerService.Failure) {
            let reply: AnswerService.Reply
            switch name {
            case "validate_answer":
                reply = try service.validate(answer: try arguments.required("answer"), format: try arguments.optional("format"))
            case "render_report":
                let to = try arguments.required("to", in: AnswerService.Rendering.allCases.map(\.rawValue))
                reply = try service.render(answer: try arguments.required("answer"), format: try arguments.optional("format"),
                                           to: AnswerService.Rendering(rawValue: to) ?? .markdown)
            case "get_return_format":
                reply = try service.returnFormat(of: try arguments.required("format"))
            case "list_formats":
                reply = service.listFormats()
            case "publish_report":
                reply = try service.publish(answer: try arguments.required("answer"), format: try arguments.optional("format"),
                                            system: try arguments.optional("system"), out: try arguments.optional("out"))
            default:
                throw AnswerService.Failure("no tool \"\(name)\"; the tools are \(MCPTools.all.map(\.name).joined(separator: ", "))")
            }
            let structured: Value? = Value(json: reply.structured)
            return .init(content: [.text(text: reply.text, annotations: nil, _meta: nil)], structuredContent: structured, isError: false)
        } catch {
            return .init(content: [.text(text: "\(name): \(error.message)", annotations: nil, _meta: nil)], isError: true)
        }
    }

    func prompt(_ name: String, _ arguments: [String: String]) throws -> GetPrompt.Result {
        guard name == MCPTools.returnFormatPrompt.name else {
            throw MCPError.invalidParams("no prompt \"\(name)\"; the prompt is \(MCPTools.returnFormatPrompt.name)")
        }
        do throws(AnswerService.Failure) {
            guard let format = arguments["format"] else { throw AnswerService.Failure("format is missing: it is required") }
            let reply = try service.returnFormat(of: format)
            return .init(description: "The Return Format to answer in", messages: [.user(.text(text: reply.text))])
        } catch {
            throw MCPError.invalidParams("return_format: \(error.message)")
        }
    }
}

extension [String: Value] {
    /// A required string argument (one of `choices` when given).
    func required(_ key: String, in choices: [String] = []) throws(AnswerService.Failure) -> String {
        guard let value = try optional(key) else { throw AnswerService.Failure("\(key) is missing: it is required") }
        if !choices.isEmpty && !choices.contains(value) {
            throw AnswerService.Failure("\(key) \"\(value)\": expected one of \(choices.joined(separator: ", "))")
        }
        return value
    }

    /// An optional string argument; null counts as absent.
    func optional(_ key: String) throws(AnswerService.Failure) -> String? {
        switch self[key] {
        case nil, .null?: return nil
        case .string(let text)?: return text
        default: throw AnswerService.Failure("\(key) must be a string")
        }
    }
}

extension Value {
    /// The library's JSON as the SDK's.
    init(json: JSONValue) {
        switch json {
        case .null: self = .null
        case .bool(let bool): self = .bool(bool)
        case .number(let number): self = number.intValue.map(Value.int) ?? .double(number.doubleValue)
        case .string(let string): self = .string(string)
        case .array(let array): self = .array(array.map { Value(json: $0) })
        case .object(let object):
            var dictionary: [String: Value] = [:]
            for (key, value) in object { dictionary[key] = Value(json: value) }
            self = .object(dictionary)
        }
    }
}
