import Foundation
import PackagePlugin

/// Turns every `schemas/*.json` of the package into one generated Swift file, so the
/// library carries its bundled schemas and `schemas/` stays their single source.
@main
struct EmbedSchemasPlugin: BuildToolPlugin {
    func createBuildCommands(context: PluginContext, target: Target) throws -> [Command] {
        let schemas = context.package.directoryURL.appending(path: "schemas")
        let names = (try? FileManager.default.contentsOfDirectory(atPath: schemas.path())) ?? []
        let inputs = names.filter { $0.hasSuffix(".json") }.sorted().map { schemas.appending(path: $0) }
        let output = context.pluginWorkDirectoryURL.appending(path: "EmbeddedSchemas.swift")
        return [
            .buildCommand(
                displayName: "Embedding \(inputs.count) schemas from schemas/",
                executable: try context.tool(named: "embed-schemas").url,
                arguments: [output.path()] + inputs.map { $0.path() },
                inputFiles: inputs,
                outputFiles: [output]
            )
        ]
    }
}
