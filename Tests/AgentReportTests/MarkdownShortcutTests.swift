@_spi(Benchmarks) @testable import AgentReport
import Foundation
import JSONSchema
import SafeHTML
import Testing

/// ``MarkdownShortcut`` must draw exactly what Ink and the sanitizer make of every text it
/// accepts, and accept most of what agents write.
@Suite struct MarkdownShortcutTests {

    /// What the shortcut draws for `text` into an empty `div`, or nil when it declines.
    static func shortcut(_ text: String) -> String? {
        let page = HTMLDocument()
        let container = page.body.element("div")
        guard MarkdownShortcut.draw(text, into: container, policy: HTMLRenderer.sanitizer.policy) else { return nil }
        return container.serializedContent()
    }

    /// What Ink, libxml2 and the sanitizer draw for `text` into an empty `div`.
    static func throughInk(_ text: String) -> String {
        let page = HTMLDocument()
        let container = page.body.element("div")
        MarkdownGate(sanitizer: HTMLRenderer.sanitizer).appendThroughInk(text, to: container)
        return container.serializedContent()
    }

    /// The texts the shortcut accepts and draws differently from Ink, and how many it accepts.
    static func disagreements(_ texts: [String]) -> (mismatches: [String], accepted: Int) {
        var mismatches: [String] = []
        var accepted = 0
        for text in texts {
            let trimmed = text.trimmingWhitespace
            guard !trimmed.isEmpty, let drawn = shortcut(trimmed) else { continue }
            accepted += 1
            let expected = throughInk(trimmed)
            if drawn != expected, mismatches.count < 10 {
                mismatches.append("\(trimmed.debugDescription)\n  shortcut: \(drawn)\n  Ink:      \(expected)")
            }
        }
        return (mismatches, accepted)
    }

    static func texts(of files: [URL]) throws -> [String] {
        let builder = ReportBuilder(schema: try SchemaCatalog.load("backend-engineer"))
        return try files.flatMap { file -> [String] in
            let bytes = try [UInt8](Data(contentsOf: file))
            switch ResultEnvelope.classify(bytes, name: file.lastPathComponent) {
            case .text(let source, let diagnostics), .unusable(let source, let diagnostics):
                return HTMLRenderingProbe.markdownTexts(in: builder.report(for: source, diagnostics: diagnostics))
            case .instance:
                return []
            }
        }
    }

    @Test func agreesWithInkOnTheCorpusHeldOutAnswersAndSamples() throws {
        let corpus = try Corpus.generated(count: 300, seed: 3)
        let heldOut = try Corpus.generated(count: 100, seed: 4, heldOut: true)
        let texts = try Self.texts(of: corpus.entries.map(\.file) + heldOut.entries.map(\.file) + HTMLRendererTests.samples)
        let (mismatches, accepted) = Self.disagreements(texts)
        #expect(mismatches.isEmpty, "\(mismatches.joined(separator: "\n"))")
        // The point of the shortcut: nearly every value agents write skips Ink.
        #expect(texts.count > 5_000)
        #expect(Double(accepted) >= 0.9 * Double(texts.count), "the shortcut took \(accepted) of \(texts.count) texts")
    }

    /// Random texts: pieces of `pieces`, mostly from the first `common` of them, so that
    /// markup has words around it.
    static func randomTexts(_ pieces: [String], common: Int, count: Int, seed: UInt64) -> [String] {
        var generator = SeededGenerator(seed: seed)
        return (0..<count).map { _ in
            var text = ""
            for _ in 0..<Int.random(in: 1...24, using: &generator) {
                let range = Int.random(in: 0..<3, using: &generator) == 0 ? 0..<pieces.count : 0..<common
                text += pieces[Int.random(in: range, using: &generator)]
            }
            return text
        }
    }

    static let fuzzCount = Int(ProcessInfo.processInfo.environment["SHORTCUT_FUZZ_COUNT"] ?? "") ?? 20_000

    /// Random markdown from the characters that matter to Ink, the sanitizer and libxml2.
    @Test func agreesWithInkOnRandomMarkdown() {
        let pieces = [
            "word", "Ab", "x", "9", " ", " ", " ", "*", "**", "***", "`", "``", "[", "]", "(", ")", "](", "](http://e.com/a_b)",
            "](javascript:x)", "](#f)", "](mailto:a@b.c)", "](/docs?a=1&b=2)", "](a b)", "-", "- ", "\n", "\n", "\n\n", "\n- ", "\n```\n",
            "```sql\n", "_", "#", "> ", ">", "1.", "2)", "42", "é", "—", "日本", "\u{A0}", "&", "&amp;", "<", "<b>", "!", "![", "|",
            "~", "~~", "\\", "'", "\"", ":", "x_y", "\t", "  \n", "+ ", "=", "---", "\u{2028}", "😀", "%", "{", "}", "\r\n", MarkdownGate.maskedOpen,
            "\u{301}", "\u{200D}", "\u{FE0F}", "\u{1F3FB}", "\u{600}", "\u{20E3}", "](/x?a=1&amp;b=2)", "](&#106;avascript:x)",
        ]
        let texts = Self.randomTexts(pieces, common: 7, count: Self.fuzzCount, seed: 2026)
        let (mismatches, accepted) = Self.disagreements(texts)
        #expect(mismatches.isEmpty, "\(mismatches.joined(separator: "\n"))")
        #expect(accepted >= texts.count / 10, "the shortcut took only \(accepted) of \(texts.count) random texts")
    }

    /// Random markdown made of what the shortcut reads, so that most of it is compared.
    @Test func agreesWithInkOnRandomMarkdownItReads() {
        let pieces = [
            "word", "Ab", " x", "9 ", " ", "é—", "*", "**", "`", "`c`", "*em*", "**strong**", "[a b](https://e.com/p)", ")",
            "[bad](javascript:x)", "(", "[", "](", "\n", "\n", "\n\n", "\n- ", "- ", "\n```\n", "\n```yaml\n", "```", "'", "\"", ".", ",", "!", "#", ">",
            "{", ":", "😀", "%", "\u{301}", "\u{200D}", "\u{FE0F}",
        ]
        let texts = Self.randomTexts(pieces, common: 6, count: Self.fuzzCount, seed: 11)
        let (mismatches, accepted) = Self.disagreements(texts)
        #expect(mismatches.isEmpty, "\(mismatches.joined(separator: "\n"))")
        #expect(accepted >= texts.count / 6, "the shortcut took only \(accepted) of \(texts.count) random texts")
    }

    @Test func drawsTheCommonShapes() {
        #expect(Self.shortcut("Plain words, 90% (mostly).") == "<p>Plain words, 90% (mostly).</p>")
        #expect(Self.shortcut("Uses `async` and **Postgres**\nand *more*.")
            == "<p>Uses <code>async</code> and <strong>Postgres</strong> and <em>more</em>.</p>")
        #expect(Self.shortcut("Head\n- one\n- two [docs](https://e.com/d)")
            == "<p>Head</p>\n<ul>\n<li>one</li>\n<li>two <a href=\"https://e.com/d\" rel=\"noopener noreferrer nofollow\">docs</a>\n</li>\n</ul>")
        #expect(Self.shortcut("Config\n```yaml\na: <1>\n```") == "<p>Config</p>\n<pre><code>a: &lt;1&gt;\n</code></pre>")
        // A link the policy refuses keeps its text, as the sanitizer keeps it.
        #expect(Self.shortcut("[click](javascript:run)") == "<p>click</p>")
    }

    /// A value's later lines keep the indentation they had under their bullet; the gate takes
    /// it off, so a list or a fence written there is drawn as one.
    @Test func continuationLinesAreDedented() {
        #expect(MarkdownGate.dedentingContinuationLines("Head\n  - a\n\n  - b") == "Head\n- a\n\n- b")
        #expect(MarkdownGate.dedentingContinuationLines("Head\n    code\n  text") == "Head\n  code\ntext")
        #expect(MarkdownGate.dedentingContinuationLines("Head\nflush\n  indented") == "Head\nflush\n  indented")
        let page = HTMLDocument()
        let container = page.body.element("div")
        MarkdownGate(sanitizer: HTMLRenderer.sanitizer).append("Vault, with `x`\n  ```yaml\n  replicas: 3\n  ```", to: container)
        #expect(container.serializedContent() == "<p>Vault, with <code>x</code></p>\n<pre><code>replicas: 3\n</code></pre>")
    }

    @Test func declinesWhatItDoesNotRead() {
        for text in [
            "snake_case", "a <b>", "R&D", "# Title", "> quote", "1. first", "2) second", "  indented", "- item\ncontinued",
            "**open", "*a **b** c*", "a ~~gone~~", "![image](x.png)", "[label] alone", "| a | b |", "trailing  \nbreak",
            "```\nunclosed", "text\n===", "a\tb", "two  spaces", "line\n`code` next", "`a`\u{301}", "*a*\u{301} b", "- \u{301}a",
            "[a](/x?a=1&amp;b=2)", "[a](&#106;avascript:alert)", "```\nhas ` tick\n```", "- - nested", "* star item",
        ] {
            #expect(Self.shortcut(text) == nil, "took \(text.debugDescription)")
        }
    }
}

/// SplitMix64: the same random texts on every machine.
struct SeededGenerator: RandomNumberGenerator {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
