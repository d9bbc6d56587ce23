import Foundation
import JSONSchema

/// The front matter of a published report, in seed 004's metadata format: title, type,
/// system, created, agent, api_version, database_type, security_level, performance_targets,
/// technologies, compliance — from the answer's front matter and the publisher's options.
struct DesignMetadata {
    var metadata: JSONObject
    var system: String
    var created: Timestamp
    var diagnostics: [Diagnostic]

    /// `created` comes from the front matter, else `--created`, else `SOURCE_DATE_EPOCH`, else
    /// the clock; `system` from the front matter, else `--system`, else the title — as a slug.
    /// `title` from the front matter, else the answer's own title, else `{System} {Kind}` as
    /// seed 004 writes it ("Checkout Backend Design").
    init(report: Report, agent: String, kind: String, options: PublishOptions, metadataSchema: LoadedSchema?) {
        let given = report.metadata
        var diagnostics: [Diagnostic] = []
        func nonEmpty(_ value: JSONValue?) -> String? {
            value?.stringValue.flatMap { $0.trimmingSpaces.isEmpty ? nil : $0.trimmingSpaces }
        }
        let ownTitle = nonEmpty(given["title"]) ?? report.title.flatMap { $0.isEmpty ? nil : $0 }
        let baseName = ((report.source as NSString).lastPathComponent as NSString).deletingPathExtension

        var created: Timestamp? = nil
        if let value = given["created"] {
            let text = value.stringValue ?? value.serialized()
            created = Timestamp(parsing: text)
            if created == nil {
                diagnostics.append(.badCreated(text, range: MetadataCheck.range(of: "created", in: report)))
            }
        }
        let resolvedCreated = created ?? options.created ?? options.sourceDateEpoch ?? options.now()

        let rawSystem = nonEmpty(given["system"]) ?? options.system ?? ownTitle ?? baseName
        // The file name adds the kind: a system named after the report (`Loyalty Points
        // Backend Design`) does not repeat it.
        var system = ReportTreeLayout.slug(rawSystem)
        if system.hasSuffix("-" + kind), system.count > kind.count + 1 { system.removeLast(kind.count + 1) }
        let title = ownTitle ?? (Self.words(system) + " " + Self.words(kind))

        var metadata = JSONObject()
        metadata["title"] = .string(title)
        metadata["type"] = given["type"] ?? .string(kind)
        metadata["system"] = .string(system)
        metadata["created"] = .string(resolvedCreated.metadataText)
        metadata["agent"] = given["agent"] ?? .string(agent)
        for key in MarkdownRenderer.metadataOrder.dropFirst(5) {
            if let value = given[key] { metadata[key] = value }
        }
        for (key, value) in given where metadata[key] == nil { metadata[key] = value }

        if let metadataSchema {
            diagnostics += MetadataCheck(validator: metadataSchema.validator, expectedBy: Self.expectedBy, help: Self.help)
                .findings(metadata, of: report)
        }
        self.metadata = metadata
        self.system = system
        self.created = resolvedCreated
        self.diagnostics = diagnostics
    }

    /// `payments-gateway` → `Payments Gateway`.
    static func words(_ slug: String) -> String {
        slug.split(separator: "-").map { $0.prefix(1).uppercased() + $0.dropFirst() }.joined(separator: " ")
    }

    static let expectedBy = "the design-document metadata (title, type, system, created, …)"
    static let help = "see schemas/backend-design-document.schema.json"
}

// MARK: - Messages

extension Diagnostic {
    static func badCreated(_ text: String, range: SourceRange?) -> Diagnostic {
        Diagnostic(
            .error, "metadata-created", "front matter created \"\(text)\" is not a date and time",
            range: range, suggestion: "write it as YYYY-MM-DD HH:MM:SS (UTC)")
    }

    static func missingMetadata(_ keys: [String], range: SourceRange?, expectedBy: String, hasFrontMatter: Bool) -> Diagnostic {
        let listed = keys.joined(separator: ", ")
        guard hasFrontMatter else {
            return Diagnostic(
                .note, "metadata-missing", "the answer has no front matter; \(expectedBy) expects \(listed)",
                range: range, suggestion: "start the answer with front matter (`---` lines) giving \(listed)")
        }
        let what = keys.count == 1 ? keys[0] : keys.dropLast().joined(separator: ", ") + " or " + (keys.last ?? "")
        return Diagnostic(
            .warning, "metadata-missing", "the front matter has no \(what), which \(expectedBy) expects",
            range: range, suggestion: "add \(listed) to the answer's front matter")
    }

    static func invalidMetadata(_ error: ValidationError, range: SourceRange?, help: String) -> Diagnostic {
        let key = error.instanceLocation.tokens.joined(separator: ".")
        return Diagnostic(.error, "metadata-\(error.keyword)", "front matter \(key): \(error.message)", range: range, suggestion: help)
    }
}
