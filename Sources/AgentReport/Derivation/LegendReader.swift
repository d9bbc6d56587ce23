import JSONSchema

/// Legends written beside a template rather than in it — `Severity scale:` over `- SEV1 — …`,
/// `- SEV2 — …` lines — which give the closed set of values of the field they name.
///
/// A legend is a line ending in `:` directly followed by two or more list items, each a short
/// value (one to three words, emphasis allowed) and a separator (` — `, ` – `, ` - `, `: `)
/// before its meaning. It names the field whose title equals its own after dropping words
/// such as "scale", "levels" and "values" (`Risk levels` names `Risk level`).
enum LegendReader {
    struct Legend: Equatable {
        var name: String
        var values: [String]
    }

    /// The legends in lines `range` of `source` (outside fences).
    static func legends(in range: Range<Int>, of source: SourceText) -> [Legend] {
        var found: [Legend] = []
        var k = range.lowerBound
        var inFence = false
        while k < range.upperBound {
            let text = source.lineText(k).trimmingSpaces
            if text.hasPrefix("```") || text.hasPrefix("~~~") { inFence.toggle() }
            guard !inFence, let legend = legend(at: k, in: source, before: range.upperBound) else {
                k += 1
                continue
            }
            found.append(legend.legend)
            k = legend.end
        }
        return found
    }

    /// The legend whose title line is line `k`, and the line after its last value.
    static func legend(at k: Int, in source: SourceText, before limit: Int) -> (legend: Legend, end: Int, isExplanation: Bool)? {
        let text = source.lineText(k).trimmingSpaces
        guard text.hasSuffix(":"), !text.hasPrefix("-"), !text.hasPrefix("*") else { return nil }
        var values: [String] = []
        var meaningsFixed = true
        var j = k + 1
        while j < limit, let value = value(of: source.lineText(j)) {
            values.append(value)
            if TemplateReader.holdsPlaceholder(source.lineText(j)) { meaningsFixed = false }
            j += 1
        }
        guard values.count >= 2, Set(values).count == values.count else { return nil }
        let name = String(text.dropLast()).trimming("*_ ")
        // A list that explains values rather than asks for fields: titled as a kind of list
        // (`Severities`, `Risk levels`), or of capital terms with fixed meanings.
        let last = TitleMatcher.normalize(name).split(separator: " ").last.map(String.init) ?? ""
        let explains = kindWords.contains(last) || explanationTitles.contains(last)
            || meaningsFixed && values.allSatisfy { value in value.contains { $0.isLetter } && value == value.uppercased() }
        return (Legend(name: name, values: values), j, explains)
    }

    /// Last words of a title that names a list of meanings (`Severities:`, `Key:`).
    static let explanationTitles: Set<String> = ["severities", "priorities", "statuses", "key", "glossary", "definitions", "where"]

    /// The value a legend line gives: `- SEV1 — full outage` → `SEV1`.
    static func value(of line: String) -> String? {
        var text = Substring(line.trimmingSpaces)
        guard let first = text.first, "-*+".contains(first), text.dropFirst().first == " " else { return nil }
        text = text.dropFirst(2)
        for separator in [" — ", " – ", " - ", ": ", ":** ", "** — ", "** - "] {
            guard let cut = text.range(of: separator) else { continue }
            let value = String(text[..<cut.lowerBound]).trimming("*_` ")
            let words = value.split(separator: " ")
            guard !value.isEmpty, words.count <= 3, value.count <= 30 else { return nil }
            return value
        }
        return nil
    }

    /// Words that name the kind of list, not the field (`Severity scale`, `Risk levels`).
    static let kindWords: Set<String> = ["scale", "scales", "level", "levels", "value", "values", "legend", "meanings", "ratings", "options"]

    /// A title without its kind words, normalised.
    static func subject(_ title: String) -> String {
        TitleMatcher.normalize(title).split(separator: " ").filter { !kindWords.contains(String($0)) }.joined(separator: " ")
    }

    /// `schema` with each text field a legend names given the legend's values as `enum`.
    static func apply(_ legends: [Legend], to schema: JSONValue) -> JSONValue {
        guard !legends.isEmpty, case .object(var object) = schema else { return schema }
        if var properties = object["properties"]?.objectValue {
            for (key, value) in properties {
                properties[key] = applyToProperty(legends, value)
            }
            object["properties"] = .object(properties)
        }
        if let items = object["items"] { object["items"] = apply(legends, to: items) }
        return .object(object)
    }

    private static func applyToProperty(_ legends: [Legend], _ value: JSONValue) -> JSONValue {
        guard case .object(var field) = value else { return value }
        if field["type"] == "string", field["enum"] == nil, let title = field["title"]?.stringValue,
           let legend = legends.first(where: { subject($0.name) == subject(title) && !subject(title).isEmpty }) {
            field["enum"] = .array(legend.values.map(JSONValue.string))
            return .object(field)
        }
        return apply(legends, to: .object(field))
    }
}
