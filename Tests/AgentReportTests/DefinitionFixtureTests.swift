import AgentReport
import Foundation
import JSONSchema
import Testing

/// The fixture definitions of Fixtures/definitions (one folder an agent, covering every idiom
/// of Fixtures/agents/IDIOMS.md): a schema derives from each; its compliant answer validates
/// with no error; each one-defect variant gives exactly that error — its code at its pointer —
/// and no other.
@Suite struct DefinitionFixtureTests {
    static let root = TestPaths.packageRoot.appendingPathComponent("Tests/AgentReportTests/Fixtures/definitions")

    static var names: [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: root.path)) ?? [])
            .filter { !$0.hasPrefix(".") && $0 != "README.md" }.sorted()
    }

    struct Defect {
        var name: String
        var from: String
        var to: String
        var code: String
        var path: String
    }

    static func schema(_ name: String) throws -> LoadedSchema {
        let url = root.appendingPathComponent(name).appendingPathComponent("agent.md")
        let (source, _) = SourceDecoder().decode([UInt8](try Data(contentsOf: url)), name: "\(name)/agent.md")
        switch SchemaDeriver().derive(AgentDefinition(source: source)) {
        case .success(let derivation):
            let file = try TestPaths.scratch("definition-\(name)").appendingPathComponent("\(name).schema.json")
            try Data(derivation.schema.serialized(pretty: true).utf8).write(to: file)
            return try SchemaCatalog.load(file.path)
        case .failure(let failure):
            throw CorpusError(message: failure.message)
        }
    }

    static func errors(_ text: String, _ schema: LoadedSchema) -> [String] {
        let (source, diagnostics) = SourceDecoder().decode(Array(text.utf8), name: "answer.md")
        let report = ReportBuilder(schema: schema).report(for: source, diagnostics: diagnostics)
        return report.diagnostics.filter { $0.severity == .error }.map { "\($0.code) \($0.path ?? "-")" }
    }

    static func defects(_ name: String) throws -> [Defect] {
        let text = try String(contentsOf: root.appendingPathComponent(name).appendingPathComponent("defects.json"), encoding: .utf8)
        return (try JSONParser.parse(text).arrayValue ?? []).compactMap(\.objectValue).map { object in
            Defect(name: object["name"]?.stringValue ?? "?", from: object["from"]?.stringValue ?? "", to: object["to"]?.stringValue ?? "",
                   code: object["code"]?.stringValue ?? "", path: object["path"]?.stringValue ?? "")
        }
    }

    /// Fixtures the tool does not read right yet, with why: each is expected to fail (the test
    /// fails when one starts passing, so that it leaves this list).
    static let knownFailures: [String: String] = [
        "changelog-writer": "no template: the parts named in a sentence are optional, so a missing part or a placeholder left is not reported",
    ]

    @Test func thereAreAtLeastThirtyFixtures() {
        #expect(Self.names.count >= 30)
    }

    @Test(arguments: names)
    func theCompliantAnswerValidatesAndEachDefectIsReportedAlone(_ name: String) throws {
        if let reason = Self.knownFailures[name] {
            withKnownIssue("\(name): \(reason)") { try Self.check(name) }
        } else {
            try Self.check(name)
        }
    }

    static func check(_ name: String) throws {
        let schema = try Self.schema(name)
        let answer = try String(contentsOf: Self.root.appendingPathComponent(name).appendingPathComponent("answer.md"), encoding: .utf8)
        #expect(Self.errors(answer, schema).isEmpty, "\(name): compliant answer: \(Self.errors(answer, schema))")
        for defect in try Self.defects(name) {
            #expect(answer.components(separatedBy: defect.from).count == 2, "\(name)/\(defect.name): `from` must occur once")
            let variant = answer.replacingOccurrences(of: defect.from, with: defect.to)
            let found = Self.errors(variant, schema)
            #expect(found == ["\(defect.code) \(defect.path)"], "\(name)/\(defect.name): \(found)")
        }
    }
}

/// The compliant answers rewritten in other markdown shapes a model uses for the same content:
/// each must still validate with no error (a false rejection is the worst bug).
extension DefinitionFixtureTests {
    /// Rewrites of an answer that keep its content.
    static let reshapings: [(name: String, rewrite: @Sendable (String) -> String)] = [
        ("wrapped in a markdown fence", { "Here is my answer.\n\n```markdown\n" + $0 + "\n```\n" }),
        ("asterisk bullets", { text in lines(text) { line in line.hasPrefix("- ") && !line.hasPrefix("- [") ? "* " + line.dropFirst(2) : line } }),
        ("bold labels", { text in lines(text) { line in
            guard line.hasPrefix("- "), let colon = line.range(of: ": "), !line.hasPrefix("- **"), !line.hasPrefix("- [") else { return line }
            let label = line[line.index(line.startIndex, offsetBy: 2)..<colon.lowerBound]
            guard !label.contains("`"), label.split(separator: " ").count <= 4 else { return line }
            return "- **\(label):** " + line[colon.upperBound...]
        } }),
        ("headings one level deeper", { text in lines(text) { line in line.hasPrefix("#") && line.count < 200 ? "#" + line : line } }),
        ("CRLF line endings", { $0.replacingOccurrences(of: "\n", with: "\r\n") }),
        ("numbered section headings", { text in
            var n = 0
            return lines(text) { line in
                guard line.hasPrefix("## "), !line.contains(":") else { return line }
                n += 1
                return "## \(n). " + line.dropFirst(3)
            }
        }),
        ("dash separators", { text in lines(text) { line in
            guard line.hasPrefix("- "), !line.hasPrefix("- ["), let colon = line.range(of: ": "),
                  !line[..<colon.lowerBound].contains("`"), line[..<colon.lowerBound].split(separator: " ").count <= 4 else { return line }
            return line.replacingCharacters(in: colon, with: " — ")
        } }),
        ("a closing remark", { $0 + "\n\nLet me know if you want me to go deeper on any of this.\n" }),
    ]

    static func lines(_ text: String, _ transform: (String) -> String) -> String {
        var inFence = false
        return text.split(separator: "\n", omittingEmptySubsequences: false).map { line in
            if line.hasPrefix("```") || line.hasPrefix("~~~") { inFence.toggle() }
            return inFence ? String(line) : transform(String(line))
        }.joined(separator: "\n")
    }

    @Test(arguments: names)
    func compliantAnswersStayValidInOtherShapes(_ name: String) throws {
        guard Self.knownFailures[name] == nil else { return }
        let schema = try Self.schema(name)
        let answer = try String(contentsOf: Self.root.appendingPathComponent(name).appendingPathComponent("answer.md"), encoding: .utf8)
        let isDocument = schema.document["x-answer-format"] != nil
        for (shape, rewrite) in Self.reshapings where !isDocument || shape.contains("CRLF") || shape.contains("remark") {
            let found = Self.errors(rewrite(answer), schema)
            #expect(found.isEmpty, "\(name), \(shape): \(found)")
        }
    }
}
