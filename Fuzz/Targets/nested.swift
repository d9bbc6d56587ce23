import AgentReport
import Foundation

// An answer against a nested Return Format (the first byte picks which): parse, bind,
// validate, render Markdown and JSON.

let nestedBuilders = nestedSchemas.map { ReportBuilder(schema: $0) }

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzNested(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    guard let (builder, input) = split(bytes(data, size), among: nestedBuilders) else { return 0 }
    checkOutline(ResponseParser().parse(input, name: "answer.md"))
    guard case .report(let report)? = try? builder.check(ResultEnvelope.classify(input, name: "answer.md"), name: "answer.md") else {
        return 0
    }
    _ = MarkdownRenderer(format: builder.schema?.format, withDiagnostics: true).render(report)
    _ = JSONRenderer().render(report)
    return 0
}
