import AgentReport
import Foundation
import JSONSchema
import SafeHTML
import Testing

/// Every short string over the characters markdown and HTML readers act on, as a field value:
/// each renders, in time bounded by its length, to a page that passes the safety checks.
///
/// A renderer that loops on some input is found here by construction rather than by luck:
/// `<p` (two bytes) once sent Ink into an endless loop.
@Suite struct HTMLSmallInputTests {
    static let alphabet: [Character] = ["<", ">", "/", "p", "P", "a", "[", "]", "(", ")", "*", "_", "`", "&", "!", "#", "-", " ", "\n"]

    /// Every string of length 1 to `maxLength` over `alphabet`, shortest first.
    static func allStrings(maxLength: Int) -> [String] {
        var all: [String] = []
        var current = [""]
        for _ in 1...maxLength {
            current = current.flatMap { prefix in alphabet.map { prefix + String($0) } }
            all += current
        }
        return all
    }

    @Test(.timeLimit(.minutes(10)))
    func everyStringUpToFourCharactersRendersSafely() throws {
        let schema = try HTMLRendererTests.schema.get()
        let format = try #require(schema.format)
        let fields = format.sections.flatMap { section in section.fields.map { (section.key, $0.key) } }
        let base = try report("API ARCHITECTURE:\n- Framework Choice: x\n")
        let strings = Self.allStrings(maxLength: 4)
        #expect(strings.count == 19 + 361 + 6_859 + 130_321)

        var failures: [String] = []
        let started = ContinuousClock.now
        // One page holds as many strings as the format has fields, one to a field.
        for start in stride(from: 0, to: strings.count, by: fields.count) {
            let group = strings[start..<min(start + fields.count, strings.count)]
            var data = JSONObject()
            for (value, (section, field)) in zip(group, fields) {
                var object = data[section]?.objectValue ?? JSONObject()
                object[field] = .string(value)
                data[section] = .object(object)
            }
            let page = Report(source: "small.md", schema: schema.name, metadata: JSONObject(), data: data,
                              extras: Extras(), diagnostics: [], locations: [:], outline: base.outline)
            let (_, problems) = HTMLChecks.problems(rendering: page)
            if !problems.isEmpty { failures.append("\(group.map { $0.debugDescription }): \(problems.prefix(3))") }
        }
        let elapsed = ContinuousClock.now - started
        // A generous bound for the whole run (2 ms a string, against tens of µs), so that a
        // renderer that stalls on some string fails rather than passes slowly.
        #expect(elapsed < .milliseconds(2 * strings.count), "\(strings.count) strings took \(elapsed)")
        #expect(failures.isEmpty, "\(failures.count) unsafe pages; first: \(failures.prefix(3))")
    }

    /// Longer strings of the same characters, drawn at random (fixed seed), with `<p` and
    /// unclosed tags among the pieces: the same promise past four characters.
    @Test(.timeLimit(.minutes(10)))
    func longerRandomStringsRenderSafely() throws {
        let schema = try HTMLRendererTests.schema.get()
        let base = try report("API ARCHITECTURE:\n- Framework Choice: x\n")
        let pieces = Self.alphabet.map(String.init) + ["<p", "<pre", "<P x", "</p", "<p>", "<a", "<!--", "<b", "1. ", "> ", "x", "\n\n", "    "]
        var generator = SeededGenerator(seed: 11)
        var failures: [String] = []
        let count = 1_500
        let started = ContinuousClock.now
        for _ in 0..<count {
            let length = Int.random(in: 1...24, using: &generator)
            let value = (0..<length).map { _ in pieces.randomElement(using: &generator)! }.joined()
            var data = JSONObject()
            data["api_architecture"] = .object(JSONObject([("framework_choice", .string(value))]))
            let page = Report(source: "random.md", schema: schema.name, metadata: JSONObject(), data: data,
                              extras: Extras(), diagnostics: [], locations: [:], outline: base.outline)
            let (_, problems) = HTMLChecks.problems(rendering: page)
            if !problems.isEmpty { failures.append("\(value.debugDescription): \(problems.prefix(3))") }
        }
        let elapsed = ContinuousClock.now - started
        #expect(elapsed < .milliseconds(20 * count), "\(count) strings took \(elapsed)")
        #expect(failures.isEmpty, "\(failures.count) unsafe pages; first: \(failures.prefix(3))")
    }
}
