import AgentReport
import Foundation
import JSONSchema

/// Ends the run as a finding: libFuzzer keeps the input that got here as `crash-…`.
func finding(_ message: String) -> Never {
    FileHandle.standardError.write(Data("fuzz finding: \(message)\n".utf8))
    abort()
}

/// The parser's own invariant: every non-blank line lies in exactly one node.
func checkOutline(_ outline: ResponseOutline) {
    if let first = outline.misplacedLines.first {
        finding("line \(first.line) lies in \(first.nodes) nodes, not one")
    }
}

/// The project's root folder, from this file's place in it (Fuzz/Support/).
let projectRoot = URL(fileURLWithPath: #filePath)
    .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

/// A schema every target can rely on; a failure here is a broken checkout, not a finding.
func schema(_ nameOrPath: String) -> LoadedSchema {
    do {
        return try SchemaCatalog.load(nameOrPath)
    } catch {
        fatalError("fuzz setup: \(error)")
    }
}

/// A definition fixture's derived schema (Tests/AgentReportTests/Fixtures/definitions/NAME).
func derivedSchema(_ name: String) -> LoadedSchema {
    schema(projectRoot.appendingPathComponent("Tests/AgentReportTests/Fixtures/definitions/\(name)/agent.md").path)
}

/// The schemas the nested targets bind to, picked by an input's first byte: a hand-written
/// review format and derived ones with repeated blocks, tables, checklists and sub-fields.
let nestedSchemas: [LoadedSchema] = [
    schema(projectRoot.appendingPathComponent("Tests/AgentReportTests/Fixtures/nested/review.schema.json").path),
    derivedSchema("incident-commander"),
    derivedSchema("k8s-manifest-auditor"),
    derivedSchema("accessibility-auditor"),
    derivedSchema("db-migration-planner"),
    derivedSchema("release-gatekeeper"),
]

/// The input's first byte picks one of `choices`; the rest is the input.
func split<T>(_ bytes: [UInt8], among choices: [T]) -> (T, [UInt8])? {
    guard let first = bytes.first else { return nil }
    return (choices[Int(first) % choices.count], Array(bytes.dropFirst()))
}

/// libFuzzer's bytes as an array.
func bytes(_ data: UnsafePointer<UInt8>, _ size: Int) -> [UInt8] {
    Array(UnsafeBufferPointer(start: data, count: size))
}
