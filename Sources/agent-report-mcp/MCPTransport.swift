import Foundation
import JSONSchema
import Logging
import MCP

/// stdio, with one repair the SDK lacks: a message the SDK cannot decode because it holds
/// text that is not Unicode (invalid UTF-8 bytes, an unpaired `\uD800` escape) would be
/// answered with an error under a random id, leaving the client waiting for its call. Such a
/// message is answered here, under its own id: a tool result with `isError` for a tool call,
/// a JSON-RPC error for anything else.
actor MCPTransport: Transport {
    private let stdio = StdioTransport()
    private var upstream: AsyncThrowingStream<Data, Swift.Error>?
    nonisolated var logger: Logger { stdio.logger }

    func connect() async throws {
        try await stdio.connect()
        upstream = await stdio.receive()
    }

    func disconnect() async { await stdio.disconnect() }

    func send(_ data: Data) async throws { try await stdio.send(data) }

    func receive() -> AsyncThrowingStream<Data, Swift.Error> {
        let upstream = self.upstream
        return AsyncThrowingStream { continuation in
            let task = Task {
                guard let upstream else { return continuation.finish() }
                do {
                    for try await message in upstream {
                        if let reply = Self.replyToUndecodable(message) {
                            if !reply.isEmpty { try await self.send(reply) }
                        } else {
                            continuation.yield(message)
                        }
                    }
                    continuation.finish()
                } catch {
                    continuation.finish(throwing: error)
                }
            }
            continuation.onTermination = { _ in task.cancel() }
        }
    }

    /// Nil for a message the SDK can read; else the reply to send (empty for a notification).
    static func replyToUndecodable(_ message: Data) -> Data? {
        let bytes = [UInt8](message)
        let validUTF8 = String(validating: bytes, as: UTF8.self) != nil
        let repaired: [UInt8]
        if validUTF8 {
            // Most messages hold no `\uD…` escape at all: look for one before reading pairs.
            let mayHold = bytes.indices.dropLast(2).contains { bytes[$0] == 0x5C && bytes[$0 + 1] == 0x75 && (bytes[$0 + 2] | 0x20) == 0x64 }
            guard mayHold else { return nil }
            repaired = replacingUnpairedSurrogates(bytes)
            guard repaired != bytes else { return nil }
        } else {
            repaired = replacingUnpairedSurrogates(Array(String(decoding: bytes, as: UTF8.self).utf8))
        }
        guard case .object(let request)? = try? JSONParser.parse(repaired), let id = request["id"], id != .null else {
            FileHandle.standardError.write(Data("agent-report mcp: dropped a notification that is not valid Unicode\n".utf8))
            return Data()
        }
        let problem = "the request holds text that is not valid Unicode (\(validUTF8 ? "an unpaired surrogate escape" : "invalid UTF-8 bytes")); "
            + "send the answer as UTF-8 text"
        var reply: JSONObject = ["jsonrpc": "2.0", "id": id]
        if request["method"]?.stringValue == "tools/call" {
            let tool = request["params"]?["name"]?.stringValue ?? "tools/call"
            reply["result"] = .object(["content": .array([.object(["type": "text", "text": .string("\(tool): \(problem)")])]), "isError": true])
        } else {
            reply["error"] = .object(["code": -32602, "message": .string(problem)])
        }
        return Data(JSONValue.object(reply).serialized(pretty: false).utf8)
    }

    /// `bytes` with each unpaired surrogate escape written as `\uFFFD`.
    static func replacingUnpairedSurrogates(_ bytes: [UInt8]) -> [UInt8] {
        func surrogate(at i: Int) -> (high: Bool, value: Int)? {
            guard i + 5 < bytes.count, bytes[i] == 0x5C, bytes[i + 1] == 0x75,
                  let value = Int(String(decoding: bytes[(i + 2)...(i + 5)], as: UTF8.self), radix: 16),
                  (0xD800...0xDFFF).contains(value) else { return nil }
            return (value < 0xDC00, value)
        }
        guard bytes.contains(0x5C) else { return bytes }
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count)
        var i = 0
        while i < bytes.count {
            if bytes[i] == 0x5C, i + 1 < bytes.count, bytes[i + 1] == 0x5C {  // an escaped backslash
                out += [0x5C, 0x5C]
                i += 2
                continue
            }
            if let first = surrogate(at: i) {
                if first.high, let second = surrogate(at: i + 6), !second.high {
                    out += bytes[i..<(i + 12)]
                    i += 12
                } else {
                    out += Array("\\uFFFD".utf8)
                    i += 6
                }
                continue
            }
            out.append(bytes[i])
            i += 1
        }
        return out
    }
}
