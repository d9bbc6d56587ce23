import AgentReport
import Foundation
import SafeHTML

// The HTML report of an answer (backend-engineer or a nested format, by the first byte), read
// back by libxml2 and checked as the tests check every page: no active content, no element or
// attribute the page does not write, one h1, headings in order, one of each landmark.

let pageBuilders = [ReportBuilder(schema: schema("backend-engineer"))] + nestedSchemas.map { ReportBuilder(schema: $0) }

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzHTML(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    guard let (builder, input) = split(bytes(data, size), among: pageBuilders) else { return 0 }
    guard case .report(let report)? = try? builder.check(ResultEnvelope.classify(input, name: "answer.md"), name: "answer.md") else {
        return 0
    }
    let checked = HTMLChecks.problems(rendering: report, options: HTMLOptions(format: builder.schema?.format))
    if !checked.problems.isEmpty { finding("unsafe page: \(checked.problems)") }
    return 0
}
