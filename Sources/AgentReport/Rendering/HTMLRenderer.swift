import JSONSchema
import SafeHTML

/// How ``HTMLRenderer`` draws a page.
public struct HTMLOptions: Sendable {
    /// The Return Format the report was bound with: its sections and fields are drawn in
    /// order, those the answer lacks marked missing. Nil takes the bundled format named by
    /// `report.schema`, if there is one; otherwise only what `data` holds is drawn.
    public var format: ReturnFormat?
    /// The page's title; nil takes the front matter's `title`, the schema's title, or the
    /// source name, in that order.
    public var title: String?
    /// `lang` of the page.
    public var language: String

    public init(format: ReturnFormat? = nil, title: String? = nil, language: String = "en") {
        self.format = format
        self.title = title
        self.language = language
    }
}

/// Renders a `Report` as one self-contained HTML page (DESIGN.md, "HTML").
///
/// The page is built as a libxml2 tree through SafeHTML and serialised by libxml2; no markup
/// is ever made by joining strings. Agent text is untrusted: plain strings (titles, labels,
/// front matter values, messages) become text nodes, and markdown (field values, the
/// preamble, notes, unknown sections) goes through Ink and the allow-list sanitizer
/// (``MarkdownGate``). The page has inline CSS only, no script, a Content-Security-Policy that
/// forbids scripts and remote loads, light and dark themes, a print style, one `h1`, headings
/// in order, and `header`/`nav`/`main` landmarks. The output depends on the report alone.
///
/// ```swift
/// let html = HTMLRenderer(options: HTMLOptions(format: schema.format)).render(report)
/// ```
public struct HTMLRenderer: Sendable {
    public let options: HTMLOptions
    /// `options.format` laid out for pages, once for every page this renderer draws.
    private let outline: PageOutline?

    /// The policy for field values: the issue's allow-list, with the values' own headings
    /// re-levelled to continue the page's outline (`h3` under a section's `h2`).
    static let sanitizer = HTMLSanitizer(policy: HTMLSanitizer.Policy(headingBase: 3))

    /// The page's Content-Security-Policy: nothing may load or run but the inline style.
    public static let contentSecurityPolicy =
        "default-src 'none'; style-src 'unsafe-inline'; base-uri 'none'; form-action 'none'"

    public init(options: HTMLOptions = .init()) {
        self.options = options
        outline = options.format.map(PageOutline.init)
    }

    /// The page, as UTF-8 HTML text.
    public func render(_ report: Report) -> String {
        let bundled = options.format == nil ? report.schema.flatMap { Self.bundled[$0] } : nil
        let format = options.format ?? bundled?.format
        let outline = outline ?? bundled?.outline ?? .empty
        var page = PageBuilder(report: report, outline: outline, gate: MarkdownGate(sanitizer: Self.sanitizer))
        page.build(title: title(of: report, format: format), language: options.language)
        return page.document.serialized()
    }

    /// The title the page shows in `h1` and `<title>`.
    func title(of report: Report, format: ReturnFormat?) -> String {
        if let title = options.title?.trimmingWhitespace, !title.isEmpty { return title }
        if let title = report.title?.trimmingWhitespace, !title.isEmpty { return title }
        if let title = report.metadata["title"]?.stringValue?.trimmingWhitespace, !title.isEmpty { return title }
        let source = ShareableName.of(report.source)
        if let title = format?.title?.trimmingWhitespace, !title.isEmpty { return "\(title): \(source)" }
        return source
    }

    /// The bundled Return Formats by name, and their outlines, read once.
    private static let bundled: [String: (format: ReturnFormat, outline: PageOutline)] = {
        var formats: [String: (ReturnFormat, PageOutline)] = [:]
        for schema in SchemaCatalog.bundledFormats() {
            if let format = schema.format { formats[schema.name] = (format, PageOutline(format: format)) }
        }
        return formats
    }()
}

/// One page being built: the document, and where each diagnostic goes.
struct PageBuilder {
    let report: Report
    let outline: PageOutline
    let gate: MarkdownGate
    let document: HTMLDocument
    /// Element ids given so far, to keep them unique.
    var ids: ElementIDs
    /// JSON Pointer → where the section or field is drawn.
    var anchors: [String: PageOutline.Anchor]
    /// Diagnostics by the pointer of the section or field they are drawn beside.
    var placed: [String: [Diagnostic]] = [:]

    init(report: Report, outline: PageOutline, gate: MarkdownGate) {
        self.report = report
        self.outline = outline
        self.gate = gate
        self.document = HTMLDocument()
        ids = outline.ids
        anchors = outline.anchors
    }

    mutating func build(title: String, language: String) {
        document.root.setAttribute("lang", language)
        var plan = SectionPlan(report: report, outline: outline)
        if outline.isNested { anchorTree() }
        placeDiagnostics(&plan)
        buildHead(title: title)
        let body = document.body
        body.element("a", ["class": "skip", "href": "#content"], text: "Skip to the report")
        buildHeader(title: title, in: body)
        buildNavigation(plan, in: body)
        let main = body.element("main", ["id": "content"])
        buildPreamble(in: main)
        for section in plan.sections { buildSection(section, in: main) }
        buildUnknownSections(in: main)
        buildOtherExtras(plan, in: main)
        buildFrontMatter(in: main)
        buildDiagnostics(in: main)
        let footer = body.element("footer")
        footer.element("p", text: "Rendered by agent-report from \(ShareableName.of(report.source)). This page runs no scripts and loads nothing.")
    }

    private func buildHead(title: String) {
        HTMLRenderer.writeHead(document.head, title: title)
    }

    private func buildHeader(title: String, in body: HTMLElement) {
        let header = body.element("header", ["class": "page-header"])
        header.element("h1", text: title)
        let facts = header.element("p", ["class": "subtitle"])
        facts.text("Source ")
        facts.element("code", text: ShareableName.of(report.source))
        if let schema = report.schema {
            facts.text(" · schema ")
            facts.element("code", text: ShareableName.of(schema))
        } else {
            facts.text(" · no schema (outline only)")
        }
        let badges = badgeList()
        if !badges.isEmpty {
            let list = header.element("ul", ["class": "badges", "aria-label": "Metadata"])
            for (label, value) in badges {
                let item = list.element("li", ["class": "badge"])
                item.element("span", ["class": "badge-label"], text: label)
                item.text(" ")
                item.element("span", ["class": "badge-value"], text: value)
            }
        }
        let errors = report.diagnostics.errorCount
        let warnings = report.diagnostics.warningCount
        let notes = report.diagnostics.count - errors - warnings
        let verdict = header.element("p", ["class": report.isValid ? "verdict verdict-valid" : "verdict verdict-invalid", "role": "status"])
        verdict.element("strong", text: report.isValid ? "Valid" : "Not valid")
        verdict.text(" — \(Self.count(errors, "error")), \(Self.count(warnings, "warning")), \(Self.count(notes, "note"))")
    }

    /// System and front-matter facts shown as badges, in a fixed order.
    private func badgeList() -> [(String, String)] {
        let keys: [(String, String)] = [
            ("system", "System"), ("security_level", "Security level"), ("database_type", "Database"),
            ("api_version", "API version"), ("performance_targets", "Performance targets"),
        ]
        return keys.compactMap { key, label in
            guard let value = report.metadata[key], let text = Self.inlineText(value), !text.isEmpty else { return nil }
            return (label, text)
        }
    }

    private func buildNavigation(_ plan: SectionPlan, in body: HTMLElement) {
        let nav = body.element("nav", ["aria-labelledby": "contents-heading"])
        nav.element("h2", ["id": "contents-heading"], text: "Contents")
        let list = nav.element("ol")
        @discardableResult
        func entry(_ id: String, _ label: String, marker: String? = nil) -> HTMLElement {
            let item = list.element("li")
            item.element("a", ["href": "#" + id], text: label)
            if let marker { item.element("span", ["class": "toc-marker"], text: " " + marker) }
            return item
        }
        if !report.extras.preamble.trimmingWhitespace.isEmpty { entry("preamble", "Preamble") }
        for section in plan.sections {
            let id = section.id
            let findings = placed.filter { $0.key == section.pointer || $0.key.hasPrefix(section.pointer + "/") }
                .reduce(0) { $0 + $1.value.count }
            var marker: String?
            if section.isMissing { marker = "(missing)" } else if findings > 0 { marker = "(\(Self.count(findings, "finding")))" }
            let item = entry(id, section.title, marker: marker)
            if outline.isNested, let spec = section.spec, let value = report.data[spec.key] {
                appendContents(of: spec, value, pointer: section.pointer, depth: 1, to: item)
            }
        }
        for (index, section) in report.extras.unknownSections.enumerated() {
            entry("unknown-section-\(index + 1)", section.title.isEmpty ? "Untitled section" : section.title, marker: "(not in the schema)")
        }
        if plan.hasOtherExtras { entry("other-content", "Other content") }
        if !report.extras.epilogue.trimmingWhitespace.isEmpty { entry("epilogue", "Epilogue") }
        if !report.metadata.isEmpty { entry("front-matter", "Front matter") }
        entry("diagnostics", "Diagnostics", marker: "(\(report.diagnostics.count))")
    }

    static func count(_ number: Int, _ noun: String) -> String {
        "\(number) \(noun)\(number == 1 ? "" : "s")"
    }
}
