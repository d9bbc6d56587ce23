import JSONSchema

/// Renders a `Report` as the JSON contract of `render --to json`
/// (schemas/report-output.schema.json): stable key order, no absolute paths, no clock.
public struct JSONRenderer: Sendable {
    public init() {}

    public func render(_ report: Report) -> String {
        json(report).serialized(pretty: true) + "\n"
    }

    public func json(_ report: Report) -> JSONValue {
        var object = JSONObject()
        object["source"] = .string(report.source)
        object["title"] = report.title.map(JSONValue.string) ?? .null
        object["valid"] = .bool(report.isValid)
        object["schema"] = report.schema.map(JSONValue.string) ?? .null
        object["metadata"] = .object(report.metadata)
        object["data"] = .object(report.data)
        object["extras"] = extras(report.extras)
        object["diagnostics"] = .array(report.diagnostics.map(Self.json))
        return .object(object)
    }

    private func extras(_ extras: Extras) -> JSONValue {
        var object = JSONObject()
        object["preamble"] = .string(extras.preamble)
        object["epilogue"] = .string(extras.epilogue)
        object["unknownSections"] = .array(extras.unknownSections.map { section in
            .object(JSONObject([("title", .string(section.title)), ("text", .string(section.text))] + Self.line(section.range)))
        })
        object["unknownFields"] = .array(extras.unknownFields.map { field in
            .object(JSONObject([
                ("section", .string(field.section)), ("label", .string(field.label)), ("value", .string(field.value)),
            ] + Self.line(field.range)))
        })
        object["repeatedFields"] = .array(extras.repeatedFields.map { field in
            .object(JSONObject([
                ("section", .string(field.section)), ("label", .string(field.label)), ("value", .string(field.value)),
            ] + Self.line(field.range)))
        })
        object["notes"] = .array(extras.notes.map { note in
            .object(JSONObject([("section", note.section.map(JSONValue.string) ?? .null), ("text", .string(note.text))] + Self.line(note.range)))
        })
        return .object(object)
    }

    private static func line(_ range: SourceRange?) -> [(String, JSONValue)] {
        range.map { [("line", .number(JSONNumber($0.start.line)))] } ?? []
    }

    /// A diagnostic as JSON: severity, code, message, path, line, column, endLine, endColumn, suggestion.
    public static func json(_ diagnostic: Diagnostic) -> JSONValue {
        var object = JSONObject()
        object["severity"] = .string(diagnostic.severity.rawValue)
        object["code"] = .string(diagnostic.code)
        object["message"] = .string(diagnostic.message)
        object["path"] = diagnostic.path.map(JSONValue.string) ?? .null
        if let range = diagnostic.range {
            object["line"] = .number(JSONNumber(range.start.line))
            object["column"] = .number(JSONNumber(range.start.column))
            object["endLine"] = .number(JSONNumber(range.end.line))
            object["endColumn"] = .number(JSONNumber(range.end.column))
        } else {
            object["line"] = .null
            object["column"] = .null
            object["endLine"] = .null
            object["endColumn"] = .null
        }
        object["suggestion"] = diagnostic.suggestion.map(JSONValue.string) ?? .null
        return .object(object)
    }
}
