import Foundation
import JSONSchema
import Testing

@Suite struct JSONValueTests {
    @Test func numbersCompareByValue() throws {
        #expect(try JSONParser.parse("1") == JSONParser.parse("1.0"))
        #expect(try JSONParser.parse("1e2") == 100)
        #expect(try JSONParser.parse("-0") == 0)
        #expect(Set<JSONValue>([1, 1.0, try JSONParser.parse("10e-1")]).count == 1)
        #expect(JSONNumber(1.0).isInteger)
        #expect(!JSONNumber(1.5).isInteger)
        #expect(JSONNumber(0.1) == JSONNumber("0.1"))
        #expect(JSONNumber(0.1 + 0.2) == JSONNumber("0.30000000000000004"))
    }

    @Test func bigIntegersAreExact() throws {
        let big = try JSONParser.parse("123456789012345678901234567890")
        #expect(big.numberValue?.isInteger == true)
        #expect(big != (try JSONParser.parse("123456789012345678901234567891")))
        #expect(big.serialized() == "123456789012345678901234567890")
        #expect(try JSONParser.parse("1e400").numberValue?.isInteger == true)
        #expect(try JSONParser.parse("18446744073709551616") == JSONParser.parse("1.8446744073709551616e19"))
        let a = try #require(JSONNumber("972783798187987123879878123.18878137"))
        let b = try #require(JSONNumber("972783798187987123879878123.188781371"))
        #expect(a < b)
        #expect(JSONNumber(Int64.max) < JSONNumber("9223372036854775808")!)
        #expect(JSONNumber("0.0075")!.isMultiple(of: JSONNumber("0.0001")!))
        #expect(!JSONNumber("0.00751")!.isMultiple(of: JSONNumber("0.0001")!))
        #expect(JSONNumber("1e308")!.isMultiple(of: JSONNumber("0.5")!))
    }

    @Test func stringsCompareByCodePoints() {
        #expect(JSONValue.string("\u{e9}") != .string("e\u{301}"))
        var object = JSONObject()
        object["\u{e9}"] = 1
        object["e\u{301}"] = 2
        #expect(object.count == 2)
    }

    @Test func objectsKeepOrderAndIgnoreItForEquality() throws {
        let value = try JSONParser.parse(#"{"b": 1, "a": 2, "b": 3}"#)
        #expect(value.objectValue?.keys == ["b", "a"])
        #expect(value["b"] == 3)
        #expect(value == ["a": 2, "b": 3])
        var object = try #require(value.objectValue)
        object["c"] = true
        object["b"] = nil
        #expect(object.keys == ["a", "c"])
        #expect(Array(object.map(\.key)) == ["a", "c"])
        let large = JSONObject((0..<100).map { ("k\($0)", JSONValue.number(JSONNumber($0))) })
        #expect(large["k57"] == 57)
        #expect(large.count == 100)
    }

    @Test func serializationEscapesOnlyWhatItMust() throws {
        let value: JSONValue = ["text": "a\"b\\c\n\u{1}/é😀", "n": 1.5, "i": 2.0, "z": nil, "list": [true, false]]
        #expect(value.serialized() == #"{"text":"a\"b\\c\n\u0001/é😀","n":1.5,"i":2,"z":null,"list":[true,false]}"#)
        #expect(value.serialized(sortedKeys: true).hasPrefix(#"{"i":2,"list""#))
        let pretty: JSONValue = ["a": [1, ["b": []]], "c": [:]]
        #expect(pretty.serialized(pretty: true) == """
            {
              "a": [
                1,
                {
                  "b": []
                }
              ],
              "c": {}
            }
            """)
        #expect(JSONValue.number(JSONNumber(1e-7)).serialized() == "1e-7")
        #expect(JSONValue.number(JSONNumber(123.456)).serialized() == "123.456")
    }

    @Test func parseErrorsCarryLineAndColumn() {
        let cases: [(String, Int, Int, String)] = [
            ("{\n  \"a\": tru\n}", 2, 8, "invalid literal"),
            ("[1, 2,]", 1, 7, "expected a value"),
            ("{\"a\" 1}", 1, 6, "expected ':'"),
            ("\"abc", 1, 1, "unterminated string"),
            ("[01]", 1, 3, "leading zeros"),
            ("[1] x", 1, 5, "unexpected content"),
            ("\"\u{1}\"", 1, 2, "control character"),
            ("{\"a\":1,}", 1, 8, "property name"),
        ]
        for (text, line, column, message) in cases {
            do {
                _ = try JSONParser.parse(text)
                Issue.record("no error for \(text)")
            } catch {
                #expect(error.line == line, "\(text): \(error)")
                #expect(error.column == column, "\(text): \(error)")
                #expect(error.message.contains(message), "\(text): \(error)")
            }
        }
        #expect(throws: JSONParseError.self) { _ = try JSONParser.parse([0x22, 0xFF, 0x22]) }
        #expect(throws: JSONParseError.self) { _ = try JSONParser.parse("") }
        #expect(throws: JSONParseError.self) { _ = try JSONParser.parse("NaN") }
    }

    @Test func escapesAndSurrogates() throws {
        #expect(try JSONParser.parse(#""\ud83d\ude00 \u00e9 \/ \t""#) == "😀 é / \t")
        #expect(try JSONParser.parse(#""\ud800""#) == "\u{FFFD}")
    }

    @Test func pointers() throws {
        let pointer = JSONPointer(["a/b", "c~d", "0"])
        #expect(pointer.description == "/a~1b/c~0d/0")
        #expect(JSONPointer(parsing: "/a~1b/c~0d/0") == pointer)
        #expect(JSONPointer(parsing: "")?.tokens == [])
        #expect(JSONPointer(parsing: "a") == nil)
        #expect(JSONPointer(parsing: "/~2") == nil)
        #expect(JSONPointer.root.appending("x").appending(3).description == "/x/3")
        let document: JSONValue = ["a/b": ["c~d": [10, 20]]]
        #expect(JSONPointer(parsing: "/a~1b/c~0d/1")?.resolve(in: document) == 20)
        #expect(JSONPointer(parsing: "/a~1b/c~0d/01")?.resolve(in: document) == nil)
    }
}
