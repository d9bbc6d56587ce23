import Foundation
import JSONSchema
import TestSupport
import Testing

/// `agent-report mcp` driven as a subprocess by the official MCP Python client.
@Suite(.serialized) struct MCPTests {
    static func call(_ session: JSONValue, _ name: String) throws -> JSONValue {
        try #require(session["calls"]?[name], "no call \(name)")
    }

    static func errorText(_ session: JSONValue, _ name: String) throws -> String {
        let result = try call(session, name)
        #expect(result["isError"] == .bool(true), "\(name) should be an error result: \(result)")
        return result["text"]?.stringValue ?? ""
    }

    /// (code, line, column, path) of each diagnostic, in order.
    static func places(_ diagnostics: JSONValue?) -> [String] {
        (diagnostics?.arrayValue ?? []).map { diagnostic in
            ["code", "line", "column", "path"].map { diagnostic[$0].map { $0.stringValue ?? $0.serialized(pretty: false) } ?? "-" }
                .joined(separator: " ")
        }
    }

    @Test func oneSessionUsesEveryToolAndOutlivesBadInput() throws {
        let project = try MCPClient.project("session")
        defer { try? FileManager.default.removeItem(at: project) }
        let session = try MCPClient.run("session", project: project)

        #expect(session["protocolVersion"] == "2025-11-25")
        #expect(session["serverName"] == "agent-report")
        let tools = try #require(session["tools"]?.objectValue)
        #expect(Set(tools.keys) == ["validate_answer", "render_report", "get_return_format", "list_formats", "publish_report"])
        for (name, tool) in tools {
            #expect(tool["input"]?["type"] == "object", "\(name) input schema")
            #expect(tool["output"]?["type"] == "object", "\(name) output schema")
        }
        #expect(session["prompts"] == .array(["return_format"]))

        // A defective answer: the same diagnostics, at the same places, as `validate` gives.
        let defective = try Self.call(session, "defective")
        #expect(defective["isError"] == .bool(false))
        #expect(defective["structured"]?["valid"] == .bool(false))
        #expect(defective["structured"]?["schema"] == "backend-engineer")
        let cli = try CLI.run(["validate", "samples/defects.md", "--schema", "backend-engineer", "--format", "json"])
        let expected = try JSONParser.parse(cli.stdout)["inputs"]?.arrayValue?.first?["diagnostics"]
        let places = Self.places(defective["structured"]?["diagnostics"])
        #expect(places == Self.places(expected))
        #expect(places.contains("placeholder 4 21 /api_architecture/framework_choice"))
        #expect(defective["text"]?.stringValue?.hasPrefix("Your answer does not follow the Return Format yet") == true)
        #expect(try Self.call(session, "after") == defective, "the session answers the same after the bad inputs")

        // A clean answer, its format picked; an agent of the project by name.
        let clean = try Self.call(session, "clean")
        #expect(clean["structured"]?["valid"] == .bool(true))
        #expect(clean["structured"]?["schema"] == "backend-engineer")
        #expect(clean["structured"]?["diagnostics"]?.arrayValue?.contains { $0["severity"] == "error" } == false)
        let agent = try Self.call(session, "agent")
        #expect(agent["structured"]?["schema"] == "reviewer")
        #expect(agent["structured"]?["valid"] == .bool(false))
        let agentPlaces = Self.places(agent["structured"]?["diagnostics"])
        #expect(agentPlaces.contains { $0.hasPrefix("missing-section ") })

        // Reports and the Return Format.
        let html = try #require(try Self.call(session, "html")["structured"]?["report"]?.stringValue)
        #expect(html.hasPrefix("<!DOCTYPE html>"))
        #expect(html.contains("Content-Security-Policy"))
        #expect(!html.lowercased().contains("<script"))
        let markdown = try #require(try Self.call(session, "markdown")["structured"]?["report"]?.stringValue)
        #expect(markdown.contains("## API ARCHITECTURE"))
        let prompt = try CLI.run(["schema", "prompt", "backend-engineer"]).stdout
        #expect(try Self.call(session, "returnFormat")["structured"]?["returnFormat"]?.stringValue == prompt)
        #expect(session["prompt"]?.stringValue == prompt)
        #expect(try Self.call(session, "agentFormat")["text"]?.stringValue?.hasPrefix("## Return Format") == true)
        let formats = try #require(try Self.call(session, "formats")["structured"]?["formats"]?.arrayValue)
        let named = Dictionary(formats.map { ($0["name"]?.stringValue ?? "", $0) }, uniquingKeysWith: { first, _ in first })
        #expect(named["backend-engineer"]?["kind"] == "bundled")
        #expect(named["backend-engineer"]?["hasReturnFormat"] == .bool(true))
        #expect(named["report-output"]?["hasReturnFormat"] == .bool(false))
        #expect(named["reviewer"]?["kind"] == "agent")
        #expect(named["reviewer"]?["hasReturnFormat"] == .bool(true))

        // Publishing into the project's tree: the files are there.
        let publish = try #require(try Self.call(session, "publish")["structured"])
        #expect(publish["outcome"] == "published")
        let files = (publish["files"]?.arrayValue ?? []).compactMap(\.stringValue)
        #expect(files.count >= 3)
        #expect(Set(files.map { ($0 as NSString).pathExtension }) == ["md", "html", "json"])
        for file in files {
            #expect(FileManager.default.fileExists(atPath: project.appendingPathComponent("tree").appendingPathComponent(file).path), "\(file)")
        }

        // Bad input: an error result that says what to do, and the session goes on.
        #expect(try Self.errorText(session, "unknownFormat").contains("no-such-format"))
        #expect(try Self.errorText(session, "unknownFormat").contains("list_formats"))
        #expect(try Self.errorText(session, "missingAnswer").contains("answer is missing"))
        #expect(try Self.errorText(session, "wrongType").contains("answer must be a string"))
        #expect(try Self.errorText(session, "badTo").contains("expected one of markdown, json, html"))
        #expect(try Self.errorText(session, "oversized").contains("more than the 1 MiB limit"))
        #expect(try Self.errorText(session, "empty").contains("empty"))
        #expect(try Self.errorText(session, "binary").contains("binary"))
        #expect(try Self.errorText(session, "outside").contains("--allow-publish-outside"))
        #expect(try Self.errorText(session, "escape").contains("outside the project"))
        #expect(try Self.errorText(session, "unknownTool").contains("validate_answer"))
        #expect(!FileManager.default.fileExists(atPath: project.deletingLastPathComponent().appendingPathComponent("elsewhere").path))
        #expect(session["badPrompt"]?.stringValue?.contains("no-such-format") == true)
        #expect(session["afterPrompt"] == .bool(false))
    }

    /// Requests the official client cannot send: the answer under the request's own id, as an
    /// error result; a surrogate pair is text like any other.
    @Test func textThatIsNotUnicodeIsAnErrorUnderItsOwnID() throws {
        let project = try MCPClient.project("raw")
        defer { try? FileManager.default.removeItem(at: project) }
        let raw = try MCPClient.run("raw", project: project)
        #expect(raw["init"] == .bool(true))
        for (name, id, kind) in [("surrogate", 2, "an unpaired surrogate escape"), ("invalidUTF8", 3, "invalid UTF-8 bytes")] {
            let reply = try #require(raw[name])
            #expect(reply["id"] == .number(JSONNumber(id)))
            #expect(reply["result"]?["isError"] == .bool(true), "\(name): \(reply)")
            #expect(reply["result"]?["content"]?.arrayValue?.first?["text"]?.stringValue?.contains(kind) == true, "\(name): \(reply)")
        }
        #expect(raw["otherMethod"]?["id"] == .number(JSONNumber(4)))
        #expect(raw["otherMethod"]?["error"]?["message"]?.stringValue?.contains("not valid Unicode") == true)
        #expect(raw["pairedSurrogate"]?["result"]?["isError"] == .bool(false))
        #expect(raw["pairedSurrogate"]?["result"]?["structuredContent"]?["schema"] == "backend-engineer")
        #expect(raw["exit"] == .number(JSONNumber(0)))
    }

    /// Four clients at once, each with its own server, 200 calls each: every result right
    /// (and the same for the same answer), no deadlock, memory flat after warm-up.
    @Test func fourClientsInParallel() throws {
        let project = try MCPClient.project("load")
        defer { try? FileManager.default.removeItem(at: project) }
        _ = try MCPClient.python.get()
        let results = ConcurrentResults(count: 4)
        DispatchQueue.concurrentPerform(iterations: 4) { index in
            results.set(index, Result { try MCPClient.run("load", project: project, ["200"]) })
        }
        for result in results.values {
            let load = try result.get()
            #expect(load["calls"] == .number(JSONNumber(200)))
            #expect(load["wrong"] == .array([]), "calls with a wrong result: \(load["wrong"] ?? .null)")
            let warm = try #require(load["rss"]?["20"]?.numberValue?.intValue)
            let end = try #require(load["rss"]?["200"]?.numberValue?.intValue)
            #expect(end - warm < 16 * 1024, "resident memory grew from \(warm) kB to \(end) kB over 180 calls")
        }
    }
}

extension MCPTests {
    /// `agent-report mcp` with no server program beside it or on PATH: a message that says how
    /// to build and install it, and the usage exit status — not a crash or a silent exit.
    @Test func aMissingServerProgramIsAClearError() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("agent-report-alone-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let alone = folder.appendingPathComponent("agent-report")
        try FileManager.default.copyItem(at: CLI.binary, to: alone)
        let output = try ProcessRunner.run(alone, ["mcp"], stdin: Data(), currentDirectory: folder, environment: ["PATH": "/usr/bin:/bin"])
        let stderr = String(decoding: output.stderr, as: UTF8.self)
        #expect(output.status == 2)
        #expect(output.stdout.isEmpty)
        #expect(stderr.contains("agent-report-mcp"))
        #expect(stderr.contains("swift build --product agent-report-mcp"))
    }
}

/// Results written by concurrent iterations.
final class ConcurrentResults: @unchecked Sendable {
    private var slots: [Result<JSONValue, any Error>?]
    private let lock = NSLock()
    init(count: Int) { slots = Array(repeating: nil, count: count) }
    func set(_ index: Int, _ result: Result<JSONValue, any Error>) { lock.withLock { slots[index] = result } }
    var values: [Result<JSONValue, any Error>] { lock.withLock { slots.compactMap { $0 } } }
}
