import JSONSchema

/// Front matter held to a schema (the design-document metadata when publishing, a template's
/// own front matter when validating): a key left out is a `metadata-missing` warning, a
/// wrong value a `metadata-<keyword>` error at its line.
struct MetadataCheck {
    let validator: Schema
    /// What expects the keys, for the warning (`the Return Format's front matter`).
    let expectedBy: String
    /// How to put a wrong value right.
    let help: String

    func findings(_ metadata: JSONObject, of report: Report) -> [Diagnostic] {
        var found: [Diagnostic] = []
        let frontMatter = report.outline.frontMatter?.range
        var missingKeys: [String] = []
        for error in validator.validate(.object(metadata)) {
            if let missing = error.missingProperty, error.keyword == "required" {
                let under = error.instanceLocation.tokens.isEmpty ? "" : "\(error.instanceLocation.tokens.joined(separator: "."))."
                missingKeys.append(under + missing)
            } else {
                let key = error.instanceLocation.tokens.first ?? ""
                found.append(.invalidMetadata(error, range: Self.range(of: key, in: report) ?? frontMatter, help: help))
            }
        }
        // The keys left out, in one diagnostic: a note when the answer has no front matter at
        // all (nothing was attempted), a warning when its front matter lacks some.
        if !missingKeys.isEmpty {
            found.insert(.missingMetadata(missingKeys, range: frontMatter, expectedBy: expectedBy,
                                          hasFrontMatter: report.outline.frontMatter != nil), at: 0)
        }
        return found
    }

    /// The line of a top-level key in the answer's front matter.
    static func range(of key: String, in report: Report) -> SourceRange? {
        guard !key.isEmpty, let frontMatter = report.outline.frontMatter else { return nil }
        let source = report.outline.source
        for line in (frontMatter.range.start.line - 1)..<min(frontMatter.range.end.line, source.lineCount) {
            let text = source.lineText(line)
            if text.hasPrefix(key + ":") || text.hasPrefix("\"\(key)\":") {
                return source.range(lines: line, line)
            }
        }
        return nil
    }
}
