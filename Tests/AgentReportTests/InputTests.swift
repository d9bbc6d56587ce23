import AgentReport
import JSONSchema
import Testing

@Suite struct InputTests {
    @Test func invalidUTF8BecomesReplacementCharactersWithTheByteOffset() {
        let bytes: [UInt8] = Array("ok ".utf8) + [0xC3, 0x28] + Array(" and ".utf8) + [0xFF] + Array("\n".utf8)
        let (text, diagnostics) = SourceDecoder().decode(bytes, name: "bad.md")
        #expect(text.string(0..<text.bytes.count) == "ok \u{FFFD}( and \u{FFFD}\n")
        #expect(diagnostics.map(\.code) == ["invalid-encoding", "invalid-encoding"])
        #expect(diagnostics[0].message.contains("byte offset 3"))
        #expect(diagnostics[1].message.contains("byte offset 10"))
        #expect(diagnostics[1].range?.start.column == 13)
    }

    @Test func nulBytesAreReplacedAndReported() {
        let (text, diagnostics) = SourceDecoder().decode([0x61, 0x00, 0x62], name: "nul.md")
        #expect(text.string(0..<text.bytes.count) == "a\u{FFFD}b")
        #expect(diagnostics.count == 1)
        #expect(diagnostics[0].message.contains("NUL byte at byte offset 1"))
    }

    @Test func manyInvalidBytesGiveBoundedDiagnostics() {
        let (_, diagnostics) = SourceDecoder().decode([UInt8](repeating: 0xFF, count: 10_000), name: "junk")
        #expect(diagnostics.count == 10)
        #expect(diagnostics.last?.message.contains("9990 more") == true)
    }

    @Test func resultEnvelopeIsUnwrapped() {
        let envelope = #"{"type":"result","subtype":"success","is_error":false,"result":"API ARCHITECTURE:\n- API Style: REST\n","session_id":"s"}"#
        guard case .text(let text, let diagnostics) = ResultEnvelope.classify(Array(envelope.utf8), name: "a.json") else {
            Issue.record("not unwrapped")
            return
        }
        #expect(diagnostics.isEmpty)
        #expect(text.string(0..<text.bytes.count) == "API ARCHITECTURE:\n- API Style: REST\n")
    }

    @Test func verboseArrayTakesTheLastResultElement() {
        let array = #"[{"type":"system"},{"type":"result","is_error":false,"result":"first"},{"type":"assistant"},{"type":"result","is_error":false,"result":"second"}]"#
        guard case .text(let text, _) = ResultEnvelope.classify(Array(array.utf8), name: "v.json") else {
            Issue.record("not unwrapped")
            return
        }
        #expect(text.string(0..<text.bytes.count) == "second")
    }

    @Test func failedOrEmptyEnvelopesAreDiagnosticsNotCrashes() {
        let failed = #"{"type":"result","subtype":"error_max_turns","is_error":true,"result":""}"#
        guard case .unusable(_, let diagnostics) = ResultEnvelope.classify(Array(failed.utf8), name: "f.json") else {
            Issue.record("accepted a failed run")
            return
        }
        #expect(diagnostics.contains { $0.code == "invalid-input" && $0.severity == .error && $0.message.contains("error_max_turns") })
        let empty = #"{"type":"result","is_error":false,"result":"  "}"#
        guard case .unusable(_, let emptyDiagnostics) = ResultEnvelope.classify(Array(empty.utf8), name: "e.json") else {
            Issue.record("accepted an empty result")
            return
        }
        #expect(emptyDiagnostics.contains { $0.code == "invalid-input" && $0.message.contains("empty") })
    }

    @Test func otherJSONIsAnInstanceAndModesForceTheReading() {
        guard case .instance(let value) = ResultEnvelope.classify(Array(#"{"a": 1}"#.utf8), name: "i.json") else {
            Issue.record("not an instance")
            return
        }
        #expect(value["a"] == .number(JSONNumber(1)))
        guard case .text = ResultEnvelope.classify(Array(#"{"a": 1}"#.utf8), name: "i.json", mode: .text) else {
            Issue.record("--input text ignored")
            return
        }
        guard case .unusable(_, let diagnostics) = ResultEnvelope.classify(Array("API:\n".utf8), name: "x.md", mode: .json) else {
            Issue.record("--input json accepted text")
            return
        }
        #expect(diagnostics.first?.code == "invalid-input")
    }

    @Test func textThatOpensWithABraceIsStillText() {
        guard case .text = ResultEnvelope.classify(Array("{not json} API ARCHITECTURE:\n".utf8), name: "x.md") else {
            Issue.record("text starting with { was refused")
            return
        }
    }
}
