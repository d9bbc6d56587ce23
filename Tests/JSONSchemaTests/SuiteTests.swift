import Foundation
import JSONSchema
import Testing

/// The official JSON-Schema-Test-Suite, draft 2020-12: every required test must pass.
@Suite struct RequiredSuiteTests {
    @Test func suiteIsPresent() throws {
        #expect(TestSuite.files(in: "").count >= 40, "JSON-Schema-Test-Suite not found under \(TestSuite.draftDirectory.path)")
    }

    @Test(arguments: TestSuite.files(in: ""))
    func requiredFile(_ file: String) throws {
        let cases = try TestSuite.cases(in: file)
        let failures = TestSuite.run(cases, formatAssertion: false)
        for failure in failures { Issue.record("failed: \(failure)") }
    }

    @Test func requiredTestCount() throws {
        var total = 0
        for file in TestSuite.files(in: "") { total += try TestSuite.cases(in: file).count }
        #expect(total == 1299)
    }
}
