import SafeHTML

/// `index.html` of a report folder: for each agent, its reports in a table (title, system,
/// created, security level, verdict, counts) and a list per category, with relative links
/// that work from `file://`. Self-contained like the report pages, and built the same way (a
/// libxml2 tree).
struct CatalogPage {
    var entries: [Catalog.Entry]
    var groups: [(agent: String, entries: [Catalog.Entry], categories: [(id: String, title: String)])]

    func render() -> String {
        let page = HTMLDocument(language: "en")
        HTMLRenderer.writeHead(page.head, title: "Reports")
        let header = page.body.element("header", ["class": "page-header"])
        header.element("h1", text: "Reports")
        let valid = entries.filter(\.valid).count
        header.element("p", ["class": "summary"], text: "\(entries.count) report\(entries.count == 1 ? "" : "s"): \(valid) valid, \(entries.count - valid) invalid.")
        let nav = page.body.element("nav", ["aria-label": "Contents"])
        let contents = nav.element("ul")
        let ids = groups.indices.map { "agent-\($0 + 1)" }
        for (group, id) in zip(groups, ids) {
            let item = contents.element("li")
            item.element("a", ["href": "#" + id], text: Catalog.agentTitle(group.agent))
            if !group.categories.isEmpty {
                let sub = item.element("ul")
                for category in group.categories {
                    sub.element("li").element("a", ["href": "#\(id)-category-\(PageOutline.slug(category.id))"], text: category.title)
                }
            }
        }
        let main = page.body.element("main")
        for (group, id) in zip(groups, ids) {
            let section = main.element("section", ["id": id, "aria-labelledby": id + "-heading"])
            section.element("h2", ["id": id + "-heading"], text: Catalog.agentTitle(group.agent))
            appendTable(group.entries, to: section)
            for category in group.categories {
                let part = section.element("section", ["id": "\(id)-category-\(PageOutline.slug(category.id))"])
                part.element("h3", text: category.title)
                let items = group.entries.reversed().compactMap { entry in entry.categories.first { $0.id == category.id }.map { (entry, $0) } }
                if items.isEmpty {
                    part.element("p", text: "None yet.")
                    continue
                }
                let list = part.element("ul")
                for (entry, document) in items {
                    let item = list.element("li")
                    item.element("a", ["href": document.html], text: entry.title)
                    item.text(" — \(entry.system), \(entry.created) (")
                    item.element("a", ["href": document.markdown], text: "Markdown")
                    item.text(")")
                }
            }
        }
        return page.serialized()
    }

    private func appendTable(_ entries: [Catalog.Entry], to section: HTMLElement) {
        guard !entries.isEmpty else {
            section.element("p", text: "No reports yet.")
            return
        }
        let table = section.element("table")
        let head = table.element("thead").element("tr")
        for title in ["Title", "System", "Created", "Security level", "Verdict", "Errors", "Warnings"] {
            head.element("th", ["scope": "col"], text: title)
        }
        let body = table.element("tbody")
        for entry in entries.reversed() {
            let row = body.element("tr")
            row.element("td").element("a", ["href": entry.html], text: entry.title)
            row.element("td", text: entry.system)
            row.element("td", text: entry.created)
            row.element("td", text: entry.securityLevel ?? "—")
            row.element("td").element("span", ["class": entry.valid ? "verdict verdict-valid" : "verdict verdict-invalid"], text: entry.valid ? "valid" : "invalid")
            row.element("td", text: String(entry.errors))
            row.element("td", text: String(entry.warnings))
        }
    }
}
