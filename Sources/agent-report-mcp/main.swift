// agent-report-mcp: the MCP server that `agent-report mcp` becomes once it has checked its
// options (see MCPCommand.swift there); run it through `agent-report mcp`.
import AgentReport
import Foundation

func fail(_ message: String) -> Never {
    FileHandle.standardError.write(Data("agent-report-mcp: \(message); start the server with `agent-report mcp`\n".utf8))
    exit(2)
}

var options = AnswerService.Options(projectDirectory: FileManager.default.currentDirectoryPath)
var arguments = Array(CommandLine.arguments.dropFirst())
while !arguments.isEmpty {
    let name = arguments.removeFirst()
    if name == "--allow-publish-outside" {
        options.allowPublishOutside = true
        continue
    }
    guard !arguments.isEmpty else { fail("\(name) needs a value") }
    let value = arguments.removeFirst()
    switch name {
    case "--project": options.projectDirectory = value
    case "--publish-dir": options.publishDirectory = value
    case "--max-input-size":
        guard let megabytes = Int(value), (1...2047).contains(megabytes) else { fail("--max-input-size \(value): expected MiB from 1 to 2047") }
        options.maxBytes = megabytes << 20
    default: fail("unknown option \(name)")
    }
}

let service = AnswerService(options: options)
let finished = DispatchSemaphore(value: 0)
nonisolated(unsafe) var failure: String?
Task.detached {
    do {
        try await MCPServer(service: service).serve()
    } catch {
        failure = "\(error)"
    }
    finished.signal()
}
finished.wait()
if let failure { fail(failure) }
