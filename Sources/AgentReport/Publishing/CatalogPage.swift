import SafeHTML

/// `index.html` of a report tree: every report in a table (title, system, created, security
/// level, verdict, counts) and a list per category, with relative links that work from
/// `file://`. Self-contained like the report pages, and built the same way (a libxml2 tree).
struct CatalogPage {
    var entries: [Catalog.Entry]
    var layout: ReportTreeLayout

    func render() -> String {
        let page = HTMLDocument(language: "en")
        HTMLRenderer.writeHead(page.head, title: "Design reports")
        let header = page.body.element("header", ["class": "page-header"])
        header.element("h1", text: "Design reports")
        let valid = entries.filter(\.valid).count
        header.element("p", ["class": "summary"], text: "\(entries.count) report\(entries.count == 1 ? "" : "s"): \(valid) valid, \(entries.count - valid) invalid.")
        let nav = page.body.element("nav", ["aria-label": "Contents"])
        let contents = nav.element("ul")
        contents.element("li").element("a", ["href": "#all"], text: "All reports")
        for category in layout.categories {
            contents.element("li").element("a", ["href": "#category-\(category.id)"], text: category.title)
        }
        let main = page.body.element("main")
        let all = main.element("section", ["id": "all"])
        all.element("h2", text: "All reports")
        if entries.isEmpty {
            all.element("p", text: "No reports yet.")
        } else {
            let table = all.element("table")
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
        for category in layout.categories {
            let section = main.element("section", ["id": "category-\(category.id)"])
            section.element("h2", text: category.title)
            let items = entries.reversed().compactMap { entry in entry.categories.first { $0.id == category.id }.map { (entry, $0) } }
            if items.isEmpty {
                section.element("p", text: "None yet.")
                continue
            }
            let list = section.element("ul")
            for (entry, document) in items {
                let item = list.element("li")
                item.element("a", ["href": document.html], text: entry.title)
                item.text(" — \(entry.system), \(entry.created) (")
                item.element("a", ["href": document.markdown], text: "Markdown")
                item.text(")")
            }
        }
        return page.serialized()
    }
}
