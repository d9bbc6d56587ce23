import AgentReport
import Foundation
import Testing

@Suite struct ParserTests {
    static let headings: [(String, String)] = [
        ("API ARCHITECTURE:", "capitals"), ("API ARCHITECTURE", "capitals"), ("## API ARCHITECTURE", "atx"),
        ("### Api Architecture", "atx"), ("**API ARCHITECTURE:**", "emphasis"), ("1. API ARCHITECTURE:", "listItem"),
        ("## 1. Api Architecture", "atx"), ("## API ARCHITECTURE ##", "atx"), ("#API ARCHITECTURE", "atx"),
        ("Api Architecture\n================", "setext"), ("**Api Architecture**", "emphasis"), ("II. API ARCHITECTURE", "listItem"),
    ]

    @Test(arguments: headings)
    func headingForms(_ heading: String, _ style: String) {
        let parsed = outline("Intro line.\n\n\(heading)\n- Framework Choice: FastAPI\n- API Style: REST\n")
        #expect(parsed.sections.count == 1)
        #expect(parsed.sections.first?.title.lowercased() == "api architecture")
        #expect(parsed.sections.first?.style.rawValue == style)
        #expect(parsed.allFields.map(\.label) == ["Framework Choice", "API Style"])
    }

    static let fields = [
        "- Framework Choice: FastAPI 0.115", "- **Framework Choice**: FastAPI 0.115", "- **Framework Choice:** FastAPI 0.115",
        "* Framework Choice: FastAPI 0.115", "• Framework Choice: FastAPI 0.115", "Framework Choice: FastAPI 0.115",
        "1. Framework Choice: FastAPI 0.115", "- Framework Choice - FastAPI 0.115", "- Framework Choice — FastAPI 0.115",
        "+ Framework Choice: FastAPI 0.115", "1) Framework Choice: FastAPI 0.115", "- framework choice: FastAPI 0.115",
        "- FRAMEWORK CHOICE: FastAPI 0.115", "- Framework Choice : FastAPI 0.115", "- Framework Choice：FastAPI 0.115",
        "\u{3000}- Framework Choice: FastAPI 0.115", "-\u{00A0}Framework Choice:\u{00A0}FastAPI 0.115",
        "| Framework Choice | FastAPI 0.115 |", "**Framework Choice**\nFastAPI 0.115", "Framework Choice:\nFastAPI 0.115",
        "- *Framework Choice*: FastAPI 0.115", "- `Framework Choice`: FastAPI 0.115", "\t- Framework Choice: FastAPI 0.115",
    ]

    @Test(arguments: fields)
    func fieldForms(_ line: String) throws {
        let bound = try report("API ARCHITECTURE:\n\(line)\n- API Style: REST\n")
        #expect(bound.data.string("api_architecture", "framework_choice") == "FastAPI 0.115")
        #expect(bound.data.string("api_architecture", "api_style") == "REST")
        #expect(!bound.diagnostics.contains { $0.code.hasPrefix("unknown") || $0.code == "misspelled-label" })
    }

    @Test func valueContinuesOnIndentedLinesSubBulletsAndCode() {
        let text = """
            API ARCHITECTURE:
            - Framework Choice: FastAPI 0.115
              because it is fast.
              - async
              - typed

              ```python
              app = FastAPI()
              ```
            - API Style: REST
            """
        let fields = outline(text).allFields
        #expect(fields[0].value == "FastAPI 0.115\nbecause it is fast.\n- async\n- typed\n\n```python\napp = FastAPI()\n```")
        #expect(fields[0].range.end.line == 9)
        #expect(fields[1].value == "REST")
    }

    @Test func aFieldValueMayWrapLazily() {
        let fields = outline("API ARCHITECTURE:\n- Framework Choice: FastAPI because\nit is fast.\n- API Style: REST\n").allFields
        #expect(fields.map(\.value) == ["FastAPI because\nit is fast.", "REST"])
    }

    @Test func fencedAnswerWithPreambleAndEpilogue() {
        let text = """
            Here is the design.

            ```markdown
            API ARCHITECTURE:
            - Framework Choice: FastAPI
              ```yaml
              replicas: 3
              ```
            - API Style: REST
            ```

            Let me know what you think.
            """
        let parsed = outline(text)
        #expect(parsed.wrapperFences.map(\.start.line) == [3, 10])
        #expect(parsed.preamble.count == 1)
        #expect(parsed.epilogue.count == 1)
        #expect(parsed.allFields.map(\.label) == ["Framework Choice", "API Style"])
        #expect(parsed.allFields[0].value.hasSuffix("```yaml\nreplicas: 3\n```"))
    }

    @Test func epilogueWithoutAFence() {
        let parsed = outline("API ARCHITECTURE:\n- API Style: REST\n\nThat is all.\n")
        #expect(parsed.epilogue.count == 1)
        #expect(parsed.sections[0].items.count == 1)
    }

    @Test func frontMatterIsReadAsYAML() {
        let parsed = outline("---\ntitle: \"Checkout\"\nsecurity_level: high\ntargets:\n  response_time: 100ms\n---\nAPI ARCHITECTURE:\n- API Style: REST\n")
        #expect(parsed.frontMatter?.value?["title"]?.stringValue == "Checkout")
        #expect(parsed.frontMatter?.value?["targets"]?.objectValue?["response_time"]?.stringValue == "100ms")
        #expect(parsed.sections.first?.headingRange.start.line == 7)
    }

    @Test func brokenFrontMatterIsADiagnosticAtItsLine() {
        let parsed = outline("---\ntitle: [unclosed\nother: x\n---\nAPI ARCHITECTURE:\n")
        let diagnostic = parsed.diagnostics.first { $0.code == "front-matter" }
        #expect(diagnostic?.severity == .error)
        #expect((diagnostic?.range?.start.line ?? 0) >= 2)
        #expect(parsed.sections.count == 1)
    }

    @Test func aTwoColumnTableListsFields() {
        let parsed = outline("## API Architecture\n| Field | Decision |\n|---|---|\n| Framework Choice | FastAPI |\n| API Style | REST |\n")
        #expect(parsed.allFields.map(\.label) == ["Framework Choice", "API Style"])
        #expect(parsed.allFields.map(\.style) == [.tableRow, .tableRow])
    }

    @Test func headingsAsFieldsUnderASection() throws {
        let bound = try report("## API Architecture\n### Framework Choice\nFastAPI 0.115\n\nIt is fast.\n### API Style\nREST\n")
        #expect(bound.data.string("api_architecture", "framework_choice") == "FastAPI 0.115\n\nIt is fast.")
        #expect(bound.data.string("api_architecture", "api_style") == "REST")
    }

    /// Nothing in the input is dropped or read twice: every non-blank line belongs to one node.
    @Test func everyLineOfTheCorpusLandsInANode() throws {
        let corpus = try Corpus.generated(count: 120, seed: 3)
        for entry in corpus.entries {
            let bytes = try [UInt8](Data(contentsOf: entry.file))
            let parsed = ResponseParser().parse(bytes, name: entry.file.lastPathComponent)
            for (line, nodes) in parsed.misplacedLines {
                Issue.record("\(entry.file.lastPathComponent):\(line) lies in \(nodes) nodes, not one")
            }
        }
    }
}

@Suite struct PlainTitleTests {
    /// Titles written as plain lines, with no colon, capitals, emphasis or `#`: a line that is
    /// exactly a section title starts the section; a field title followed by lines is the field.
    @Test func plainSectionAndFieldTitlesBind() throws {
        let bound = try report("Here you go.\n\nApi Architecture\n- Framework Choice: FastAPI\n- API Style: REST\n\nDatabase Design\n\nDatabase Choice\nPostgreSQL 16 with\nlogical replication.\n")
        #expect(bound.data.string("api_architecture", "framework_choice") == "FastAPI")
        #expect(bound.data.string("database_design", "database_choice") == "PostgreSQL 16 with\nlogical replication.")
        #expect(bound.extras.preamble == "Here you go.")
        #expect(bound.locations["/database_design/database_choice"]?.start.line == 9)
    }
}
