import AgentReport
import Testing

@Suite struct TimestampTests {
    @Test(arguments: [
        ("2026-11-20 10:00:00", "2026-11-20 10:00:00"), ("2026-11-20T10:00:00Z", "2026-11-20 10:00:00"),
        ("2026-11-20T10:00:00.5+02:00", "2026-11-20 08:00:00"), ("2026-11-20T23:30:00-01:00", "2026-11-21 00:30:00"),
        ("2024-02-29", "2024-02-29 00:00:00"), ("0", "1970-01-01 00:00:00"), ("1969-12-31 23:59:59", "1969-12-31 23:59:59"),
    ])
    func parses(_ text: String, _ expected: String) {
        #expect(Timestamp(parsing: text)?.metadataText == expected)
    }

    @Test(arguments: ["2026-02-29", "2026-13-01", "2026-11-20 24:00", "2026-11-20T10:00:00+05:99", "2026-11-20 10:00:00.", "yesterday",
                      "999999999999", "-1", "10000-01-01"])
    func refuses(_ text: String) {
        #expect(Timestamp(parsing: text) == nil)
    }

    @Test func extremeEpochsStayInRange() {
        #expect(Timestamp(checking: Int64.min) == nil)
        #expect(Timestamp(seconds: Int64.min).fileNameText == "0000-01-01-000000")
        #expect(Timestamp(seconds: Int64.max).metadataText == "9999-12-31 23:59:59")
    }
}
