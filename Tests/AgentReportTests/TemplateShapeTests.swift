import AgentReport
import Foundation
import JSONSchema
import Testing

/// Template shapes seen in public agent definitions that once led to a correct answer being
/// rejected: each small definition derives, and its compliant answer validates with no error.
@Suite struct TemplateShapeTests {
    static func definition(_ body: String) -> String {
        "---\nname: shape\ndescription: A test agent.\n---\n\nYou check things.\n\n" + body
    }

    static func errors(definition text: String, answer: String, name: String) throws -> [String] {
        guard let report = try report(definition: text, answer: answer, name: name) else { return ["derive failed"] }
        return report.diagnostics.filter { $0.severity == .error }.map { "\($0.code) \($0.path ?? "-")" }
    }

    /// The answer's report under the schema derived from the definition; nil when none derives.
    static func report(definition text: String, answer: String, name: String) throws -> Report? {
        let (source, _) = SourceDecoder().decode(Array(definition(text).utf8), name: "\(name).md")
        guard case .success(let derivation) = SchemaDeriver().derive(AgentDefinition(source: source)) else { return nil }
        let file = try TestPaths.scratch("shape-\(name)").appendingPathComponent("schema.json")
        try Data(derivation.schema.serialized(pretty: true).utf8).write(to: file)
        let (answerSource, diagnostics) = SourceDecoder().decode(Array(answer.utf8), name: "answer.md")
        return ReportBuilder(schema: try SchemaCatalog.load(file.path)).report(for: answerSource, diagnostics: diagnostics)
    }

    /// What the answer wrote is in the data, as written: list items that are code alone stay
    /// items of the list; an item heading that fills a slot written `XXX` keeps its title and
    /// the id, and one written without the id still keeps its title.
    @Test func whatIsWrittenIsKept() throws {
        let list = try #require(try Self.report(
            definition: "## Output Format\n\n```\n## Checked\n<commands you ran>\n\n## Skipped\n<what and why>\n```\n",
            answer: "## Checked\n- `make build`\n- `make lint` (no warnings)\n- `./scripts/check.sh --all`\n\n## Skipped\nNothing.\n", name: "code-items"))
        #expect(list.data["checked"] == .string("- `make build`\n- `make lint` (no warnings)\n- `./scripts/check.sh --all`"))
        #expect(list.diagnostics.isEmpty, "\(list.diagnostics.map(\.message))")
        let template = "## Output Format\n\n```\n## Summary\n[one line]\n\n## Findings\n\n### [Title] — RULE-XXX\n**Impact:** HIGH/LOW\n```\n"
        let withID = try #require(try Self.report(definition: template, answer: "## Summary\nOne.\n\n## Findings\n\n### Open redirect — RULE-12\n**Impact:** HIGH\n", name: "id-slot"))
        #expect(withID.data["findings"] == .array([.object(JSONObject([("title", "Open redirect"), ("rule", "12"), ("impact", "HIGH")]))]))
        let withoutID = try #require(try Self.report(definition: template, answer: "## Summary\nOne.\n\n## Findings\n\n### Open redirect\n**Impact:** HIGH\n", name: "id-left-out"))
        #expect(withoutID.data["findings"] == .array([.object(JSONObject([("title", "Open redirect"), ("impact", "HIGH")]))]))
        #expect(withoutID.diagnostics.filter { $0.severity == .error }.isEmpty)
        // A value in a section's heading (`## Health: X/10` over fields) is the section's field of its title.
        let scoreTemplate = "## Output Format\n\n```\n## Health: X/10\n\n**Trend**: Better / Same / Worse\n```\n"
        let score = try #require(try Self.report(definition: scoreTemplate, answer: "## Health: 6.5/10\n\n**Trend**: Better\n", name: "score-heading"))
        #expect(score.data["health"] == .object(JSONObject([("health", .number(JSONNumber(6.5))), ("trend", "Better")])))
        #expect(score.diagnostics.isEmpty, "\(score.diagnostics.map(\.message))")
    }

    @Test(arguments: [
        ("instruction echoed", "## Output Format\n\n```\n### Failed Checks\nFor each failure:\n- **Check**: [name]\n- **Impact**: [High/Low]\n\n### Notes\n[free text]\n```\n",
         "### Failed Checks\nFor each failure:\n- **Check**: disk space\n- **Impact**: High\n\n### Notes\nnothing else\n"),
        ("none for a block", "## Output Format\n\n```\n### Failed Checks\nFor each failure:\n- **Check**: [name]\n- **Impact**: [High/Low]\n```\n",
         "### Failed Checks\nNone — every check passed.\n"),
        ("placeholder headings only", "## Output Format\n\n```markdown\n## [Area]\n- **Files**: [paths]\n- **Confidence**: HIGH/MEDIUM/LOW\n```\n",
         "## Session handling\n- **Files**: auth/session.go:10\n- **Confidence**: HIGH\n\n## Rate limits\n- **Files**: api/limit.go:4\n- **Confidence**: LOW\n"),
        ("for each before the fence", "Group the problems by area. For each problem:\n\n```\n[SEVERITY] Short title\nFile: path:line\nProblem: what is wrong\nFix: what to change\n```\n",
         "[HIGH] Token logged\nFile: log.go:3\nProblem: the bearer token is written to the log\nFix: redact it\n\n[LOW] Typo\nFile: readme.md:1\nProblem: misspelt word\nFix: correct it\n"),
        ("bold line holding a field", "## Output Format\n\n```\n### Health\n\n**Overall: {GOOD / POOR}**\n\n| Metric | Value |\n|---|---|\n| Packages | {n} |\n```\n",
         "### Health\n\n**Overall: POOR**\n\n| Metric | Value |\n|---|---|\n| Packages | 40 |\n"),
        ("numbered id items then an ellipsis", "## Output Format\n\n```\n## Findings\n\n### RV-001: {title}\n- **Severity**: Major | Minor\n\n### RV-002: ...\n```\n",
         "## Findings\n\n### RV-001: Missing timeout\n- **Severity**: Major\n"),
        ("conditional field omitted", "## Output Format\n\n```\n## Result\n**Status:** PASS / FAIL / SKIPPED\n**Counts:** X run, Y failed (omit if SKIPPED)\n```\n",
         "## Result\n**Status:** SKIPPED\n"),
        ("label with a comparison", "## Output Format\n\n```\n## Inventory\n| Metric | Count |\n|---|---|\n| Stale (>12mo) | {n} |\n| Total | {n} |\n```\n",
         "## Inventory\n| Metric | Count |\n|---|---|\n| Stale (>12mo) | 3 |\n| Total | 30 |\n"),
        ("a command fence before the template", "## Output Format\n\nFirst read the rules:\n\n```\ncat docs/RULES.md\n```\n\nThen fill in:\n\n```markdown\n## Cause\n<one sentence>\n\n## Fix\n<the change>\n```\n",
         "## Cause\nThe cache key ignores the tenant.\n\n## Fix\nAdd the tenant id to the key.\n"),
        ("parts named in a sentence", "## Output Format\n\nReply with a short Summary, then Risks and Next Steps (write \"None\" when there are none).\n",
         "## Summary\nThe migration is safe to run tonight.\n\n## Risks\n- Lock on the orders table for about 2 s\n\n## Next Steps\nNone\n"),
        ("template title filled in", "## Output Format\n\n```\n## Review: [Change]\n\n### Items\n\n#### [Item]\n- **Risk**: Low | High\n```\n",
         "## Review: Cache layer\n\n### Items\n\n#### Eviction\n- **Risk**: Low\n"),
        ("template heading copied with its gloss", "## Output Format\n\n```\n## Checks\n**Status:** PASS / FAIL\n\n### Failures (if any)\n- **Test:** [name]\n\n### Summary\n[one line]\n```\n",
         "## Checks\n**Status:** FAIL\n\n### Failures (if any)\n- **Test:** login redirect\n\n### Summary\nOne test failed.\n"),
        ("heading written without its gloss", "## Output Format\n\n```\n## Blockers (must fix before merge)\n\n### [Title]\n- **Fix**: [how]\n\n## Notes\n[text]\n```\n",
         "## Blockers\n\n### Token leak\n- **Fix**: redact the header\n\n## Notes\nNothing else.\n"),
        ("a subsection of the answer's own", "## Output Format\n\n```\n## Checks\n**Status:** PASS / FAIL\n\n### Summary\n[one line]\n```\n",
         "## Checks\n**Status:** PASS\n\n### Environment\nnode 20 on linux\n\n### Summary\nAll good.\n"),
        ("example paths as list labels", "## Output Format\n\n```\n## Changed Files\n- `src/module/a.ts` - [what changed]\n- `src/module/b.ts` - [what changed]\n```\n",
         "## Changed Files\n- `api/users.go` - adds paging\n- `api/orders.go` - fixes the total\n- `web/app.ts` - a new button\n"),
        ("an instruction wrapped over two lines", "## Output Format\n\n```\n## Report\n\n**IMPORTANT**: Keep this structure and add a ticket number\nto every heading where one exists.\n\n### Findings\n[a few sentences]\n```\n",
         "## Report\n\n### Findings\nNothing risky.\n"),
        ("a condition in parentheses", "## Output Format\n\n```\n## Upgrade\n- **Version:** [new version]\n- **Breaking Changes:** (when there are any)\n```\n",
         "## Upgrade\n- **Version:** 2.4.0\n"),
        ("a condition inside a fenced slot", "## Output Format\n\n```markdown\n## [Area]\n- **Pattern**: [what]\n- **Snippet**:\n  ```ts\n  [code, only when it helps]\n  ```\n```\n",
         "## Session handling\n- **Pattern**: tokens are refreshed on every call\n"),
        ("sub-headings in a text section", "## Output Format\n\n```\n## Findings\n[what you found]\n\n## Verdict\nAPPROVE | REJECT\n```\n",
         "## Findings\n\n### Slow query\nThe report page scans the orders table.\n\n### Missing index\n`orders.customer_id` has none.\n\n## Verdict\nREJECT\n"),
        ("omit if none in a section's guidance", "## Output Format\n\n### STATUS\n[what happened, in one line]\n\n### WARNINGS\nAnything odd. Omit if none.\n",
         "### STATUS\nDeployed build 412 to staging.\n"),
        ("empty categories may be skipped", "## Output Format\n\n```\n### Results\n\n#### FAILED\n- [ ] <test> — <reason>\n\n#### FLAKY\n- [ ] <test> — <reason>\n```\n\nSkip a category section that would be empty.\n",
         "### Results\n\n#### FAILED\n- [ ] login — times out after 30 s\n"),
        ("lead-in lines", "## Output Format\n\nBegin with:\n- **Outcome:** DONE | BLOCKED\n\nEnd with:\n- **Follow-ups:** (bullets)\n",
         "- **Outcome:** DONE\n- **Follow-ups:** None.\n"),
        ("a legend inside the template", "## Output Format\n\n- **Result:** GREEN | RED\n\nLevels:\n- **P0** — drop everything\n- **P2** — when convenient\n",
         "- **Result:** GREEN\n"),
        ("a bold title with a gloss", "## Output Format\n\n**Coverage**\n- Files: [N]\n\n**Problems** (if any)\n- [file] — [what]\n",
         "**Coverage**\n- Files: 12\n"),
        ("a part written only in some cases", "## Output Format\n\n```\n### Summary\n\n**Blocking**: <count>\n\n<If blocking issues exist>\n**Escalation**: Page the owner of <count> blocking issues.\n<end if>\n```\n",
         "### Summary\n\n**Blocking**: 0\n"),
        ("one entry shown twice", "## Output Format\n\n```markdown\n### Naming\n\n**Problems**:\n- **Where**: `{file}:{line}` - {what}\n- **Where**: `{file}:{line}` - {what}\n```\n",
         "### Naming\n\n**Problems**:\n- **Where**: `src/tax.py:5` - single-letter parameters\n"),
        ("a choice with detail after it", "## Output Format\n\n```json\n{\"gap\": \"<missing happy path | missing error path | uneven coverage, with detail>\"}\n```\n",
         "{\"gap\": \"missing error path: the 422 branch has no test\"}\n"),
        ("a template that is one table", "## Output Format\n\nList the problems as a table, one row per problem:\n\n| Path | Risk | Problem |\n|---|---|---|\n| src/app.ts | HIGH | Token in the log |\n",
         "| Path | Risk | Problem |\n|---|---|---|\n| api/auth.go | HIGH | Session id never rotates |\n| docs/x.md | — | typo |\n"),
        ("a template that is one table, under a heading of the answer's own", "## Output Format\n\nList the problems as a table, one row per problem:\n\n| Path | Risk | Problem |\n|---|---|---|\n| src/app.ts | HIGH | Token in the log |\n",
         "Reviewed two files.\n\n## Problems\n\n| Path | Risk | Problem |\n|---|---|---|\n| web/a.ts | LOW | unused import |\n"),
        ("fields under the template's title", "## Output Format\n\n```markdown\n# Release Check\n\n**Owner**: release-bot\n**When**: {timestamp}\n\n## Result\n{one line}\n```\n",
         "# Release Check\n\n**Owner**: release-bot\n**When**: 2026-12-03T10:00:00Z\n\n## Result\nAll gates green.\n"),
        ("entries beside one whose label is a slot", "## Output Format\n\n```markdown\n### Design\n\n**Breaches**:\n- **Layering**: `{file}:{line}` - {what}\n\n- **{Rule}**: `{file}:{line}` - {what}\n```\n",
         "### Design\n\n**Breaches**:\n- **Layering**: `api/db.go:12` - the handler opens its own connection\n"),
        ("a path written as the example value", "## Output Format\n\n```\n## Run\n**Pipeline**: build/jobs/release.yml\n**Owner**: infra-team/oncall\n```\n",
         "## Run\n**Pipeline**: deploy/nightly.yml\n**Owner**: web/frontend\n"),
        ("a line leading into the fields", "## Output Format\n\n```\n### Queue\nAccording to the broker:\n- Depth: [n]\n- Lag: [OK/HIGH]\n```\n",
         "### Queue\nAccording to the broker:\n- Depth: 40\n- Lag: HIGH\n"),
        ("a line leading into the fields, left out", "## Output Format\n\n```\n### Queue\nAccording to the broker:\n- Depth: [n]\n- Lag: [OK/HIGH]\n```\n",
         "### Queue\n- Depth: 40\n- Lag: OK\n"),
        ("capitals that name a kind of value", "## Output Format\n\n- **Reference**: ID or URL\n- **Result**: PASS or FAIL\n",
         "- **Reference**: https://tracker.example/T-9\n- **Result**: PASS\n"),
        ("capitals with a lower-case gloss", "## Output Format\n\n```\nTOP TASKS (move on today):\n1. [task] - [why]\n\nPARKED (revisit next week):\n- [task]\n```\n",
         "TOP TASKS (move on today):\n1. Fix login - users are locked out\n\nPARKED:\n- Refactor the cache\n"),
        ("a table named in words", "## Output Format\n\n```\n## Results\nTable: Run | Seed | Time (ms) | …\n\n## Verdict\nPASS | FAIL\n```\n",
         "## Results\n| Run | Seed | Time (ms) |\n|---|---|---|\n| 1 | 42 | 180 |\n| 2 | 7 | 175 |\n\n## Verdict\nPASS\n"),
        ("a label, a blank line, then its list", "## Output Format\n\n```\n### Changes\n\n**Dependencies:**\n\n- [added or removed, or \"None\"]\n\n**Env vars:**\n\n- [new ones]\n```\n",
         "### Changes\n\n**Dependencies:**\n\n- None\n\n**Env vars:**\n\n- `API_KEY` in config.exs\n\n- `REGION` in runtime.exs\n"),
        ("a JSON string that says or", "## Output Format\n\n```json\n{\n  \"verdict\": \"PASS\" | \"FAIL\",\n  \"evidence\": \"Actual output or finding\"\n}\n```\n",
         "```json\n{\"verdict\": \"PASS\", \"evidence\": \"tsc reported no errors\"}\n```\n"),
        ("an example value copied as it stands", "## Output Format\n\n```\n## Deploy\n- Environment: staging | production\n- Health checks: All passing ✅\n```\n",
         "## Deploy\n- Environment: production\n- Health checks: All passing ✅\n"),
    ])
    func aCompliantAnswerValidates(_ name: String, _ template: String, _ answer: String) throws {
        #expect(try Self.errors(definition: template, answer: answer, name: name.replacingOccurrences(of: " ", with: "-")) == [], "\(name)")
    }

    /// A format heading named after the agent's own work (`## Review Format` for a reviewer)
    /// is its answer's format; seed 004's `Metadata Format` (documents it saves) stays refused.
    @Test func aFormatNamedAfterTheAgentsWorkIsItsAnswer() throws {
        let text = "---\nname: code-reviewer\ndescription: Reviews changes.\n---\n\n## Review Format\n\n```\n## Verdict\n- **Decision**: SHIP | HOLD\n```\n"
        let (source, _) = SourceDecoder().decode(Array(text.utf8), name: "code-reviewer.md")
        guard case .success(let derivation) = SchemaDeriver().derive(AgentDefinition(source: source)) else {
            Issue.record("the review format was not taken")
            return
        }
        #expect(derivation.block.introduction == "Review Format")
    }

    static let alternatives = """
        ## Output Format

        Use one of these.

        ### If the build passed

        ```markdown
        ## Build
        - STATE: GREEN
        - RUN: [run id]
        ```

        ### If the build failed

        ```markdown
        ## Build
        - STATE: RED
        - RUN: [run id]

        ## Failure
        - STEP: [step name]
        - CAUSE: test failure | build error | flake
        ```
        """

    /// Alternative templates, one per case: an answer to either case is valid, and a defect is
    /// reported against the case the answer is written for.
    @Test func alternativeTemplatesAcceptEitherCase() throws {
        #expect(try Self.errors(definition: Self.alternatives, answer: "## Build\n- STATE: GREEN\n- RUN: 812\n", name: "alt-pass") == [])
        let failed = "## Build\n- STATE: RED\n- RUN: 813\n\n## Failure\n- STEP: unit tests\n- CAUSE: test failure\n"
        #expect(try Self.errors(definition: Self.alternatives, answer: failed, name: "alt-fail") == [])
        let wrongCause = failed.replacingOccurrences(of: "CAUSE: test failure", with: "CAUSE: cosmic rays")
        #expect(try Self.errors(definition: Self.alternatives, answer: wrongCause, name: "alt-enum") == ["schema-enum /failure/cause"])
        let noStep = failed.replacingOccurrences(of: "- STEP: unit tests\n", with: "")
        #expect(try Self.errors(definition: Self.alternatives, answer: noStep, name: "alt-missing") == ["missing-field /failure/step"])
    }

    /// Told not to leave parts out, an answer that leaves out a list is still told so.
    @Test func partsStayRequiredWhenTheDefinitionSaysSo() throws {
        let template = "## Output Format\n\n```\n### Results\n\n#### FAILED\n- [ ] <test> — <reason>\n\n#### FLAKY\n- [ ] <test> — <reason>\n```\n\nNever omit a category section; write None under it.\n"
        #expect(try Self.errors(definition: template, answer: "### Results\n\n#### FAILED\n- [ ] login — times out\n", name: "never-omit")
                == ["missing-section /flaky"])
    }

    /// Top-level parts each titled as a whole answer (`## Quick report`, `## Full report`): the
    /// answer writes one of them, and is held to that one.
    @Test func partsTitledAsWholeAnswersAreAlternatives() throws {
        let template = "## Output Format\n\n```\n## Quick report\n### Verdict\n[one line]\n\n## Full report\n### Verdict\n[one line]\n### Evidence\n[what you ran]\n```\n"
        #expect(try Self.errors(definition: template, answer: "## Quick report\n### Verdict\nSafe to ship.\n", name: "whole-quick") == [])
        #expect(try Self.errors(definition: template, answer: "## Full report\n### Verdict\nSafe.\n### Evidence\nRan the suite.\n", name: "whole-full") == [])
        #expect(try Self.errors(definition: template, answer: "## Full report\n### Verdict\nSafe.\n", name: "whole-missing")
                == ["missing-field /full_report/evidence"])
    }

    @Test func aMissingFieldInAPlaceholderItemIsStillReported() throws {
        let found = try Self.errors(
            definition: "## Output Format\n\n```markdown\n## [Area]\n- **Files**: [paths]\n- **Confidence**: HIGH/MEDIUM/LOW\n```\n",
            answer: "## Session handling\n- **Files**: auth/session.go:10\n\n## Rate limits\n- **Files**: api/limit.go:4\n- **Confidence**: LOW\n",
            name: "placeholder-missing")
        #expect(found == ["missing-field /items/0/confidence"], "\(found)")
    }

    static let numberedEntries = """
        ## Output Format

        ```markdown
        ## Overview
        <a sentence or two>

        ## Problems
        1. **Name**
           - Impact: high | medium | low
           - Where: <path:line>

        ## Decision
        MERGE or REWORK
        ```
        """

    /// One numbered entry with a bold title over its fields is an example of the entries of a
    /// list: each entry of the answer is a record titled by the answer's own words, however the
    /// entries are marked, "None" is an answer, and a value outside a closed set is still
    /// reported where it is. A body that is words in capitals joined by "or" is that choice.
    @Test func aNumberedTitledEntryIsOneOfAList() throws {
        let answer = "## Overview\nTwo problems in the parser.\n\n## Problems\n1. **Unbounded recursion**\n   - Impact: high\n   - Where: parse.c:88\n2. **Leaked buffer**\n   - Impact: low\n   - Where: parse.c:120\n\n## Decision\nREWORK\n"
        let report = try #require(try Self.report(definition: Self.numberedEntries, answer: answer, name: "numbered-entries"))
        #expect(report.diagnostics.isEmpty, "\(report.diagnostics.map(\.message))")
        #expect(report.data["problems"] == .array([
            .object(JSONObject([("name", "Unbounded recursion"), ("impact", "high"), ("where", "parse.c:88")])),
            .object(JSONObject([("name", "Leaked buffer"), ("impact", "low"), ("where", "parse.c:120")])),
        ]))
        for (shape, written) in [
            ("bullets", answer.replacingOccurrences(of: "1. **", with: "- **").replacingOccurrences(of: "2. **", with: "- **")),
            ("headings", answer.replacingOccurrences(of: "1. **Unbounded recursion**\n   ", with: "### Unbounded recursion\n")
                .replacingOccurrences(of: "2. **Leaked buffer**\n   ", with: "### Leaked buffer\n").replacingOccurrences(of: "\n   - ", with: "\n- ")),
            ("plain numbers", answer.replacingOccurrences(of: "**", with: "")),
            ("none", "## Overview\nClean.\n\n## Problems\nNone.\n\n## Decision\nMERGE\n"),
        ] {
            #expect(try Self.errors(definition: Self.numberedEntries, answer: written, name: "numbered-\(shape)") == [], "\(shape)")
        }
        #expect(try Self.errors(definition: Self.numberedEntries, answer: answer.replacingOccurrences(of: "Impact: low", with: "Impact: severe"), name: "numbered-enum")
                == ["schema-enum /problems/1/impact"])
        #expect(try Self.errors(definition: Self.numberedEntries, answer: answer.replacingOccurrences(of: "REWORK", with: "MAYBE"), name: "numbered-choice")
                == ["schema-enum /decision"])
    }

    /// A numbered entry whose title has slots (`1. [Host] - [Errors] errors`): the answer's
    /// title line fills them, and the lines below are the entry's fields.
    @Test func aNumberedEntryTitleWithSlots() throws {
        let template = "## Output Format\n\n```\n#### Hosts\n**Worst hosts:**\n1. [Host] - [Errors] errors\n   - Region: [region]\n   - Since: [time]\n```\n"
        let answer = "#### Hosts\n**Worst hosts:**\n1. db7 - 40 errors\n   - Region: eu-west\n   - Since: 09:10\n2. cache2 - 12 errors\n   - Region: us-east\n   - Since: 09:30\n"
        let report = try #require(try Self.report(definition: template, answer: answer, name: "slot-entries"))
        #expect(report.diagnostics.filter { $0.severity == .error }.isEmpty, "\(report.diagnostics.map(\.message))")
        #expect(report.data["hosts"]?["worst_hosts"] == .array([
            .object(JSONObject([("host", "db7"), ("errors", "40"), ("region", "eu-west"), ("since", "09:10")])),
            .object(JSONObject([("host", "cache2"), ("errors", "12"), ("region", "us-east"), ("since", "09:30")])),
        ]))
        #expect(try Self.errors(definition: template, answer: answer.replacingOccurrences(of: "   - Since: 09:30\n", with: ""), name: "slot-missing")
                == ["missing-field /hosts/worst_hosts/1/since"])
    }

    /// A section whose body says it takes the format of the one before (`[same format]`) holds
    /// the same repeated blocks, checked as those are.
    @Test func aSectionInTheSameFormatAsTheOneBefore() throws {
        let template = "## Output Format\n\n```\n## Critical Issues\n### [Issue title]\n- **File:** [path, line]\n- **Fix:** [change]\n\n## Warnings\n(same format as above)\n```\n"
        let answer = "## Critical Issues\n### Rows dropped\n- **File:** clean.R, line 63\n- **Fix:** left join\n\n## Warnings\n### No seed\n- **File:** boot.R, line 12\n- **Fix:** set a seed\n"
        let report = try #require(try Self.report(definition: template, answer: answer, name: "same-format"))
        #expect(report.diagnostics.filter { $0.severity == .error }.isEmpty, "\(report.diagnostics.map(\.message))")
        #expect(report.data["warnings"] == .array([.object(JSONObject([("issue_title", "No seed"), ("file", "boot.R, line 12"), ("fix", "set a seed")]))]))
        #expect(try Self.errors(definition: template, answer: answer.replacingOccurrences(of: "- **Fix:** set a seed\n", with: ""), name: "same-format-missing")
                == ["missing-field /warnings/0/fix"])
    }

    /// Numbered entries with a plain title line over labelled sub-lines (`1. [What]` over
    /// `- Level: [low/high]`) are records: each line checked as its field, a gloss copied from
    /// the template over the list no entry.
    @Test func plainNumberedEntriesOverLabelledLinesAreRecords() throws {
        let template = "## Output Format\n\n```\n**Outcome: BLOCKED**\n\n**Blockers:**\n(Each must be cleared first)\n1. [What blocks]\n   - Where: [file:line]\n   - Level: [low/high]\n   - Remedy: [one line]\n```\n"
        let answer = "**Outcome: BLOCKED**\n\n**Blockers:**\n(Each must be cleared first)\n1. The cache is never invalidated\n   - Where: cache.go:40\n   - Level: high\n   - Remedy: expire on write\n2. A log line holds the token\n   - Where: auth.go:9\n   - Level: low\n   - Remedy: redact it\n"
        let report = try #require(try Self.report(definition: template, answer: answer, name: "plain-records"))
        #expect(report.diagnostics.filter { $0.severity == .error }.isEmpty, "\(report.diagnostics.map(\.message))")
        let blockers = report.data["outcome_blocked"]?["blockers"]?.arrayValue
        #expect(blockers?.count == 2)
        #expect(blockers?.first == .object(JSONObject([("what_blocks", "The cache is never invalidated"), ("where", "cache.go:40"), ("level", "high"), ("remedy", "expire on write")])))
        let wrong = answer.replacingOccurrences(of: "Level: low", with: "Level: medium").replacingOccurrences(of: "   - Remedy: expire on write\n", with: "")
        #expect(try Self.errors(definition: template, answer: wrong, name: "plain-records-wrong")
                == ["missing-field /outcome_blocked/blockers/0/remedy", "schema-enum /outcome_blocked/blockers/1/level"])
    }

    /// Numbered bold titles that differ (`1. **Now**`, `2. **Later**`) are parts of their own:
    /// one left out is reported.
    @Test func numberedTitlesThatDifferAreParts() throws {
        let template = "## Output Format\n\n```\n## Plan\n1. **Now**\n   - Step: <what>\n2. **Later**\n   - Step: <what>\n```\n"
        #expect(try Self.errors(definition: template, answer: "## Plan\n1. **Now**\n   - Step: pin the version\n2. **Later**\n   - Step: drop the fork\n", name: "parts-both") == [])
        #expect(try Self.errors(definition: template, answer: "## Plan\n1. **Now**\n   - Step: pin the version\n", name: "parts-one") == ["missing-section /plan/later"])
    }
}
