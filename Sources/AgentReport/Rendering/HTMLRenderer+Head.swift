import SafeHTML

extension HTMLRenderer {
    /// The `<head>` every page of agent-report has: charset, viewport, the Content-Security-
    /// Policy that forbids scripts and remote loads, no referrer, both colour schemes, the
    /// title and the inline style sheet.
    static func writeHead(_ head: HTMLElement, title: String) {
        head.element("meta", ["charset": "utf-8"])
        head.element("meta", ["name": "viewport", "content": "width=device-width, initial-scale=1"])
        head.element("meta", ["http-equiv": "Content-Security-Policy", "content": contentSecurityPolicy])
        head.element("meta", ["name": "referrer", "content": "no-referrer"])
        head.element("meta", ["name": "color-scheme", "content": "light dark"])
        head.element("meta", ["name": "generator", "content": "agent-report"])
        head.element("title", text: title)
        head.element("style", text: styleSheet)
    }
}
