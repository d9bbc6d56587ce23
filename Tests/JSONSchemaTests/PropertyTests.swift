import Foundation
import JSONSchema
import Testing

/// Properties that must hold for every instance of the suite.
@Suite struct PropertyTests {
    /// `isValid(x) == validate(x).isEmpty`, and the flag and basic outputs agree with them.
    @Test(arguments: TestSuite.allFiles)
    func isValidAgreesWithValidate(_ file: String) throws {
        let compiler = SchemaCompiler(options: TestSuite.options(formatAssertion: file.hasPrefix("optional/format/")))
        for testCase in try TestSuite.cases(in: file) {
            guard let schema = try? compiler.compile(testCase.schema) else { continue }
            let valid = schema.isValid(testCase.data)
            let errors = schema.validate(testCase.data)
            #expect(valid == errors.isEmpty, "\(testCase)")
            #expect(schema.output(testCase.data, format: .flag) == ["valid": .bool(valid)], "\(testCase)")
            let basic = schema.output(testCase.data, format: .basic)
            #expect(basic["valid"] == .bool(valid))
            #expect((basic["errors"]?.arrayValue?.count ?? 0) == errors.count)
            for error in errors {
                #expect(!error.message.isEmpty)
                #expect(error.absoluteKeywordLocation?.contains("#") == true)
                // The instance location points at something in the instance.
                #expect(error.instanceLocation.resolve(in: testCase.data) != nil, "\(testCase): \(error.instanceLocation)")
            }
        }
    }

    /// Parsing the serialised form of every suite value gives the same value back.
    @Test(arguments: TestSuite.allFiles)
    func serializationRoundTrips(_ file: String) throws {
        for testCase in try TestSuite.cases(in: file) {
            for value in [testCase.schema, testCase.data] {
                #expect(try JSONParser.parse(value.serialized()) == value)
                #expect(try JSONParser.parse(value.serialized(pretty: true, sortedKeys: true)) == value)
            }
        }
    }

    /// Validation from many threads at once gives the same answers as from one.
    @Test func concurrentValidationIsConsistent() async throws {
        let cases = try TestSuite.cases(in: "ref.json") + TestSuite.cases(in: "unevaluatedProperties.json")
        let compiler = SchemaCompiler(options: TestSuite.options())
        let compiled = cases.compactMap { testCase in (try? compiler.compile(testCase.schema)).map { ($0, testCase) } }
        await withTaskGroup(of: Int.self) { group in
            for _ in 0..<8 {
                group.addTask {
                    var wrong = 0
                    for (schema, testCase) in compiled where schema.isValid(testCase.data) != testCase.valid { wrong += 1 }
                    return wrong
                }
            }
            for await wrong in group { #expect(wrong == 0) }
        }
    }
}
