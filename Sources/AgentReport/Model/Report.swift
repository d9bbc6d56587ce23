import JSONSchema

/// An answer bound to a Return Format: the data its schema validates, the metadata of its
/// front matter, everything else it said, and what is wrong with it.
public struct Report: Sendable {
    /// The input's name in diagnostics.
    public var source: String
    /// The schema's name (`backend-engineer`) or path; nil in outline-only mode.
    public var schema: String?
    /// The answer's own title (a level-1 heading above its first section), if it has one.
    public var title: String?
    /// The front matter.
    public var metadata: JSONObject
    /// The instance the schema validates, keyed by the schema's property names, in schema order.
    public var data: JSONObject
    public var extras: Extras
    public var diagnostics: [Diagnostic]
    /// Where each bound value came from: JSON Pointer into `data` → source range. A section's
    /// pointer maps to its heading; a field's to its label and value.
    public var locations: [String: SourceRange]
    /// Where each bound field's value was written, when that is not all of the field's range
    /// in `locations` (absent for a field with no value).
    public var valueLocations: [String: SourceRange] = [:]
    /// The text as written of each value read into another type (a number, a yes or no, an
    /// `enum` member spelled otherwise, a list or checklist), by JSON Pointer.
    public var writtenValues: [String: String] = [:]
    /// The outline the report was bound from.
    public var outline: ResponseOutline

    public init(
        source: String, schema: String?, metadata: JSONObject, data: JSONObject, extras: Extras,
        diagnostics: [Diagnostic], locations: [String: SourceRange], outline: ResponseOutline
    ) {
        self.source = source
        self.schema = schema
        self.metadata = metadata
        self.data = data
        self.extras = extras
        self.diagnostics = diagnostics
        self.locations = locations
        self.outline = outline
    }

    /// No error diagnostics.
    public var isValid: Bool { !diagnostics.hasErrors }

    /// An answer due as a JSON or YAML document that could not be read as one.
    public var unreadableDocument = false

    /// What to call the report: its own title, the front matter's `title`, or the input's name.
    public var displayTitle: String {
        if let title, !title.isEmpty { return title }
        if let title = metadata["title"]?.stringValue, !title.isEmpty { return title }
        return source
    }
}

/// What an answer said that its schema has no place for, kept verbatim.
public struct Extras: Sendable, Equatable {
    public struct Text: Sendable, Equatable {
        /// The section key (in `data`) or title it appeared under; nil in the preamble or epilogue.
        public var section: String?
        public var text: String
        public var range: SourceRange?

        public init(section: String?, text: String, range: SourceRange?) {
            self.section = section
            self.text = text
            self.range = range
        }
    }

    public struct UnknownSection: Sendable, Equatable {
        public var title: String
        /// The section's body, verbatim but for common indentation.
        public var text: String
        public var range: SourceRange?

        public init(title: String, text: String, range: SourceRange?) {
            self.title = title
            self.text = text
            self.range = range
        }
    }

    public struct UnknownField: Sendable, Equatable {
        /// The key of the section it appeared in.
        public var section: String
        public var label: String
        public var value: String
        public var range: SourceRange?
        /// The JSON Pointer of the object in `data` it was written in (a section, a group or
        /// an item of a repeated block).
        public var parent: String

        public init(section: String, label: String, value: String, range: SourceRange?, parent: String = "") {
            self.section = section
            self.label = label
            self.value = value
            self.range = range
            self.parent = parent
        }
    }

    /// Text before the first section.
    public var preamble: String = ""
    /// Text after the last section.
    public var epilogue: String = ""
    public var unknownSections: [UnknownSection] = []
    public var unknownFields: [UnknownField] = []
    /// Known fields given again with a different value (the first value is in `data`).
    public var repeatedFields: [UnknownField] = []
    /// Text inside known sections that is not a field.
    public var notes: [Text] = []

    public init() {}

    public var isEmpty: Bool {
        preamble.isEmpty && epilogue.isEmpty && unknownSections.isEmpty && unknownFields.isEmpty && repeatedFields.isEmpty
            && notes.isEmpty
    }
}

extension Report {
    /// The same report with these diagnostics in place of the ones it had.
    public func withDiagnostics(_ diagnostics: [Diagnostic]) -> Report {
        var copy = self
        copy.diagnostics = diagnostics
        return copy
    }
}
