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
        object["source"] = .string(ShareableName.of(report.source))
        object["title"] = report.title.map(JSONValue.string) ?? .null
        object["valid"] = .bool(report.isValid)
        object["schema"] = report.schema.map { .string(ShareableName.of($0)) } ?? .null
        object["metadata"] = .object(report.metadata)
        object["data"] = .object(report.data)
        object["written"] = .object(written(report))
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
        object["unknownFields"] = .array(extras.unknownFields.map(Self.json))
        object["repeatedFields"] = .array(extras.repeatedFields.map(Self.json))
        object["notes"] = .array(extras.notes.map { note in
            .object(JSONObject([("section", note.section.map(JSONValue.string) ?? .null), ("text", .string(note.text))] + Self.line(note.range)))
        })
        return .object(object)
    }

    private static func json(_ field: Extras.UnknownField) -> JSONValue {
        .object(JSONObject([
            ("section", .string(field.section)), ("parent", .string(field.parent)), ("label", .string(field.label)),
            ("value", .string(field.value)),
        ] + line(field.range)))
    }

    /// The text as written of values read into another type, in the order of `data`.
    private func written(_ report: Report) -> JSONObject {
        var object = JSONObject()
        guard !report.writtenValues.isEmpty else { return object }
        func walk(_ value: JSONValue, _ pointer: String) {
            if let text = report.writtenValues[pointer] { object[pointer] = .string(text) }
            switch value {
            case .object(let children):
                for (key, child) in children { walk(child, pointer + "/" + JSONPointer.escape(key)) }
            case .array(let items):
                for (index, item) in items.enumerated() { walk(item, pointer + "/" + String(index)) }
            default:
                break
            }
        }
        walk(.object(report.data), "")
        return object
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
