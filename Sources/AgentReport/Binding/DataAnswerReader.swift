import JSONSchema

/// An answer to a Return Format that is a JSON, YAML or XML document (`x-answer-format`): the
/// document — the first fenced block, or the whole answer when it has none — is the data;
/// text around the fence is the preamble and the epilogue.
enum DataAnswerReader {
    static func report(_ outline: ResponseOutline, format: String, schemaName: String?, schema: JSONObject = JSONObject()) -> Report {
        let source = outline.source
        if format == "xml" { return xmlReport(outline, schemaName: schemaName, schema: schema) }
        let lines = (0..<source.lineCount).map { source.lineText($0) }
        let isFence = { (line: String) -> Bool in
            let text = line.trimmingSpaces
            return text.hasPrefix("```") || text.hasPrefix("~~~")
        }
        var body = 0..<lines.count
        var extras = Extras()
        if let open = lines.firstIndex(where: isFence) {
            let close = lines[(open + 1)...].firstIndex(where: isFence) ?? lines.count
            body = (open + 1)..<close
            extras.preamble = lines[..<open].joined(separator: "\n").trimmingSpaces
            extras.epilogue = close + 1 < lines.count ? lines[(close + 1)...].joined(separator: "\n").trimmingSpaces : ""
        }
        var diagnostics = outline.diagnostics
        var data = JSONObject()
        // JSON is read by the JSON parser, which is strict and fast and says where it stops; a
        // document it refuses is still read as YAML, which accepts more (comments, trailing
        // commas are not among them), before the JSON parser's complaint is reported.
        var jsonFailure: JSONParseError? = nil
        if format == "json", !body.isEmpty {
            let start = source.lineStarts[body.lowerBound]
            let span = start..<max(start, source.lineEnds[body.upperBound - 1])
            do throws(JSONParseError) {
                if case .object(let object) = try JSONParser.parse(Array(source.bytes[span]), maxDepth: 64) {
                    return report(outline, schemaName: schemaName, data: object, extras: extras, diagnostics: diagnostics, lines: body)
                }
            } catch {
                jsonFailure = JSONParseError(message: error.message, offset: start + error.offset, line: error.line, column: error.column)
            }
        }
        switch FrontMatterReader(subject: "the answer").read(lines[body].joined(separator: "\n")) {
        case .success(let object?):
            data = object
        case .success(nil):
            diagnostics.append(.unreadableDocument("the answer holds no \(format.uppercased()) document", format: format, range: nil))
        case .failure(let failure):
            if let jsonFailure {
                let at = source.position(at: min(jsonFailure.offset, source.bytes.count))
                diagnostics.append(.unreadableDocument("the answer is not a valid JSON document: \(jsonFailure.message)",
                                                       format: format, range: SourceRange(start: at, end: at)))
                break
            }
            var range: SourceRange? = nil
            if let line = failure.line, body.lowerBound + line - 1 < lines.count {
                range = source.range(lines: body.lowerBound + line - 1, body.lowerBound + line - 1)
            }
            diagnostics.append(.unreadableDocument("the answer is not a valid \(format.uppercased()) document: \(failure.message)",
                                                   format: format, range: range))
        }
        return report(outline, schemaName: schemaName, data: data, extras: extras, diagnostics: diagnostics, lines: body)
    }

    /// An answer written as XML elements: the elements inside the format's root element (or
    /// at the top), each read as the schema says — a list, an object, a number — and located
    /// at its opening tag. Text outside them is the preamble and the epilogue.
    private static func xmlReport(_ outline: ResponseOutline, schemaName: String?, schema: JSONObject) -> Report {
        let source = outline.source
        let lines = (0..<source.lineCount).map { source.lineText($0) }
        var body = 0..<lines.count
        if let open = lines.indices.first(where: { lines[$0].trimmingSpaces.hasPrefix("```") && $0 + 1 < lines.count && XMLElements.startsWithTag(lines[$0 + 1]) }) {
            let close = lines[(open + 1)...].firstIndex(where: { $0.trimmingSpaces.hasPrefix("```") }) ?? lines.count
            body = (open + 1)..<close
        }
        let read = XMLElements(lines[body].joined(separator: "\n"), firstLine: body.lowerBound)
        var extras = Extras()
        var elements = read.elements
        if let root = schema["x-xml-root"]?.stringValue, let wrapper = elements.first(where: { $0.name == root }) {
            elements = wrapper.children
            if !wrapper.text.isEmpty { extras.notes.append(Extras.Text(section: nil, text: wrapper.text, range: nil)) }
        }
        let before = lines[..<body.lowerBound].joined(separator: "\n").trimmingSpaces
        let after = body.upperBound < lines.count ? lines[(body.upperBound + 1)...].joined(separator: "\n").trimmingSpaces : ""
        extras.preamble = ([before] + read.outside.prefix(1)).filter { !$0.isEmpty }.joined(separator: "\n\n")
        extras.epilogue = (read.outside.dropFirst() + [after]).filter { !$0.isEmpty }.joined(separator: "\n\n")
        var diagnostics = outline.diagnostics
        var locations: [String: SourceRange] = [:]
        if elements.isEmpty {
            diagnostics.append(.unreadableDocument("the answer holds no XML elements", format: "xml", range: nil))
        }
        let data = XMLData(source: source).members(elements, schema: schema, pointer: "", locations: &locations)
        var report = report(outline, schemaName: schemaName, data: data, extras: extras, diagnostics: diagnostics)
        report.locations = locations
        return report
    }

    /// The report of a document read from `lines`, each value located where it is written
    /// (XML answers bring their own locations).
    private static func report(_ outline: ResponseOutline, schemaName: String?, data: JSONObject, extras: Extras,
                               diagnostics: [Diagnostic], lines: Range<Int>? = nil) -> Report {
        var locations: [String: SourceRange] = [:]
        if let lines {
            var locator = DocumentLocator(source: outline.source, lines: lines)
            locations = locator.locations(of: data)
        }
        var report = Report(
            source: outline.source.name, schema: schemaName, metadata: JSONObject(), data: data, extras: extras,
            diagnostics: diagnostics, locations: locations, outline: outline)
        report.unreadableDocument = diagnostics.count > outline.diagnostics.count
        return report
    }
}

extension Diagnostic {
    static func unreadableDocument(_ message: String, format: String, range: SourceRange?) -> Diagnostic {
        Diagnostic(.error, "invalid-input", message, range: range,
                   suggestion: "write the answer as the \(format.uppercased()) document the Return Format shows")
    }
}
