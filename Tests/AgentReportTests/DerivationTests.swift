import AgentReport
import Foundation
import JSONSchema
import Testing

/// `schema derive` (definition → schema), `schema prompt` (schema → Return Format block) and
/// `schema check`, on the seeds, the shipped schemas and small definitions of many shapes.
@Suite struct DerivationTests {
    static let seeds = TestPaths.shared.appendingPathComponent("seeds")
    static let fixtures = TestPaths.packageRoot.appendingPathComponent("Tests/AgentReportTests/Fixtures/agents")

    static func definition(_ url: URL) throws -> AgentDefinition {
        let bytes = Array(try Data(contentsOf: url))
        return AgentDefinition(source: SourceDecoder().decode(bytes, name: url.lastPathComponent).0)
    }

    static func definition(text: String, name: String = "agent.md") -> AgentDefinition {
        AgentDefinition(source: SourceText(name: name, text: text))
    }

    static func derive(_ definition: AgentDefinition) throws -> JSONValue {
        switch SchemaDeriver().derive(definition) {
        case .success(let derivation): return derivation.schema
        case .failure(let failure):
            Issue.record("no schema: \(failure.message)")
            throw failure
        }
    }

    /// The schema without `x-` annotations, and without the root's title, description and ids.
    static func shape(_ value: JSONValue, root: Bool = true) -> JSONValue {
        switch value {
        case .object(let object):
            var out = JSONObject()
            for (key, child) in object where !key.hasPrefix("x-") {
                if root && ["title", "description", "$id", "$schema"].contains(key) { continue }
                out[key] = shape(child, root: false)
            }
            return .object(out)
        case .array(let array): return .array(array.map { shape($0, root: false) })
        default: return value
        }
    }

    /// Section titles, in order, with their field titles.
    static func outline(_ schema: JSONValue) -> [String] {
        (schema["properties"]?.objectValue ?? JSONObject()).map { _, section in
            let fields = (section["properties"]?.objectValue ?? section["items"]?["properties"]?.objectValue ?? JSONObject())
                .map { $0.value["title"]?.stringValue ?? "?" }
            return (section["title"]?.stringValue ?? "?") + ": " + fields.joined(separator: " | ")
        }
    }

    // MARK: Seed 001 and the shipped schema

    @Test func seed001DerivesTheShippedBackendEngineerSchema() throws {
        let derived = try Self.derive(Self.definition(Self.seeds.appendingPathComponent("001_6863014e70f319c7.txt")))
        let shipped = try JSONParser.parse(String(contentsOf: TestPaths.packageRoot.appendingPathComponent("schemas/backend-engineer.schema.json"), encoding: .utf8))
        #expect(Self.outline(derived) == Self.outline(shipped))
        #expect(derived["properties"]?.objectValue?.keys == shipped["properties"]?.objectValue?.keys)
        // Keys, titles, descriptions, types and `required`, in order (the shipped file's `x-` annotations aside).
        #expect(Self.shape(derived) == Self.shape(shipped))
        #expect(derived["title"] == "Backend Engineer")
    }

    @Test(arguments: ["000_d28cbc7bf0754a80.txt", "002_568361a15d96b4c5.txt", "003_a9156db7926ac2a9.txt", "004_a555f86474ba1545.txt"])
    func seedsWithoutAReturnFormatSaySo(_ file: String) throws {
        let result = SchemaDeriver().derive(try Self.definition(Self.seeds.appendingPathComponent(file)))
        guard case .failure(let failure) = result else {
            Issue.record("\(file) derived a schema")
            return
        }
        #expect(failure.message.contains("no Return Format found; looked for a \"Return Format\", \"Output Format\" or \"Response Format\" heading"))
        if file.hasPrefix("004") {
            // Its "Metadata Format" is the front matter of the documents it saves, not its answer.
            #expect(failure.message.contains("Not used: \"Metadata Format\" (line 100)"))
        }
    }

    // MARK: Round trips over the shipped Return Formats

    static func template(of prompt: String) -> String {
        let lines = prompt.split(separator: "\n", omittingEmptySubsequences: false)
        guard let open = lines.firstIndex(where: { $0.hasPrefix("```") }),
              let close = lines[(open + 1)...].firstIndex(where: { $0 == lines[open] }) else { return "" }
        return lines[(open + 1)..<close].joined(separator: "\n") + "\n"
    }

    /// Every `[…]` placeholder replaced by a value.
    static func filled(_ template: String) -> String {
        var out = ""
        var n = 0
        var depth = 0
        for character in template {
            if character == "[" {
                if depth == 0 {
                    n += 1
                    out += "Concrete answer number \(n), chosen for this system"
                }
                depth += 1
            } else if character == "]" && depth > 0 {
                depth -= 1
            } else if depth == 0 {
                out.append(character)
            }
        }
        return out
    }

    /// A derived schema as the command loads it: written to a scratch file and read back.
    static func loaded(_ schema: JSONValue, as name: String) throws -> LoadedSchema {
        let file = try TestPaths.scratch(name).appendingPathComponent("\(name).schema.json")
        try Data(schema.serialized(pretty: true).utf8).write(to: file)
        return try SchemaCatalog.load(file.path)
    }

    static func report(_ text: String, schema: LoadedSchema) -> Report {
        ReportBuilder(schema: schema).report(for: SourceText(name: "answer.md", text: text))
    }

    @Test func thereIsAShippedReturnFormat() {
        #expect(SchemaCatalog.bundledFormats().map(\.name).contains("backend-engineer"))
    }

    @Test(arguments: SchemaCatalog.bundledFormats().map(\.name))
    func promptFilledInValidatesCleanly(_ name: String) throws {
        let schema = try SchemaCatalog.load(name)
        let format = try #require(schema.format)
        let prompt = ReturnFormatPromptWriter().write(format)
        #expect(prompt.hasPrefix("## Return Format\n\n"))
        let report = Self.report(Self.filled(Self.template(of: prompt)), schema: schema)
        #expect(report.diagnostics.isEmpty, "\(report.diagnostics.map { "\($0.code): \($0.message)" })")
        #expect(report.data.count == format.sections.count)
    }

    @Test(arguments: SchemaCatalog.bundledFormats().map(\.name))
    func promptLeftAsPlaceholdersGivesOnePlaceholderErrorPerField(_ name: String) throws {
        let schema = try SchemaCatalog.load(name)
        let format = try #require(schema.format)
        let report = Self.report(Self.template(of: ReturnFormatPromptWriter().write(format)), schema: schema)
        let fieldCount = format.sections.reduce(0) { $0 + $1.fields.count }
        #expect(report.diagnostics.count == fieldCount)
        #expect(report.diagnostics.allSatisfy { $0.code == "placeholder" && $0.severity == .error })
        #expect(Set(report.diagnostics.compactMap(\.path)).count == fieldCount)
    }

    @Test(arguments: SchemaCatalog.bundledFormats().map(\.name))
    func derivingThePromptGivesTheSchemaBack(_ name: String) throws {
        let schema = try SchemaCatalog.load(name)
        let prompt = ReturnFormatPromptWriter().write(try #require(schema.format))
        let derived = try Self.derive(PromptRoundTrip.definition(name: name, prompt: prompt))
        #expect(Self.shape(derived) == Self.shape(schema.document))
    }

    /// Definitions whose Return Format `schema prompt` cannot write yet, with why; expected to
    /// fail (the test fails when one starts passing, so that it leaves this list).
    static let promptGaps: [String: String] = [
        "changelog-writer": "parts named in a sentence: the prompt writes them as headings, which derive as required sections",
        "ci-failure-diagnoser": "alternative templates (anyOf): the prompt writes no cases",
        "perf-regression-analyst": "alternative templates (anyOf): the prompt writes no cases",
    ]

    /// `schema prompt` of each definition fixture's derived schema derives back to the same
    /// schema: the same tree, types, enums, patterns and annotations (guidance text aside, which
    /// the prompt may spell as the values it allows).
    @Test(arguments: DefinitionFixtureTests.names)
    func thePromptOfADerivedSchemaDerivesBack(_ name: String) throws {
        func check() throws {
            let schema = try DefinitionFixtureTests.schema(name)
            let prompt = ReturnFormatPromptWriter().write(try #require(schema.format))
            let derived = try Self.derive(PromptRoundTrip.definition(name: name, prompt: prompt))
            #expect(PromptRoundTrip.tree(derived) == PromptRoundTrip.tree(schema.document), "\(name):\n\(prompt)")
        }
        if let reason = Self.promptGaps[name] {
            withKnownIssue("\(name): \(reason)") { try check() }
        } else {
            try check()
        }
    }

    /// A live template whose headings sit at the format heading's own level, ending at the
    /// first section that is no template; a list item holding several bold labels is one
    /// record a line.
    @Test func siblingHeadingsUnderAnEmptyFormatHeadingAreTheTemplate() throws {
        let text = """
            ---
            name: build-checker
            description: Builds the project and reports.
            ---
            You build the project.

            ## Report format

            ## Build Result
            **Outcome:** OK / BROKEN
            **Duration:** [minutes]

            ### Errors (if any)
            - **Target:** name — **Message:** the first line — where it points

            ### Summary
            One sentence naming the command you ran.

            ## Rules
            - Never edit source files.
            """
        let schema = try Self.derive(Self.definition(text: text))
        #expect(Self.outline(schema) == ["Build Result: Outcome | Duration | Errors | Summary"], "\(Self.outline(schema))")
        let loaded = try Self.loaded(schema, as: "sibling-template")
        let answer = """
            ## Build Result
            **Outcome:** BROKEN
            **Duration:** 4 minutes

            ### Errors
            - **Target:** api — **Message:** cannot find `Decimal` — `src/money.swift:12`
            - **Target:** web — **Message:** type error — `app/cart.ts:40`

            ### Summary
            Ran `make build`; two targets fail.
            """
        let report = Self.report(answer, schema: loaded)
        #expect(report.diagnostics.filter { $0.severity != .note }.isEmpty, "\(report.diagnostics.map { "\($0.code): \($0.message)" })")
    }

    /// An instruction over a run of headings (no fence) is the template; a bare JSON object
    /// after an instruction is a document template, its `"a" or "b"` values enums; JSON
    /// documents one per case (`OR if …:`) are alternatives.
    @Test func instructionTemplatesWithoutAFence() throws {
        func derived(_ body: String) throws -> LoadedSchema {
            let schema = try Self.derive(Self.definition(text: "---\nname: x\ndescription: y\n---\n" + body))
            return try Self.loaded(schema, as: "instruction-\(abs(body.hashValue))")
        }
        func errors(_ answer: String, _ schema: LoadedSchema) -> [String] {
            Self.report(answer, schema: schema).diagnostics.filter { $0.severity == .error }.map(\.code)
        }
        let handover = try derived("Write a handover note. Use this exact format:\n\n## Goal\n[what the user wants]\n\n## Next steps\n[what remains]\n")
        #expect(errors("## Goal\nShip the exporter.\n\n## Next steps\n1. Add tests.\n", handover).isEmpty)
        #expect(errors("## Goal\nShip the exporter.\n", handover) == ["missing-section"])

        let triage = try derived("""
            Classify the ticket. Reply only with JSON in this exact format:
            {
              "urgent": true or false,
              "team": "billing" or "search" or null,  // null when unsure
              "tags": ["tag"]
            }
            """)
        #expect(errors("{\"urgent\": false, \"team\": null, \"tags\": []}", triage).isEmpty)
        #expect(errors("{\"urgent\": false, \"team\": \"support\", \"tags\": []}", triage) == ["schema-enum"])

        let probe = try derived("""
            Check the cache. Respond only with a JSON object in this exact format:
            ```json
            {"reachable": true, "latency_ms": 12}
            ```

            OR if the cache cannot be reached:

            ```json
            {"reachable": false, "error": "what went wrong"}
            ```
            """)
        #expect(errors("{\"reachable\": true, \"latency_ms\": 3}", probe).isEmpty)
        #expect(errors("{\"reachable\": false, \"error\": \"connection refused\"}", probe).isEmpty)
        #expect(!errors("{\"reachable\": false}", probe).isEmpty)
    }

    /// A definition with two templates: the one the agent writes to a file, or the one each
    /// finding follows, is not the answer; the one it returns (`## Return Summary`) or the
    /// report's own format is.
    @Test func theTemplateTheAgentReturnsIsTheAnswers() throws {
        func outline(_ body: String) throws -> [String] {
            Self.outline(try Self.derive(Self.definition(text: "---\nname: x\ndescription: y\n---\n" + body)))
        }
        let summary = try outline("""
            ## Output Format

            Save the full audit to `{dir}/audit.md`:

            ```markdown
            ## Findings
            {one paragraph per finding}
            ```

            ## Return Summary

            Hand this back to the caller:

            ```markdown
            **Score**: X/10
            **Report**: `{dir}/audit.md`
            ```
            """)
        #expect(summary == ["Return Summary: Score | Report"], "\(summary)")
        let instruction = try outline("""
            ## Report Format
            Write the report to a file named `review.md`, in this shape:
            ```
            ## Details
            [everything]
            ```
            When done, return the following to the orchestrator:
            ```
            **Verdict**: PASS | FAIL
            ```
            """)
        #expect(instruction.count == 1 && instruction[0].hasSuffix(": Verdict"), "\(instruction)")
        let final = try outline("""
            ## Output Structure
            Each finding is written like this:
            ```
            ### [Title]
            **Where**: `file:line`
            ```

            ## Final Report Format
            ```
            **Recommendation**: [Approve | Request Changes]

            ## Conclusion
            [next steps]
            ```
            """)
        #expect(final.contains("Conclusion: ") && !final.contains { $0.contains("Where") }, "\(final)")
        // One template with a lead-in about the whole answer stays the answer's.
        let whole = try outline("## Output Format\nEvery answer uses this format:\n```\n**Status**: OK | FAILED\n```\n\n## Return Summary\n```\n**Other**: x\n```\n")
        #expect(whole.count == 1 && whole[0].hasSuffix(": Status"), "\(whole)")
    }

    /// The format under other names: an XML-style tag around it (`<output_format>` …
    /// `</output_format>`), `## Deliverables` over a fenced template, `## Output contract`, and
    /// an instruction given by a paragraph whose last line ends with a colon.
    @Test func formatBlocksUnderOtherNames() throws {
        func outline(_ body: String) throws -> [String] {
            Self.outline(try Self.derive(Self.definition(text: "---\nname: x\ndescription: y\n---\n" + body)))
        }
        #expect(try outline("""
            <rules>
            Be brief.
            </rules>

            <output_format>
            ## Diagnosis
            What went wrong, in two sentences.

            ## Next step
            One line.
            </output_format>

            ## Notes
            **Ignored**: [not the format]
            """) == ["Diagnosis: ", "Next step: "])
        // The tags escaped as markdown shows them (`\<output_format>`, `\</output\_format\>`).
        #expect(try outline("You audit.\n\n\\<output_format>\n## Verdict\nPASS | FAIL\n\n## Why\nOne line.\n\\</output\\_format\\>\n\n## Notes\n**Ignored**: [no]\n")
                == ["Verdict: ", "Why: "])
        #expect(try outline("## Deliverables\n\n```markdown\n## Audit\n**Verdict**: APPROVE | REJECT\n```\n") == ["Audit: Verdict"])
        // A list of deliverables with no template is not a format.
        if case .success = SchemaDeriver().derive(Self.definition(text: "---\nname: x\n---\n## Deliverables\n- A migration file\n- Its test\n")) {
            Issue.record("a list of deliverables derived as a format")
        }
        #expect(try outline("## Output contract\n\n```\nVERDICT: PASS | FAIL\nURL: <final URL>\n```\n").first?.hasSuffix(": VERDICT | URL") == true)
        let paragraph = try outline("""
            You judge designs.

            Return **exactly** the block below and nothing else — no lead-in
            sentence. Begin with the heading:

            ## Design verdict
            **Score:** X/10 — <why, in one line>
            **Question the team cannot answer yet:** <one question>
            """)
        #expect(paragraph == ["Design verdict: Score | Question the team cannot answer yet"], "\(paragraph)")
        // A sentence pointing at the fence below, under a step's heading: the template, named after the step.
        let step = try outline("### 4. Report the table\n\nOutput the table below, then a short summary. Link every map by name, never by a bare number, and keep each row to one line.\n\n```\n| Map | Next move |\n|---|---|\n| <map> | <one line> |\n```\n")
        #expect(step == ["Report the table: Map | Next move"], "\(step)")
        // `Include `Rollback Summary`:` names the part of the fields below; `` `true` or `false` `` is a boolean.
        let contract = try Self.derive(Self.definition(text: "---\nname: x\n---\n## Output Contract\nInclude `Rollback Summary`:\n- `executed`: `true` or `false`.\n- `target`: deployment id.\n"))
        #expect(Self.outline(contract) == ["Rollback Summary: executed | target"], "\(Self.outline(contract))")
        #expect(contract["properties"]?["rollback_summary"]?["properties"]?["executed"]?["type"] == "boolean")
    }

    /// What a section's body stands for decides its type: a list of values after a sentence
    /// (`Options: "Valid", "Invalid"`) makes it an enum; a list alone makes it an array whose
    /// items are the data (also under a plain `Done:` label, or a lone `PROBLEMS` line); a count
    /// in a title (`Top 5 Risks`) is no item number; two bold `**Scenario: <name>**` lines are
    /// the titles of repeated items.
    @Test func aSectionsBodyDecidesItsType() throws {
        func derived(_ template: String) throws -> LoadedSchema {
            let schema = try Self.derive(Self.definition(text: "---\nname: x\n---\n## Output Format\n```\n" + template + "\n```\n"))
            return try Self.loaded(schema, as: "body-\(abs(template.hashValue))")
        }
        func errors(_ answer: String, _ schema: LoadedSchema) -> [String] {
            Self.report(answer, schema: schema).diagnostics.filter { $0.severity == .error }.map { "\($0.code) \($0.path ?? "")" }
        }
        let verdict = try derived("# Verdict\nWhether the claim holds.\nOptions: \"Valid\", \"Invalid\"\n\n# Details\n<why>")
        #expect(errors("# Verdict\nValid\n\n# Details\nReproduced.", verdict).isEmpty, "\(errors("# Verdict\nValid\n\n# Details\nReproduced.", verdict))")
        #expect(errors("# Verdict\nPartly valid\n\n# Details\nReproduced.", verdict) == ["schema-enum /verdict"])

        let lists = try derived("Done:\n- <what was done>\n\nSkipped:\n- <what was skipped, or None>")
        let plain = Self.report("Done:\n- Fixed the typo\n- Added a test\n\nSkipped:\n- None\n", schema: lists)
        #expect(plain.diagnostics.filter { $0.severity == .error }.isEmpty, "\(plain.diagnostics.map(\.message))")
        #expect(plain.data["done"] == .array(["Fixed the typo", "Added a test"]))
        #expect(errors("Done:\n\nSkipped:\n- None\n", lists) == ["empty-field /done"])

        let review = try derived("REVIEW:\n- Verdict: SAFE | UNSAFE\n\nPROBLEMS:\n- [problem] — [where]\n\nQUERY:\n- Text: [the query]")
        let lone = Self.report("REVIEW:\n- Verdict: SAFE\n\nPROBLEMS\n- Leading wildcard — the WHERE clause\n- No limit\n", schema: review)
        #expect(lone.data["problems"] == .array(["Leading wildcard — the WHERE clause", "No limit"]), "\(lone.data)")

        let risks = try derived("## Summary\n<one paragraph>\n\n## Top 5 Risks (by impact)\n1. <risk>")
        #expect(errors("## Summary\nFine.\n\n## Top 5 Risks (by impact)\n1. Disk fills up\n", risks).isEmpty)

        let story = try derived("## Story\n<one line>\n\n## Acceptance Criteria\n**Scenario: <happy path>**\n- Given <precondition>\n\n**Scenario: <error path>**\n- Given <precondition>")
        let scenarios = Self.report("## Story\nReset a password.\n\n## Acceptance Criteria\n**Scenario: Valid link**\n- Given a verified email\n\n**Scenario: Expired link**\n- Given an old link\n", schema: story)
        #expect(scenarios.diagnostics.filter { $0.severity == .error }.isEmpty, "\(scenarios.diagnostics.map(\.message))")
        #expect(scenarios.data["acceptance_criteria"]?.arrayValue?.count == 2, "\(scenarios.data)")

        // `## Optional JSON Summary` may be left out; an entry with a hint that it repeats is a list's.
        let optional = try derived("## Summary\n- Verdict: {approve|comment}\n\n## Optional JSON Summary\n{\"verdict\": \"approve\"}")
        #expect(errors("## Summary\n- Verdict: approve\n", optional).isEmpty)
        let progress = try derived("Goal: <one sentence>\n\nProgress updated:\n- <feature>: <new-status>  (repeat per feature)")
        let updated = Self.report("Goal: Green tests.\n\nProgress updated:\n- checkout: passing\n- login: passing\n", schema: progress)
        #expect(updated.diagnostics.filter { $0.severity == .error }.isEmpty, "\(updated.diagnostics.map(\.message))")
        #expect(updated.data.values.first?["progress_updated"] == .array(["checkout: passing", "login: passing"]), "\(updated.data)")
    }

    /// Lower-case plurals between slashes name what to write (`[risks/alternatives]`), short
    /// names are values (`[low/medium/high]`); a bare JSON object under a format heading is the
    /// document, `"A" | "B"` an enum; `{"param": "value"}` stands for any members.
    @Test func guidanceAndDocumentShapesFromTheTrial() throws {
        func properties(_ body: String) throws -> JSONObject {
            let schema = try Self.derive(Self.definition(text: "---\nname: x\ndescription: y\n---\n" + body))
            return schema["properties"]?.objectValue ?? JSONObject()
        }
        let fields = try properties("## Output Format\n```\nRISKS:\n- Concerns: [risks/alternatives]\n- Level: [low/medium/high]\n```\n")
        #expect(fields["risks"]?["properties"]?["concerns"]?["enum"] == nil)
        #expect(fields["risks"]?["properties"]?["level"]?["enum"] == .array(["low", "medium", "high"]))
        // A choice followed by a reason in any bracket keeps its members; kinds of content to
        // paste, an option holding a placeholder, are no choice; a placeholder naming both
        // truth values is yes or no.
        let kinds = try properties("## Output Format\n```\nCHECK:\n- Verdict: PASS | FAIL (<one-line reason>)\n- Evidence: [Screenshot/Log/Response]\n"
                                   + "- Area: [Code/Docs/Tests]\n- Quote: Not found | Altered to: \"{quote}\"\n- Done: <true only when all is captured, else false>\n"
                                   + "- Holds: <true or false, with the evidence>\n```\n")["check"]?["properties"]
        #expect(kinds?["verdict"]?["enum"] == .array(["PASS", "FAIL"]))
        #expect(kinds?["evidence"]?["enum"] == nil && kinds?["quote"]?["enum"] == nil, "\(String(describing: kinds))")
        #expect(kinds?["area"]?["enum"] == .array(["Code", "Docs", "Tests"]))
        #expect(kinds?["done"]?["type"] == "boolean" && kinds?["holds"]?["type"] == "string")
        let document = try properties("""
            ### Response Format
            Answer with a bare JSON object.

            {
              "route": "SEARCH" | "CHAT",
              "call": {"tool": "name", "args": {"arg": "value"}}
            }
            """)
        #expect(document["route"]?["enum"] == .array(["SEARCH", "CHAT"]))
        #expect(document["call"]?["properties"]?["args"]?["properties"] == nil, "\(document)")
        #expect(document["call"]?["properties"]?["args"]?["type"] == "object")
    }

    /// Items titled by plain lines (`CHK-01 — [title]` over fields, then `CHK-02 — ...`)
    /// under the template's title heading are a repeated block; `Rules:` after an unfenced
    /// template is about it, not part of it.
    @Test func plainItemTitleLinesAreARepeatedBlock() throws {
        let text = """
            ---
            name: audit-closer
            description: Closes audit items.
            ---
            Close each audit item. Use this format:

            ## Audit Closure

            CHK-01 — [title]
            - State: CLOSED / OPEN / WAIVED
            - Proof: [link or commit]

            CHK-02 — ...

            Rules:
            - every item gets a state.
            """
        let schema = try Self.derive(Self.definition(text: text))
        let loaded = try Self.loaded(schema, as: "plain-item-titles")
        let answer = """
            ## Audit Closure

            CHK-01 — Backups are encrypted
            - State: CLOSED
            - Proof: commit 4f2a9c1

            CHK-02 — Admin accounts use MFA
            - State: WAIVED
            - Proof: https://wiki.example/waiver-12
            """
        let report = Self.report(answer, schema: loaded)
        #expect(report.diagnostics.filter { $0.severity != .note }.isEmpty, "\(report.diagnostics.map { "\($0.code): \($0.message)" })")
        let items = report.data.values.first?.arrayValue
        #expect(items?.count == 2, "\(report.data)")
        #expect(items?.last?.objectValue?["title"] == .string("Admin accounts use MFA"))
        let bad = Self.report(answer.replacingOccurrences(of: "State: WAIVED", with: "State: SKIPPED"), schema: loaded)
        #expect(bad.diagnostics.filter { $0.severity == .error }.map(\.code) == ["schema-enum"])
    }

    /// Alternative templates headed by bold lines whose title holds a colon (`**Deploy
    /// Check: GO**`), one with a numbered list whose items carry an indented sub-field: either
    /// answer validates, and the sub-field is part of each list item.
    @Test func caseTemplatesWithColonTitlesAndListRecords() throws {
        let text = """
            ---
            name: deploy-checker
            description: Checks a deploy.
            ---
            Check the deploy.

            ## Return Format

            ### If the deploy may go ahead:

            ```
            **Deploy Check: GO**

            **Checked:**
            - [what you checked]
            ```

            ### If it may not:

            ```
            **Deploy Check: STOP**

            **Blockers:**
            1. [what blocks the deploy]
               - Owner: [team]
            ```
            """
        let schema = try Self.derive(Self.definition(text: text))
        let loaded = try Self.loaded(schema, as: "case-colon-titles")
        let go = "**Deploy Check: GO**\n\n**Checked:**\n- migrations applied on staging\n- error budget above 50%\n"
        let stop = "**Deploy Check: STOP**\n\n**Blockers:**\n1. The payments canary fails.\n   - Owner: Payments\n2. No rollback plan.\n   - Owner: Platform\n"
        for answer in [go, stop] {
            let report = Self.report(answer, schema: loaded)
            #expect(report.diagnostics.filter { $0.severity == .error }.isEmpty, "\(answer): \(report.diagnostics.map { "\($0.code): \($0.message)" })")
        }
    }

    /// Shapes from a trial on real definitions: each (template, compliant answer) must derive
    /// and validate with no error.
    @Test(arguments: [
        ("headings answered with bold labels", "## Output Format\n```\n## Overview\n[one paragraph]\n## Open Questions\n- [question]\n```\n",
         "**Overview**\nThe importer is ready.\n\n**Open Questions**\n- None\n"),
        ("an enum whose options carry a gloss", "## Output Format\n```\nTRIAGE:\n- Urgency: U1 (today) | U2 (this week) | U3 (later)\n```\n",
         "TRIAGE:\n- Urgency: U2\n"),
        ("a score out of a maximum", "## Output Format\n```\n## Result\n- Grade: [X/10]\n```\n", "## Result\n- Grade: 7/10\n"),
        ("a process step named Format before the format block",
         "## Steps\n\n### 2. Format\nRun the formatter.\n\n## Output Format\n```\n## Result\n- Status: OK / FAILED\n```\n",
         "## Result\n- Status: OK\n"),
        ("For each at the top of an unfenced template", "## Output Format\n\nFor each problem:\n\n- **Where**: [file and line]\n- **Kind**: bug / smell\n",
         "- **Where**: `a.go:3`\n- **Kind**: bug\n\n- **Where**: `b.go:7`\n- **Kind**: smell\n"),
        ("the answer's own item headings", "## Output Format\n\nFor each problem:\n\n1. **Where**: file and line\n2. **Kind**: bug / smell\n",
         "## Problem 1\n1. **Where**: `a.go:3`\n2. **Kind**: bug\n\n## Problem 2\n1. **Where**: `b.go:7`\n2. **Kind**: smell\n"),
        ("blocks of several kinds, only one written",
         "## Output Format\n```\n## Problems\n\n### BUG: [Title]\n**Where:** `file:line`\n\n### SMELL: [Title]\n**Where:** `file:line`\n```\n",
         "## Problems\n\n### BUG: Off-by-one in pager\n**Where:** `pager.go:40`\n"),
        ("a value or a count in a heading", "## Output Format\n```\n### Lint: PASS / N warnings\n[details]\n```\n", "### Lint: 3 warnings\n\n- `a.py:3` unused import\n"),
        ("fixed pointers after the template's last field",
         "## Output Format\n```\n## Summary\n- Score: [X/100]\n\nSee also:\n- Guide: the team's style guide in docs/style.md, section on naming.\n```\n",
         "## Summary\n- Score: 81\n"),
        ("a format heading in another language, after a one-word one",
         "## 输出\n报告写入文件。\n\n## 输出格式（最终回复）\n```\n状态: done\n结论: <一句话>\n```\n", "状态: done\n结论: 没有发现问题\n"),
        ("labels on continuation lines of numbered items", "## Output Format\n\nFor each problem:\n\n1. **Where**: file and line\n2. **Kind**: bug / smell\n",
         "1. **Where**: `a.go:3`\n   **Kind**: bug\n\n2. **Where**: `b.go:7`\n   **Kind**: smell\n"),
    ])
    func trialShapesValidate(_ name: String, _ template: String, _ answer: String) throws {
        let schema = try Self.derive(Self.definition(text: "---\nname: x\ndescription: y\n---\n" + template))
        let report = Self.report(answer, schema: try Self.loaded(schema, as: "trial-\(name.count)-\(template.count)"))
        #expect(report.diagnostics.filter { $0.severity == .error }.isEmpty, "\(name): \(report.diagnostics.map { "\($0.code): \($0.message)" })")
    }

    /// A template that starts with its own front matter: its keys are the answer's metadata
    /// (`x-front-matter`), not sections; a value outside its enum is a `metadata-enum` error.
    @Test func aTemplateWithFrontMatterDescribesTheMetadata() throws {
        let text = """
            ---
            name: rollout-planner
            description: Plans rollouts.
            ---
            ## Output Format

            ```markdown
            ---
            service: <name>
            risk: LOW | HIGH
            ---

            # Rollout: <Service>

            ## Steps
            - <step>
            ```
            """
        let schema = try Self.derive(Self.definition(text: text))
        #expect(schema["properties"]?.objectValue.map { Array($0.keys) } == ["steps"])
        #expect(schema["x-front-matter"]?["properties"]?["risk"]?["enum"] == .array(["LOW", "HIGH"]))
        let loaded = try Self.loaded(schema, as: "front-matter-template")
        let answer = "---\nservice: billing\nrisk: LOW\n---\n\n# Rollout: Billing\n\n## Steps\n- Drain one zone\n- Deploy\n"
        #expect(Self.report(answer, schema: loaded).diagnostics.filter { $0.severity == .error }.isEmpty)
        let wrong = Self.report(answer.replacingOccurrences(of: "risk: LOW", with: "risk: MEDIUM"), schema: loaded)
        #expect(wrong.diagnostics.filter { $0.severity == .error }.map(\.code) == ["metadata-enum"])
    }

    /// A format block whose fence is never closed derives (the template runs to the end), and
    /// nothing traps.
    @Test func anUnclosedFenceAfterTheFormatHeadingDerives() throws {
        let schema = try Self.derive(Self.definition(text: "---\nname: x\ndescription: y\n---\n## Output Format\n```\n## Summary\n[text]\n"))
        #expect(schema["properties"]?["summary"] != nil)
    }

    // MARK: A variety of definitions

    /// Each fixture's sections and fields, as `Section: Field | Field`.
    static let expectedOutlines: [String: [String]] = [
        "api-designer.md": ["API OVERVIEW: Base URL | Authentication", "ENDPOINTS: ", "DATA MODELS: Model | Notes"],
        // `### Findings` and `### Verdict` sit under `## Summary` in the template: subsections of it.
        "code-reviewer.md": ["Summary: Findings | Verdict"],
        "dependency-auditor.md": ["SUMMARY: Total Dependencies | Outdated", "VULNERABLE PACKAGES: Package | Version | Advisory | Fixed In", "RECOMMENDATIONS: "],
        "doc-writer.md": ["Overview: ", "Usage: ", "API Reference: Function | Returns", "See Also: "],
        "incident-responder.md": [
            "IMPACT ASSESSMENT: Affected Services | User Impact | Severity", "ROOT CAUSE: Trigger | Contributing Factors",
            "MITIGATION: Immediate Actions | Follow-ups",
        ],
        "migration-planner.md": ["Migration Overview: Source Schema | Target Schema | Downtime", "Steps: ", "Rollback Plan: Trigger | Procedure", "Risks: "],
        "performance-profiler.md": ["BOTTLENECKS: Function", "RECOMMENDATIONS: Quick Wins | Long Term"],
        "release-checker.md": ["Return Format: Changelog | Version Bump | Migration Notes"],
        "security-auditor.md": ["Report Format: Summary | Risk Level | Vulnerabilities | Remediation"],
        "test-writer.md": ["TEST PLAN: Scope | Framework", "TEST CODE: File | Code", "COVERAGE: Expected Coverage"],
        "triage-bot.md": ["Output Structure: VERDICT | PRIORITY | SUMMARY | LABELS"],
    ]

    @Test(arguments: expectedOutlines.keys.sorted())
    func fixtureSectionsAndFields(_ file: String) throws {
        let schema = try Self.derive(Self.definition(Self.fixtures.appendingPathComponent(file)))
        #expect(Self.outline(schema) == Self.expectedOutlines[file])
        // Every derived schema is valid 2020-12 and can drive parsing.
        let text = SourceText(name: file, text: schema.serialized(pretty: true))
        #expect(SchemaChecker().check(text).isEmpty)
    }

    @Test func definitionWithoutAFormatFails() throws {
        let result = SchemaDeriver().derive(try Self.definition(Self.fixtures.appendingPathComponent("plain-helper.md")))
        guard case .failure(let failure) = result else {
            Issue.record("derived a schema")
            return
        }
        #expect(failure.message.hasPrefix("plain-helper.md: no Return Format found"))
    }

    static func property(_ schema: JSONValue, _ path: String...) -> JSONValue? {
        var current: JSONValue? = schema
        for key in path { current = current?["properties"]?[key] }
        return current
    }

    @Test func nestedFieldsBecomeObjects() throws {
        let schema = try Self.derive(Self.definition(Self.fixtures.appendingPathComponent("performance-profiler.md")))
        // `- Function: …` with sub-fields, then `- ...`: the section repeats a function and its fields.
        #expect(Self.property(schema, "bottlenecks")?["type"] == "array")
        let function = try #require(Self.property(schema, "bottlenecks")?["items"]?["properties"]?["function"])
        #expect(function["type"] == ["object", "string"])
        #expect(function["description"] == "[Name]")
        #expect(function["properties"]?.objectValue?.keys == ["purpose", "cost"])
        #expect(function["properties"]?["purpose"]?["description"] == "[what it does]")
    }

    @Test func repeatedItemsBecomeArrays() throws {
        let api = try Self.derive(Self.definition(Self.fixtures.appendingPathComponent("api-designer.md")))
        // A section that is only a list is that list.
        let endpoints = try #require(Self.property(api, "endpoints"))
        #expect(endpoints["type"] == "array")
        #expect(endpoints["minItems"] == 1)
        #expect(endpoints["items"]?["description"] == "[Method] /endpoint — [purpose]")
        let audit = try Self.derive(Self.definition(Self.fixtures.appendingPathComponent("security-auditor.md")))
        let vulnerabilities = try #require(Self.property(audit, "report_format", "vulnerabilities"))
        #expect(vulnerabilities["type"] == "array")
        #expect(vulnerabilities["minItems"] == 1)
        #expect(vulnerabilities["items"]?["description"] == "{CWE id} {title}: {location and impact}")
        // A section that is a table with a placeholder row: its rows, one record a row, columns
        // from the header, each cell typed by its guidance; no row or cell required.
        let deps = try Self.derive(Self.definition(Self.fixtures.appendingPathComponent("dependency-auditor.md")))
        let table = try #require(Self.property(deps, "vulnerable_packages"))
        #expect(table["type"] == "array" && table["minItems"] == nil)
        #expect(table["items"]?["properties"]?.objectValue?.keys == ["package", "version", "advisory", "fixed_in"])
        #expect(table["items"]?["properties"]?["advisory"]?["description"] == "[GHSA id]")
        #expect(table["items"]?["required"] == [])
        let cells = try Self.derive(Self.definition(text: "---\nname: t\ndescription: d\n---\n\n## Output Format\n\n```\n## Findings\n| Where | Severity |\n|---|---|\n| [file:line] | HIGH / MEDIUM / LOW |\n```\n"))
        #expect(Self.property(cells, "findings")?["items"]?["properties"]?["severity"]?["enum"] == ["HIGH", "MEDIUM", "LOW"])
    }

    @Test func codeInATemplateIsAStringField() throws {
        let schema = try Self.derive(Self.definition(Self.fixtures.appendingPathComponent("test-writer.md")))
        let code = try #require(Self.property(schema, "test_code", "code"))
        #expect(code["type"] == "string")
        #expect(code["x-code"] == "swift")
        #expect(code["description"] == "// the tests")
    }

    @Test func optionalMarksLeaveFieldsOutOfRequired() throws {
        let api = try Self.derive(Self.definition(Self.fixtures.appendingPathComponent("api-designer.md")))
        #expect(Self.property(api, "data_models")?["required"] == ["model"])
        let migration = try Self.derive(Self.definition(Self.fixtures.appendingPathComponent("migration-planner.md")))
        #expect(migration["required"] == ["migration_overview", "steps", "rollback_plan"])
        #expect(Self.property(migration, "migration_overview")?["required"] == ["source_schema", "target_schema"])
    }

    @Test func guidanceIsKeptAsWritten() throws {
        let triage = try Self.derive(Self.definition(Self.fixtures.appendingPathComponent("triage-bot.md")))
        #expect(Self.property(triage, "output_structure", "verdict")?["description"] == "<BUG|FEATURE|QUESTION>")
        let audit = try Self.derive(Self.definition(Self.fixtures.appendingPathComponent("security-auditor.md")))
        #expect(Self.property(audit, "report_format", "risk_level")?["description"] == "{LOW|MEDIUM|HIGH|CRITICAL}")
    }

    @Test func keysAreSnakeCaseOfTitles() throws {
        let text = """
            ---
            name: keys
            description: Keys.
            ---
            ## Output Format
            ```
            DEPLOYMENT & OPERATIONS:
            - CI/CD Pipeline: [how]
            - Monitoring & Logging: [what]
            - Framework Choice: [which]
            ```
            """
        let schema = try Self.derive(Self.definition(text: text))
        #expect(schema["properties"]?.objectValue?.keys == ["deployment_operations"])
        #expect(Self.property(schema, "deployment_operations")?["properties"]?.objectValue?.keys
            == ["ci_cd_pipeline", "monitoring_logging", "framework_choice"])
    }

    @Test func anExampleFenceIsNotTheTemplate() throws {
        let schema = try Self.derive(Self.definition(Self.fixtures.appendingPathComponent("doc-writer.md")))
        #expect(schema["properties"]?.objectValue?.keys == ["overview", "usage", "api_reference", "see_also"])
    }

    @Test(arguments: expectedOutlines.keys.sorted())
    func promptOfADerivedSchemaDerivesTheSameSections(_ file: String) throws {
        let schema = try Self.derive(Self.definition(Self.fixtures.appendingPathComponent(file)))
        let loaded = try ReturnFormat(schema: schema)
        let prompt = ReturnFormatPromptWriter().write(loaded)
        let again = try Self.derive(Self.definition(text: "---\nname: again\ndescription: Again.\n---\n\n" + prompt))
        #expect(Self.outline(again) == Self.outline(schema))
        #expect(again["required"] == schema["required"])
    }

    // MARK: schema check

    @Test func checkFindsMetaSchemaAndTitleProblems() {
        let text = SourceText(name: "bad.json", text: """
            {
              "type": "object",
              "properties": {
                "a": {"type": "object", "properties": {"x": {"type": "string"}, "y": {"title": "X", "type": "string"}}},
                "b": {"title": "A", "type": "object"}
              }
            }
            """)
        let codes = SchemaChecker().check(text).map { "\($0.code) \($0.path ?? "")" }
        #expect(codes == [
            "schema-missing-title /properties/a", "schema-missing-title /properties/a/properties/x",
            "schema-duplicate-title /properties/a/properties/y", "schema-duplicate-title /properties/b",
        ])
        let meta = SchemaChecker().check(SourceText(name: "m.json", text: #"{"properties": {"a": {"type": "strin"}}}"#))
        #expect(meta.contains { $0.code == "schema-meta" && $0.path == "/properties/a/type" && $0.range?.start.column == 23 })
        #expect(SchemaChecker().check(SourceText(name: "n.json", text: "{\"type\": ")).map(\.code) == ["schema-invalid-json"])
    }

    @Test(arguments: SchemaCatalog.bundledFormats().map(\.name))
    func shippedFormatsPassTheCheck(_ name: String) throws {
        let text = try #require(SchemaCatalog.bundledText(name))
        #expect(SchemaChecker().check(SourceText(name: name, text: text)).isEmpty)
    }

    // MARK: Answers of agents without a format

    @Test func freeFormAnswersFallBackToAUsefulOutline() throws {
        let answer = """
            # Scaling the orders service

            The service is CPU-bound at 4k RPS.

            ## Approach to the problem
            - Current architecture: a monolith on one Postgres primary
            - Add read replicas and a Redis cache in front of product reads

            ## Security-first mindset
            Rotate keys; use parameterised queries.
            """
        let report = ReportBuilder(schema: nil).report(for: SourceText(name: "free.md", text: answer))
        #expect(report.diagnostics.map(\.code) == ["outline-only"])
        #expect(report.title == "Scaling the orders service")
        #expect(report.extras.unknownSections.map(\.title) == ["Approach to the problem", "Security-first mindset"])
        let markdown = MarkdownRenderer(format: nil).render(report)
        #expect(markdown.contains("Approach to the problem") && markdown.contains("Redis cache"))
        let json = try JSONParser.parse(JSONRenderer().render(report))
        #expect(json["valid"] == true)
        #expect(json["extras"]?["unknownSections"]?.arrayValue?.count == 2 || json.serialized().contains("Security-first mindset"))
    }
}
