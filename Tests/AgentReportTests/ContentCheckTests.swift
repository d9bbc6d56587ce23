@testable import AgentReport
import Testing

@Suite struct ContentCheckTests {
    @Test(arguments: ["TBD", "tbd.", "TODO", "TODO: fill in later", "...", "…", "-", "—", "???", "**TBD**", "`TODO`", "To be determined", "FIXME"])
    func fillers(_ value: String) {
        #expect(ContentCheck.check(value, guidance: nil) == .filler(value))
    }

    @Test(arguments: ["[Express/FastAPI/Spring Boot with version and rationale]", "[anything at all]", "[a [nested] one]"])
    func placeholders(_ value: String) {
        #expect(ContentCheck.check(value, guidance: "[Express/FastAPI/Spring Boot with version and rationale]") == .placeholder)
    }

    @Test func guidanceCopiedWithoutBracketsIsAPlaceholder() {
        #expect(ContentCheck.check("REST/GraphQL/gRPC with design patterns", guidance: "[REST/GraphQL/gRPC with design patterns]") == .placeholder)
    }

    @Test(arguments: ["N/A", "n/a", "NA", "Not applicable", "N/A."])
    func bareNotApplicable(_ value: String) {
        #expect(ContentCheck.check(value, guidance: nil) == .notApplicable)
    }

    @Test(arguments: [
        "N/A — the service has no external clients", "[OpenAPI](https://example.com) generated from routes",
        "[RFC 9457] problem details", "TODOist integration through its REST API", "- REST\n- gRPC", "None",
    ])
    func answersPass(_ value: String) {
        #expect(ContentCheck.check(value, guidance: "[REST/GraphQL]") == nil)
    }

    @Test func emptyAndWhiteSpaceAreEmpty() {
        #expect(ContentCheck.check("", guidance: nil) == .empty)
        #expect(ContentCheck.check(" \n ", guidance: nil) == .empty)
    }

    @Test func transposedLettersAreOneEdit() {
        let matcher = TitleMatcher(candidates: [["Verdict"], ["Reason"]])
        #expect(matcher.match("Verdcit") == .misspelled(0))
        #expect(matcher.match("Framework") == .none)
    }

    /// The streaming comparison reads as lowering and collapsing the whole value would.
    @Test func aValueIsComparedToGuidanceAsIfLoweredAndCollapsed() {
        let forms = ["rest/graphql with design patterns", "a b", "", "ünïcode form", "x"]
        let values = ["REST/GraphQL with design patterns", "  REST/GraphQL\n\twith  design patterns ", "REST/GraphQL with design", "A B",
                      "a  b", "a\r\nb", "ab", "", "   ", "ÜNÏCODE form", "ünïcode  FORM", "X", "x ", "xy", "ΣΑΣ", "a b c"]
        for form in forms {
            for value in values {
                #expect(ContentCheck.reads(value, as: form) == (value.lowercased().collapsingWhiteSpace == form), "\(value.debugDescription) as \(form)")
            }
        }
    }

    /// Unbracketed guidance copied back is a placeholder when it says what to write, not when
    /// it is the example value itself: an answer may truly be `All passing ✅`.
    @Test func anExampleValueCopiedBackIsAnAnswer() {
        for example in ["All passing ✅", "No breaking changes", "Approved with minor changes", "STATE: GREEN"] {
            #expect(ContentCheck.check(example, guidance: example) == nil, "\(example)")
        }
        for instruction in ["Describe how to roll back in one sentence", "brief notes on anything unusual",
                            "What changed and why", "One-line summary of the fix", "Files touched, e.g. src/app.ts"] {
            #expect(ContentCheck.check(instruction, guidance: instruction) == .placeholder, "\(instruction)")
        }
    }
}
