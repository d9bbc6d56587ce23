import Foundation
import Testing

/// End-to-end cases written as small literate files (after pandoc's `test/command/*.md`):
///
/// ```
/// # what the case shows
/// $ agent-report validate samples/defects.md --format github
/// < a line of standard input
/// > a line standard output must hold, in order (all of it)
/// ! a line standard error must contain
/// = 1
/// ```
@Suite struct LiterateCaseTests {
    struct Case: CustomTestStringConvertible, Sendable {
        var name: String
        var arguments: [String]
        var stdin: String?
        var stdout: [String]
        var stderr: [String]
        var status: Int32
        var testDescription: String { name }
    }

    static let cases: [Case] = {
        let directory = CLI.packageRoot.appendingPathComponent("Tests/CLITests/Cases")
        let files = (try? FileManager.default.contentsOfDirectory(atPath: directory.path)) ?? []
        return files.filter { $0.hasSuffix(".case") }.sorted().compactMap { file in
            guard let text = try? String(contentsOf: directory.appendingPathComponent(file), encoding: .utf8) else { return nil }
            return parse(text, name: file)
        }
    }()

    static func parse(_ text: String, name: String) -> Case {
        var result = Case(name: name, arguments: [], stdin: nil, stdout: [], stderr: [], status: 0)
        var stdinLines: [String] = []
        for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
            let body = line.count > 2 ? String(line.dropFirst(2)) : ""
            switch line.first {
            case "$": result.arguments = words(body).dropFirst().map { $0 }
            case "<": stdinLines.append(body)
            case ">": result.stdout.append(body)
            case "!": result.stderr.append(body)
            case "=": result.status = Int32(body.trimmingCharacters(in: .whitespaces)) ?? -1
            default: break
            }
        }
        if !stdinLines.isEmpty { result.stdin = stdinLines.joined(separator: "\n") + "\n" }
        return result
    }

    /// Splits a command line on spaces, keeping "double-quoted words" together.
    static func words(_ line: String) -> [String] {
        var words: [String] = []
        var current = ""
        var quoted = false
        for character in line {
            if character == "\"" {
                quoted.toggle()
            } else if character == " " && !quoted {
                if !current.isEmpty { words.append(current) }
                current = ""
            } else {
                current.append(character)
            }
        }
        if !current.isEmpty { words.append(current) }
        return words
    }

    @Test func thereAreCases() {
        #expect(Self.cases.count >= 10)
    }

    @Test(arguments: cases)
    func literateCase(_ testCase: Case) throws {
        let output = try CLI.run(testCase.arguments, stdin: testCase.stdin)
        #expect(output.status == testCase.status, "exit status; stderr: \(output.stderr)")
        let lines = output.stdout.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        let trimmed = lines.last == "" ? Array(lines.dropLast()) : lines
        #expect(trimmed == testCase.stdout, "stdout:\n\(output.stdout)")
        for expected in testCase.stderr {
            #expect(output.stderr.contains(expected), "stderr lacks \(expected):\n\(output.stderr)")
        }
    }
}
