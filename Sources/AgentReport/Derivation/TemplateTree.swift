/// The sections of a template as a tree — a heading holds the deeper headings below it — and
/// the headings among siblings that are items of one repeated block.
///
/// A heading is an item of a repeated block when its title has a placeholder (`[Issue
/// Title]`, `<Feature Name>`, `{name}`) or a number after a word (`Finding 1: [Title]`,
/// `Phase 2`); siblings with the same pattern are the same block's items (an item shown
/// twice, or followed by `(same format)`). The pattern keeps the title's words and turns
/// each placeholder into a capture (`Finding {n}: {title}`).
enum TemplateTree {
    struct Node {
        var section: TemplateReader.Section
        var children: [Node]
    }

    enum Group {
        case section(Node)
        /// A heading that holds a field and its guidance (`## Verdict: APPROVE / HOLD`).
        case fieldInTitle(Node, label: String, guidance: String)
        /// A repeated block: the title it is known by, how its items are headed, and the
        /// template's items (the first with fields describes them all).
        case repeated(title: String, pattern: TitlePattern, items: [Node])
    }

    /// Sections nested by heading level, in order: a heading holds every deeper heading up to
    /// the next heading of its level or above. Titles and labels (level 0) stay siblings.
    static func nest(_ sections: [TemplateReader.Section]) -> [Node] {
        var roots: [Node] = []
        // The open path, outermost first.
        var path: [Node] = []
        func close(to depth: Int) {
            while path.count > depth {
                let node = path.removeLast()
                if path.isEmpty { roots.append(node) } else { path[path.count - 1].children.append(node) }
            }
        }
        for section in sections {
            if section.level == 0 {
                close(to: 0)
                path.append(Node(section: section, children: []))
                continue
            }
            var depth = path.count
            while depth > 0 && (path[depth - 1].section.level >= section.level || path[depth - 1].section.level == 0) { depth -= 1 }
            close(to: depth)
            path.append(Node(section: section, children: []))
        }
        close(to: 0)
        return Self.resolvingSameFormat(roots)
    }

    /// Siblings where one says it takes the format of the one before (`## Warnings` over
    /// `[same format]`, `(same as above)`): it gets that sibling's items and children.
    static func resolvingSameFormat(_ nodes: [Node]) -> [Node] {
        var nodes = nodes
        for k in nodes.indices {
            nodes[k].children = resolvingSameFormat(nodes[k].children)
            guard k > 0, nodes[k].children.isEmpty, nodes[k].section.items.count == 1,
                  case .prose(let text) = nodes[k].section.items[0], isSameFormat(text) else { continue }
            nodes[k].section.items = nodes[k - 1].section.items
            nodes[k].children = nodes[k - 1].children
        }
        return nodes
    }

    /// `[same format]`, `(Same structure as above)`, `Same as above.`: a back-reference.
    static func isSameFormat(_ text: String) -> Bool {
        let words = text.lowercased().split { !$0.isLetter }
        guard words.count >= 2, words.count <= 10 else { return false }
        let start = words.first == "use" || words.first == "the" ? 1 : 0
        guard words.count > start + 1 else { return false }
        let head = words[start...]
        if head.first == "same", ["format", "structure", "fields", "layout", "shape", "template", "as"].contains(String(head.dropFirst().first ?? "")) {
            return true
        }
        return Array(head) == ["as", "above"]
    }

    /// Siblings, with the items of each repeated block gathered into one group.
    static func groupRepeated(_ nodes: [Node]) -> [Group] {
        var groups: [Group] = []
        var k = 0
        while k < nodes.count {
            if let (label, guidance) = fieldInTitle(nodes[k]) {
                groups.append(.fieldInTitle(nodes[k], label: label, guidance: guidance))
                k += 1
                continue
            }
            guard let pattern = itemPattern(nodes[k].section.title) else {
                groups.append(.section(nodes[k]))
                k += 1
                continue
            }
            var items = [nodes[k]]
            var j = k + 1
            while j < nodes.count, nodes[j].section.level == nodes[k].section.level,
                  itemPattern(nodes[j].section.title)?.literalWords == pattern.literalWords {
                items.append(nodes[j])
                j += 1
            }
            groups.append(.repeated(title: blockTitle(pattern), pattern: pattern, items: items))
            k = j
        }
        return groups
    }

    /// A heading that holds a field and its guidance, with nothing under it: `## Verdict:
    /// APPROVE / REQUEST CHANGES`, `### Type: feat | fix` → (`Verdict`, `APPROVE / REQUEST CHANGES`).
    static func fieldInTitle(_ node: Node) -> (label: String, guidance: String)? {
        guard node.children.isEmpty, node.section.items.allSatisfy({ item in
            if case .prose = item { true } else if case .ellipsis = item { true } else { false }
        }) else { return nil }
        let title = node.section.title
        guard let colon = title.range(of: ": ") ?? title.range(of: " — ") ?? title.range(of: " - ") else { return nil }
        let label = String(title[..<colon.lowerBound]).trimmingSpaces
        let guidance = String(title[colon.upperBound...]).trimmingSpaces
        let words = label.split(separator: " ")
        guard !label.isEmpty, !guidance.isEmpty, words.count <= 4, !label.contains(where: { "[]<>{}".contains($0) }),
              !TemplateReader.isEllipsis(guidance) else { return nil }  // `### CR-002: ...` is the next item
        return (label, guidance)
    }

    /// The pattern of a title written as an item's (`Finding 1: [Title]` → `Finding {n}:
    /// {title}`), or nil for a plain title.
    static func itemPattern(_ title: String) -> TitlePattern? {
        var text = ""
        var captured = false
        var names = Set<String>()
        func capture(_ label: String) {
            var name = PropertyKey.make(label)
            var n = 2
            while names.contains(name) { name = PropertyKey.make(label) + "_\(n)"; n += 1 }
            names.insert(name)
            text += "{\(name)}"
            captured = true
        }
        let characters = Array(title)
        var i = 0
        var previousIsWord = false
        while i < characters.count {
            let c = characters[i]
            if let close = closer(of: c), let end = characters[(i + 1)...].firstIndex(of: close) {
                let inner = String(characters[(i + 1)..<end]).trimmingSpaces
                if !inner.isEmpty && !isOptionalMarker(inner) {
                    capture(inner)
                    i = end + 1
                    previousIsWord = false
                    continue
                }
            }
            let afterWordAndDash = i > 1 && characters[i - 1] == "-" && characters[i - 2].isLetter
            // `CWE-XXX`, `PR #NNN`: letters standing for a number or an id, a slot to fill.
            if c == "X" || c == "N" || c == "x", i == 0 || !characters[i - 1].isLetter {
                var end = i
                while end < characters.count && characters[end] == c { end += 1 }
                if end - i >= 2, end == characters.count || !characters[end].isLetter && !characters[end].isNumber {
                    let word = afterWordAndDash ? String(characters[..<(i - 1)].reversed().prefix { $0.isLetter }.reversed()) : ""
                    capture(word.isEmpty ? "n" : word)
                    i = end
                    previousIsWord = false
                    continue
                }
            }
            // `Top 5 Risks`, `First 3 steps`: a count the title fixes, not an item's number.
            if c.isNumber, !countWords.contains(String(text.lowercased().split(separator: " ").last ?? "")), previousIsWord || afterWordAndDash || (i > 0 && characters[i - 1] == " " && !text.trimmingSpaces.isEmpty),
               !captured || !names.contains("n") {
                var end = i
                while end < characters.count && characters[end].isNumber { end += 1 }
                // `Finding 1`, `Phase 2:`, `CR-001` — a number after a word or a word and a dash,
                // not part of a name (`S3`, `v2`).
                let afterDash = i > 1 && characters[i - 1] == "-" && characters[i - 2].isLetter
                if i > 0 && (characters[i - 1] == " " || afterDash) && (end == characters.count || !characters[end].isLetter) {
                    capture("n")
                    i = end
                    continue
                }
            }
            text.append(c)
            previousIsWord = c.isLetter
            i += 1
        }
        guard captured else { return nil }
        return TitlePattern(text.trimmingSpaces)
    }

    /// Words before a number that make it a count (`Top 5`).
    static let countWords: Set<String> = ["top", "first", "last", "best", "worst", "next", "bottom"]

    /// The capture names of `pattern` with the words they stand for in `title`.
    static func captureLabels(of title: String, pattern: TitlePattern) -> [(String, String)] {
        let values = Dictionary(pattern.match(title) ?? [], uniquingKeysWith: { first, _ in first })
        return pattern.captures.map { name in
            if name == "n" { return (name, "Number") }
            let written = values[name] ?? name
            let label = written.trimming(where: { "[]<>{}".contains($0) })
            // `XXX` stands for the id it captures: named after the word before it (`CWE-XXX` → "Cwe").
            let isSlot = label.count >= 2 && Set(label).count == 1 && "XxN".contains(label.first ?? " ")
            return (name, label.isEmpty || isSlot ? ReturnFormat.titleFromKey(name) : label)
        }
    }

    /// What a block is called when no heading of its own holds it: its pattern's words in the
    /// plural (`Finding {n}: {title}` → `Findings`), or `Items`.
    static func blockTitle(_ pattern: TitlePattern) -> String {
        let words = pattern.parts.compactMap { part -> String? in
            if case .literal(let text) = part { return text.trimming(where: { !$0.isLetter && !$0.isNumber }) } else { return nil }
        }.filter { !$0.isEmpty }
        guard let first = words.first else { return "Items" }
        if first.hasSuffix("s") { return first }
        if first.hasSuffix("y"), let last = first.dropLast().last, !"aeiou".contains(last) { return first.dropLast() + "ies" }
        return first + "s"
    }

    private static func closer(of c: Character) -> Character? {
        switch c {
        case "[": "]"
        case "<": ">"
        case "{": "}"
        default: nil
        }
    }

    private static func isOptionalMarker(_ inner: String) -> Bool {
        ["optional", "if any", "if applicable", "if relevant", "if needed", "when applicable"].contains(inner.lowercased())
    }
}
