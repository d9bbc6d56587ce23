/// Every stable diagnostic code: its default severity, what it means and how to fix it.
/// SARIF rules and the README's table are written from this list.
public enum DiagnosticCatalog {
    public struct Entry: Sendable {
        public var code: String
        public var severity: Diagnostic.Severity
        public var summary: String
        public var help: String
    }

    public static let entries: [Entry] = coreEntries + publishingEntries + derivationEntries

    static let coreEntries: [Entry] = [
        Entry(code: "missing-section", severity: .error, summary: "A section the schema requires is not in the answer.",
              help: "Add the section, with its heading as the Return Format writes it."),
        Entry(code: "missing-field", severity: .error, summary: "A field the schema requires is not in its section.",
              help: "Add the field as `- Label: value` under its section."),
        Entry(code: "placeholder", severity: .error, summary: "The value is the template's bracketed guidance, or one `[…]` bracket expression.",
              help: "Replace the guidance with the actual answer."),
        Entry(code: "filler", severity: .error, summary: "The value is filler such as TBD, TODO, `...`, `-` or `???`.",
              help: "Write the actual answer, or say why the field does not apply."),
        Entry(code: "empty-field", severity: .error, summary: "The label has no value.",
              help: "Write the value after the label, or on indented lines below it."),
        Entry(code: "conflicting-field", severity: .error, summary: "The same field is given twice with different values.",
              help: "Keep one value."),
        Entry(code: "front-matter", severity: .error, summary: "The YAML front matter does not parse.",
              help: "Fix the YAML between the `---` lines, or remove them."),
        Entry(code: "schema-evaluationLimit", severity: .error, summary: "Validation was stopped: the schema's recursion multiplied the work past the budget, whatever the data holds.",
              help: "Simplify the schema (a `$ref` cycle under `oneOf`/`anyOf`), or raise SchemaOptions.maxEvaluations in the library."),
        Entry(code: "invalid-input", severity: .error, summary: "The input cannot be read as an answer: unreadable, not JSON where JSON was required, or a failed agent run.",
              help: "Check the input; re-run the agent if its run failed."),
        Entry(code: "not-applicable", severity: .warning, summary: "The value is a bare N/A with no reason.",
              help: "Say why the field does not apply."),
        Entry(code: "misspelled-label", severity: .warning, summary: "A heading or label is close to, but not exactly, the schema's title.",
              help: "Write the title as the Return Format spells it."),
        Entry(code: "unknown-section", severity: .warning, summary: "A section the schema does not describe; it is kept under extras.",
              help: "Remove it, or add it to the schema."),
        Entry(code: "unknown-field", severity: .warning, summary: "A field its section does not describe; it is kept under extras.",
              help: "Remove it, or add it to the schema."),
        Entry(code: "duplicate-section", severity: .warning, summary: "A section appears more than once.",
              help: "Write each section once."),
        Entry(code: "invalid-encoding", severity: .warning, summary: "Bytes that are not UTF-8 (or NUL) were replaced by U+FFFD.",
              help: "Write the answer as UTF-8."),
        Entry(code: "outline-only", severity: .note, summary: "No schema fits the answer; it was read without one and not validated.",
              help: "Pass --schema NAME|PATH to validate it."),
    ]

    static let publishingEntries: [Entry] = [
        Entry(code: "metadata-missing", severity: .warning, summary: "The front matter lacks keys the metadata expects (all of them listed once; a note when the answer has no front matter).",
              help: "Add them to the answer's front matter (the design-document metadata: schemas/backend-design-document.schema.json)."),
        Entry(code: "metadata-created", severity: .error, summary: "The front matter's `created` is not a date and time.",
              help: "Write it as YYYY-MM-DD HH:MM:SS (UTC)."),
    ]

    /// The entry for a code; `schema-<keyword>` and `metadata-<keyword>` codes get a generic one.
    public static func entry(for code: String) -> Entry {
        if let entry = entries.first(where: { $0.code == code }) { return entry }
        if code.hasPrefix("metadata-") {
            let keyword = String(code.dropFirst(9))
            return Entry(
                code: code, severity: .error, summary: "The front matter fails the metadata schema's `\(keyword)` keyword.",
                help: "Correct the value; schemas/backend-design-document.schema.json says what is allowed.")
        }
        let keyword = code.hasPrefix("schema-") ? String(code.dropFirst(7)) : code
        return Entry(
            code: code, severity: .error, summary: "The data fails the schema's `\(keyword)` keyword.",
            help: "Change the value so that it satisfies `\(keyword)` in the schema.")
    }
}
