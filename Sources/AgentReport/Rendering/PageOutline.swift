import JSONSchema

/// The sections and fields a Return Format draws on a page, with the JSON Pointer, element
/// id and label of each: the same for every answer, so worked out once per format.
struct PageOutline: Sendable {
    struct Field: Sendable {
        var spec: ReturnFormat.Field
        var pointer: String
        var id: String
    }

    struct Section: Sendable {
        var spec: ReturnFormat.Section
        var pointer: String
        var id: String
        var fields: [Field]
        var fieldKeys: Set<String>
    }

    /// Where a section or field is drawn and what the list of diagnostics calls it.
    struct Anchor: Sendable {
        var id: String
        var label: String
    }

    var sections: [Section] = []
    /// Section and field pointer → anchor.
    var anchors: [String: Anchor] = [:]
    /// The ids given, so that a page's own ids stay distinct from them.
    var ids = ElementIDs()
    var sectionKeys: Set<String> = []
    /// Whether the format has groups or repeated blocks below its sections (nodes whose ids
    /// depend on the answer).
    var isNested = false

    static let empty = PageOutline(format: nil)

    init(format: ReturnFormat?) {
        isNested = format?.sections.contains { $0.kind == .repeated || $0.fields.contains(where: \.isContainer) } ?? false
        for spec in format?.sections ?? [] {
            let pointer = JSONPointer([spec.key]).description
            let id = ids.unique(Self.sectionID(spec.key))
            anchors[pointer] = Anchor(id: id, label: spec.title)
            let fields = spec.fields.map { field in
                let outlined = Field(spec: field, pointer: JSONPointer([spec.key, field.key]).description, id: ids.unique(Self.fieldID(spec.key, field.key)))
                anchors[outlined.pointer] = Anchor(id: outlined.id, label: spec.title + " › " + field.title)
                return outlined
            }
            sections.append(Section(spec: spec, pointer: pointer, id: id, fields: fields, fieldKeys: Set(spec.fields.map(\.key))))
            sectionKeys.insert(spec.key)
        }
    }

    static func sectionID(_ key: String) -> String {
        "section-" + slug(key)
    }

    static func fieldID(_ section: String, _ field: String) -> String {
        "field-" + slug(section) + "--" + slug(field)
    }

    /// ASCII letters, digits, `-` and `_` of the first 64 characters of `text`; anything else
    /// becomes `-`.
    static func slug(_ text: String) -> String {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(min(64, text.utf8.count))
        for scalar in text.unicodeScalars.prefix(64) {
            switch scalar.value {
            case 0x30...0x39, 0x41...0x5A, 0x61...0x7A, 0x2D, 0x5F: bytes.append(UInt8(scalar.value))
            default: bytes.append(UInt8(ascii: "-"))
            }
        }
        return bytes.isEmpty ? "x" : String(decoding: bytes, as: UTF8.self)
    }
}

/// Element ids given on a page, each distinct.
struct ElementIDs: Sendable {
    private var used: Set<String> = []

    /// `id`, or `id-2`, `id-3`… when taken; taken from then on.
    mutating func unique(_ id: String) -> String {
        var candidate = id
        var number = 1
        while used.contains(candidate) {
            number += 1
            candidate = "\(id)-\(number)"
        }
        used.insert(candidate)
        return candidate
    }
}

/// The sections a page draws, in order: the format's sections (present or missing), then
/// whatever `data` holds beyond the format.
struct SectionPlan {
    struct Field {
        var key: String
        var title: String
        var description: String?
        var isRequired: Bool
        var pointer: String
        /// Empty until the page gives one, for a field the format does not know.
        var id: String
        /// Nil when the answer lacks the field.
        var value: JSONValue?
        var subfields: [ReturnFormat.Field]
        /// The field's schema node (nil for a field the format does not know).
        var spec: ReturnFormat.Node? = nil
    }

    struct Section {
        var key: String
        var title: String
        var pointer: String
        var id: String
        var isRequired: Bool
        var isMissing: Bool
        var fields: [Field]
        /// The section's value when it is not an object of fields.
        var otherValue: JSONValue?
        /// The section's schema node (nil for a section the format does not know).
        var spec: ReturnFormat.Node? = nil
    }

    var sections: [Section] = []
    /// Notes and unknown fields that belong to no drawn section.
    var strayNotes: [Extras.Text] = []
    var strayFields: [Extras.UnknownField] = []

    var hasOtherExtras: Bool { !strayNotes.isEmpty || !strayFields.isEmpty }

    init(report: Report, outline: PageOutline) {
        sections.reserveCapacity(outline.sections.count)
        for outlined in outline.sections {
            let spec = outlined.spec
            let value = report.data[spec.key]
            let object = value?.objectValue
            // Only a section of fields has fields of its own: a repeated block's or a checklist's
            // are its items', drawn with each item.
            var fields = spec.kind != .object ? [] : outlined.fields.map { field in
                Field(key: field.spec.key, title: field.spec.title, description: field.spec.description, isRequired: field.spec.isRequired,
                      pointer: field.pointer, id: field.id, value: object?[field.spec.key], subfields: field.spec.fields, spec: field.spec)
            }
            for (key, fieldValue) in object ?? JSONObject() where !outlined.fieldKeys.contains(key) {
                fields.append(Self.extraField(key, in: spec.key, value: fieldValue))
            }
            sections.append(Section(key: spec.key, title: spec.title, pointer: outlined.pointer, id: outlined.id, isRequired: spec.isRequired,
                                    isMissing: value == nil, fields: fields, otherValue: object == nil ? value : nil, spec: spec))
        }
        for (key, value) in report.data where !outline.sectionKeys.contains(key) {
            let fields = (value.objectValue ?? JSONObject()).map { Self.extraField($0.key, in: key, value: $0.value) }
            sections.append(Section(key: key, title: ReturnFormat.titleFromKey(key), pointer: JSONPointer([key]).description, id: "", isRequired: false,
                                    isMissing: false, fields: fields, otherValue: value.objectValue == nil ? value : nil))
        }
        guard !report.extras.notes.isEmpty || !report.extras.unknownFields.isEmpty else { return }
        let titles = Set(sections.map(\.title))
        let keys = Set(sections.map(\.key))
        strayNotes = report.extras.notes.filter { note in
            guard let section = note.section else { return true }
            return !keys.contains(section) && !titles.contains(section)
        }
        strayFields = report.extras.unknownFields.filter { !keys.contains($0.section) }
    }

    private static func extraField(_ key: String, in section: String, value: JSONValue) -> Field {
        Field(key: key, title: ReturnFormat.titleFromKey(key), isRequired: false, pointer: JSONPointer([section, key]).description, id: "",
              value: value, subfields: [])
    }
}
