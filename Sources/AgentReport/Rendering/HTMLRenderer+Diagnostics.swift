import JSONSchema
import SafeHTML

extension PageBuilder {
    /// Findings drawn beside the section or field they concern.
    func appendFindings(_ diagnostics: [Diagnostic], to parent: HTMLElement) {
        guard !diagnostics.isEmpty else { return }
        let list = parent.element("ul", ["class": "findings"])
        for diagnostic in diagnostics { appendFinding(diagnostic, to: list.element("li", ["class": "finding finding-\(diagnostic.severity.rawValue)"])) }
    }

    /// Severity, code, position, message and suggestion of one diagnostic, as text.
    private func appendFinding(_ diagnostic: Diagnostic, to item: HTMLElement) {
        item.element("span", ["class": "severity"], text: diagnostic.severity.rawValue)
        item.text(" ")
        item.element("code", ["class": "diagnostic-code"], text: diagnostic.code)
        if let range = diagnostic.range {
            item.text(" ")
            item.element("span", ["class": "where"], text: "\(range.start.line):\(range.start.column)")
        }
        item.text(" ")
        item.element("span", ["class": "message"], text: diagnostic.message)
        if let suggestion = diagnostic.suggestion, !suggestion.isEmpty {
            item.text(" ")
            item.element("span", ["class": "suggestion"], text: "— " + suggestion)
        }
    }

    /// Every diagnostic, in report order, with a link to where it is drawn.
    func buildDiagnostics(in main: HTMLElement) {
        let section = main.element("section", ["id": "diagnostics", "class": "extra", "aria-labelledby": "diagnostics-heading"])
        section.element("h2", ["id": "diagnostics-heading"], text: "Diagnostics")
        guard !report.diagnostics.isEmpty else {
            section.element("p", text: "No findings.")
            return
        }
        let anchorsByDiagnostic = anchorIndex()
        let list = section.element("ol", ["class": "findings all"])
        for diagnostic in report.diagnostics {
            let item = list.element("li", ["class": "finding finding-\(diagnostic.severity.rawValue)"])
            appendFinding(diagnostic, to: item)
            if let (id, label) = anchorsByDiagnostic[diagnostic] {
                item.text(" ")
                item.element("a", ["class": "jump", "href": "#" + id], text: "(at \(label))")
            } else if let path = diagnostic.path, !path.isEmpty {
                item.text(" ")
                item.element("code", ["class": "path"], text: path)
            }
        }
    }

    /// For each placed diagnostic, the anchor it is drawn at and a label for it.
    private func anchorIndex() -> [Diagnostic: (String, String)] {
        var index: [Diagnostic: (String, String)] = [:]
        for (pointer, diagnostics) in placed {
            guard let anchor = anchors[pointer] else { continue }
            for diagnostic in diagnostics { index[diagnostic] = (anchor.id, anchor.label) }
        }
        return index
    }

    /// The front matter as a definition list; its values are plain text, never markup.
    func buildFrontMatter(in main: HTMLElement) {
        guard !report.metadata.isEmpty else { return }
        let section = main.element("section", ["id": "front-matter", "class": "extra", "aria-labelledby": "front-matter-heading"])
        section.element("h2", ["id": "front-matter-heading"], text: "Front matter")
        appendPlain(.object(report.metadata), to: section, depth: 0)
    }

    private func appendPlain(_ value: JSONValue, to parent: HTMLElement, depth: Int) {
        guard depth < 8 else {
            parent.element("pre", ["class": "verbatim"], text: value.serialized(pretty: true))
            return
        }
        switch value {
        case .object(let object):
            let list = parent.element("dl", ["class": "fields plain"])
            for (key, child) in object {
                let group = list.element("div", ["class": "field"])
                group.element("dt", text: key)
                appendPlain(child, to: group.element("dd"), depth: depth + 1)
            }
        case .array(let items):
            let list = parent.element("ul", ["class": "value-list"])
            for item in items { appendPlain(item, to: list.element("li"), depth: depth + 1) }
        case .string(let text):
            parent.text(text)
        case .null, .bool, .number:
            parent.text(value.serialized())
        }
    }

    /// A short one-line rendering of a front matter value for a badge; nil for deep values.
    static func inlineText(_ value: JSONValue) -> String? {
        switch value {
        case .string(let text): return text.trimmingWhitespace
        case .null, .bool, .number: return value.serialized()
        case .array(let items):
            let parts = items.compactMap { item -> String? in
                if case .string(let text) = item { return text }
                if case .number = item { return item.serialized() }
                return nil
            }
            return parts.count == items.count ? parts.joined(separator: ", ") : nil
        case .object(let object):
            var parts: [String] = []
            for (key, child) in object {
                switch child {
                case .string(let text): parts.append("\(key) \(text)")
                case .number, .bool: parts.append("\(key) \(child.serialized())")
                default: return nil
                }
            }
            return parts.joined(separator: " · ")
        }
    }
}
