import JSONSchema

/// Validates a JSON instance directly (an input that is JSON but no result envelope).
public struct InstanceValidator: Sendable {
    public let schema: LoadedSchema

    public init(schema: LoadedSchema) {
        self.schema = schema
    }

    /// Each schema failure as a `schema-<keyword>` error at its instance location. JSON
    /// instances carry no source positions, so the diagnostics have a `path` and no range.
    public func verdict(for instance: JSONValue, source: String) -> Verdict {
        let diagnostics = schema.validator.validate(instance).map { error in
            Diagnostic(.error, "schema-\(error.keyword)", error.message, range: nil, path: error.instanceLocation.description)
        }
        return Verdict(source: source, schema: schema.name, diagnostics: diagnostics, text: nil)
    }
}
