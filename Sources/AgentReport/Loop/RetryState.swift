import Foundation
import JSONSchema

/// How many times the hook has sent one sub-agent (`agent_id`) back: a small JSON file a
/// sub-agent under a folder (`.claude/agent-report/retries/` of the project, or the temporary
/// folder), written atomically. Files older than a day are removed whenever one is read.
public struct RetryState: Sendable {
    public let folder: String
    /// Seconds since 1970, injected for tests.
    public var now: @Sendable () -> Double

    public init(folder: String, now: @escaping @Sendable () -> Double = { Date().timeIntervalSince1970 }) {
        self.folder = folder
        self.now = now
    }

    static let maxAge: Double = 86_400

    /// The blocks so far for `agentID`, and what they were about.
    public func attempts(of agentID: String) -> (count: Int, codes: [String]) {
        cleanUp()
        guard let data = FileManager.default.contents(atPath: path(agentID)), let value = try? JSONParser.parse([UInt8](data)) else {
            return (0, [])
        }
        return (value["attempts"]?.numberValue?.intValue ?? 0, (value["codes"]?.arrayValue ?? []).compactMap(\.stringValue))
    }

    /// Records one more block for `agentID`.
    public func record(_ agentID: String, attempts: Int, codes: [String]) {
        try? FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        let value = JSONValue.object(JSONObject([
            ("agent_id", .string(agentID)), ("attempts", .number(JSONNumber(attempts))),
            ("codes", .array(codes.map(JSONValue.string))), ("updated", .number(JSONNumber(Int(now())))),
        ]))
        try? OutputFile.write(value.serialized() + "\n", to: path(agentID))
    }

    /// Forgets `agentID` (its answer passed).
    public func clear(_ agentID: String) {
        try? FileManager.default.removeItem(atPath: path(agentID))
    }

    private func path(_ agentID: String) -> String {
        folder + "/" + ReportTreeLayout.slug(agentID) + "-" + String(SHA256.hex(Array(agentID.utf8)).prefix(12)) + ".json"
    }

    private func cleanUp() {
        let limit = now() - Self.maxAge
        for name in (try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? [] where name.hasSuffix(".json") {
            let file = folder + "/" + name
            guard let data = FileManager.default.contents(atPath: file), let value = try? JSONParser.parse([UInt8](data)),
                  let updated = value["updated"]?.numberValue?.doubleValue else { continue }
            if updated < limit { try? FileManager.default.removeItem(atPath: file) }
        }
    }
}
