import AgentReport
import Foundation

// An answer against the backend-engineer Return Format, and against no schema (selection or
// outline-only): parse, bind, validate, render Markdown and JSON.

let backendEngineer = ReportBuilder(schema: schema("backend-engineer"))
let anyFormat = ReportBuilder(schema: nil)

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzAnswer(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let input = bytes(data, size)
    checkOutline(ResponseParser().parse(input, name: "answer.md"))
    let content = ResultEnvelope.classify(input, name: "answer.md")
    for builder in [backendEngineer, anyFormat] {
        guard case .report(let report)? = try? builder.check(content, name: "answer.md") else { continue }
        _ = MarkdownRenderer(format: builder.format(named: report.schema), withDiagnostics: true).render(report)
        _ = JSONRenderer().render(report)
    }
    return 0
}
