import JSONSchema

/// `validate --format json`:
/// `{"inputs":[{"source","valid","schema","diagnostics":[…]}],"summary":{"inputs","valid","errors","warnings"}}`.
public struct JSONDiagnosticsRenderer: Sendable {
    public var strict: Bool

    public init(strict: Bool = false) {
        self.strict = strict
    }

    public func render(_ verdicts: [Verdict]) -> String {
        json(verdicts).serialized(pretty: true) + "\n"
    }

    public func json(_ verdicts: [Verdict]) -> JSONValue {
        let inputs: [JSONValue] = verdicts.map { verdict in
            .object(JSONObject([
                ("source", .string(verdict.source)),
                ("valid", .bool(verdict.isValid(strict: strict))),
                ("schema", verdict.schema.map(JSONValue.string) ?? .null),
                ("diagnostics", .array(verdict.diagnostics.map(JSONRenderer.json))),
            ]))
        }
        let summary = VerdictSummary(verdicts, strict: strict)
        return .object(JSONObject([
            ("inputs", .array(inputs)),
            ("summary", .object(JSONObject([
                ("inputs", .number(JSONNumber(summary.inputs))),
                ("valid", .number(JSONNumber(summary.valid))),
                ("errors", .number(JSONNumber(summary.errors))),
                ("warnings", .number(JSONNumber(summary.warnings))),
            ]))),
        ]))
    }
}
