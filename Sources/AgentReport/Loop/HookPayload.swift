import JSONSchema

/// What Claude Code sends a `SubagentStop` (or `Stop`) hook on stdin.
public struct HookPayload: Sendable {
    /// `SubagentStop`, `Stop`, …
    public var event: String
    /// The definition's front matter `name`, or `plugin:name`.
    public var agentType: String?
    public var agentID: String?
    /// The final answer's text (absent before Claude Code 2.1.47).
    public var lastAssistantMessage: String?
    /// The sub-agent's conversation, JSON Lines.
    public var agentTranscriptPath: String?
    public var cwd: String?
    /// True while the agent goes on because of a stop hook.
    public var stopHookActive: Bool

    public struct Error: Swift.Error, Sendable, CustomStringConvertible {
        public var message: String
        public var description: String { message }
    }

    /// The payload in `bytes`; nil when they are JSON but no hook payload (no
    /// `hook_event_name`); an error when they are not a JSON object.
    public static func read(_ bytes: [UInt8]) throws(HookPayload.Error) -> HookPayload? {
        let value: JSONValue
        do {
            value = try JSONParser.parse(bytes, maxDepth: 64)
        } catch {
            throw Error(message: "the hook payload on stdin is not JSON: \(error.line):\(error.column): \(error.message)")
        }
        guard let object = value.objectValue else { throw Error(message: "the hook payload on stdin is not a JSON object") }
        guard let event = object["hook_event_name"]?.stringValue else { return nil }
        return HookPayload(
            event: event, agentType: object["agent_type"]?.stringValue, agentID: object["agent_id"]?.stringValue,
            lastAssistantMessage: object["last_assistant_message"]?.stringValue,
            agentTranscriptPath: object["agent_transcript_path"]?.stringValue, cwd: object["cwd"]?.stringValue,
            stopHookActive: object["stop_hook_active"]?.boolValue ?? false)
    }
}

/// The final answer in a Claude Code transcript (JSON Lines): the text blocks of the last
/// assistant message, its lines joined in order (one API reply is stored as one line per
/// content block, the lines sharing `message.id`); thinking and tool use are skipped. Read
/// tolerantly: a line that is not JSON is passed over.
public enum TranscriptReader {
    public static func lastAssistantText(_ bytes: [UInt8]) -> String? {
        var lastID: String? = nil
        var texts: [String] = []
        var start = 0
        while start < bytes.count {
            var end = start
            while end < bytes.count && bytes[end] != 0x0A { end += 1 }
            defer { start = end + 1 }
            guard end > start, let line = try? JSONParser.parse(Array(bytes[start..<end]), maxDepth: 64),
                  line["type"]?.stringValue == "assistant", let message = line["message"] else { continue }
            let id = message["id"]?.stringValue ?? line["uuid"]?.stringValue ?? ""
            let blocks = (message["content"]?.arrayValue ?? []).compactMap { block -> String? in
                block["type"]?.stringValue == "text" ? block["text"]?.stringValue : nil
            }
            if id != lastID {
                // A new reply: it replaces the last one unless it holds no text (a tool call).
                guard !blocks.isEmpty else { continue }
                lastID = id
                texts = blocks
            } else {
                texts += blocks
            }
        }
        return texts.isEmpty ? nil : texts.joined(separator: "\n\n")
    }
}
