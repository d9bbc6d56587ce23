import Foundation
import JSONSchema

/// `validate --format sarif`: SARIF 2.1.0 as GitHub code scanning accepts it — one rule per
/// diagnostic code (with help text), results with regions, and `partialFingerprints`.
///
/// SARIF counts columns in UTF-16 code units (its default `columnKind`); regions also carry
/// the UTF-8 `byteOffset` and `byteLength` the rest of agent-report uses.
public struct SARIFRenderer: Sendable {
    public var toolVersion: String
    /// Absolute input paths under this folder are written relative to it, as code scanning
    /// needs (it maps URIs to files of the repository).
    public var baseDirectory: String?

    public init(toolVersion: String = AgentReportVersion.current, baseDirectory: String? = nil) {
        self.toolVersion = toolVersion
        self.baseDirectory = baseDirectory
    }

    public func render(_ verdicts: [Verdict]) -> String {
        json(verdicts).serialized(pretty: true) + "\n"
    }

    public func json(_ verdicts: [Verdict]) -> JSONValue {
        // Rules: every catalogued code, then the schema-<keyword> codes that occur.
        var codes = DiagnosticCatalog.entries.map(\.code)
        for verdict in verdicts {
            for diagnostic in verdict.diagnostics where !codes.contains(diagnostic.code) { codes.append(diagnostic.code) }
        }
        let rules: [JSONValue] = codes.map { code in
            let entry = DiagnosticCatalog.entry(for: code)
            return .object(JSONObject([
                ("id", .string(code)),
                ("name", .string(Self.ruleName(code))),
                ("shortDescription", .object(JSONObject([("text", .string(entry.summary))]))),
                ("fullDescription", .object(JSONObject([("text", .string(entry.summary))]))),
                ("help", .object(JSONObject([("text", .string(entry.help)), ("markdown", .string(entry.help))]))),
                ("defaultConfiguration", .object(JSONObject([("level", .string(Self.level(entry.severity)))]))),
            ]))
        }
        var results: [JSONValue] = []
        var occurrences: [String: Int] = [:]
        for verdict in verdicts {
            for diagnostic in verdict.diagnostics {
                results.append(result(diagnostic, in: verdict, ruleIndex: codes.firstIndex(of: diagnostic.code) ?? 0, occurrences: &occurrences))
            }
        }
        let driver = JSONObject([
            ("name", .string("agent-report")),
            ("semanticVersion", .string(toolVersion)),
            ("rules", .array(rules)),
        ])
        var run = JSONObject([
            ("tool", .object(JSONObject([("driver", .object(driver))]))),
            ("columnKind", .string("utf16CodeUnits")),
            ("results", .array(results)),
        ])
        // Results left out by --max-diagnostics, by artifact: the totals stay true.
        let omitted = verdicts.compactMap { verdict in verdict.omitted.map { (verdict.source, $0) } }
        if !omitted.isEmpty {
            run["properties"] = .object(JSONObject([("omittedResults", .array(omitted.map { source, omitted in
                var entry = JSONObject([("artifact", .string(source))])
                if case .object(let counts) = JSONDiagnosticsRenderer.json(omitted) { for (key, value) in counts { entry[key] = value } }
                return .object(entry)
            }))]))
        }
        return .object(JSONObject([
            ("$schema", .string("https://json.schemastore.org/sarif-2.1.0.json")),
            ("version", .string("2.1.0")),
            ("runs", .array([.object(run)])),
        ]))
    }

    private func result(_ diagnostic: Diagnostic, in verdict: Verdict, ruleIndex: Int, occurrences: inout [String: Int]) -> JSONValue {
        var text = diagnostic.message
        if let suggestion = diagnostic.suggestion { text += " (\(suggestion))" }
        var source = verdict.source
        if let base = baseDirectory, source.hasPrefix(base.hasSuffix("/") ? base : base + "/") {
            source = String(source.dropFirst(base.hasSuffix("/") ? base.count : base.count + 1))
        }
        var physical = JSONObject([("artifactLocation", .object(JSONObject([("uri", .string(Self.uri(source)))])))])
        var lineText = ""
        if let range = diagnostic.range, let source = verdict.text, range.start.line <= source.lineCount, source.lineCount > 0 {
            physical["region"] = .object(region(range, in: source))
            lineText = source.lineText(range.start.line - 1)
        }
        // The same finding on an identical line again (in this file) is its next occurrence.
        let key = "\(source)|\(diagnostic.code)|\(diagnostic.path ?? "")|\(lineText.trimmingSpaces)"
        occurrences[key, default: 0] += 1
        let fingerprint = Self.fingerprint("\(diagnostic.code)|\(diagnostic.path ?? "")|\(lineText.trimmingSpaces)", occurrence: occurrences[key] ?? 1)
        var result = JSONObject([
            ("ruleId", .string(diagnostic.code)),
            ("ruleIndex", .number(JSONNumber(ruleIndex))),
            ("level", .string(Self.level(diagnostic.severity))),
            ("message", .object(JSONObject([("text", .string(text))]))),
            ("locations", .array([.object(JSONObject([("physicalLocation", .object(physical))]))])),
            ("partialFingerprints", .object(JSONObject([("primaryLocationLineHash", .string(fingerprint))]))),
        ])
        if let path = diagnostic.path {
            result["properties"] = .object(JSONObject([("path", .string(path))]))
        }
        return .object(result)
    }

    private func region(_ range: SourceRange, in source: SourceText) -> JSONObject {
        func utf16Column(_ position: SourcePosition) -> Int {
            let lineStart = source.lineStarts[min(position.line - 1, source.lineCount - 1)]
            let prefix = source.string(lineStart..<max(lineStart, min(position.offset, source.bytes.count)))
            return prefix.utf16.count + 1
        }
        return JSONObject([
            ("startLine", .number(JSONNumber(range.start.line))),
            ("startColumn", .number(JSONNumber(utf16Column(range.start)))),
            ("endLine", .number(JSONNumber(range.end.line))),
            ("endColumn", .number(JSONNumber(utf16Column(range.end)))),
            ("byteOffset", .number(JSONNumber(range.start.offset))),
            ("byteLength", .number(JSONNumber(max(0, range.end.offset - range.start.offset)))),
        ])
    }

    static func level(_ severity: Diagnostic.Severity) -> String {
        switch severity {
        case .error: "error"
        case .warning: "warning"
        case .note: "note"
        }
    }

    /// `missing-field` → `MissingField`.
    static func ruleName(_ code: String) -> String {
        code.split(separator: "-").map { $0.prefix(1).uppercased() + $0.dropFirst() }.joined()
    }

    /// A relative URI reference for a path: `%`, spaces and other reserved bytes percent-encoded.
    static func uri(_ path: String) -> String {
        if path == "<stdin>" { return "stdin" }
        var out = ""
        for byte in path.utf8 {
            let allowed = (byte >= 0x30 && byte <= 0x39) || (byte >= 0x41 && byte <= 0x5A) || (byte >= 0x61 && byte <= 0x7A)
                || "/-._~".utf8.contains(byte)
            out += allowed ? String(UnicodeScalar(byte)) : String(format: "%%%02X", byte)
        }
        return out
    }

    /// FNV-1a 64-bit, hex, with the `:N` occurrence suffix GitHub uses.
    static func fingerprint(_ text: String, occurrence: Int = 1) -> String {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in text.utf8 {
            hash ^= UInt64(byte)
            hash = hash &* 0x0000_0100_0000_01B3
        }
        let hex = String(hash, radix: 16)
        return String(repeating: "0", count: 16 - hex.count) + hex + ":\(occurrence)"
    }
}
