import Foundation
import JSONSchema
import Testing

/// The work budget of a validation (`SchemaOptions.maxEvaluations`): recursion that branches
/// ends with exactly one `evaluationLimit` error, in bounded time and memory, the same every
/// time; ordinary schemas never come near it.
@Suite struct WorkBudgetTests {
    /// A `$ref` cycle twice under `oneOf`, with `check` beside the references: every level
    /// of the depth limit doubles the work.
    static func branching(_ check: JSONValue) -> JSONValue {
        ["$defs": ["one": ["oneOf": [["$ref": "#/$defs/one"], check, ["$ref": "#/$defs/one"]]]], "$ref": "#/$defs/one"]
    }

    @Test func branchingRecursionEndsWithOneError() throws {
        let schema = try SchemaCompiler().compile(Self.branching(["required": ["a"]]))
        #expect(schema.maxEvaluations == 2_000_000)
        let errors = timed(10) { schema.validate(["a": 1]) }
        #expect(errors.map(\.kind) == [.evaluationLimit(schema.budget(for: ["a": 1]))])
        let error = try #require(errors.first)
        #expect(error.keyword == "evaluationLimit")
        #expect(error.instanceLocation.tokens.isEmpty && error.keywordLocation.tokens.isEmpty)
        #expect(error.absoluteKeywordLocation == "json-schema:///#")
        #expect(error.message.contains("stopped after \(schema.budget(for: ["a": 1])) evaluations"))
        #expect(error.message.contains("SchemaOptions.maxEvaluations"))
        #expect(!schema.isValid(["a": 1]))
        // Deterministic: the same outcome every time.
        #expect(schema.validate(["a": 1]) == errors)
        let basic = schema.output(["a": 1], format: .basic)
        #expect(basic["errors"]?.arrayValue?.count == 1)
    }

    /// The budget grows with the instance: a large instance whose work is linear in it (four
    /// alternatives tried at each of 600,000 items, far past the base budget) is validated,
    /// with its one error found.
    @Test func aLargeInstanceOfLinearWorkIsValidated() throws {
        let schema = try SchemaCompiler().compile(["items": ["anyOf": [["type": "string"], ["type": "boolean"], ["type": "null"], ["type": "integer"]]]])
        var items = [JSONValue](repeating: .number(JSONNumber(7)), count: 600_000)
        #expect(schema.budget(for: .array(items)) > schema.maxEvaluations)
        #expect(schema.isValid(.array(items)))
        items[599_999] = .number(JSONNumber(0.5))
        let errors = schema.validate(.array(items))
        #expect(!errors.isEmpty && !errors.contains { $0.keyword == ValidationErrorKind.evaluationLimitKeyword })
        #expect(errors.allSatisfy { $0.instanceLocation.tokens.first == "599999" })
    }

    /// One unit a schema applied to a value: the root and each of 100 items.
    @Test func budgetIsConfigurable() throws {
        var options = SchemaOptions()
        options.maxEvaluations = 101
        options.evaluationsPerUnit = 0
        let schema = try SchemaCompiler(options: options).compile(["items": ["type": "integer"]])
        let instance = JSONValue.array((0..<100).map { .number(JSONNumber($0)) })
        #expect(schema.maxEvaluations == 101)
        #expect(schema.isValid(instance))
        #expect(schema.validate(instance).isEmpty)
        let smaller = schema.withMaxEvaluations(100)
        #expect(!smaller.isValid(instance))
        #expect(smaller.validate(instance).map(\.kind) == [.evaluationLimit(100)])
        #expect(smaller.validate(instance).first?.message.contains("stopped after 100 evaluations") == true)
        // The original is unchanged.
        #expect(schema.isValid(instance))
    }

    /// Errors are paid for too: a `required` list of 2,000 names on 1,000 items would be
    /// 2,000,000 errors; the budget ends it with one.
    @Test func errorsArePaidFor() throws {
        let names = (0..<2_000).map { JSONValue.string("n\($0)") }
        let schema = try SchemaCompiler().compile(["items": ["required": .array(names)]])
        let instance = JSONValue.array(Array(repeating: [:], count: 1_000))
        let errors = timed(20) { schema.validate(instance) }
        #expect(errors.map(\.kind) == [.evaluationLimit(schema.budget(for: instance))])
        // A few errors are reported as ever.
        let few = schema.validate(.array(Array(repeating: [:], count: 2)))
        #expect(few.count == 4_000)
        #expect(few.first?.kind == .required(property: "n0"))
    }

    /// Work that grows with the size of a value is paid for by size, so a large value under
    /// branching recursion ends as quickly as a small one.
    @Test(arguments: ["const", "enum", "uniqueItems", "pattern", "maxLength", "properties", "patternProperties", "format"])
    func wideValuesArePaidForBySize(_ keyword: String) throws {
        let numbers = JSONValue.array((0..<2_000).map { .number(JSONNumber($0)) })
        let text = JSONValue.string(String(repeating: "a", count: 8_000) + "b")
        let members = JSONValue.object(JSONObject((0..<3_000).map { ("key\($0)", .number(JSONNumber($0))) }))
        let (check, instance): (JSONValue, JSONValue) = switch keyword {
        case "const": (["const": numbers], numbers)
        case "enum": (["enum": [numbers, 1]], numbers)
        case "uniqueItems": (["uniqueItems": true], numbers)
        case "pattern": (["pattern": "^a+$"], text)
        case "maxLength": (["maxLength": 5_000], .string(String(repeating: "é", count: 6_000)))
        case "properties": (["properties": ["zz": true]], members)
        case "patternProperties": (["patternProperties": ["^a.*b$": true, "x": true]], members)
        default: (["format": "regex"], .string(String(repeating: "(", count: 3_000)))
        }
        var options = SchemaOptions()
        options.formatAssertion = true
        let schema = try SchemaCompiler(options: options).compile(Self.branching(check))
        let errors = timed(10) { schema.validate(instance) }
        #expect(errors.map(\.kind) == [.evaluationLimit(schema.budget(for: instance))])
    }

    /// The matches of one pass may take twice the time limit of one in all: two matches that
    /// run into the limit end the validation; a single one is still a pattern timeout.
    @Test func slowPatternsShareOneTimeAllowance() throws {
        var options = SchemaOptions()
        options.regexTimeLimit = 0.2
        let instance = JSONValue.string(String(repeating: "a", count: 40) + "!")
        let branching = try SchemaCompiler(options: options).compile(Self.branching(["pattern": "^(a+)+$"]))
        let errors = timed(5) { branching.validate(instance) }
        #expect(errors.map(\.kind) == [.evaluationLimit(branching.budget(for: instance))])
        let single = try SchemaCompiler(options: options).compile(["pattern": "^(a+)+$"])
        #expect(single.validate(instance).map(\.kind) == [.patternTimeout("^(a+)+$")])
    }

    /// Every case of the JSON-Schema-Test-Suite gives the same result with a budget of 1,000
    /// evaluations — 2,000 times less than the default — as with the default.
    @Test(arguments: TestSuite.allFiles)
    func suiteStaysFarBelowTheBudget(_ file: String) throws {
        let compiler = SchemaCompiler(options: TestSuite.options(formatAssertion: file.hasPrefix("optional/format/")))
        for testCase in try TestSuite.cases(in: file) {
            guard let schema = try? compiler.compile(testCase.schema) else { continue }
            let small = schema.withMaxEvaluations(1_000)
            let errors = small.validate(testCase.data)
            #expect(!errors.contains { $0.keyword == ValidationErrorKind.evaluationLimitKeyword }, "\(testCase)")
            #expect(small.isValid(testCase.data) == schema.isValid(testCase.data), "\(testCase)")
            #expect(errors == schema.validate(testCase.data), "\(testCase)")
        }
    }
}
