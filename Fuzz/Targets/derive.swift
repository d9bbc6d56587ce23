import AgentReport
import Foundation
import JSONSchema

// `schema derive` and `agent lint` on an agent definition. What is derived must compile as a
// JSON Schema and read as a Return Format, and `schema prompt` of it must derive back to the
// same schema (guidance texts aside).

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzDerive(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let (source, _) = SourceDecoder().decode(bytes(data, size), name: "agent.md")
    let definition = AgentDefinition(source: source)
    _ = AgentLinter().lint(definition)
    guard case .success(let derivation) = SchemaDeriver().derive(definition) else { return 0 }
    do {
        _ = try SchemaCompiler().compile(derivation.schema)
    } catch {
        finding("the derived schema does not compile: \(error)")
    }
    let format: ReturnFormat
    do {
        format = try ReturnFormat(schema: derivation.schema)
    } catch {
        finding("the derived schema is no Return Format: \(error)")
    }
    let prompt = ReturnFormatPromptWriter().write(format)
    switch SchemaDeriver().derive(PromptRoundTrip.definition(name: "agent", prompt: prompt)) {
    case .failure(let failure):
        finding("its prompt derives nothing (\(failure.message)):\n\(prompt)")
    case .success(let back) where PromptRoundTrip.tree(back.schema) != PromptRoundTrip.tree(derivation.schema):
        finding("its prompt derives another schema:\n\(prompt)\nfirst: \(derivation.schema.serialized(pretty: true))\nagain: \(back.schema.serialized(pretty: true))")
    case .success:
        return 0
    }
}
