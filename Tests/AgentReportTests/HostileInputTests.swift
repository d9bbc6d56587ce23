import AgentReport
import Foundation
import Testing

/// Pathological inputs (after cmark's pathological tests): each must finish, without
/// recursion the input controls, and give an outline of the expected shape. Their cost
/// growth is measured by `agent-report-bench`, not timed here.
@Suite struct HostileInputTests {
    @Test func fiftyThousandNestedBulletsOnOneLine() {
        let text = String(repeating: "- ", count: 50_000) + "deep\n"
        let parsed = outline(text)
        #expect(parsed.sections.isEmpty)
        #expect(parsed.preamble.count == 1)
        guard case .block(let block)? = parsed.preamble.first else { Issue.record("no block"); return }
        #expect(block.kind == .list)
        #expect(block.text.hasSuffix("deep"))
    }

    @Test func twoThousandIndentedNestingLevels() {
        var text = "API ARCHITECTURE:\n- Framework Choice: root\n"
        for level in 1...2_000 { text += String(repeating: "  ", count: level) + "- level \(level)\n" }
        let parsed = outline(text)
        #expect(parsed.allFields.count == 1)
        #expect(parsed.allFields[0].value.split(separator: "\n").count == 2_001)
        #expect(parsed.allFields[0].range.end.line == 2_002)
    }

    @Test func oneHundredThousandFields() throws {
        var text = "API ARCHITECTURE:\n"
        text.reserveCapacity(3_000_000)
        for index in 0..<100_000 { text += "- Note \(index): value \(index)\n" }
        let parsed = outline(text)
        #expect(parsed.sections.count == 1)
        #expect(parsed.allFields.count == 100_000)
        #expect(parsed.allFields.last?.value == "value 99999")
        let bound = try report(text)
        #expect(bound.extras.unknownFields.count == 100_000)
    }

    @Test func aTenMegabyteLine() {
        let text = "API ARCHITECTURE:\n- Framework Choice: " + String(repeating: "x", count: 10_000_000) + "\n"
        let parsed = outline(text)
        #expect(parsed.allFields.count == 1)
        #expect(parsed.allFields[0].value.utf8.count == 10_000_000)
        let plain = outline(String(repeating: "word: ", count: 1_500_000))
        #expect(plain.preamble.count + plain.sections.count >= 1)
    }

    @Test func twentyThousandUnclosedFences() {
        let text = "Intro.\n\n" + String(repeating: "```lang\n", count: 20_000) + "API ARCHITECTURE:\n- API Style: REST\n"
        let parsed = outline(text)
        // The first fence is never closed: as in CommonMark, it runs to the end.
        #expect(parsed.sections.isEmpty)
        guard case .block(let code)? = parsed.preamble.last else { Issue.record("no code block"); return }
        #expect(code.kind == .code)
        #expect(code.lines.count == 20_002)
        // Inside a field's value, unclosed fences end with the field.
        let inField = "API ARCHITECTURE:\n- Framework Choice: v\n" + String(repeating: "  ```x\n", count: 20_000) + "- API Style: REST\n"
        let fields = outline(inField).allFields
        #expect(fields.map(\.label) == ["Framework Choice", "API Style"])
    }

    @Test func oneMegabyteOfAsterisks() {
        let parsed = outline(String(repeating: "*", count: 1_000_000))
        #expect(parsed.preamble.count == 1)
        let spaced = outline(String(repeating: "* ", count: 500_000) + "\n" + String(repeating: "**", count: 500_000) + "a\n")
        #expect(spaced.preamble.count >= 1)
    }

    @Test func nulBytesInsideAnAnswer() {
        let bytes = Array("API ARCHITECTURE:\n- API Style: RE".utf8) + [0, 0] + Array("ST\n".utf8)
        let parsed = ResponseParser().parse(bytes, name: "nul.md")
        #expect(parsed.allFields.first?.value == "RE\u{FFFD}\u{FFFD}ST")
        #expect(parsed.diagnostics.filter { $0.code == "invalid-encoding" }.count == 2)
    }

    @Test func randomInvalidUTF8() {
        var generator = SystemRandomNumberGenerator()
        let bytes = (0..<200_000).map { _ in UInt8.random(in: 0...255, using: &generator) }
        let parsed = ResponseParser().parse(bytes, name: "random.bin")
        #expect(parsed.diagnostics.contains { $0.code == "invalid-encoding" })
        #expect(parsed.source.bytes.count >= 200_000)
        #expect(String(validating: parsed.source.bytes, as: UTF8.self) != nil)
    }

    @Test func mixedLineEndings() throws {
        let text = "API ARCHITECTURE:\r\n- Framework Choice: A\r\n  more A\r- API Style: B\n\n\r\nDATABASE DESIGN:\r- Database Choice: C"
        let bound = try report(text)
        #expect(bound.data.string("api_architecture", "framework_choice") == "A\nmore A")
        #expect(bound.data.string("api_architecture", "api_style") == "B")
        #expect(bound.data.string("database_design", "database_choice") == "C")
        #expect(bound.locations["/database_design/database_choice"]?.start.line == 8)
    }

    @Test func yamlAliasBombIsRefused() {
        var yaml = "---\na: &a [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]\n"
        var previous = "a"
        for name in ["b", "c", "d", "e", "f", "g", "h", "i"] {
            yaml += "\(name): &\(name) [" + Array(repeating: "*\(previous)", count: 9).joined(separator: ",") + "]\n"
            previous = name
        }
        let parsed = outline(yaml + "---\nAPI ARCHITECTURE:\n- API Style: REST\n")
        #expect(parsed.diagnostics.contains { $0.code == "front-matter" && $0.message.contains("more than") })
        #expect(parsed.allFields.count == 1)
    }
}
