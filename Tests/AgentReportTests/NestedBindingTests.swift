import AgentReport
import Foundation
import JSONSchema
import Testing

/// Schema-aligned binding at depth: repeated blocks found by their title pattern, typed
/// values read from text, tables of records, checklists, and every defect reported at its
/// pointer with its code and nothing else.
@Suite struct NestedBindingTests {
    static let schemaPath = TestPaths.packageRoot.appendingPathComponent("Tests/AgentReportTests/Fixtures/nested/review.schema.json").path

    /// The repeated block of the compliant answer: two items under their headings.
    static let issues = """
        ### Issue 1: Cache never expires
        - **Severity:** Major
        - **Location:** `cache.py:42`
        - **Fix:** add a TTL

        ### Issue 2: Missing lock
        - Severity: Critical
        - Location: `cache.py:60`
        - Fix: guard with a mutex
        """

    static let compliant = """
        Here is my review of the change.

        ## Summary
        - Overview: The change adds caching to the order lookup.
        - Risk Level: **Medium** — touches the hot path

        ## Issues Found

        \(issues)

        ## Checklist
        - [x] Tests added
        - [ ] Docs updated

        ## Metrics
        - Files Reviewed: 7
        - Tests Pass: Yes

        """

    static func review(_ text: String) throws -> Report {
        let schema = try SchemaCatalog.load(schemaPath)
        let (source, diagnostics) = SourceDecoder().decode(Array(text.utf8), name: "review.md")
        return ReportBuilder(schema: schema).report(for: source, diagnostics: diagnostics)
    }

    static func errors(_ report: Report) -> [String] {
        report.diagnostics.filter { $0.severity == .error }.map { "\($0.code) \($0.path ?? "")" }
    }

    @Test func aCompliantAnswerBindsAsNestedData() throws {
        let report = try Self.review(Self.compliant)
        #expect(report.diagnostics.isEmpty, "\(report.diagnostics.map(\.message))")
        let issues = try #require(report.data["issues_found"]?.arrayValue)
        #expect(issues.count == 2)
        #expect(issues[0].objectValue?["title"] == .string("Cache never expires"))
        #expect(issues[0].objectValue?["n"] == .string("1"))
        #expect(issues[1].objectValue?["severity"] == .string("Critical"))
        #expect(report.data.string("summary", "risk_level") == "Medium")
        #expect(report.writtenValues["/summary/risk_level"] == "**Medium** — touches the hot path")
        #expect(report.data["metrics"]?.objectValue?["files_reviewed"] == .number(JSONNumber(7)))
        #expect(report.data["metrics"]?.objectValue?["tests_pass"] == .bool(true))
        let checklist = try #require(report.data["checklist"]?.arrayValue)
        #expect(checklist.map { $0.objectValue?["checked"] } == [.bool(true), .bool(false)])
        #expect(report.locations["/issues_found/1"]?.start.line == 14)
    }

    @Test(arguments: [
        // (what changes, from, to, the one error expected)
        ("a value outside the enum", "- Severity: Critical", "- Severity: Blocker", "schema-enum /issues_found/1/severity"),
        ("a field missing in one item", "- Severity: Critical\n", "", "missing-field /issues_found/1/severity"),
        ("a missing section", "## Metrics\n- Files Reviewed: 7\n- Tests Pass: Yes\n", "", "missing-section /metrics"),
        ("a placeholder left", "- Files Reviewed: 7", "- Files Reviewed: [count]", "placeholder /metrics/files_reviewed"),
        ("no number where one is due", "- Files Reviewed: 7", "- Files Reviewed: several", "schema-type /metrics/files_reviewed"),
    ])
    func aDefectIsReportedAloneAtItsPointer(_ name: String, _ from: String, _ to: String, _ expected: String) throws {
        let text = Self.compliant.replacingOccurrences(of: from, with: to)
        #expect(text != Self.compliant, "\(name): the variant changed nothing")
        #expect(Self.errors(try Self.review(text)) == [expected], "\(name)")
    }

    @Test(arguments: [
        ("items as bold lines", "### Issue 1: Cache never expires", "**Issue 1: Cache never expires**"),
        ("items one level deeper", "### Issue 1: Cache never expires", "#### Issue 1 — Cache never expires"),
        ("the block's heading left out", "## Issues Found\n", ""),
        ("numbered section headings", "## Summary", "## 1. Summary"),
        ("an enum in capitals", "**Severity:** Major", "**Severity:** MAJOR"),
        ("a count with words", "- Files Reviewed: 7", "- Files Reviewed: 7 files"),
        ("yes as a check mark", "- Tests Pass: Yes", "- Tests Pass: ✅ all green"),
    ])
    func otherShapesOfTheSameAnswerAreValid(_ name: String, _ from: String, _ to: String) throws {
        let text = Self.compliant.replacingOccurrences(of: from, with: to)
        #expect(text != Self.compliant)
        let report = try Self.review(text)
        #expect(Self.errors(report).isEmpty, "\(name): \(report.diagnostics.map(\.message))")
        #expect(report.data["issues_found"]?.arrayValue?.count == 2, "\(name)")
    }

    @Test func aTableUnderARepeatedBlockGivesOneItemARow() throws {
        let text = Self.compliant.replacingOccurrences(of: Self.issues, with: """
            | Title | Severity | Location | Fix |
            |---|---|---|---|
            | Cache never expires | Major | `cache.py:42` | add a TTL |
            | Missing lock | Critical | `a || b` in `cache.py:60` | guard with a mutex \\| a lock |
            """)
        let report = try Self.review(text)
        #expect(Self.errors(report).isEmpty, "\(report.diagnostics.map(\.message))")
        let issues = try #require(report.data["issues_found"]?.arrayValue)
        #expect(issues.map { $0.objectValue?["severity"] } == [.string("Major"), .string("Critical")])
        #expect(report.locations["/issues_found/1/severity"]?.start.line == 12)
        // A `|` inside a code span or escaped with `\` stays in its cell.
        #expect(issues[1].objectValue?["location"] == .string("`a || b` in `cache.py:60`"))
        #expect(issues[1].objectValue?["fix"] == .string("guard with a mutex | a lock"))
    }

    /// A table of two columns reads like `| Label | value |` rows; under a repeated block whose
    /// item fields its header names, each row is an item all the same.
    @Test func aTwoColumnTableUnderARepeatedBlockGivesOneItemARow() throws {
        let file = try TestPaths.scratch("two-column-table").appendingPathComponent("rows.schema.json")
        try Data("""
            {"type": "object", "properties": {"owners": {"title": "Owners", "type": "array", "items": {"type": "object",
              "properties": {"service": {"title": "Service", "type": "string"}, "team": {"title": "Team", "type": "string"}},
              "required": ["service", "team"]}}}, "required": ["owners"]}
            """.utf8).write(to: file)
        let schema = try SchemaCatalog.load(file.path)
        let text = "## Owners\n\n| Service | Team |\n|---|---|\n| checkout | Payments |\n| search | Discovery |\n\nThat is all.\n"
        let report = ReportBuilder(schema: schema).report(for: SourceText(name: "owners.md", text: text))
        #expect(report.diagnostics.filter { $0.severity != .note }.isEmpty, "\(report.diagnostics.map(\.message))")
        let owners = try #require(report.data["owners"]?.arrayValue)
        #expect(owners.map { $0.objectValue?["team"] } == [.string("Payments"), .string("Discovery")])
        #expect(report.locations["/owners/1"]?.start.line == 6)
    }

    /// A list under a label whose items read like labelled lines (`- Disk nearly full — db-2 —
    /// runbook`): the items are the list's, not unknown fields, and the list is not empty.
    @Test func listItemsWithDashesUnderALabelAreTheList() throws {
        let definition = """
            ---
            name: shift-summary
            description: Summarises an on-call shift.
            ---
            Summarise the shift.

            ## Output format
            ```
            Shift: <dates>

            Open alerts:
            - <alert> — <host> — <runbook link>

            Handed over:
            - <task> — to <who>

            Notes: <anything else>
            ```
            """
        let file = try TestPaths.scratch("dash-list").appendingPathComponent("shift.md")
        try Data(definition.utf8).write(to: file)
        let schema = try SchemaCatalog.load(file.path)
        let answer = """
            Shift: 3–4 March

            Open alerts:
            - Disk nearly full — db-2 — https://runbooks.example/disk
            - Replica lag above 30 s — db-3 — https://runbooks.example/lag

            Handed over:
            - Rotate the TLS certificate — to Mia

            Notes: quiet night otherwise.
            """
        let report = ReportBuilder(schema: schema).report(for: SourceText(name: "shift.md", text: answer))
        #expect(report.diagnostics.filter { $0.severity != .note }.isEmpty, "\(report.diagnostics.map { "\($0.code): \($0.message)" })")
        let alerts = report.data.values.first?.objectValue?["open_alerts"]?.arrayValue
        #expect(alerts?.count == 2, "\(report.data)")
        #expect(alerts?.first == .string("Disk nearly full — db-2 — https://runbooks.example/disk"))
    }

    /// In a part that has no fields (a list under its heading), lines that read like labels
    /// (`- \`svc/api\` — Go — the public API`) are its text: no unknown-field warning.
    @Test func labelLikeLinesInAPartWithoutFieldsAreItsText() throws {
        let definition = """
            ---
            name: service-map
            description: Maps the services of a repository.
            ---
            Map the services.

            ## Output format
            ```
            ## Overview
            <two sentences>

            ## Services
            - `<path>` — <language> — <role>
            ```
            """
        let file = try TestPaths.scratch("fieldless-part").appendingPathComponent("map.md")
        try Data(definition.utf8).write(to: file)
        let schema = try SchemaCatalog.load(file.path)
        let answer = """
            ## Overview
            Two Go services and a web client.

            ## Services
            - `svc/api` — Go — the public API
            - `svc/jobs` — Go — background jobs
            - `web` — TypeScript — the client
            """
        let report = ReportBuilder(schema: schema).report(for: SourceText(name: "map.md", text: answer))
        #expect(report.diagnostics.filter { $0.severity != .note }.isEmpty, "\(report.diagnostics.map { "\($0.code): \($0.message)" })")
        #expect(report.extras.unknownFields.isEmpty)
        #expect(report.data["services"] == .array(["`svc/api` — Go — the public API", "`svc/jobs` — Go — background jobs", "`web` — TypeScript — the client"]),
                "\(String(describing: report.data["services"]))")
        #expect(report.extras.notes.isEmpty, "\(report.extras.notes.map(\.text))")
    }

    /// A section the schema has as text, written with headings of its own below its heading
    /// (`## Findings` over `### Finding 1: …`): they are its text, their levels kept relative to
    /// the section's, so the data is the same whatever level the answer starts at. A deeper
    /// heading that names a part of the schema still opens that part.
    static let textSectionSchema = """
        {"type": "object", "properties": {
          "findings": {"title": "Findings", "type": "string"},
          "verdict": {"title": "Verdict", "enum": ["Approve", "Request changes"]}},
         "required": ["findings", "verdict"]}
        """

    /// The schema above as the command loads it, from a scratch folder of its own (tests run
    /// in parallel, and each call would otherwise clear the same folder).
    static func loadedTextSectionSchema() throws -> LoadedSchema {
        let file = try TestPaths.scratch("text-section-\(UUID().uuidString)").appendingPathComponent("findings.schema.json")
        try Data(Self.textSectionSchema.utf8).write(to: file)
        return try SchemaCatalog.load(file.path)
    }

    static func textSection(_ text: String) throws -> Report {
        let (source, diagnostics) = SourceDecoder().decode(Array(text.utf8), name: "findings.md")
        return ReportBuilder(schema: try loadedTextSectionSchema()).report(for: source, diagnostics: diagnostics)
    }

    @Test(arguments: [("#", "##"), ("##", "###"), ("###", "#####")])
    func headingsUnderATextSectionAreItsText(_ section: String, _ sub: String) throws {
        let report = try Self.textSection("""
            \(section) Findings
            \(sub) Finding 1: Cache never expires
            - Severity: Major

            \(sub) Finding 2: Missing lock
            Refills race.

            \(sub) Verdict
            Approve
            """)
        #expect(report.diagnostics.isEmpty, "\(report.diagnostics.map { "\($0.code) \($0.message)" })")
        let depth = String(repeating: "#", count: sub.count - section.count)
        #expect(report.data["findings"] == .string("\(depth) Finding 1: Cache never expires\n\n- Severity: Major\n\n\(depth) Finding 2: Missing lock\n\nRefills race."))
        #expect(report.data["verdict"] == .string("Approve"))
    }

    /// A bold line alone under a text section keeps both of its `**`.
    @Test func aBoldLineAloneIsTextAsWritten() throws {
        let report = try Self.textSection("## Findings\n**Invalid**\n\n## Verdict\nApprove\n")
        #expect(report.data["findings"] == .string("**Invalid**"), "\(report.data)")
    }

    @Test func aHeadingAtTheTextSectionsLevelEndsIt() throws {
        let report = try Self.textSection("## Findings\nNone.\n\n## Notes\nLater.\n\n## Verdict\nApprove\n")
        #expect(report.data["findings"] == .string("None."))
        #expect(report.diagnostics.map(\.code) == ["unknown-section"], "\(report.diagnostics.map(\.message))")
    }
}

