import AgentReport
import JSONSchema
import Testing

@Suite struct InputTests {
    /// The `invalid-input` message of an input classified as no answer, or nil when it is text.
    static func refusal(_ bytes: [UInt8]) -> String? {
        guard case .unusable(_, let diagnostics) = ResultEnvelope.classify(bytes, name: "answer.md") else { return nil }
        return diagnostics.first { $0.code == "invalid-input" }?.message
    }

    @Test func inputsWithoutAnAnswerAreRefused() {
        #expect(Self.refusal([])?.contains("empty") == true)
        #expect(Self.refusal(Array(" \n\t\r\n".utf8))?.contains("white space") == true)
        #expect(Self.refusal(Array(" \u{00A0}\n".utf8)) != nil)
        #expect(Self.refusal(Array("---\n---\n```\n```\n***\n# \n<!-- later -->\n".utf8))?.contains("markup") == true)
        #expect(Self.refusal([0x7F, 0x45, 0x4C, 0x46, 0x02, 0x01, 0x00, 0x00, 0x41])?.contains("binary") == true)
        #expect(Self.refusal([0xFF, 0xFE, 0x41, 0x00, 0x42, 0x00])?.contains("UTF-16") == true)
        #expect(Self.refusal(Array(repeating: 0xC3, count: 600) + Array(repeating: 0x41, count: 400))?.contains("binary") == true)
        // A result envelope whose text is only markup is refused the same way.
        #expect(Self.refusal(Array(#"{"type":"result","subtype":"success","is_error":false,"result":"---\n---"}"#.utf8))?.contains("markup") == true)
    }

    @Test func shortOrUnusualAnswersAreStillAnswers() {
        // A number, an emoji, one word, a comment beside a word, Latin-1 bytes in French text.
        for text in ["42", "✅", "Done.", "<!-- draft -->\nShip it.", "- [x]\n- Yes"] {
            #expect(Self.refusal(Array(text.utf8)) == nil, "\(text)")
        }
        let latin1: [UInt8] = Array("Le d".utf8) + [0xE9] + Array("ploiement est pr".utf8) + [0xEA] + Array("t pour la production.".utf8)
        #expect(Self.refusal(latin1) == nil)
    }

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
