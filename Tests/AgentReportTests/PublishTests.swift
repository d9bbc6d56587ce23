import AgentReport
import Foundation
import JSONSchema
import SafeHTML
import Testing

@Suite struct PublishTests {
    static let fixed = PublishOptions(created: Timestamp(parsing: "2026-11-20 10:00:00"), now: { Timestamp(seconds: 0) })

    func publisher(_ directory: URL, options: PublishOptions = fixed) throws -> Publisher {
        try Publisher(root: directory.path, schema: try SchemaCatalog.load("backend-engineer"), options: options)
    }

    func input(_ text: String, name: String = "answer.md") -> PublishInput {
        PublishInput(text: SourceText(name: name, text: text))
    }

    /// Every path under `directory`, relative, sorted.
    func tree(_ directory: URL) -> [String] {
        let walker = FileManager.default.enumerator(atPath: directory.path)
        var paths: [String] = []
        while let path = walker?.nextObject() as? String { paths.append(path) }
        return paths.sorted()
    }

    static let answer = try! String(contentsOf: TestPaths.samples.appendingPathComponent("front-matter.md"), encoding: .utf8)

    @Test func treeNamesAndFrontMatterFollowSeed004() throws {
        let out = try TestPaths.scratch("publish-tree")
        let results = try publisher(out).publish([input(Self.answer)])
        guard case .published(let files) = results.first?.outcome else {
            Issue.record("not published")
            return
        }
        #expect(files.sorted() == [
            "Design/Backend/API/payments-gateway-api-design-2026-11-18-143205.html",
            "Design/Backend/API/payments-gateway-api-design-2026-11-18-143205.md",
            "Design/Backend/Database/payments-gateway-database-schema-2026-11-18-143205.html",
            "Design/Backend/Database/payments-gateway-database-schema-2026-11-18-143205.md",
            "Design/Backend/Performance/payments-gateway-performance-analysis-2026-11-18-143205.html",
            "Design/Backend/Performance/payments-gateway-performance-analysis-2026-11-18-143205.md",
            "Design/Backend/Security/payments-gateway-security-implementation-2026-11-18-143205.html",
            "Design/Backend/Security/payments-gateway-security-implementation-2026-11-18-143205.md",
            "Design/Backend/payments-gateway-backend-design-2026-11-18-143205.html",
            "Design/Backend/payments-gateway-backend-design-2026-11-18-143205.json",
            "Design/Backend/payments-gateway-backend-design-2026-11-18-143205.md",
        ])
        let markdown = try String(contentsOf: out.appendingPathComponent(files.first { $0.hasSuffix("backend-design-2026-11-18-143205.md") } ?? ""), encoding: .utf8)
        let keys = markdown.split(separator: "\n").prefix(while: { $0 != "---" || true }).dropFirst().prefix { $0 != "---" }
            .filter { !$0.hasPrefix(" ") }.map { String($0.split(separator: ":")[0]) }
        #expect(keys == MarkdownRenderer.metadataOrder)
        #expect(markdown.contains("created: \"2026-11-18 14:32:05\""))
        #expect(results.first?.verdict.diagnostics.isEmpty == true)
        for index in ["index.json", "index.md", "index.html"] {
            #expect(FileManager.default.fileExists(atPath: out.appendingPathComponent(index).path))
        }
        let catalog = try JSONParser.parse(try [UInt8](Data(contentsOf: out.appendingPathComponent("index.json"))))
        let entry = catalog["reports"]?.arrayValue?.first
        #expect(entry?["system"]?.stringValue == "payments-gateway")
        #expect(entry?["verdict"]?.stringValue == "valid")
        #expect(entry?["sha256"]?.stringValue?.count == 64)
        #expect(entry?["paths"]?["categories"]?["api"]?["html"]?.stringValue == "Design/Backend/API/payments-gateway-api-design-2026-11-18-143205.html")
    }

    @Test func createdComesFromFrontMatterThenFlagThenEpochThenClock() throws {
        let bare = "API ARCHITECTURE:\n- API Style: REST\n"
        func stamp(_ options: PublishOptions, _ text: String) throws -> String {
            let out = try TestPaths.scratch("publish-created-\(UUID().uuidString)")
            guard case .published(let files) = try publisher(out, options: options).publish([input(text)]).first?.outcome else { return "" }
            return files.first { $0.hasSuffix(".md") && !$0.contains("/API/") } ?? ""
        }
        let clock = Timestamp(seconds: 1_700_000_000)  // 2023-11-14 22:13:20
        #expect(try stamp(PublishOptions(now: { clock }), bare).hasSuffix("-2023-11-14-221320.md"))
        #expect(try stamp(PublishOptions(sourceDateEpoch: Timestamp(seconds: 0), now: { clock }), bare).hasSuffix("-1970-01-01-000000.md"))
        #expect(try stamp(PublishOptions(created: Timestamp(parsing: "2025-01-02T03:04:05+02:00"), sourceDateEpoch: Timestamp(seconds: 0)), bare)
            .hasSuffix("-2025-01-02-010405.md"))
        #expect(try stamp(PublishOptions(created: Timestamp(seconds: 5)), "---\ncreated: \"2024-06-01 12:00:00\"\n---\n" + bare)
            .hasSuffix("-2024-06-01-120000.md"))
    }

    @Test func metadataEnumsAndFormatsAreEnforced() throws {
        let text = "---\nsystem: ledger\nsecurity_level: extreme\ndatabase_type: sql\nperformance_targets:\n  response_time: fast\n  throughput: 10000rps\n  availability: 99.9%\n---\nAPI ARCHITECTURE:\n- API Style: REST\n"
        let out = try TestPaths.scratch("publish-metadata")
        let result = try publisher(out).publish([input(text)]).first
        let codes = Set(result?.verdict.diagnostics.map(\.code) ?? [])
        #expect(codes.contains("metadata-enum"))
        #expect(codes.contains("metadata-pattern"))
        #expect(codes.contains("metadata-missing"))
        let enumError = result?.verdict.diagnostics.first { $0.code == "metadata-enum" }
        #expect(enumError?.range?.start.line == 3)
        var strict = Self.fixed
        strict.strict = true
        let refused = try publisher(try TestPaths.scratch("publish-strict"), options: strict).publish([input(text)]).first
        #expect(refused?.outcome == .refused)
    }

    /// A system named after the report (its title `Loyalty Points Backend Design`) does not
    /// repeat the kind the file name adds.
    @Test func aSystemSlugNeverRepeatsTheKind() throws {
        let out = try TestPaths.scratch("publish-slug")
        let clean = try String(contentsOf: TestPaths.samples.appendingPathComponent("clean-markdown.md"), encoding: .utf8)
        let text = "# Loyalty Points Backend Design\n\n" + clean.split(separator: "\n", omittingEmptySubsequences: false).dropFirst().joined(separator: "\n")
        let result = try publisher(out).publish([input(text, name: "loyalty.md")]).first
        guard case .published(let files) = result?.outcome else {
            Issue.record("not published: \(String(describing: result?.outcome))")
            return
        }
        #expect(files.contains("Design/Backend/loyalty-points-backend-design-2026-11-20-100000.md"), "\(files)")
    }

    @Test func publishingTheSameAnswerTwiceChangesNothing() throws {
        let out = try TestPaths.scratch("publish-twice")
        _ = try publisher(out).publish([input(Self.answer)])
        let before = try snapshot(out)
        let second = try publisher(out, options: PublishOptions(created: Timestamp(seconds: 99))).publish([input(Self.answer, name: "again.md")])
        guard case .unchanged = second.first?.outcome else {
            Issue.record("published again")
            return
        }
        #expect(try snapshot(out) == before)
    }

    @Test func aDifferentAnswerNeverOverwrites() throws {
        let out = try TestPaths.scratch("publish-suffix")
        let first = "---\nsystem: ledger\n---\nAPI ARCHITECTURE:\n- API Style: REST\n"
        let second = "---\nsystem: ledger\n---\nAPI ARCHITECTURE:\n- API Style: gRPC\n"
        _ = try publisher(out).publish([input(first)])
        let results = try publisher(out).publish([input(second)])
        guard case .published(let files) = results.first?.outcome else {
            Issue.record("not published")
            return
        }
        #expect(files.contains("Design/Backend/ledger-backend-design-2026-11-20-100000-2.md"))
        let original = try String(contentsOf: out.appendingPathComponent("Design/Backend/ledger-backend-design-2026-11-20-100000.md"), encoding: .utf8)
        #expect(original.contains("REST"))
        let catalog = try JSONParser.parse(try [UInt8](Data(contentsOf: out.appendingPathComponent("index.json"))))
        #expect(catalog["count"]?.numberValue?.intValue == 2)
    }

    @Test(arguments: ["../x", "/etc/x", "a/b", ".hidden", "..", ".", String(repeating: "ab/", count: 3_400), "\u{0}nul", "💥 naïve système", "C:\\Windows\\x"])
    func systemNamesStayInside(_ system: String) throws {
        let parent = try TestPaths.scratch("publish-escape-\(abs(system.hashValue))")
        let out = parent.appendingPathComponent("out")
        let text = "---\nsystem: \(JSONValue.string(system).serialized())\n---\nAPI ARCHITECTURE:\n- API Style: REST\n"
        let results = try publisher(out).publish([input(text)])
        guard case .published(let files) = results.first?.outcome else {
            Issue.record("not published")
            return
        }
        for file in files {
            let name = (file as NSString).lastPathComponent
            #expect(name.range(of: "^[a-z0-9-]+-[a-z-]+-\\d{4}-\\d{2}-\\d{2}-\\d{6}\\.(md|html|json)$", options: .regularExpression) != nil, "\(name)")
            #expect(name.count < 120)
        }
        #expect(try FileManager.default.contentsOfDirectory(atPath: parent.path) == ["out"])
    }

    @Test func naughtySystemNamesStayInside() throws {
        let list = try JSONParser.parse(try [UInt8](Data(contentsOf: TestPaths.shared.appendingPathComponent("testdata/naughty-strings/blns.json"))))
        let parent = try TestPaths.scratch("publish-naughty")
        let out = parent.appendingPathComponent("out")
        let inputs = (list.arrayValue ?? []).compactMap(\.stringValue).prefix(120).enumerated().map { index, system in
            input("---\nsystem: \(JSONValue.string(system).serialized())\n---\nAPI ARCHITECTURE:\n- API Style: REST \(index)\n", name: "n\(index).md")
        }
        _ = try publisher(out).publish(Array(inputs))
        #expect(try FileManager.default.contentsOfDirectory(atPath: parent.path) == ["out"])
        for path in tree(out) where !path.hasPrefix(".agent-report") {
            #expect(path == "Design" || path.hasPrefix("Design/Backend") || path.hasPrefix("index."), "\(path)")
        }
    }

    @Test func aSymlinkedCategoryFolderIsRefused() throws {
        let parent = try TestPaths.scratch("publish-symlink")
        let out = parent.appendingPathComponent("out")
        let outside = parent.appendingPathComponent("outside")
        try FileManager.default.createDirectory(at: outside, withIntermediateDirectories: true)
        try FileManager.default.createDirectory(at: out.appendingPathComponent("Design/Backend"), withIntermediateDirectories: true)
        try FileManager.default.createSymbolicLink(at: out.appendingPathComponent("Design/Backend/API"), withDestinationURL: outside)
        #expect(throws: Publisher.Error.self) { try publisher(out).publish([input(Self.answer)]) }
        #expect(try FileManager.default.contentsOfDirectory(atPath: outside.path).isEmpty)
    }

    /// A publisher killed after writing files but before its catalog entry: the next run
    /// removes the files its pending record names and temporary files — and nothing else.
    @Test func leftoversOfAKilledPublisherAreCleanedUp() throws {
        let out = try TestPaths.scratch("publish-killed")
        _ = try publisher(out).publish([input(Self.answer)])
        let orphan = out.appendingPathComponent("Design/Backend/API/orphan-api-design-2026-01-01-000000.md")
        try Data("partial".utf8).write(to: orphan)
        let pending = out.appendingPathComponent(".agent-report/pending")
        try FileManager.default.createDirectory(at: pending, withIntermediateDirectories: true)
        try Data(#"{"id":"orphan-2026-01-01-000000","files":["Design/Backend/API/orphan-api-design-2026-01-01-000000.md","../../etc/passwd","Design/Backend/notes.md"]}"#.utf8)
            .write(to: pending.appendingPathComponent("orphan-2026-01-01-000000.json"))
        let temporary = out.appendingPathComponent("Design/Backend/.agent-report-tmp-1-2-x.md")
        try Data("half".utf8).write(to: temporary)
        let notes = out.appendingPathComponent("Design/Backend/API/team-notes.md")
        try Data("ours".utf8).write(to: notes)
        _ = try publisher(out).publish([input("---\nsystem: other\n---\nAPI ARCHITECTURE:\n- API Style: REST\n")])
        #expect(!FileManager.default.fileExists(atPath: orphan.path))
        #expect(!FileManager.default.fileExists(atPath: temporary.path))
        #expect(FileManager.default.fileExists(atPath: notes.path), "a file agent-report did not write is kept")
        #expect(try FileManager.default.contentsOfDirectory(atPath: pending.path).isEmpty)
        try expectCatalogMatchesFiles(out, ignoring: ["Design/Backend/API/team-notes.md"])
    }

    /// A symbolic link in place of a tree folder: the next run removes nothing through it.
    @Test func cleanupNeverFollowsALinkedFolder() throws {
        let parent = try TestPaths.scratch("publish-linked-cleanup")
        let out = parent.appendingPathComponent("out")
        let outside = parent.appendingPathComponent("outside/Backend")
        try FileManager.default.createDirectory(at: outside, withIntermediateDirectories: true)
        try Data("precious".utf8).write(to: outside.appendingPathComponent(".agent-report-tmp-precious.md"))
        try FileManager.default.createDirectory(at: out, withIntermediateDirectories: true)
        try FileManager.default.createSymbolicLink(at: out.appendingPathComponent("Design"), withDestinationURL: parent.appendingPathComponent("outside"))
        #expect(throws: Publisher.Error.self) { try publisher(out).publish([input(Self.answer)]) }
        #expect(FileManager.default.fileExists(atPath: outside.appendingPathComponent(".agent-report-tmp-precious.md").path))
    }

    /// index.html and every report page are well-formed and pass the same safety checks as
    /// `render --to html`, also when titles, systems and front matter carry XSS payloads.
    @Test func pagesOfTheTreeAreSafeAndWellFormed() throws {
        let out = try TestPaths.scratch("publish-pages")
        let payloads = try String(contentsOf: TestPaths.shared.appendingPathComponent("testdata/xss-vectors/xss-payload-list.txt"), encoding: .utf8)
            .split(separator: "\n").prefix(40).map(String.init)
        var inputs = try MarkdownRoundTripTests.samples.map { name in
            PublishInput(text: SourceText(name: name, text: try String(contentsOf: TestPaths.samples.appendingPathComponent(name), encoding: .utf8)))
        }.filter { !$0.text.name.hasSuffix(".json") }
        for (index, payload) in payloads.enumerated() {
            let quoted = JSONValue.string(payload).serialized()
            inputs.append(input("---\ntitle: \(quoted)\nsystem: \(quoted)\nsecurity_level: \(quoted)\n---\n# \(payload)\n\nAPI ARCHITECTURE:\n- API Style: \(payload)\n- Framework Choice: x\(index)\n", name: "x\(index).md"))
        }
        _ = try publisher(out).publish(inputs)
        let pages = tree(out).filter { $0.hasSuffix(".html") }
        #expect(pages.contains("index.html"))
        #expect(pages.count > 40)
        for page in pages {
            let inspection = HTMLInspector.inspect(try String(contentsOf: out.appendingPathComponent(page), encoding: .utf8))
            let problems = HTMLChecks.unsafeParts(of: inspection) + HTMLChecks.parseErrors(of: inspection).map { "parse: \($0)" }
                + HTMLChecks.outlineProblems(of: inspection)
            #expect(problems.isEmpty, "\(page): \(problems.prefix(5))")
        }
    }

    /// Every file the catalog names exists, and every report file is named by the catalog.
    /// A format without `x-report-tree` (here derived from an agent definition) publishes
    /// under `Reports/{agent}/`, with design-document front matter and nothing the
    /// backend engineer's metadata format would ask for; its Markdown reads back to its data.
    @Test func anyAgentPublishesUnderReports() throws {
        let out = try TestPaths.scratch("publish-any-agent")
        let schema = try DefinitionFixtureTests.schema("adr-writer")
        let answer = try String(contentsOf: DefinitionFixtureTests.root.appendingPathComponent("adr-writer/answer.md"), encoding: .utf8)
        let results = try Publisher(root: out.path, schema: schema, options: PublishTests.fixed)
            .publish([input("---\nsystem: Reporting Warehouse\n---\n" + answer, name: "adr.md")])
        guard case .published(let files) = results.first?.outcome else {
            Issue.record("not published: \(String(describing: results.first?.outcome))")
            return
        }
        #expect(files.sorted() == [
            "Reports/adr-writer/reporting-warehouse-adr-writer-2026-11-20-100000.html",
            "Reports/adr-writer/reporting-warehouse-adr-writer-2026-11-20-100000.json",
            "Reports/adr-writer/reporting-warehouse-adr-writer-2026-11-20-100000.md",
        ])
        #expect(results.first?.verdict.diagnostics.filter { $0.code.hasPrefix("metadata") }.isEmpty == true)
        let markdown = try String(contentsOf: out.appendingPathComponent(files.sorted()[2]), encoding: .utf8)
        #expect(markdown.hasPrefix("---\ntitle: \"ADR-017: Use Postgres logical replication for the reporting warehouse feed\"\ntype: \"adr-writer\"\n"
            + "system: \"reporting-warehouse\"\ncreated: \"2026-11-20 10:00:00\"\nagent: \"adr-writer\"\n---\n"), "\(markdown.prefix(300))")
        let original = ReportBuilder(schema: schema).report(for: SourceText(name: "adr.md", text: answer))
        let reread = ReportBuilder(schema: schema).report(for: SourceText(name: "published.md", text: markdown))
        #expect(reread.data == original.data)
        let catalog = try JSONParser.parse(try [UInt8](Data(contentsOf: out.appendingPathComponent("index.json"))))
        #expect(catalog["reports"]?.arrayValue?.first?["agent"]?.stringValue == "adr-writer")
        try expectCatalogMatchesFiles(out)
    }

    /// Three agents' reports in one folder: one catalog, the index grouped by agent, and the
    /// backend engineer's tree as before.
    @Test func threeAgentsShareOneFolder() throws {
        let out = try TestPaths.scratch("publish-three-agents")
        _ = try publisher(out).publish([input(Self.answer)])
        for name in ["adr-writer", "incident-commander"] {
            let schema = try DefinitionFixtureTests.schema(name)
            let answer = try String(contentsOf: DefinitionFixtureTests.root.appendingPathComponent("\(name)/answer.md"), encoding: .utf8)
            _ = try Publisher(root: out.path, schema: schema, options: PublishTests.fixed).publish([input(answer, name: "\(name).md")])
        }
        let catalog = try JSONParser.parse(try [UInt8](Data(contentsOf: out.appendingPathComponent("index.json"))))
        #expect(Set((catalog["reports"]?.arrayValue ?? []).compactMap { $0["agent"]?.stringValue }) == ["backend-engineer", "adr-writer", "incident-commander"])
        let index = try String(contentsOf: out.appendingPathComponent("index.md"), encoding: .utf8)
        let agents = index.split(separator: "\n").filter { $0.hasPrefix("## ") }
        #expect(agents == ["## Adr Writer", "## Backend Engineer", "## Incident Commander"])
        #expect(index.contains("### API Design"))
        #expect(tree(out).contains("Design/Backend/payments-gateway-backend-design-2026-11-18-143205.md"))
        try expectCatalogMatchesFiles(out)
        let page = HTMLInspector.inspect(try String(contentsOf: out.appendingPathComponent("index.html"), encoding: .utf8))
        #expect(HTMLChecks.unsafeParts(of: page).isEmpty)
        #expect(HTMLChecks.outlineProblems(of: page).isEmpty, "\(HTMLChecks.outlineProblems(of: page))")
    }

    /// A pending record of another agent's tree is finished by any publisher: the files it
    /// names that are that report's are removed, nothing else.
    @Test func leftoversOfAnotherAgentAreCleanedUp() throws {
        let out = try TestPaths.scratch("publish-killed-other")
        let folder = out.appendingPathComponent("Reports/reviewer")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let orphan = folder.appendingPathComponent("web-reviewer-2026-01-01-000000-2.md")
        let unrelated = folder.appendingPathComponent("web-notes-2026-01-01-000000.md")
        try Data("partial".utf8).write(to: orphan)
        try Data("ours".utf8).write(to: unrelated)
        let pending = out.appendingPathComponent(".agent-report/pending")
        try FileManager.default.createDirectory(at: pending, withIntermediateDirectories: true)
        try Data(#"{"id":"web-2026-01-01-000000-2","files":["Reports/reviewer/web-reviewer-2026-01-01-000000-2.md","Reports/reviewer/web-notes-2026-01-01-000000.md",".agent-report/catalog/x.json"]}"#.utf8)
            .write(to: pending.appendingPathComponent("web-2026-01-01-000000-2.json"))
        _ = try publisher(out).publish([input(Self.answer)])
        #expect(!FileManager.default.fileExists(atPath: orphan.path))
        #expect(FileManager.default.fileExists(atPath: unrelated.path), "a file of no report of that id is kept")
        #expect(try FileManager.default.contentsOfDirectory(atPath: pending.path).isEmpty)
    }

    func expectCatalogMatchesFiles(_ out: URL, ignoring: Set<String> = []) throws {
        let catalog = try JSONParser.parse(try [UInt8](Data(contentsOf: out.appendingPathComponent("index.json"))))
        var named = Set<String>()
        for entry in catalog["reports"]?.arrayValue ?? [] {
            let paths = entry["paths"]
            for key in ["markdown", "html", "json"] { paths?[key]?.stringValue.map { named.insert($0) } }
            for (_, category) in paths?["categories"]?.objectValue ?? JSONObject() {
                category["markdown"]?.stringValue.map { named.insert($0) }
                category["html"]?.stringValue.map { named.insert($0) }
            }
        }
        let files = Set(tree(out).filter { ($0.hasPrefix("Design/") || $0.hasPrefix("Reports/")) && ($0.hasSuffix(".md") || $0.hasSuffix(".html") || $0.hasSuffix(".json")) })
            .subtracting(ignoring)
        #expect(files == named)
        #expect(!tree(out).contains { $0.contains(".agent-report-tmp-") })
    }

    func snapshot(_ directory: URL) throws -> [String: Data] {
        var result: [String: Data] = [:]
        for path in tree(directory) {
            var isDirectory: ObjCBool = false
            let url = directory.appendingPathComponent(path)
            if FileManager.default.fileExists(atPath: url.path, isDirectory: &isDirectory), !isDirectory.boolValue, !path.hasSuffix("lock") {
                result[path] = try Data(contentsOf: url)
            }
        }
        return result
    }
}
