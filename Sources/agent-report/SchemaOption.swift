import AgentReport
import ArgumentParser
import JSONSchema

/// `--schema NAME|PATH`.
struct SchemaOption: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp(
        "A bundled schema's name (such as backend-engineer) or a schema file's path.",
        discussion: "Without it, the bundled schema that fits the answer best is used, or none."))
    var schema: String?

    func load(options: JSONSchema.SchemaOptions = .init()) throws -> LoadedSchema? {
        guard let schema else { return nil }
        do {
            return try SchemaCatalog.load(schema, options: options)
        } catch {
            throw CommandFailure(message: error.message)
        }
    }
}
