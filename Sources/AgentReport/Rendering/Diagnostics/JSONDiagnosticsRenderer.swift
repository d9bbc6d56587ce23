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
            var input = JSONObject([
                ("source", .string(verdict.source)),
                ("valid", .bool(verdict.isValid(strict: strict))),
                ("schema", verdict.schema.map(JSONValue.string) ?? .null),
                ("diagnostics", .array(verdict.diagnostics.map(JSONRenderer.json))),
            ])
            if let omitted = verdict.omitted { input["omitted"] = Self.json(omitted) }
            return .object(input)
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

    /// `{"count", "errors", "warnings", "codes"}`: what a limited verdict left out.
    static func json(_ omitted: OmittedDiagnostics) -> JSONValue {
        .object(JSONObject([
            ("count", .number(JSONNumber(omitted.count))),
            ("errors", .number(JSONNumber(omitted.errors))),
            ("warnings", .number(JSONNumber(omitted.warnings))),
            ("codes", .array(omitted.codes.map(JSONValue.string))),
        ]))
    }
}
