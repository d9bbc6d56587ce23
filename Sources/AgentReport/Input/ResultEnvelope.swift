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
        let value: JSONValue
        do {
            value = try JSONParser.parse(bytes)
        } catch {
            if mode == .auto && !name.lowercased().hasSuffix(".json") { return decoded(bytes, name: name) }
            let (source, diagnostics) = SourceDecoder().decode(bytes, name: name)
            let at = min(max(0, error.offset), source.bytes.count)
            return .unusable(source, diagnostics + [Diagnostic(
                .error, "invalid-input", "not valid JSON: \(error.message)",
                range: source.range(at..<at), suggestion: "pass --input text to read it as an answer's text")])
        }
        if mode == .json { return .instance(value) }
        guard let envelope = resultElement(value) else { return .instance(value) }
        let text = envelope["result"]?.stringValue ?? ""
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
        if let problem = ContentPresence.problem(Array(text.utf8)) {
            problems.append(Diagnostic(.error, "invalid-input", "the result envelope's \"result\": \(problem.message)", range: nil, suggestion: "re-run the agent"))
            return .unusable(source, problems)
        }
        return .text(source, problems)
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
