import JSONSchema

/// What binding needs of a format, computed once per binder: every container (the answer, a
/// section or group, a repeated block's item) with a matcher over its children's titles.
struct BindingTables: Sendable {
    final class Container: Sendable {
        /// The container's children: sections at the root, else fields and nested containers.
        let children: [ReturnFormat.Node]
        let matcher: TitleMatcher
        /// For a child that is a group: its container; for a repeated block: its item's.
        let childContainers: [Int?]
        /// Pointer tokens of each child's key, escaped once.
        let escapedKeys: [String]
        /// What each child is, read without copying its node.
        private let kinds: [ReturnFormat.Node.Kind]
        private let textAccepted: [Bool]

        init(children: [ReturnFormat.Node], matcher: TitleMatcher, childContainers: [Int?], escapedKeys: [String]) {
            self.children = children
            self.matcher = matcher
            self.childContainers = childContainers
            self.escapedKeys = escapedKeys
            self.kinds = children.map(\.kind)
            self.textAccepted = children.map(\.acceptsText)
        }

        func kind(_ child: Int) -> ReturnFormat.Node.Kind { kinds[child] }
        /// A section, group or repeated block.
        func isContainer(_ child: Int) -> Bool { kinds[child] == .object || kinds[child] == .repeated }
        func acceptsText(_ child: Int) -> Bool { textAccepted[child] }
    }

    private(set) var containers: [Container] = []
    /// Each container's pointer when it is not inside a repeated block's item (so the same in
    /// every answer), with its children's: worked out once rather than at every field.
    private(set) var staticPointers: [(own: String, children: [String])?] = []
    /// For a container outside repeated blocks: the slot of its first child's value (children
    /// take consecutive slots), so that binding keeps those values in an array, not by pointer.
    private(set) var slotBase: [Int?] = []
    private(set) var slotCount = 0
    /// Whether some container's title holds a colon (`Review Result: PASS`): only then can a
    /// labelled line be such a title.
    private(set) var hasColonTitles = false
    /// Whether some repeated block's items are titled by a pattern with words (`RC-{n} —
    /// {title}`): only then can a plain or labelled line be an item's title.
    private(set) var hasWordPatterns = false
    /// The format's implicit section (`x-implicit-section`): the part of a template without headings.
    let implicitSection: Int?

    init(_ format: ReturnFormat) {
        implicitSection = format.sections.firstIndex { $0.annotations["x-implicit-section"] == .bool(true) }
        _ = add(format.sections)
        hasWordPatterns = containers.contains { container in
            container.children.contains { $0.kind == .repeated && $0.titlePattern?.hasLiteralWords == true }
        }
        hasColonTitles = containers.contains { container in
            container.children.contains { $0.isContainer && $0.title.contains(":") }
        }
        staticPointers = [(own: String, children: [String])?](repeating: nil, count: containers.count)
        slotBase = [Int?](repeating: nil, count: containers.count)
        fillStaticPointers(0, own: "")
    }

    private mutating func fillStaticPointers(_ index: Int, own: String) {
        let container = containers[index]
        let children = container.escapedKeys.map { own + "/" + $0 }
        staticPointers[index] = (own, children)
        slotBase[index] = slotCount
        slotCount += children.count
        for (child, nested) in container.childContainers.enumerated() {
            guard let nested, container.children[child].kind == .object else { continue }
            fillStaticPointers(nested, own: children[child])
        }
    }

    /// The pointer of child `child` of container `index` whose own pointer is `pointer` (a
    /// container outside repeated blocks has only its static pointer).
    func childPointer(_ index: Int, own pointer: String, child: Int) -> String {
        if let fixed = staticPointers[index] { return fixed.children[child] }
        return pointer + "/" + containers[index].escapedKeys[child]
    }

    /// Adds the container of `children` and, depth first, those nested in it; returns its index.
    private mutating func add(_ children: [ReturnFormat.Node]) -> Int {
        let index = containers.count
        containers.append(Container(children: [], matcher: TitleMatcher(candidates: []), childContainers: [], escapedKeys: []))
        var nested: [Int?] = []
        for child in children {
            nested.append(child.isContainer ? add(child.fields) : nil)
        }
        containers[index] = Container(
            children: children,
            matcher: TitleMatcher(nodes: children),
            childContainers: nested,
            escapedKeys: children.map { JSONPointer.escape($0.key) })
        return index
    }
}
