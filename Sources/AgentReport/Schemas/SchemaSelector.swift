/// Picks the bundled Return Format that fits an answer best, when the user names none.
public enum SchemaSelector {
    /// The candidate whose section titles match the most of the answer's section headings,
    /// if that is at least half of them; nil when none does.
    public static func select(for outline: ResponseOutline, among candidates: [LoadedSchema]) -> LoadedSchema? {
        let headings = outline.sections.map(\.title) + outline.sections.flatMap { section in
            section.items.compactMap { item -> String? in
                if case .field(let field) = item, field.value.isEmpty { return field.label }
                return nil
            }
        }
        guard !outline.sections.isEmpty else { return nil }
        var best: (schema: LoadedSchema, matched: Int)? = nil
        for candidate in candidates {
            guard let format = candidate.format else { continue }
            let matcher = TitleMatcher(nodes: format.sections)
            var matchedSections = Set<Int>()
            for heading in headings {
                switch matcher.match(heading) {
                case .exact(let index), .misspelled(let index): matchedSections.insert(index)
                case .none: break
                }
            }
            if matchedSections.count > (best?.matched ?? 0) { best = (candidate, matchedSections.count) }
        }
        guard let best, best.matched * 2 >= outline.sections.count else { return nil }
        return best.schema
    }
}
