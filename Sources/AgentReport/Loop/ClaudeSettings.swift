import JSONSchema

/// Adds agent-report's `SubagentStop` hook to a Claude Code settings file, touching nothing
/// else: the file's other keys, hooks, order, spacing and comments-free JSON stay byte for
/// byte; the entry is inserted as one line where it belongs; a file that has it already is
/// left as it is; a file that is not valid JSON is refused with the place of the error.
public enum ClaudeSettings {
    public struct Error: Swift.Error, Sendable, CustomStringConvertible {
        public var message: String
        public var description: String { message }
    }

    /// The hook command and the matcher it is registered under.
    public struct Hook: Sendable {
        public var command: String
        /// Nil matches every agent.
        public var agents: [String]

        public init(command: String, agents: [String]) {
            self.command = command
            self.agents = agents
        }

        /// `^(a|b)$`: exact names for every Claude Code version (older ones read a hyphenated
        /// matcher as a pattern); `*` for every agent.
        var matcher: String {
            if agents.isEmpty { return "*" }
            let names = agents.map(escaped)
            return names.count == 1 ? "^\(names[0])$" : "^(\(names.joined(separator: "|")))$"
        }

        private func escaped(_ name: String) -> String {
            var out = ""
            for character in name {
                if "\\.^$|?*+()[]{}".contains(character) { out.append("\\") }
                out.append(character)
            }
            return out
        }

        var entry: JSONValue {
            .object(JSONObject([
                ("matcher", .string(matcher)),
                ("hooks", .array([.object(JSONObject([("type", "command"), ("command", .string(command)), ("timeout", 60)]))])),
            ]))
        }
    }

    /// The new text of the settings file, or nil when it has the hook already.
    public static func adding(_ hook: Hook, to existing: [UInt8]?) throws(ClaudeSettings.Error) -> [UInt8]? {
        let entry = hook.entry.serialized()
        guard let existing, existing.contains(where: { !isSpace($0) }) else {
            return Array(JSONValue.object(JSONObject([("hooks", .object(JSONObject([("SubagentStop", .array([hook.entry]))])))]))
                .serialized(pretty: true).utf8) + [0x0A]
        }
        let root: JSONValue
        do {
            root = try JSONParser.parse(existing)
        } catch {
            throw Error(message: "not valid JSON at \(error.line):\(error.column): \(error.message); the file was left as it is")
        }
        guard root.objectValue != nil else { throw Error(message: "the settings are not a JSON object; the file was left as it is") }
        let present = (root["hooks"]?["SubagentStop"]?.arrayValue ?? []).contains { group in
            group["matcher"]?.stringValue == hook.matcher
                && (group["hooks"]?.arrayValue ?? []).contains { $0["command"]?.stringValue == hook.command }
        }
        if present { return nil }
        var scanner = Scanner(bytes: existing)
        let rootStart = scanner.skipSpace(0)
        if let hooks = scanner.member("hooks", ofObjectAt: rootStart), existing[hooks.value] == 0x7B {
            if let stop = scanner.member("SubagentStop", ofObjectAt: hooks.value), existing[stop.value] == 0x5B {
                return scanner.inserting(entry, intoContainerAt: stop.value)
            }
            return scanner.inserting("\"SubagentStop\": [\(entry)]", intoContainerAt: hooks.value)
        }
        return scanner.inserting("\"hooks\": {\"SubagentStop\": [\(entry)]}", intoContainerAt: rootStart)
    }

    static func isSpace(_ byte: UInt8) -> Bool { byte == 0x20 || byte == 0x0A || byte == 0x0D || byte == 0x09 }

    /// Positions in a document already known to be valid JSON.
    struct Scanner {
        let bytes: [UInt8]

        func skipSpace(_ i: Int) -> Int {
            var i = i
            while i < bytes.count && ClaudeSettings.isSpace(bytes[i]) { i += 1 }
            return i
        }

        /// The index just past the value starting at `i`.
        func end(ofValueAt i: Int) -> Int {
            switch bytes[i] {
            case 0x22: return end(ofStringAt: i)
            case 0x7B, 0x5B:
                var depth = 0
                var k = i
                while k < bytes.count {
                    switch bytes[k] {
                    case 0x22: k = end(ofStringAt: k); continue
                    case 0x7B, 0x5B: depth += 1
                    case 0x7D, 0x5D:
                        depth -= 1
                        if depth == 0 { return k + 1 }
                    default: break
                    }
                    k += 1
                }
                return bytes.count
            default:
                var k = i
                while k < bytes.count && !",}] \n\r\t".utf8.contains(bytes[k]) { k += 1 }
                return k
            }
        }

        func end(ofStringAt i: Int) -> Int {
            var k = i + 1
            while k < bytes.count {
                if bytes[k] == 0x5C { k += 2; continue }
                if bytes[k] == 0x22 { return k + 1 }
                k += 1
            }
            return bytes.count
        }

        /// The member `key` of the object at `start`: where its value starts.
        mutating func member(_ key: String, ofObjectAt start: Int) -> (key: Int, value: Int)? {
            var k = skipSpace(start + 1)
            while k < bytes.count && bytes[k] == 0x22 {
                let keyEnd = end(ofStringAt: k)
                let name = (try? JSONParser.parse(Array(bytes[k..<keyEnd])))?.stringValue
                let colon = skipSpace(keyEnd)
                let value = skipSpace(colon + 1)
                if name == key { return (k, value) }
                k = skipSpace(skipSpace(end(ofValueAt: value)))
                if k < bytes.count && bytes[k] == 0x2C { k = skipSpace(k + 1) }
            }
            return nil
        }

        /// The spaces and tabs that start the line holding byte `i`.
        func indentation(ofLineAt i: Int) -> String {
            let lineStart = (bytes[..<i].lastIndex(of: 0x0A) ?? -1) + 1
            var end = lineStart
            while end < i && (bytes[end] == 0x20 || bytes[end] == 0x09) { end += 1 }
            return String(decoding: bytes[lineStart..<end], as: UTF8.self)
        }

        /// The document with `text` added as the last member or element of the object or
        /// array at `start`, on a line of its own indented like its siblings.
        func inserting(_ text: String, intoContainerAt start: Int) -> [UInt8] {
            let close = end(ofValueAt: start) - 1
            var last = close - 1
            while last > start && ClaudeSettings.isSpace(bytes[last]) { last -= 1 }
            let isEmpty = last == start
            // The indentation of the first child, else the container's own plus two spaces.
            let firstChild = skipSpace(start + 1)
            let own = indentation(ofLineAt: start)
            var indent = own + "  "
            if !isEmpty, let lineStart = bytes[..<firstChild].lastIndex(of: 0x0A) {
                indent = String(decoding: bytes[(lineStart + 1)..<firstChild], as: UTF8.self)
            }
            let multiline = bytes[start..<close].contains(0x0A) || isEmpty
            let insertion = (isEmpty ? "" : ",") + (multiline ? "\n" + indent : " ") + text
            var out = Array(bytes[...last]) + Array(insertion.utf8)
            if isEmpty {
                out += Array(("\n" + own).utf8) + Array(bytes[close...])
            } else {
                out += Array(bytes[(last + 1)...])
            }
            return out
        }
    }
}
