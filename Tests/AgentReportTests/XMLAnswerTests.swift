import AgentReport
import Foundation
import JSONSchema
import Testing

/// Return Formats written as XML elements: the answer is such elements, read as the derived
/// schema says, with a position for every value.
@Suite struct XMLAnswerTests {
    static let wrapped = "## Output Format\n\n```xml\n<ticket>\n  <headline>one line on the fault</headline>\n  <priority>p1 | p2 | p3</priority>\n  <owner>the team that fixes it</owner>\n</ticket>\n```\n"

    static let loose = """
        ## Response Format

        ```
        <reasoning>
        How you got there.
        </reasoning>
        <changes>
          <change>
            <file>path</file>
            <kind>ADD | EDIT | DELETE</kind>
          </change>
          ...
        </changes>
        <score>0-10</score>
        ```
        """

    @Test func elementsInsideTheFormatsRootAreTheData() throws {
        let answer = "<ticket>\n  <headline>Exports time out &amp; retry forever</headline>\n  <priority>p2</priority>\n  <owner>data platform</owner>\n</ticket>\n"
        let report = try #require(try TemplateShapeTests.report(definition: Self.wrapped, answer: answer, name: "xml-wrapped"))
        #expect(report.diagnostics.isEmpty, "\(report.diagnostics.map(\.message))")
        #expect(report.data == JSONObject([("headline", "Exports time out & retry forever"), ("priority", "p2"), ("owner", "data platform")]))
        let wrong = try #require(try TemplateShapeTests.report(definition: Self.wrapped, answer: answer.replacingOccurrences(of: ">p2<", with: ">soon<"), name: "xml-enum"))
        let error = try #require(wrong.diagnostics.first { $0.severity == .error })
        #expect(error.code == "schema-enum")
        #expect(error.range?.start.line == 3)
        let fenced = "Triaged.\n\n```xml\n" + answer + "```\n"
        #expect(try TemplateShapeTests.errors(definition: Self.wrapped, answer: fenced, name: "xml-fenced") == [])
    }

    /// Top-level elements, a list shown once and `...`, markdown inside an element, a count:
    /// one item is still a list, the count a number, and a left-out element is reported.
    @Test func topLevelElementsWithAListAndACount() throws {
        let answer = "Plan below.\n\n<reasoning>\nTwo files need **care**:\n\n- a\n- b\n</reasoning>\n<changes>\n  <change>\n    <file>src/a.rs</file>\n    <kind>EDIT</kind>\n  </change>\n</changes>\n<score>7</score>\n"
        let report = try #require(try TemplateShapeTests.report(definition: Self.loose, answer: answer, name: "xml-loose"))
        #expect(report.diagnostics.isEmpty, "\(report.diagnostics.map(\.message))")
        #expect(report.data["reasoning"] == "Two files need **care**:\n\n- a\n- b")
        #expect(report.data["changes"] == .object(JSONObject([("change", .array([.object(JSONObject([("file", "src/a.rs"), ("kind", "EDIT")]))]))])))
        #expect(report.data["score"] == .number(JSONNumber(7)))
        #expect(report.extras.preamble == "Plan below.")
        let missing = answer.replacingOccurrences(of: "<score>7</score>\n", with: "")
        #expect(try TemplateShapeTests.errors(definition: Self.loose, answer: missing, name: "xml-missing").count == 1)
        let notANumber = answer.replacingOccurrences(of: "<score>7</score>", with: "<score>high</score>")
        #expect(try TemplateShapeTests.errors(definition: Self.loose, answer: notANumber, name: "xml-type") == ["schema-type /score"])
    }

    /// A wrapper named for its items (`<blockers>` around one `<blocker>`) is a list however
    /// many items the answer writes, and `None` inside it is an empty list, not a wrong type.
    @Test func aWrapperNamedForItsItemsIsAList() throws {
        let definition = "## Output Format\n\n```xml\n<handoff>\n  <status>where the work stands</status>\n  <blockers>\n    <blocker>what stops progress, if anything</blocker>\n  </blockers>\n  <next_steps>\n    <next_step>one action</next_step>\n  </next_steps>\n</handoff>\n```\n"
        let answer = "<handoff>\n  <status>Cut-over half done.</status>\n  <blockers>\n    <blocker>Vendor key expired.</blocker>\n    <blocker>Staging is down.</blocker>\n  </blockers>\n  <next_steps>\n    <next_step>Renew the key.</next_step>\n  </next_steps>\n</handoff>\n"
        let report = try #require(try TemplateShapeTests.report(definition: definition, answer: answer, name: "xml-plural"))
        #expect(report.diagnostics.isEmpty, "\(report.diagnostics.map(\.message))")
        #expect(report.data["blockers"] == .object(JSONObject([("blocker", .array(["Vendor key expired.", "Staging is down."]))])))
        #expect(report.data["next_steps"] == .object(JSONObject([("next_step", .array(["Renew the key."]))])))
        for none in ["None", "**None.**", "n/a", ""] {
            let empty = answer.replacingOccurrences(
                of: "<blockers>\n    <blocker>Vendor key expired.</blocker>\n    <blocker>Staging is down.</blocker>\n  </blockers>", with: "<blockers>\(none)</blockers>")
            let read = try #require(try TemplateShapeTests.report(definition: definition, answer: empty, name: "xml-plural-none"))
            #expect(read.diagnostics.filter { $0.severity == .error }.isEmpty, "\(none): \(read.diagnostics.map(\.message))")
            #expect(read.data["blockers"] == .object(JSONObject([("blocker", .array([]))])))
        }
        // Filler inside a wrapper is still filler.
        let filler = answer.replacingOccurrences(of: "<next_step>Renew the key.</next_step>", with: "TBD")
        #expect(try TemplateShapeTests.errors(definition: definition, answer: filler, name: "xml-plural-filler") == ["filler /next_steps"])
    }

    /// What is rendered back as Markdown reads back to the same data, and the prompt written
    /// from the schema shows the same elements.
    @Test func renderedAnswersReadBack() throws {
        let answer = "<ticket>\n<headline>a < b in the sort</headline>\n<priority>p1</priority>\n<owner>core</owner>\n</ticket>\n"
        let report = try #require(try TemplateShapeTests.report(definition: Self.wrapped, answer: answer, name: "xml-render"))
        let (source, _) = SourceDecoder().decode(Array(TemplateShapeTests.definition(Self.wrapped).utf8), name: "ticket.md")
        guard case .success(let derivation) = SchemaDeriver().derive(AgentDefinition(source: source)) else {
            Issue.record("no schema derived")
            return
        }
        let schemaFile = try TestPaths.scratch("xml-render-schema").appendingPathComponent("schema.json")
        try Data(derivation.schema.serialized(pretty: true).utf8).write(to: schemaFile)
        let schema = try SchemaCatalog.load(schemaFile.path)
        let markdown = MarkdownRenderer(format: schema.format).render(report)
        let again = try #require(try TemplateShapeTests.report(definition: Self.wrapped, answer: markdown, name: "xml-render-again"))
        #expect(again.data == report.data)
        #expect(again.diagnostics.isEmpty)
        let prompt = ReturnFormatPromptWriter().write(try #require(schema.format))
        #expect(prompt.contains("<ticket>") && prompt.contains("<priority>p1 | p2 | p3</priority>"))
    }

    /// The reader is tolerant and bounded: unclosed elements, stray `<`, comments, CDATA and
    /// deep nesting give elements or text, never a crash.
    @Test func hostileElementsAreReadSafely() throws {
        let deep = String(repeating: "<a>", count: 50_000) + "x"
        let inputs = ["<a><b>text", "a < b and <3", "<!-- c --><x><![CDATA[<not a tag> & more]]></x>", deep, "</orphan><y>1</y>", "<z attr=\"a>b\">v</z>"]
        for input in inputs {
            let answer = "<ticket>\n" + input + "\n</ticket>\n"
            _ = try TemplateShapeTests.report(definition: Self.wrapped, answer: answer, name: "xml-hostile")
        }
        let cdata = try #require(try TemplateShapeTests.report(definition: Self.wrapped, answer: "<ticket><headline><![CDATA[<x> & y]]></headline><priority>p3</priority><owner>o</owner></ticket>", name: "xml-cdata"))
        #expect(cdata.data["headline"] == "<x> & y")
        let quoted = try #require(try TemplateShapeTests.report(definition: Self.wrapped, answer: "<ticket><headline kind=\"a>b\">v</headline><priority>p3</priority><owner>o</owner></ticket>", name: "xml-attr"))
        #expect(quoted.data["headline"] == "v")
    }
}
