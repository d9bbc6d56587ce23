import AgentReport
import JSONSchema
import MCP

/// What `agent-report mcp` declares: its tools, with the JSON Schemas of their arguments and
/// of their structured results, and its prompt.
enum MCPTools {
    static let all: [Tool] = [
        Tool(
            name: "validate_answer", title: "Validate an answer",
            description: "Check a draft answer against its Return Format. Returns whether it is valid and each problem with its code, "
                + "position (1-based line and column) and JSON Pointer path; the text is a correction to act on. Fix the problems and "
                + "call again until valid is true.",
            inputSchema: schema(#"{"type": "object", "properties": {"answer": \#(answer), "format": \#(format)}, "required": ["answer"]}"#),
            annotations: .init(readOnlyHint: true),
            outputSchema: schema(#"""
                {"type": "object", "required": ["valid", "schema", "diagnostics", "summary"], "properties": {
                  "valid": {"type": "boolean"},
                  "schema": {"type": ["string", "null"], "description": "The format checked against; null when none fits and none was named."},
                  "diagnostics": {"type": "array", "items": \#(diagnostic)},
                  "summary": {"type": "string"}}}
                """#)),
        Tool(
            name: "render_report", title: "Render a report",
            description: "Render an answer as a report: canonical Markdown, the JSON contract (schemas/report-output.schema.json) or a "
                + "self-contained HTML page.",
            inputSchema: schema(#"""
                {"type": "object", "required": ["answer", "to"], "properties": {"answer": \#(answer), "format": \#(format),
                  "to": {"enum": ["markdown", "json", "html"], "description": "The report's form."}}}
                """#),
            annotations: .init(readOnlyHint: true),
            outputSchema: schema(#"""
                {"type": "object", "required": ["to", "valid", "schema", "report"], "properties": {
                  "to": {"enum": ["markdown", "json", "html"]}, "valid": {"type": "boolean"},
                  "schema": {"type": ["string", "null"]}, "report": {"type": "string"}}}
                """#)),
        Tool(
            name: "get_return_format", title: "Get a Return Format",
            description: "The Return Format block an answer must follow, as `agent-report schema prompt` writes it.",
            inputSchema: schema(#"{"type": "object", "properties": {"format": \#(format)}, "required": ["format"]}"#),
            annotations: .init(readOnlyHint: true),
            outputSchema: schema(#"""
                {"type": "object", "required": ["format", "title", "returnFormat"], "properties": {
                  "format": {"type": "string"}, "title": {"type": "string"}, "returnFormat": {"type": "string"}}}
                """#)),
        Tool(
            name: "list_formats", title: "List formats",
            description: "The bundled formats and the agents defined in the project's .claude/agents/, with their titles.",
            inputSchema: schema(#"{"type": "object", "properties": {}}"#),
            annotations: .init(readOnlyHint: true),
            outputSchema: schema(#"""
                {"type": "object", "required": ["formats"], "properties": {"formats": {"type": "array", "items": {
                  "type": "object", "required": ["name", "kind", "title", "path", "hasReturnFormat"], "properties": {
                    "name": {"type": "string"}, "kind": {"enum": ["bundled", "agent"]}, "title": {"type": "string"},
                    "path": {"type": ["string", "null"]}, "hasReturnFormat": {"type": "boolean"}}}}}}
                """#)),
        Tool(
            name: "publish_report", title: "Publish a report",
            description: "Publish an answer into a report tree (Markdown, HTML and JSON files, a catalog and an index). The tree is "
                + "inside the project; out defaults to the server's --publish-dir.",
            inputSchema: schema(#"""
                {"type": "object", "required": ["answer"], "properties": {"answer": \#(answer), "format": \#(format),
                  "system": {"type": "string", "description": "The system the report is about (front matter `system`)."},
                  "out": {"type": "string", "description": "The report tree's folder, relative to the project."}}}
                """#),
            outputSchema: schema(#"""
                {"type": "object", "required": ["valid", "outcome", "root", "files", "diagnostics"], "properties": {
                  "valid": {"type": "boolean"}, "outcome": {"enum": ["published", "unchanged", "refused"]},
                  "root": {"type": "string"}, "files": {"type": "array", "items": {"type": "string"}},
                  "diagnostics": {"type": "array", "items": \#(diagnostic)}}}
                """#)),
    ]

    static let returnFormatPrompt = Prompt(
        name: "return_format", title: "Return Format",
        description: "The Return Format block of a format or agent, to answer in.",
        arguments: [.init(name: "format", description: "A bundled format, a schema or definition file, or an agent's name.", required: true)])

    private static let answer = #"{"type": "string", "description": "The answer's markdown text, as the agent would return it."}"#
    private static let format = #"""
        {"type": "string", "description": "A bundled format's name, a schema or agent definition file (relative to the project), or an agent's name; see list_formats."}
        """#
    private static let diagnostic = #"""
        {"type": "object", "required": ["severity", "code", "message", "line", "column", "endLine", "endColumn", "path", "suggestion"],
         "properties": {"severity": {"enum": ["error", "warning", "note"]}, "code": {"type": "string"}, "message": {"type": "string"},
          "line": {"type": ["integer", "null"]}, "column": {"type": ["integer", "null"]},
          "endLine": {"type": ["integer", "null"]}, "endColumn": {"type": ["integer", "null"]},
          "path": {"type": ["string", "null"]}, "suggestion": {"type": ["string", "null"]}}}
        """#

    /// A schema written in this file (a typo in one stops the server at its first tools/list).
    private static func schema(_ text: String) -> Value {
        do {
            return Value(json: try JSONParser.parse(text))
        } catch {
            preconditionFailure("MCPTools: a schema does not parse: \(error)")
        }
    }
}
