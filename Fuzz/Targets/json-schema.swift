import Foundation
import JSONSchema

// A schema and an instance from one input, split at its first NUL byte: parse both, compile
// the schema, validate the instance, and write both back out.

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzJSONSchema(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let input = bytes(data, size)
    let cut = input.firstIndex(of: 0) ?? input.endIndex
    let instanceBytes = cut < input.endIndex ? Array(input[(cut + 1)...]) : []
    guard let schemaValue = try? JSONParser.parse(Array(input[..<cut])) else { return 0 }
    _ = schemaValue.serialized(pretty: true)
    guard let schema = try? SchemaCompiler().compile(schemaValue) else { return 0 }
    guard let instance = try? JSONParser.parse(instanceBytes) else { return 0 }
    _ = schema.validate(instance)
    return 0
}
