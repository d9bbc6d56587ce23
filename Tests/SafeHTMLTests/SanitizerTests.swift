import Foundation
import SafeHTML
import Testing

/// The allow-list sanitizer: what survives, what goes, and that its output reads back the same.
@Suite struct SanitizerTests {
    static let sanitizer = HTMLSanitizer()

    /// The sanitised fragment read back by libxml2, inside a page.
    static func read(_ fragment: String) -> HTMLInspector.Inspection {
        HTMLInspector.inspect("<!DOCTYPE html><html><head><title>t</title></head><body><div>\(fragment)</div></body></html>")
    }

    /// The fragment sanitised into a page (inside a `div`), and that page's tree as built
    /// and as read back from its serialised text.
    static func roundTrip(_ fragment: String) -> (built: [String], read: [String], problems: [HTMLInspector.Problem]) {
        let page = HTMLDocument()
        page.head.element("title", text: "t")
        page.body.element("div").appendSanitized(fragment, using: sanitizer)
        let read = HTMLInspector.inspect(page.serialized())
        return (shape(HTMLInspector.inspect(page)), shape(read), read.problems)
    }

    /// Names of the elements inside the wrapping `div`, in document order, with attributes.
    static func shape(_ inspection: HTMLInspector.Inspection) -> [String] {
        guard let div = inspection.elements.firstIndex(where: { $0.name == "div" }) else { return [] }
        return inspection.elements.indices.filter { $0 > div }.map { index in
            let element = inspection.elements[index]
            return ([element.name] + element.attributes.map { "\($0.name)=\($0.value)" }).joined(separator: " ")
        }
    }

    @Test func allowedElementsStayAndOthersLeaveTheirText() {
        let html = Self.sanitizer.sanitize("""
        <p>a <strong>b</strong> <em>c</em> <code>d</code> <del>e</del><br>f</p><hr>
        <ul><li>g</li></ul><ol><li>h</li></ol><blockquote><p>i</p></blockquote><pre><code>j</code></pre>
        <table><thead><tr><th>k</th></tr></thead><tbody><tr><td>l</td></tr></tbody></table>
        <h4>m</h4><h5>n</h5><h6>o</h6><h1>p</h1><div><span>q</span></div><b>r</b><font>s</font><s>t</s>
        """)
        let page = Self.read(html)
        #expect(Self.shape(page).map { $0.split(separator: " ")[0] } == [
            "p", "strong", "em", "code", "del", "br", "hr", "ul", "li", "ol", "li", "blockquote", "p", "pre", "code",
            "table", "thead", "tr", "th", "tbody", "tr", "td", "h4", "h5", "h6", "del",
        ])
        for word in ["p", "q", "r", "s", "t"] { #expect(html.contains(word)) }
    }

    @Test func noAttributeSurvivesButCheckedLinks() {
        let html = Self.sanitizer.sanitize("""
        <p style="color:red" class="x" id="y" title="z" onclick="alert(1)">text</p>
        <a href="https://example.com/a?b=1&amp;c=2" onmouseover="alert(1)" target="_blank" style="x">ok</a>
        <a href="javascript:alert(1)">bad</a><a name="anchor">no href</a>
        """)
        let page = Self.read(html)
        #expect(Self.shape(page) == ["p", "a href=https://example.com/a?b=1&c=2 rel=noopener noreferrer nofollow"])
        #expect(page.text(of: 0).contains("bad") && page.text(of: 0).contains("no href"))
    }

    @Test(arguments: [
        ("http://example.com", true), ("HTTPS://EXAMPLE.COM/x", true), ("mailto:a@b.c", true),
        ("/path/x", true), ("path/x.html", true), ("#fragment", true), ("?q=1", true), ("//example.com/x", true),
        ("  https://example.com  ", true), ("a/b:c", true),
        ("javascript:alert(1)", false), ("JaVaScRiPt:alert(1)", false), (" \u{1}javascript:alert(1)", false),
        ("java\tscript:alert(1)", false), ("java\nscript:alert(1)", false), ("vbscript:msgbox(1)", false),
        ("data:text/html;base64,PHNjcmlwdD4=", false), ("\u{A0}javascript:alert(1)", false),
        ("javascript\u{0}:alert(1)", false), ("file:///etc/passwd", false), ("x:y", false), ("jav&#x09;ascript:", true),
    ])
    func linkPolicy(_ url: String, _ allowed: Bool) {
        #expect((LinkPolicy().allowedHref(url) != nil) == allowed, "\(url.debugDescription)")
    }

    @Test func encodedSchemesAreDecodedBeforeTheCheck() {
        for href in ["&#106;avascript:alert(1)", "java&#x09;script:alert(1)", "&#x20;javascript:alert(1)",
                     "javascript&#58;alert(1)", "&#0000106&#0000097&#0000118&#0000097&#0000115&#0000099&#0000114&#0000105&#0000112&#0000116&#0000058alert(1)"] {
            let page = Self.read(Self.sanitizer.sanitize("<a href=\"\(href)\">x</a>"))
            #expect(Self.shape(page).isEmpty, "\(href) → \(Self.shape(page))")
        }
    }

    @Test func scriptAndStyleBecomeInertTextAndCommentsGo() {
        let html = Self.sanitizer.sanitize("<script>alert(1)</script><style>p{}</style><!-- secret --><?php x ?><p>ok</p>")
        let page = Self.read(html)
        #expect(page.elements(named: "script").isEmpty && page.elements(named: "style").isEmpty)
        #expect(!html.contains("secret") && html.contains("alert(1)"))
    }

    @Test func blocksInsideInlineOrWrongParentsAreUnwrapped() {
        let cases: [(String, [String])] = [
            ("<p>a<div><ul><li>b</li></ul></div></p>", ["p", "ul", "li"]),
            ("<strong><p>x</p></strong>", ["strong"]),
            ("<li>loose</li>", []),
            ("<a href='/a'>1<a href='/b'>2</a></a>", ["a href=/a rel=noopener noreferrer nofollow", "a href=/b rel=noopener noreferrer nofollow"]),
            // libxml2 itself closes `pre` at `ul` and `h4` at `p`, and adds no `tr` for a bare `td`.
            ("<table><td>cell</td></table>", ["table"]),
            ("<pre><ul><li>x</li></ul></pre>", ["pre", "ul", "li"]),
            ("<h4><p>x</p></h4>", ["h4", "p"]),
            ("<p><span><ul><li>x</li></ul></span></p>", ["p"]),
            ("<ul><div><li>x</li></div><p>y</p></ul>", ["ul", "li"]),
        ]
        for (input, expected) in cases {
            #expect(Self.shape(Self.read(Self.sanitizer.sanitize(input))) == expected, "\(input)")
        }
    }

    @Test func headingsAreRelevelledWhenAsked() {
        let sanitizer = HTMLSanitizer(policy: HTMLSanitizer.Policy(headingBase: 3))
        let html = sanitizer.sanitize("<h1>a</h1><h3>b</h3><h6>c</h6><h2>d</h2><h5>e</h5>")
        // h2 sits under the h1 (now h3), so it becomes h4; h5 under it, h5.
        #expect(Self.shape(Self.read(html)) == ["h3", "h4", "h5", "h4", "h5"])
    }

    @Test func deepNestingIsCappedOrGivenAsText() {
        let capped = Self.sanitizer.sanitize(String(repeating: "<blockquote>", count: 200) + "deep")
        #expect(Self.shape(Self.read(capped)).count == HTMLSanitizer.Policy().maxDepth)
        #expect(capped.contains("deep"))
        let started = ContinuousClock.now
        let tooDeep = Self.sanitizer.sanitize(String(repeating: "<b>", count: 100_000) + "deeper")
        #expect(ContinuousClock.now - started < .seconds(10))
        #expect(Self.shape(Self.read(tooDeep)).isEmpty)
        #expect(tooDeep.hasSuffix("deeper"))
    }

    @Test func textCarriesNoCharacterAParserRejects() {
        let page = HTMLDocument()
        page.body.element("p", ["title": "a\u{0}b\u{1}"], text: "x\u{0}y\u{1B}z\u{FFFE}")
        let inspection = HTMLInspector.inspect(page.serialized())
        #expect(inspection.problems.isEmpty, "\(inspection.problems)")
        let paragraph = inspection.elements.firstIndex { $0.name == "p" }
        #expect(paragraph.map { inspection.text(of: $0) } == "x\u{FFFD}y\u{FFFD}z\u{FFFD}")
    }

    @Test func theBuilderNeverParsesText() {
        let page = HTMLDocument(language: "de")
        page.head.element("meta", ["charset": "utf-8"])
        page.head.element("title", text: "</title><script>alert(1)</script>")
        page.body.element("p", ["class": "\"><script>alert(2)</script>"], text: "<script>alert(3)</script> & é 日 🚀")
        let html = page.serialized()
        #expect(html.hasPrefix("<!DOCTYPE html>"))
        #expect(html.contains("é 日 🚀"))
        let inspection = HTMLInspector.inspect(html)
        #expect(inspection.elements.map(\.name) == ["html", "head", "meta", "title", "body", "p"])
        #expect(inspection.elements[0].attribute("lang") == "de")
        #expect(inspection.elements[5].attribute("class") == "\"><script>alert(2)</script>")
        #expect(inspection.text(of: 5) == "<script>alert(3)</script> & é 日 🚀")
    }

    @Test func theInspectorReportsErrors() {
        let inspection = HTMLInspector.inspect("<!DOCTYPE html><html><body><nav>x</nav><p>a</b></p><q>\u{1}</q></body></html>")
        #expect(inspection.doctype == "html")
        #expect(inspection.problems.contains { $0.code == HTMLInspector.Problem.unknownTagCode && $0.subject == "nav" })
        #expect(inspection.problems.contains { $0.message.contains("Unexpected end tag") })
    }

    @Test func sanitisingFromManyThreadsAtOnce() async {
        let inputs = (0..<64).map { "<p onclick=x>\($0) <a href='javascript:x'>l</a> <em>e</em></p><script>s</script>" }
        let expected = inputs.map { Self.sanitizer.sanitize($0) }
        await withTaskGroup(of: (Int, String).self) { group in
            for (index, input) in inputs.enumerated() {
                group.addTask { (index, Self.sanitizer.sanitize(input)) }
            }
            for await (index, html) in group { #expect(html == expected[index]) }
        }
    }
}

extension SanitizerTests {
    @Test(arguments: [
        "<p>a<div><ul><li>b</li></ul></div></p>", "<ol><ul><li>z</ul></ol>", "<table><tr><td><table><tr><td>x</table></table>",
        "<a href=/a><p>x</p></a>", "<h1>a<h2>b", "<li>x<li>y", "<blockquote><li>x</li><pre>a\nb</pre></blockquote>",
        "<dl><dt>x<dd>y</dl>", "<em><strong><code><del>x</del></code></strong></em>", "<hr><br><p><hr></p>",
    ])
    func pagesReadBackAsBuilt(_ fragment: String) {
        let (built, read, problems) = Self.roundTrip(fragment)
        #expect(built == read)
        #expect(problems.isEmpty, "\(problems)")
    }
}
