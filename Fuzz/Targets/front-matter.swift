import AgentReport
import Foundation

// YAML front matter, as an answer carries it and as an agent definition carries it: the
// input is the YAML between the `---` lines.

let metadataBuilder = ReportBuilder(schema: schema("backend-engineer"))

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzFrontMatter(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let input = Array("---\n".utf8) + bytes(data, size) + Array("\n---\n\n## API Architecture\n- Framework Choice: x\n".utf8)
    let outline = ResponseParser().parse(input, name: "answer.md")
    checkOutline(outline)
    _ = metadataBuilder.report(for: outline.source)
    let definition = AgentDefinition(source: outline.source)
    _ = definition.value(of: "name")
    return 0
}
