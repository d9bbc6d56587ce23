import AgentReport
import Testing

/// Columns are 1-based and count UTF-8 bytes, so a value after an emoji or CJK text starts
/// where a byte-oriented editor or the SARIF `byteOffset` convention says.
@Suite struct SourcePositionTests {
    @Test func columnsCountUTF8BytesPastEmojiAndCJK() {
        // "- 🚀 日本: " is 2 + 4 + 1 + 6 + 2 = 15 bytes before the value.
        let parsed = outline("API ARCHITECTURE:\n- 🚀 日本: FastAPI\n")
        guard let field = parsed.allFields.first else {
            Issue.record("no field")
            return
        }
        #expect(field.label == "🚀 日本")
        #expect(field.labelRange.start.line == 2)
        #expect(field.labelRange.start.column == 3)
        #expect(field.labelRange.end.column == 3 + 4 + 1 + 6)
        #expect(field.valueRange?.start.column == 16)
        #expect(field.valueRange?.start.offset == 18 + 15)
        #expect(field.valueRange?.end.column == 16 + 7)
    }

    @Test func crlfAndLoneCRCountAsLineEnds() {
        let parsed = outline("API ARCHITECTURE:\r\n- Framework Choice: A\r- API Style: B\n- Authentication: C")
        #expect(parsed.allFields.map(\.value) == ["A", "B", "C"])
        #expect(parsed.allFields.map(\.range.start.line) == [2, 3, 4])
    }

    @Test func aByteOrderMarkIsDroppedBeforeColumnOne() {
        let parsed = ResponseParser().parse([0xEF, 0xBB, 0xBF] + Array("API ARCHITECTURE:\n- API Style: REST\n".utf8), name: "bom.md")
        #expect(parsed.sections.first?.titleRange.start.column == 1)
        #expect(parsed.diagnostics.isEmpty)
    }
}
