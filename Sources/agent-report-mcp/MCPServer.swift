import AgentReport
import Foundation
import JSONSchema
import MCP

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
