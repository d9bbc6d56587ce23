import Foundation
import JSONSchema
import Testing

/// Pathological inputs: each must end with a result or a clear error, in bounded time,
/// without crashing (cmark's pathological tests are the model).
@Suite struct HostileInputTests {
    @Test func instanceNested100000LevelsIsAParseError() {
        let text = String(repeating: "[", count: 100_000) + String(repeating: "]", count: 100_000)
        timed(5) {
            #expect {
                _ = try JSONParser.parse(text)
            } throws: { error in
                guard let error = error as? JSONParseError else { return false }
                return error.message.contains("nesting deeper than 10000") && error.line == 1 && error.column == 10_001
            }
        }
    }

    @Test func objectNested100000LevelsIsAParseError() {
        let text = String(repeating: "{\"a\":", count: 100_000) + "1" + String(repeating: "}", count: 100_000)
        timed(5) {
            #expect(throws: JSONParseError.self) { _ = try JSONParser.parse(text) }
        }
    }

    @Test func schemaNested100000LevelsIsAParseError() {
        let text = String(repeating: "{\"not\":", count: 100_000) + "{}" + String(repeating: "}", count: 100_000)
        timed(5) {
            #expect(throws: JSONParseError.self) { _ = try JSONParser.parse(text) }
        }
    }

    @Test func schemaNestedBeyondMaxDepthIsACompileError() throws {
        let text = String(repeating: "{\"not\":", count: 9_000) + "{}" + String(repeating: "}", count: 9_000)
        let schema = try JSONParser.parse(text)
        timed(5) {
            #expect {
                _ = try SchemaCompiler().compile(schema)
            } throws: { error in
                (error as? SchemaError)?.message.contains("nested deeper than 500") == true
            }
        }
    }

    /// Runs `body` on a thread with a known stack size (debug builds use several KB of
    /// stack per nesting level; Swift frees nested arrays recursively).
    func onThread(stackSize: Int = 64 << 20, _ body: @escaping @Sendable () -> Void) {
        let done = DispatchSemaphore(value: 0)
        let thread = Thread {
            body()
            done.signal()
        }
        thread.stackSize = stackSize
        thread.start()
        done.wait()
    }

    @Test func deepInstanceStopsAtTheDepthLimit() throws {
        onThread {
            let text = String(repeating: "[", count: 9_000) + String(repeating: "]", count: 9_000)
            guard let instance = try? JSONParser.parse(text),
                  let schema = try? SchemaCompiler().compile(["$defs": ["node": ["type": "array", "items": ["$ref": "#/$defs/node"]]], "$ref": "#/$defs/node"]) else {
                Issue.record("setup failed")
                return
            }
            let start = Date()
            let errors = schema.validate(instance)
            #expect(Date().timeIntervalSince(start) < 5)
            #expect(!schema.isValid(instance))
            #expect(errors.count == 1)
            #expect(errors.first?.kind == .depthLimit(500))
            #expect(errors.first?.keywordLocation.tokens.count ?? 0 > 100)
            // Within the limit the same schema validates.
            if let shallow = try? JSONParser.parse(String(repeating: "[", count: 200) + String(repeating: "]", count: 200)) {
                #expect(schema.isValid(shallow))
            }
        }
    }

    @Test func defaultParseDepthLimitAllowsTenThousandLevels() {
        onThread {
            let text = String(repeating: "{\"a\":[", count: 5_000) + String(repeating: "]}", count: 5_000)
            #expect(throws: Never.self) { _ = try JSONParser.parse(text) }
            let deeper = "[" + text + "]"
            #expect(throws: JSONParseError.self) { _ = try JSONParser.parse(deeper) }
        }
    }

    @Test func refCyclesEndWithAnError() throws {
        let cycles: [JSONValue] = [
            ["$ref": "#"],
            ["$defs": ["a": ["$ref": "#/$defs/b"], "b": ["$ref": "#/$defs/a"]], "$ref": "#/$defs/a"],
            ["$id": "https://example.invalid/loop", "allOf": [["$ref": "https://example.invalid/loop"]]],
        ]
        for document in cycles {
            let schema = try SchemaCompiler().compile(document)
            let errors = timed(5) { schema.validate(["any": "thing"]) }
            #expect(errors.map(\.kind) == [.depthLimit(500)])
            #expect(errors.first?.message.contains("deeper than 500") == true)
        }
    }

    @Test func millionItemUniqueArrayIsHashedNotCompared() throws {
        let schema = try SchemaCompiler().compile(["uniqueItems": true])
        var items = (0..<1_000_000).map { JSONValue.number(JSONNumber($0)) }
        timed(20) { #expect(schema.isValid(.array(items))) }
        items.append(.number(JSONNumber(999_999.0)))
        let errors = timed(20) { schema.validate(.array(items)) }
        #expect(errors.map(\.kind) == [.uniqueItems(first: 999_999, second: 1_000_000)])
    }

    @Test func millionStringItemsUnique() throws {
        let schema = try SchemaCompiler().compile(["uniqueItems": true])
        let items = (0..<1_000_000).map { JSONValue.string("item-\($0)") }
        timed(20) { #expect(schema.isValid(.array(items))) }
    }

    @Test func catastrophicBacktrackingIsStopped() throws {
        var options = SchemaOptions()
        options.regexTimeLimit = 0.2
        let schema = try SchemaCompiler(options: options).compile(["pattern": "^(a+)+$"])
        let instance: JSONValue = .string(String(repeating: "a", count: 32) + "!")
        let errors = timed(5) { schema.validate(instance) }
        #expect(errors.count == 1)
        #expect(errors.first?.kind == .patternTimeout("^(a+)+$"))
        #expect(errors.first?.message.contains("took too long") == true)
        // An ordinary match of the same pattern is unaffected.
        #expect(schema.isValid("aaaa"))
        #expect(!schema.isValid("aaab"))
    }

    @Test func hugeNumbersAndStringsAreFine() throws {
        let text = "[" + String(repeating: "9", count: 100_000) + ", 1e999999999, \"" + String(repeating: "x", count: 1_000_000) + "\"]"
        let value = try timed(5) { try JSONParser.parse(text) }
        let schema = try SchemaCompiler().compile(["items": ["maximum": 1e300, "maxLength": 10]])
        let errors = timed(5) { schema.validate(value) }
        #expect(errors.map(\.keyword) == ["maximum", "maximum", "maxLength"])
    }
}
