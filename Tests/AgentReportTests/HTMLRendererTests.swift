import AgentReport
import Foundation
import JSONSchema
import SafeHTML
import Testing

/// The HTML report: golden pages for the samples, a well-formed and deterministic page, the
/// XSS payload list in every place agent text reaches, and hostile markdown in bounded time.
@Suite struct HTMLRendererTests {
    static let schema = Result { try SchemaCatalog.load("backend-engineer") }

    /// Reads a sample the way the command does (result envelopes unwrapped) and binds it.
    static func sampleReport(_ url: URL) throws -> Report {
        let bytes = try [UInt8](Data(contentsOf: url))
        let builder = ReportBuilder(schema: try schema.get())
        switch ResultEnvelope.classify(bytes, name: url.lastPathComponent) {
        case .text(let source, let diagnostics), .unusable(let source, let diagnostics):
            return builder.report(for: source, diagnostics: diagnostics)
        case .instance:
            throw CorpusError(message: "\(url.lastPathComponent) is not an answer")
        }
    }

    static var samples: [URL] {
        (try? FileManager.default.contentsOfDirectory(at: TestPaths.samples, includingPropertiesForKeys: nil))?
            .filter { ["md", "json"].contains($0.pathExtension) }
            .sorted { $0.lastPathComponent < $1.lastPathComponent } ?? []
    }

    @Test func samplesMatchGoldenPages() throws {
        let fixtures = TestPaths.packageRoot.appendingPathComponent("Tests/AgentReportTests/Fixtures/html")
        let record = ProcessInfo.processInfo.environment["RECORD_SNAPSHOTS"] == "1"
        #expect(Self.samples.count >= 9)
        for sample in Self.samples {
            let html = HTMLRenderer().render(try Self.sampleReport(sample))
            let golden = fixtures.appendingPathComponent(sample.deletingPathExtension().lastPathComponent + ".html")
            if record || !FileManager.default.fileExists(atPath: golden.path) {
                try FileManager.default.createDirectory(at: fixtures, withIntermediateDirectories: true)
                try Data(html.utf8).write(to: golden)
                Issue.record("recorded \(golden.lastPathComponent); run again to compare")
                continue
            }
            let expected = try String(contentsOf: golden, encoding: .utf8)
            #expect(html == expected, "\(sample.lastPathComponent) differs from \(golden.lastPathComponent) (RECORD_SNAPSHOTS=1 records it)")
        }
    }

    @Test func samplePagesAreWellFormedSafeAndOrdered() throws {
        for sample in Self.samples {
            let report = try Self.sampleReport(sample)
            let (html, problems) = HTMLChecks.problems(rendering: report)
            #expect(problems.isEmpty, "\(sample.lastPathComponent): \(problems)")
            let page = HTMLInspector.inspect(html)
            #expect(page.doctype == "html")
            #expect(page.elements.first?.name == "html" && page.elements.first?.attribute("lang") == "en")
            let metas = page.elements(named: "meta")
            #expect(metas.contains { $0.attribute("charset") == "utf-8" })
            #expect(metas.contains { $0.attribute("name") == "viewport" })
            let policy = metas.first { $0.attribute("http-equiv") == "Content-Security-Policy" }?.attribute("content") ?? ""
            #expect(policy.contains("default-src 'none'") && !policy.contains("script-src"), "\(policy)")
            #expect(page.elements(named: "script").isEmpty)
            #expect(page.elements(named: "title").count == 1)
        }
    }

    @Test func renderingIsDeterministicAcrossRunsAndThreads() async throws {
        let reports = try Self.samples.map(Self.sampleReport)
        let first = reports.map { HTMLRenderer().render($0) }
        let concurrent = await withTaskGroup(of: (Int, String).self) { group in
            for (index, report) in reports.enumerated() {
                for _ in 0..<3 { group.addTask { (index, HTMLRenderer().render(report)) } }
            }
            var results: [(Int, String)] = []
            for await result in group { results.append(result) }
            return results
        }
        for (index, html) in concurrent { #expect(html == first[index]) }
    }

    @Test func theFormatDrawsMissingFieldsAndSections() throws {
        let report = try report("""
        API ARCHITECTURE:
        - Framework Choice: FastAPI
        - API Style:
        """)
        let page = HTMLInspector.inspect(HTMLRenderer().render(report))
        let field = page.elements.firstIndex { $0.attribute("id") == "field-api_architecture--authentication" }
        #expect(field != nil)
        if let field, let group = page.elements[field].parent {
            #expect(page.elements[group].attribute("class") == "field missing")
            #expect(page.text(of: group).contains("missing"))
        }
        let emptyStyle = page.elements.firstIndex { $0.attribute("id") == "field-api_architecture--api_style" }
        if let emptyStyle, let group = page.elements[emptyStyle].parent {
            #expect(page.elements[group].attribute("class") == "field empty")
        }
        let section = page.elements.first { $0.attribute("id") == "section-testing_strategy" }
        #expect(section?.attribute("class") == "report-section missing")
        let title = page.elements(named: "h1").first.map { _ in page.text(of: page.elements.firstIndex { $0.name == "h1" } ?? 0) }
        #expect(title == "Backend Engineer: test.md")
    }

    @Test func diagnosticsSitBesideWhatTheyConcernAndInTheList() throws {
        let base = try report("API ARCHITECTURE:\n- Framework Choice: FastAPI\n")
        let range = SourceRange(start: SourcePosition(line: 2, column: 3, offset: 20), end: SourcePosition(line: 2, column: 9, offset: 26))
        let diagnostics = [
            Diagnostic(.error, "placeholder", "field <b>holds</b> a placeholder", range: range, path: "/api_architecture/framework_choice", suggestion: "write <i>it</i>"),
            Diagnostic(.warning, "missing-section", "section missing", range: nil, path: "/database_design"),
            Diagnostic(.note, "deep", "points inside a field", range: range, path: "/api_architecture/framework_choice/0/x"),
            Diagnostic(.error, "global", "about the whole answer", range: nil, path: nil),
        ]
        let report = base.withDiagnostics(diagnostics)
        let (html, problems) = HTMLChecks.problems(rendering: report)
        #expect(problems.isEmpty, "\(problems)")
        let page = HTMLInspector.inspect(html)
        func isInside(_ index: Int, _ container: Int) -> Bool {
            var current: Int? = index
            while let node = current {
                if node == container { return true }
                current = page.elements[node].parent
            }
            return false
        }
        /// Texts of the findings inside the field group or section with this id.
        func findings(under id: String) -> [String] {
            guard let anchor = page.elements.firstIndex(where: { $0.attribute("id") == id }) else { return [] }
            let container = id.hasPrefix("field-") ? page.elements[anchor].parent ?? anchor : anchor
            return page.elements.indices.filter { index in
                page.elements[index].name == "li" && page.elements[index].attribute("class")?.hasPrefix("finding ") == true
                    && isInside(index, container)
            }.map { page.text(of: $0) }
        }
        let field = findings(under: "field-api_architecture--framework_choice")
        #expect(field.count == 2)
        #expect(field.first?.contains("field <b>holds</b> a placeholder") == true)
        #expect(field.first?.contains("2:3") == true)
        #expect(findings(under: "section-database_design").count == 1)
        let all = page.elements.firstIndex { $0.name == "ol" && $0.attribute("class") == "findings all" }
        let items = all.map { list in page.elements.filter { $0.name == "li" && $0.parent == list }.count }
        #expect(items == 4)
        let verdict = page.elements.firstIndex { $0.attribute("class")?.hasPrefix("verdict") == true }
        #expect(verdict.map { page.text(of: $0) } == "Not valid — 2 errors, 1 warning, 1 note")
    }

    @Test func extrasAreShown() throws {
        let report = try report("""
        ---
        title: "My <Design>"
        security_level: critical
        performance_targets:
          response_time: 100ms
        ---
        Intro **text** before sections.

        API ARCHITECTURE:
        - Framework Choice: FastAPI
        - Rate Limits: 100/s
        Some note inside the section.

        OPEN QUESTIONS:
        - Who owns it?

        Thanks, the agent.
        """)
        let html = HTMLRenderer().render(report)
        let page = HTMLInspector.inspect(html)
        #expect(HTMLChecks.problems(rendering: report).problems.isEmpty)
        let ids = Set(page.elements.compactMap { $0.attribute("id") })
        #expect(ids.isSuperset(of: ["preamble", "unknown-section-1", "front-matter", "diagnostics"]), "\(ids.sorted())")
        let h1 = page.elements.firstIndex { $0.name == "h1" }
        #expect(h1.map { page.text(of: $0) } == "My <Design>")
        let badges = page.elements.indices.filter { page.elements[$0].attribute("class") == "badge" }.map { page.text(of: $0).trimmingCharacters(in: .whitespacesAndNewlines) }
        #expect(badges.contains("Security level critical"))
        #expect(badges.contains("Performance targets response_time 100ms"))
        #expect(!report.extras.unknownFields.isEmpty && html.contains("Rate Limits"))
    }

    @Test func paletteContrastIsAtLeastFourAndAHalf() {
        for palette in [HTMLRenderer.lightPalette, HTMLRenderer.darkPalette] {
            for (foreground, background) in HTMLRenderer.contrastPairs(palette) {
                let ratio = Self.contrast(foreground, background)
                #expect(ratio >= 4.5, "\(foreground) on \(background): \(ratio)")
            }
        }
    }

    /// WCAG 2 contrast ratio of two `#rrggbb` colours.
    static func contrast(_ first: String, _ second: String) -> Double {
        func luminance(_ hex: String) -> Double {
            let value = Int(hex.dropFirst(), radix: 16) ?? 0
            let channels = [(value >> 16) & 0xFF, (value >> 8) & 0xFF, value & 0xFF].map { channel -> Double in
                let c = Double(channel) / 255
                return c <= 0.03928 ? c / 12.92 : pow((c + 0.055) / 1.055, 2.4)
            }
            return 0.2126 * channels[0] + 0.7152 * channels[1] + 0.0722 * channels[2]
        }
        let (a, b) = (luminance(first), luminance(second))
        return (max(a, b) + 0.05) / (min(a, b) + 0.05)
    }
}

/// Every payload of the XSS list, in each place agent text reaches a page.
extension HTMLRendererTests {
    enum Placement: String, CaseIterable, Sendable {
        case fieldValue, sectionTitle, label, preamble, frontMatter
    }

    static let payloads: [String] = {
        let url = TestPaths.shared.appendingPathComponent("testdata/xss-vectors/xss-payload-list.txt")
        let text = (try? String(contentsOf: url, encoding: .utf8)) ?? ""
        return text.split(separator: "\n", omittingEmptySubsequences: true).map(String.init)
    }()

    /// `text` as a YAML double-quoted scalar.
    static func yamlQuoted(_ text: String) -> String {
        var result = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\\": result += "\\\\"
            case "\"": result += "\\\""
            case "\t": result += "\\t"
            default:
                if scalar.value < 0x20 || scalar.value == 0x7F {
                    result += String(format: "\\x%02X", scalar.value)
                } else {
                    result.unicodeScalars.append(scalar)
                }
            }
        }
        return result + "\""
    }

    /// Answers that place `payloads` in `placement`, several to an answer.
    static func answers(placing payloads: [String], in placement: Placement, format: ReturnFormat) -> [String] {
        let labels = format.sections.flatMap { section in section.fields.map { (section.title, $0.title) } }
        let batch: Int
        switch placement {
        case .fieldValue: batch = labels.count
        case .preamble: batch = 1
        default: batch = 20
        }
        return stride(from: 0, to: payloads.count, by: batch).map { start in
            let group = payloads[start..<min(start + batch, payloads.count)]
            switch placement {
            case .fieldValue:
                var text = ""
                var lastSection = ""
                for (payload, (section, label)) in zip(group, labels) {
                    if section != lastSection { text += "\n\(section):\n"; lastSection = section }
                    text += "- \(label): \(payload)\n"
                }
                return text
            case .sectionTitle:
                return group.map { "## \($0)\n- Framework Choice: x\n\n" }.joined()
            case .label:
                return "API ARCHITECTURE:\n" + group.map { "- \($0): value\n" }.joined()
            case .preamble:
                return group.joined(separator: "\n\n") + "\n\nAPI ARCHITECTURE:\n- Framework Choice: x\n"
            case .frontMatter:
                let values = Array(group)
                var yaml = "---\n"
                let keys = ["title", "system", "security_level", "database_type", "api_version"]
                for (key, value) in zip(keys, values) { yaml += "\(key): \(yamlQuoted(value))\n" }
                if values.count > keys.count {
                    yaml += "performance_targets:\n"
                    for (index, value) in values.dropFirst(keys.count).prefix(5).enumerated() { yaml += "  t\(index): \(yamlQuoted(value))\n" }
                    yaml += "technologies:\n"
                    for value in values.dropFirst(keys.count + 5) { yaml += "  - \(yamlQuoted(value))\n" }
                }
                return yaml + "---\nAPI ARCHITECTURE:\n- Framework Choice: x\n"
            }
        }
    }

    @Test(arguments: Placement.allCases)
    func xssPayloadsAreNeutralised(_ placement: Placement) throws {
        let schema = try Self.schema.get()
        let format = try #require(schema.format)
        #expect(Self.payloads.count > 6000, "the XSS list was not found under ../shared/testdata")
        let builder = ReportBuilder(schema: schema)
        // The preamble goes one payload to a page; a one-section page keeps that quick.
        let oneSection = try ReturnFormat(schema: JSONParser.parse("""
            {"properties": {"api_architecture": {"title": "API ARCHITECTURE", "properties": {"framework_choice": {"title": "Framework Choice"}}}}}
            """))
        var failures: [String] = []
        var rendered = 0
        // The preamble takes one payload to a page: the page is a bound report with its preamble
        // replaced, drawn with one section, which keeps 6 600 pages quick.
        let base = builder.report(for: SourceDecoder().decode(Array("API ARCHITECTURE:\n- Framework Choice: x\n".utf8), name: "x.md").0)
        for (index, answer) in Self.answers(placing: Self.payloads, in: placement, format: format).enumerated() {
            let report: Report
            if placement == .preamble {
                var copy = base
                copy.extras.preamble = Self.payloads[index]
                report = copy
            } else {
                let (source, diagnostics) = SourceDecoder().decode(Array(answer.utf8), name: "x\(index).md")
                report = builder.report(for: source, diagnostics: diagnostics)
            }
            if placement == .frontMatter && report.metadata.isEmpty { failures.append("answer \(index): front matter not read") }
            let (_, problems) = HTMLChecks.problems(rendering: report, options: HTMLOptions(format: placement == .preamble ? oneSection : format))
            if !problems.isEmpty { failures.append("answer \(index): \(problems.prefix(3)) in \(answer.prefix(300))") }
            rendered += 1
        }
        #expect(failures.isEmpty, "\(placement): \(failures.count) unsafe pages; first: \(failures.prefix(3))")
        #expect(rendered > 0)
    }
}

/// Markdown shaped to hurt Ink (exponential link retries, rescans to the end) or libxml2
/// (deep nesting): each page comes out safe, keeps the text, and in bounded time.
extension HTMLRendererTests {
    @Test(arguments: [
        ("unclosed brackets", String(repeating: "[", count: 20_000) + "end"),
        ("reference-like links", String(repeating: "[a][", count: 5_000) + "end"),
        ("unclosed image links", String(repeating: "x ![a](", count: 5_000) + "end"),
        ("unclosed comments", String(repeating: "x <!--y ", count: 20_000) + "end"),
        ("bare ampersands", String(repeating: "&x", count: 50_000) + " end"),
        ("nested tags", String(repeating: "<b>", count: 2_000) + "end"),
        ("nested quotes", String(repeating: "> ", count: 5_000) + "end"),
        ("one long line", String(repeating: "word ", count: 200_000) + "end"),
    ])
    func hostileMarkdownRendersSafelyInBoundedTime(_ name: String, _ value: String) throws {
        let schema = try Self.schema.get()
        var data = JSONObject()
        data["api_architecture"] = .object(JSONObject([("framework_choice", .string(value))]))
        let base = try report("API ARCHITECTURE:\n- Framework Choice: x\n")
        let hostile = Report(source: name, schema: schema.name, metadata: JSONObject(), data: data, extras: Extras(),
                             diagnostics: [], locations: [:], outline: base.outline)
        let started = ContinuousClock.now
        let (html, problems) = HTMLChecks.problems(rendering: hostile)
        #expect(ContinuousClock.now - started < .seconds(20), "\(name) took \(ContinuousClock.now - started)")
        #expect(problems.isEmpty, "\(name): \(problems.prefix(3))")
        let page = HTMLInspector.inspect(html)
        let field = page.elements.firstIndex { $0.attribute("id") == "field-api_architecture--framework_choice" }
        let text = field.flatMap { page.elements[$0].parent }.map { page.text(of: $0) } ?? ""
        #expect(text.contains("end"), "\(name): the value's text is lost")
    }
}
