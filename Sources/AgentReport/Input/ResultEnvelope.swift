import JSONSchema

/// What an input turned out to be once read.
public enum InputContent: Sendable {
    /// An answer's text (also the `result` of a Claude Code result envelope).
    case text(SourceText, [Diagnostic])
    /// A JSON value to validate directly.
    case instance(JSONValue)
    /// Nothing usable; the diagnostics say why.
    case unusable(SourceText, [Diagnostic])
}

/// How to read an input.
public enum InputMode: String, Sendable, CaseIterable {
    /// JSON when it parses as JSON (a result envelope is unwrapped to its text), text otherwise.
    case auto
    /// Always a JSON instance.
    case json
    /// Always text.
    case text
}

/// Recognises Claude Code result envelopes — `{"type":"result","subtype":…,"is_error":…,"result":"…"}`
/// or the array verbose mode prints, whose last `result` element counts — and other JSON.
public enum ResultEnvelope {
    public static func classify(_ bytes: [UInt8], name: String, mode: InputMode = .auto) -> InputContent {
        let looksLikeJSON = firstNonSpace(bytes).map { $0 == 0x7B || $0 == 0x5B } ?? false
        let wantsJSON = mode == .json || (mode == .auto && (looksLikeJSON || name.lowercased().hasSuffix(".json")))
        guard mode != .text, wantsJSON else { return decoded(bytes, name: name) }
        var value: JSONValue
        do {
            value = try JSONParser.parse(bytes)
        } catch {
            if let events = jsonLines(bytes) {
                return classify(envelope: .array(events), name: name)
            }
            if mode == .auto && !name.lowercased().hasSuffix(".json") { return decoded(bytes, name: name) }
            let (source, diagnostics) = SourceDecoder().decode(bytes, name: name)
            let at = min(max(0, error.offset), source.bytes.count)
            return .unusable(source, diagnostics + [Diagnostic(
                .error, "invalid-input", "not valid JSON: \(error.message)",
                range: source.range(at..<at), suggestion: "pass --input text to read it as an answer's text")])
        }
        if mode == .json { return .instance(value) }
        return classify(envelope: value, name: name)
    }

    /// A result envelope, the array verbose mode prints, the events of `stream-json`, or a
    /// hook payload; any other JSON is an instance.
    private static func classify(envelope value: JSONValue, name: String) -> InputContent {
        if let payload = value.objectValue, payload["hook_event_name"] != nil, let message = payload["last_assistant_message"]?.stringValue {
            let (source, diagnostics) = SourceDecoder().decode(Array(message.utf8), name: name)
            return answer(source, diagnostics, subject: "the hook payload's \"last_assistant_message\"")
        }
        guard let envelope = resultElement(value) else { return .instance(value) }
        var text = envelope["result"]?.stringValue ?? ""
        // `result` can be empty on success: the answer is then the last assistant message's text.
        if text.trimmingSpaces.isEmpty, case .array(let events) = value, let last = lastAssistantText(events) { text = last }
        let (source, diagnostics) = SourceDecoder().decode(Array(text.utf8), name: name)
        var problems = diagnostics
        if case .bool(true)? = envelope["is_error"] {
            let subtype = envelope["subtype"]?.stringValue.map { " (\($0))" } ?? ""
            problems.append(Diagnostic(
                .error, "invalid-input", "the agent run failed\(subtype): its result envelope has \"is_error\": true",
                range: nil, suggestion: "re-run the agent; there is no answer to check"))
            return .unusable(source, problems)
        }
        if text.trimmingSpaces.isEmpty {
            problems.append(Diagnostic(
                .error, "invalid-input", "the result envelope's \"result\" is empty: the agent gave no answer",
                range: nil, suggestion: "re-run the agent"))
            return .unusable(source, problems)
        }
        return answer(source, problems, subject: "the result envelope's \"result\"")
    }

    /// The answer an envelope or payload holds, unless it holds nothing readable.
    private static func answer(_ source: SourceText, _ diagnostics: [Diagnostic], subject: String) -> InputContent {
        if let problem = ContentPresence.problem(source.bytes) {
            return .unusable(source, diagnostics + [Diagnostic(.error, "invalid-input", "\(subject): \(problem.message)", range: nil,
                                                               suggestion: "re-run the agent")])
        }
        return .text(source, diagnostics)
    }

    /// The lines of `stream-json` output (one JSON object a line), when every non-blank line
    /// is one and there are at least two; nil otherwise.
    private static func jsonLines(_ bytes: [UInt8]) -> [JSONValue]? {
        var events: [JSONValue] = []
        var start = 0
        while start < bytes.count {
            var end = start
            while end < bytes.count && bytes[end] != 0x0A { end += 1 }
            let line = Array(bytes[start..<end])
            start = end + 1
            guard line.contains(where: { $0 != 0x20 && $0 != 0x0D && $0 != 0x09 }) else { continue }
            guard let event = try? JSONParser.parse(line, maxDepth: 64), event.objectValue != nil else { return nil }
            events.append(event)
        }
        return events.count >= 2 ? events : nil
    }

    /// The text blocks of the last assistant message among `events` that has any.
    private static func lastAssistantText(_ events: [JSONValue]) -> String? {
        for event in events.reversed() where event["type"]?.stringValue == "assistant" {
            let texts = (event["message"]?["content"]?.arrayValue ?? []).compactMap { block in
                block["type"]?.stringValue == "text" ? block["text"]?.stringValue : nil
            }
            if !texts.isEmpty { return texts.joined(separator: "\n\n") }
        }
        return nil
    }

    /// The envelope object: the value itself, or the last `type: result` element of an array.
    private static func resultElement(_ value: JSONValue) -> JSONObject? {
        switch value {
        case .object(let object) where object["type"]?.stringValue == "result" && object["result"] != nil:
            return object
        case .array(let array):
            return array.last { $0.objectValue?["type"]?.stringValue == "result" }?.objectValue
        default:
            return nil
        }
    }

    private static func decoded(_ bytes: [UInt8], name: String) -> InputContent {
        let (source, diagnostics) = SourceDecoder().decode(bytes, name: name)
        if let problem = ContentPresence.problem(bytes) {
            // A binary file's replaced bytes say nothing more than that it is binary.
            let kept = problem == .binary || problem == .utf16 ? [] : diagnostics
            return .unusable(source, kept + [Diagnostic(.error, "invalid-input", problem.message, range: nil, suggestion: problem.suggestion)])
        }
        return .text(source, diagnostics)
    }

    private static func firstNonSpace(_ bytes: [UInt8]) -> UInt8? {
        var i = bytes.starts(with: [0xEF, 0xBB, 0xBF]) ? 3 : 0
        while i < bytes.count, bytes[i] == 0x20 || bytes[i] == 0x0A || bytes[i] == 0x0D || bytes[i] == 0x09 { i += 1 }
        return i < bytes.count ? bytes[i] : nil
    }
}
