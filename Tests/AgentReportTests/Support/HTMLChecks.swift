import AgentReport
import Foundation
import SafeHTML

/// Structural checks of a rendered page, made on libxml2's reading of it — never by
/// searching its text.
enum HTMLChecks {
    /// Every element the renderer itself writes or the sanitizer lets through.
    static let pageElements: Set<String> = [
        "html", "head", "body", "meta", "title", "style", "header", "nav", "main", "section", "footer",
        "h1", "h2", "h3", "h4", "h5", "h6", "p", "span", "div", "ul", "ol", "li", "dl", "dt", "dd", "a",
        "code", "pre", "strong", "em", "del", "blockquote", "table", "thead", "tbody", "tr", "th", "td", "hr", "br",
    ]

    /// HTML5 elements libxml2's HTML 4 tables do not know; it reports them, harmlessly.
    static let html5Elements: Set<String> = ["header", "nav", "main", "section", "footer"]

    /// Attributes that load or point at something.
    static let urlAttributes: Set<String> = [
        "href", "src", "action", "formaction", "srcset", "background", "poster", "xlink:href", "data", "codebase",
        "cite", "dynsrc", "lowsrc", "ping", "manifest", "icon", "longdesc", "usemap", "profile",
    ]

    /// The `<meta>` elements the renderer writes, by their first attribute.
    static let ownMeta: Set<String> = ["charset", "viewport", "Content-Security-Policy", "referrer", "color-scheme", "generator"]

    /// What is unsafe in `inspection`, as readable lines; empty when the page is safe.
    static func unsafeParts(of inspection: HTMLInspector.Inspection) -> [String] {
        var problems: [String] = []
        var styles = 0
        for (index, element) in inspection.elements.enumerated() {
            let name = element.name
            if !pageElements.contains(name) { problems.append("element <\(name)>") }
            if name == "style" {
                styles += 1
                if inspection.ancestors(of: index).first != "head" { problems.append("<style> outside <head>") }
            }
            if name == "meta" {
                let key = element.attribute("charset") != nil ? "charset" : element.attribute("name") ?? element.attribute("http-equiv") ?? "?"
                if !ownMeta.contains(key) || inspection.ancestors(of: index).first != "head" {
                    problems.append("<meta> \(element.attributes.map { "\($0.name)=\($0.value)" })")
                }
            }
            for attribute in element.attributes {
                let attributeName = attribute.name.lowercased()
                let value = normalizedURL(attribute.value)
                if attributeName.hasPrefix("on") { problems.append("event handler \(attributeName) on <\(name)>") }
                if attributeName == "style" { problems.append("style attribute on <\(name)>") }
                // A URL attribute must not be such a URL; no other attribute may mention one.
                let isURL = urlAttributes.contains(attributeName)
                for scheme in ["javascript:", "vbscript:", "data:"] where isURL ? value.hasPrefix(scheme) : value.contains(scheme) {
                    problems.append("\(scheme) in \(attributeName) of <\(name)>: \(attribute.value)")
                }
                if urlAttributes.contains(attributeName) {
                    if name != "a" || attributeName != "href" {
                        problems.append("\(attributeName) on <\(name)>")
                    } else if !isAllowedLink(value) {
                        problems.append("link to \(attribute.value)")
                    }
                }
            }
        }
        if styles != 1 { problems.append("\(styles) <style> elements") }
        return problems
    }

    /// A URL as a browser reads it: without leading and trailing controls and spaces, without
    /// tabs and line breaks, in lower case.
    static func normalizedURL(_ value: String) -> String {
        let trimmed = value.unicodeScalars.drop { $0.value <= 0x20 }
        return String(String.UnicodeScalarView(trimmed.filter { $0 != "\t" && $0 != "\n" && $0 != "\r" })).lowercased()
    }

    static func isAllowedLink(_ normalized: String) -> Bool {
        let head = normalized.prefix { $0 != "/" && $0 != "?" && $0 != "#" }
        guard let colon = head.firstIndex(of: ":") else { return true }
        return ["http", "https", "mailto"].contains(String(head[..<colon]))
    }

    /// Parse problems other than libxml2 not knowing an HTML5 element.
    static func parseErrors(of inspection: HTMLInspector.Inspection) -> [HTMLInspector.Problem] {
        inspection.problems.filter { problem in
            !(problem.code == HTMLInspector.Problem.unknownTagCode && html5Elements.contains(problem.subject ?? ""))
        }
    }

    /// Outline problems: not exactly one `h1`, or a heading more than one level below the last.
    static func outlineProblems(of inspection: HTMLInspector.Inspection) -> [String] {
        let levels = inspection.elements.compactMap { element -> Int? in
            guard element.name.count == 2, element.name.first == "h", let level = Int(String(element.name.dropFirst())) else { return nil }
            return level
        }
        var problems: [String] = []
        if levels.filter({ $0 == 1 }).count != 1 { problems.append("\(levels.filter { $0 == 1 }.count) h1 elements") }
        if levels.first != 1 { problems.append("first heading is h\(levels.first ?? 0)") }
        var previous = 1
        for level in levels {
            if level > previous + 1 { problems.append("h\(level) after h\(previous)") }
            previous = level
        }
        return problems
    }

    /// Renders `report`, parses the page back, and returns every problem found.
    static func problems(rendering report: Report, options: HTMLOptions = .init()) -> (html: String, problems: [String]) {
        let html = HTMLRenderer(options: options).render(report)
        let inspection = HTMLInspector.inspect(html)
        var problems = unsafeParts(of: inspection)
        problems += parseErrors(of: inspection).map { "parse: \($0)" }
        problems += outlineProblems(of: inspection)
        for landmark in ["header", "nav", "main"] where inspection.elements(named: landmark).count != 1 {
            problems.append("\(inspection.elements(named: landmark).count) <\(landmark)> landmarks")
        }
        return (html, problems)
    }
}
