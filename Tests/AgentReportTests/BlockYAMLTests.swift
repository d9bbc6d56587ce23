@testable import AgentReport
import Foundation
import JSONSchema
import Testing

/// The block-YAML reader reads front matter without the YAML parser, so it must read every
/// document it accepts exactly as the YAML parser does, and leave every other to it.
@Suite struct BlockYAMLTests {
    /// Documents the reader must accept, with what they hold.
    static let accepted: [(String, JSONValue)] = [
        ("title: \"Checkout Backend Design\"\ncreated: 2026-11-21 15:04:00\n", .object(JSONObject([
            ("title", .string("Checkout Backend Design")), ("created", .string("2026-11-21 15:04:00"))]))),
        ("count: 3\nratio: 0.5\nflag: true\nnothing:\ntilde: ~\nneg: -4\n", .object(JSONObject([
            ("count", .number(JSONNumber(3))), ("ratio", .number(JSONNumber(0.5))), ("flag", .bool(true)),
            ("nothing", .null), ("tilde", .null), ("neg", .number(JSONNumber(-4)))]))),
        ("targets:\n  response_time: \"200ms\"\n  availability: 99.9%\ntech:\n  - \"PostgreSQL\"\n  - Redis\n", .object(JSONObject([
            ("targets", .object(JSONObject([("response_time", .string("200ms")), ("availability", .string("99.9%"))]))),
            ("tech", .array([.string("PostgreSQL"), .string("Redis")]))]))),
        ("checks:\n- name: dry run\n  status: fail\n- name: scan\n  status: pass\nnote: 'it''s fine'\n", .object(JSONObject([
            ("checks", .array([
                .object(JSONObject([("name", .string("dry run")), ("status", .string("fail"))])),
                .object(JSONObject([("name", .string("scan")), ("status", .string("pass"))]))])),
            ("note", .string("it's fine"))]))),
        ("url: https://example.com/a#b\nblockers:\n  - \"#2291 locks the table\"\n", .object(JSONObject([
            ("url", .string("https://example.com/a#b")), ("blockers", .array([.string("#2291 locks the table")]))]))),
    ]

    @Test func plainDocumentsAreReadWithoutTheYAMLParser() throws {
        for (yaml, expected) in Self.accepted {
            let read = try #require(BlockYAML.mapping(yaml, maxNodes: 1000, maxDepth: 64), "not read: \(yaml)")
            #expect(JSONValue.object(read) == expected, "\(yaml)")
            #expect(Self.byYAMLParser(yaml) == .object(read), "\(yaml)")
        }
    }

    /// What the reader must leave to the YAML parser: each has a reading (or an error) of its own.
    static let declined = [
        "a: 1 # a comment\n", "# comment\na: 1\n", "a: [1, 2]\n", "a: {b: 1}\n", "a: |\n  text\n", "a: >\n  text\n",
        "a: &x 1\nb: *x\n", "a: !!str 1\n", "a: \"x\\ty\"\n", "a: long\n  continued\n", "a:\tb\n", "a: 1\na: 2\n",
        "---\na: 1\n", "--- a: 1\n", "a: b: c\n", "- a\n- b\n", "just text\n", "a: 'open\n", "\"a\": 1\n",
        "a: 1\r\nb: 2\r\n", "a: -\n", "a:\n- x\n  - y\n", "a: 1\n  b: 2\n", "? a\n: 1\n", "a: @x\n", "a: `x`\n",
        "a: x\u{2028}y\n", "\u{FEFF}a: 1\n", "a: 1\n...\n", "%YAML 1.2\n---\na: 1\n",
    ]

    @Test func whatItDoesNotReadGoesToTheYAMLParser() {
        for yaml in Self.declined {
            #expect(BlockYAML.mapping(yaml, maxNodes: 1000, maxDepth: 64) == nil, "read: \(yaml.debugDescription)")
        }
    }

    /// Every front matter of the shared corpus, and thousands of single-byte changes to each
    /// kind of line: whatever the reader accepts, the YAML parser reads the same.
    @Test func itReadsWhatItAcceptsAsTheYAMLParserDoes() throws {
        let corpus = try Corpus.generated(count: 60, seed: 7)
        var documents: [String] = []
        for entry in corpus.entries {
            let text = try String(contentsOf: entry.file, encoding: .utf8)
            guard text.hasPrefix("---\n"), let close = text.range(of: "\n---\n") else { continue }
            documents.append(String(text[text.index(text.startIndex, offsetBy: 4)..<close.lowerBound]) + "\n")
        }
        #expect(documents.count >= 5)
        var readFast = 0
        for yaml in documents where BlockYAML.mapping(yaml, maxNodes: 100_000, maxDepth: 64) != nil { readFast += 1 }
        #expect(readFast == documents.count, "the corpus's front matter is the plain subset")
        let seeds = documents.prefix(6) + Self.accepted.map(\.0)
        let inserts: [String] = [" ", "  ", "\n", "#", " #", ":", ": ", "-", "- ", "'", "\"", "\\", "[", "{", "&", "*", "!", "|", ">",
                                 "?", "%", "@", "`", ",", "~", "é", "\u{A0}", "0", "true", "null", "---", "..."]
        var generator = SeededGenerator(seed: 42)
        var compared = 0
        for seed in seeds {
            let bytes = Array(seed.utf8)
            for _ in 0..<300 {
                var mutated = bytes
                for _ in 0..<Int.random(in: 1...3, using: &generator) {
                    let at = Int.random(in: 0...mutated.count, using: &generator)
                    mutated.insert(contentsOf: Array(inserts.randomElement(using: &generator)!.utf8), at: at)
                }
                for _ in 0..<Int.random(in: 0...3, using: &generator) where !mutated.isEmpty { mutated.remove(at: Int.random(in: 0..<mutated.count, using: &generator)) }
                let yaml = String(decoding: mutated, as: UTF8.self)
                guard let fast = BlockYAML.mapping(yaml, maxNodes: 100_000, maxDepth: 64) else { continue }
                compared += 1
                #expect(Self.byYAMLParser(yaml) == .object(fast), "differs: \(yaml.debugDescription)")
            }
        }
        #expect(compared > 500)
    }

    /// The YAML parser's reading: the value, or nil for an error.
    static func byYAMLParser(_ yaml: String) -> JSONValue? {
        if case .success(let object?) = FrontMatterReader().readWithYAMLParser(yaml) { return .object(object) }
        return nil
    }
}
