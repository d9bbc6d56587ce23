import Foundation
import JSONSchema
import Testing

@Suite struct SchemaTests {
    static let sectionSchema: JSONValue = [
        "$id": "https://example.invalid/report.json",
        "type": "object",
        "properties": [
            "api": ["$ref": "#/$defs/api"],
        ],
        "required": ["api"],
        "$defs": [
            "api": [
                "type": "object",
                "properties": [
                    "framework_choice": ["type": "string", "minLength": 3],
                    "api_style": ["type": "string", "pattern": "^(REST|GraphQL|gRPC)"],
                ],
                "required": ["framework_choice", "api_style", "authentication"],
                "additionalProperties": false,
            ],
        ],
    ]

    @Test func errorsCarryLocationsAndOneErrorPerMissingProperty() throws {
        let schema = try SchemaCompiler().compile(Self.sectionSchema)
        let errors = schema.validate(["api": ["framework_choice": "Go", "api_style": "SOAP", "extra": 1]])
        let summary = errors.map { "\($0.instanceLocation) \($0.keywordLocation) \($0.keyword): \($0.message)" }
        #expect(summary == [
            "/api/framework_choice /properties/api/$ref/properties/framework_choice/minLength minLength: \"Go\" is shorter than 3 characters (it has 2)",
            "/api/api_style /properties/api/$ref/properties/api_style/pattern pattern: \"SOAP\" does not match pattern \"^(REST|GraphQL|gRPC)\"",
            "/api /properties/api/$ref/required required: \"authentication\" is a required property",
            "/api/extra /properties/api/$ref/additionalProperties additionalProperties: additional property \"extra\" is not allowed",
        ])
        #expect(errors[2].missingProperty == "authentication")
        #expect(errors[3].unexpectedProperty == "extra")
        #expect(errors[0].absoluteKeywordLocation == "https://example.invalid/report.json#/$defs/api/properties/framework_choice/minLength")
        #expect(errors[2].kind == .required(property: "authentication"))
        #expect(errors.map(\.description).first == "/api/framework_choice: \"Go\" is shorter than 3 characters (it has 2)")
    }

    @Test func everyMissingRequiredPropertyIsReported() throws {
        let schema = try SchemaCompiler().compile(["required": ["a", "b", "c"], "properties": ["a": true]])
        let errors = schema.validate(["a": 1])
        #expect(errors.map(\.missingProperty) == ["b", "c"])
        #expect(errors.allSatisfy { $0.keyword == "required" && $0.instanceLocation == .root })
    }

    @Test func basicOutputFormat() throws {
        let schema = try SchemaCompiler().compile(["type": "integer"])
        #expect(schema.output(1, format: .flag) == ["valid": true])
        #expect(schema.output("x", format: .basic) == [
            "valid": false,
            "errors": [[
                "keywordLocation": "/type",
                "absoluteKeywordLocation": "json-schema:///#/type",
                "instanceLocation": "",
                "error": "\"x\" is of type string, expected integer",
            ]],
        ])
    }

    @Test func malformedSchemasNameTheKeywordAndPointer() {
        let cases: [(JSONValue, String, String)] = [
            (["minLength": -1], "/minLength", "non-negative integer"),
            (["properties": ["a": ["type": "strin"]]], "/properties/a/type", "type name"),
            (["allOf": []], "/allOf", "non-empty array"),
            (["items": 3], "/items", "object or a Boolean"),
            (["pattern": "(unclosed"], "/pattern", "not a valid regular expression"),
            (["$defs": ["x": ["multipleOf": 0]]], "/$defs/x/multipleOf", "greater than 0"),
            (["required": "a"], "/required", "array of strings"),
        ]
        for (document, pointer, message) in cases {
            do {
                _ = try SchemaCompiler().compile(document)
                Issue.record("no error for \(document)")
            } catch {
                #expect(error.keywordLocation?.description == pointer, "\(document): \(error)")
                #expect(error.message.contains(message), "\(document): \(error)")
            }
        }
    }

    @Test func unresolvableReferenceNamesTheURI() {
        do {
            _ = try SchemaCompiler().compile(["$ref": "https://example.invalid/elsewhere.json#/x"])
            Issue.record("no error")
        } catch {
            #expect(error.uri == "https://example.invalid/elsewhere.json#/x")
            #expect(error.message.contains("never fetched from the network"))
            #expect(error.keywordLocation?.description == "/$ref")
        }
    }

    @Test func relativeReferencesResolveAgainstTheSchemaFile() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("jsonschema-tests-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory.appendingPathComponent("common"), withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        try #"{"properties": {"name": {"$ref": "common/name.json"}}}"#.write(to: directory.appendingPathComponent("main.json"), atomically: true, encoding: .utf8)
        try #"{"type": "string", "maxLength": 5}"#.write(to: directory.appendingPathComponent("common/name.json"), atomically: true, encoding: .utf8)
        let schema = try SchemaCompiler().compile(contentsOf: directory.appendingPathComponent("main.json"))
        #expect(schema.isValid(["name": "short"]))
        let errors = schema.validate(["name": "far too long"])
        #expect(errors.map(\.keyword) == ["maxLength"])
        #expect(errors.first?.absoluteKeywordLocation?.hasSuffix("common/name.json#/maxLength") == true)
        // A file outside the schema's directory is not loaded.
        try #"{"$ref": "../outside.json"}"#.write(to: directory.appendingPathComponent("common/escape.json"), atomically: true, encoding: .utf8)
        #expect(throws: SchemaError.self) {
            _ = try SchemaCompiler().compile(contentsOf: directory.appendingPathComponent("common/escape.json"))
        }
    }

    @Test func refMapServesAPrefixFromADirectory() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("jsonschema-refmap-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        try #"{"$defs": {"id": {"type": "integer", "minimum": 1}}}"#.write(to: directory.appendingPathComponent("types.json"), atomically: true, encoding: .utf8)
        var options = SchemaOptions()
        options.refMap = [(prefix: "https://schemas.example.invalid/", directory: directory)]
        let schema = try SchemaCompiler(options: options).compile(["$ref": "https://schemas.example.invalid/types.json#/$defs/id"])
        #expect(schema.isValid(3))
        #expect(!schema.isValid(0))
        #expect(throws: SchemaError.self) {
            _ = try SchemaCompiler(options: options).compile(["$ref": "https://schemas.example.invalid/missing.json"])
        }
    }

    @Test func metaSchemasAreAlwaysRegistered() throws {
        let meta = try SchemaCompiler().compile(["$ref": "https://json-schema.org/draft/2020-12/schema"])
        #expect(meta.isValid(SchemaTests.sectionSchema))
        #expect(!meta.isValid(["type": "strin"]))
        #expect(!meta.isValid(["minLength": -1]))
    }

    @Test func formatIsAnAnnotationUnlessAsserted() throws {
        let document: JSONValue = ["format": "date"]
        #expect(try SchemaCompiler().compile(document).isValid("not a date"))
        let asserting = try SchemaCompiler(options: SchemaOptions(formatAssertion: true)).compile(document)
        #expect(!asserting.isValid("not a date"))
        #expect(asserting.isValid("2024-02-29"))
        #expect(asserting.validate("2023-02-29").first?.message == "\"2023-02-29\" is not a valid date")
    }

    @Test func lengthsCountCodePoints() throws {
        let schema = try SchemaCompiler().compile(["minLength": 2, "maxLength": 2])
        #expect(schema.isValid("😀😀"))
        #expect(!schema.isValid("😀"))
        #expect(schema.isValid("e\u{301}"))
    }

    @Test func unknownKeywordsAreAnnotations() throws {
        let schema = try SchemaCompiler().compile(["x-title": ["type": "integer"], "title": "T", "type": "string"])
        #expect(schema.isValid("text"))
        #expect(schema.document["x-title"] == ["type": "integer"])
    }

    @Test func ecmaRegexTranslation() throws {
        #expect(try SchemaCompiler().compile(["pattern": #"^\d+$"#]).isValid("123"))
        #expect(!(try SchemaCompiler().compile(["pattern": #"^\d+$"#]).isValid("١٢٣")))
        #expect(!(try SchemaCompiler().compile(["pattern": "^abc$"]).isValid("abc\n")))
        #expect(try SchemaCompiler().compile(["pattern": #"^[\w-]+$"#]).isValid("a-b_c"))
        #expect(try SchemaCompiler().compile(["pattern": #"^\p{L}+$"#]).isValid("héllo"))
        #expect(throws: SchemaError.self) { _ = try SchemaCompiler().compile(["pattern": #"\a"#]) }
        #expect(throws: SchemaError.self) { _ = try SchemaCompiler().compile(["pattern": "(?i)abc"]) }
    }
}
