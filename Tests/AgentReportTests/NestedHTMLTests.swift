import AgentReport
import Foundation
import JSONSchema
import SafeHTML
import Testing

/// HTML at depth: every definition fixture's page is well-formed, safe and in heading order;
/// repeated blocks are cards under their captured titles or table rows, checklists check
/// marks, enum members badges, counts numbers; a diagnostic sits beside its node at any
/// depth; golden pages for nested fixtures; the XSS list through captured titles, table
/// cells, checklist items, nested fields and the front matter.
@Suite struct NestedHTMLTests {
    static func report(_ name: String, defect: String? = nil) throws -> (Report, LoadedSchema) {
        let schema = try DefinitionFixtureTests.schema(name)
        var answer = try String(contentsOf: DefinitionFixtureTests.root.appendingPathComponent(name).appendingPathComponent("answer.md"), encoding: .utf8)
        if let defect, let found = try DefinitionFixtureTests.defects(name).first(where: { $0.name == defect }) {
            answer = answer.replacingOccurrences(of: found.from, with: found.to)
        }
        var report = ReportBuilder(schema: schema).report(for: SourceText(name: "\(name)/answer.md", text: answer))
        report.schema = name  // the derived schema's file lives in a scratch folder of this run
        return (report, schema)
    }

    static func page(_ name: String, defect: String? = nil) throws -> (String, HTMLInspector.Inspection) {
        let (report, schema) = try report(name, defect: defect)
        let html = HTMLRenderer(options: HTMLOptions(format: schema.format)).render(report)
        return (html, HTMLInspector.inspect(html))
    }

    @Test(arguments: DefinitionFixtureTests.names)
    func everyFixturePageIsWellFormedSafeAndInOrder(_ name: String) throws {
        let schema = try DefinitionFixtureTests.schema(name)
        let answer = try String(contentsOf: DefinitionFixtureTests.root.appendingPathComponent(name).appendingPathComponent("answer.md"), encoding: .utf8)
        let variants = [answer] + (try DefinitionFixtureTests.defects(name)).map { answer.replacingOccurrences(of: $0.from, with: $0.to) }
        for text in variants {
            let report = ReportBuilder(schema: schema).report(for: SourceText(name: name, text: text))
            let (_, problems) = HTMLChecks.problems(rendering: report, options: HTMLOptions(format: schema.format))
            #expect(problems.isEmpty, "\(name): \(problems.prefix(5))")
        }
    }

    static let goldens = ["adr-writer", "accessibility-auditor", "k8s-manifest-auditor", "incident-commander", "dependency-vuln-scanner"]

    @Test func nestedFixturesMatchGoldenPages() throws {
        let folder = TestPaths.packageRoot.appendingPathComponent("Tests/AgentReportTests/Fixtures/html/nested")
        let record = ProcessInfo.processInfo.environment["RECORD_SNAPSHOTS"] == "1"
        let pages = try Self.goldens.map { ($0, try Self.page($0).0) } + [("db-migration-planner-defect", try Self.page("db-migration-planner", defect: "step-2-without-verify").0)]
        for (name, html) in pages {
            let golden = folder.appendingPathComponent(name + ".html")
            if record || !FileManager.default.fileExists(atPath: golden.path) {
                try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
                try Data(html.utf8).write(to: golden)
                Issue.record("recorded \(golden.lastPathComponent); run again to compare")
                continue
            }
            #expect(html == (try String(contentsOf: golden, encoding: .utf8)), "\(name) differs from its golden page (RECORD_SNAPSHOTS=1 records it)")
        }
    }

    @Test func repeatedBlocksAreCardsUnderTheirCapturedTitles() throws {
        let (_, page) = try Self.page("adr-writer")
        let cards = page.elements.indices.filter { page.elements[$0].name == "section" && page.elements[$0].attribute("class") == "card" }
        #expect(cards.count == 3)
        let titles = page.elements.indices.filter { page.elements[$0].name == "h3" && page.elements[$0].parent.map { cards.contains($0) } == true }
            .map { page.text(of: $0) }
        #expect(titles == ["Option 1: Postgres logical replication to a staging database", "Option 2: Debezium and Kafka change data capture",
                           "Option 3: Hourly incremental dumps by `updated_at`"])
        // What the title captured is not drawn again as a field; an enum member is a badge.
        #expect(!page.elements.indices.contains { page.elements[$0].name == "dt" && ["Number", "Name"].contains(page.text(of: $0)) })
        #expect(page.elements.filter { $0.attribute("class") == "badge badge-enum" }.count >= 4)
    }

    @Test func blocksWithoutATitlePatternAreTables() throws {
        let (_, page) = try Self.page("incident-commander")
        let table = try #require(page.elements.firstIndex { $0.name == "table" && $0.attribute("class") == "rows" })
        let headers = page.elements.indices.filter { page.elements[$0].name == "th" && page.elements[$0].attribute("scope") == "col" }
            .filter { index in sequence(first: index, next: { page.elements[$0].parent }).contains(table) }
            .map { page.text(of: $0) }
        #expect(headers == ["#", "Action", "Owner", "Due"])
        let rows = page.elements.filter { $0.name == "tr" && $0.attribute("id")?.hasPrefix("node--action_items-") == true }
        #expect(rows.count == 3)
    }

    @Test func checklistsCountsAndFlagsAreDrawnByKind() throws {
        let (_, audit) = try Self.page("accessibility-auditor")
        let boxes = audit.elements.filter { $0.attribute("class") == "box" }
        #expect(boxes.map { $0.attribute("aria-label") } == ["done", "not done", "not done", "done", "not done"])
        // A checklist's item fields are not the section's fields.
        #expect(!audit.elements.indices.contains { audit.elements[$0].name == "dt" && audit.text(of: $0).hasPrefix("Checked") })
        #expect(audit.elements.indices.contains { audit.elements[$0].attribute("class") == "count" && audit.text(of: $0) == "64" })
        let (_, plan) = try Self.page("db-migration-planner")
        #expect(plan.elements.contains { $0.attribute("class") == "flag flag-yes" })
    }

    @Test func aDiagnosticAtDepthSitsBesideItsNode() throws {
        let (_, page) = try Self.page("db-migration-planner", defect: "step-2-without-verify")
        let term = try #require(page.elements.firstIndex { $0.attribute("id") == "node--steps-1-verify" })
        let group = try #require(page.elements[term].parent)
        let findings = page.elements.indices.filter { index in
            page.elements[index].attribute("class") == "finding finding-error"
                && sequence(first: index, next: { page.elements[$0].parent }).contains(group)
        }
        #expect(findings.count == 1)
        #expect(findings.first.map { page.text(of: $0).contains("missing-field") } == true)
        // and the list of all diagnostics links to it
        #expect(page.elements.contains { $0.name == "a" && $0.attribute("href") == "#node--steps-1-verify" })
    }

    @Test func contentsFollowTheTree() throws {
        let (_, page) = try Self.page("adr-writer")
        let nav = try #require(page.elements.firstIndex { $0.name == "nav" })
        let links = page.elements.indices.filter { page.elements[$0].name == "a" }
            .filter { index in sequence(first: index, next: { page.elements[$0].parent }).contains(nav) }
            .map { page.elements[$0].attribute("href") ?? "" }
        #expect(links.contains("#node--options_considered-0") && links.contains("#node--options_considered-2"))
    }

    // MARK: XSS at depth

    static let xssSchema = """
        {"type": "object", "properties": {
          "findings": {"title": "Findings", "type": "array", "items": {"type": "object", "x-title-pattern": "Finding {n}: {title}",
            "properties": {"n": {"type": "string"}, "title": {"type": "string"}, "severity": {"title": "Severity", "enum": ["High", "Low"]},
              "detail": {"title": "Detail", "type": "object", "properties": {"note": {"title": "Note", "type": "string"}}}}}},
          "rows": {"title": "Rows", "type": "array", "items": {"type": "object",
            "properties": {"name": {"title": "Name", "type": "string"}, "value": {"title": "Value", "type": "string"}}}},
          "checks": {"title": "Checks", "type": "array", "items": {"type": "object",
            "properties": {"text": {"type": "string"}, "checked": {"type": "boolean"}}}}}}
        """

    /// One page a batch of payloads: each payload a captured title, a nested field, a table
    /// cell, a checklist item and a front matter value.
    @Test func xssPayloadsAreNeutralisedAtDepth() throws {
        let payloads = HTMLRendererTests.payloads
        #expect(payloads.count > 6000, "the XSS list was not found under ../shared/testdata")
        let file = try TestPaths.scratch("nested-xss").appendingPathComponent("xss.schema.json")
        try Data(Self.xssSchema.utf8).write(to: file)
        let schema = try SchemaCatalog.load(file.path)
        let builder = ReportBuilder(schema: schema)
        var failures: [String] = []
        var landed = (titles: 0, cells: 0, checks: 0, notes: 0)
        for start in stride(from: 0, to: payloads.count, by: 20) {
            let batch = payloads[start..<min(start + 20, payloads.count)]
            var text = "---\ntitle: \(HTMLRendererTests.yamlQuoted(batch.first ?? ""))\nsystem: \(HTMLRendererTests.yamlQuoted(batch.last ?? ""))\n---\n\n## Findings\n\n"
            for (n, payload) in batch.enumerated() {
                text += "### Finding \(n + 1): \(payload)\n\n- **Severity:** High\n\n#### Detail\n\n- **Note:** \(payload)\n\n"
            }
            text += "## Rows\n\n| Name | Value |\n| --- | --- |\n"
            for (n, payload) in batch.enumerated() { text += "| r\(n) | \(payload.replacingOccurrences(of: "|", with: "\\|")) |\n" }
            text += "\n## Checks\n\n" + batch.map { "- [x] \($0)\n" }.joined()
            let report = builder.report(for: SourceText(name: "xss-\(start).md", text: text))
            let findings = report.data["findings"]?.arrayValue ?? []
            landed.titles += findings.filter { item in batch.contains { $0.trimmingCharacters(in: .whitespaces) == item.objectValue?["title"]?.stringValue } }.count
            landed.notes += findings.filter { $0.objectValue?["detail"]?.objectValue?["note"] != nil }.count
            landed.cells += (report.data["rows"]?.arrayValue ?? []).count
            landed.checks += (report.data["checks"]?.arrayValue ?? []).count
            let (_, problems) = HTMLChecks.problems(rendering: report, options: HTMLOptions(format: schema.format))
            if !problems.isEmpty { failures.append("batch \(start): \(problems.prefix(3))") }
        }
        #expect(failures.isEmpty, "\(failures.count) unsafe pages; first: \(failures.prefix(3))")
        // The payloads reached the places they were put (a few read otherwise: a payload
        // holding `#` or a list marker is not a title's text as written).
        #expect(landed.titles * 10 >= payloads.count * 9, "captured titles: \(landed.titles) of \(payloads.count)")
        #expect(landed.notes * 10 >= payloads.count * 9, "nested fields: \(landed.notes) of \(payloads.count)")
        #expect(landed.cells * 10 >= payloads.count * 9, "table cells: \(landed.cells) of \(payloads.count)")
        #expect(landed.checks * 10 >= payloads.count * 9, "checklist items: \(landed.checks) of \(payloads.count)")
    }
}
