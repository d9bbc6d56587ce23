import Foundation
import JSONSchema
import Testing

/// Locates and loads the official JSON-Schema-Test-Suite from `../shared/testdata`
/// beside the package root (found from this file's path), so nothing is copied into the
/// repository.
enum TestSuite {
    /// Every file of the suite: the required tests, the optional ones and the optional formats.
    static let allFiles = files(in: "") + files(in: "optional") + files(in: "optional/format")

    /// The package root: two levels above this file's folder.
    static let packageRoot: URL = URL(fileURLWithPath: #filePath).resolvingSymlinksInPath()
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    static let testdata = packageRoot.deletingLastPathComponent().appendingPathComponent("shared/testdata")
    static let suite = testdata.appendingPathComponent("JSON-Schema-Test-Suite")
    static let draftDirectory = suite.appendingPathComponent("tests/draft2020-12")

    /// One test of the suite.
    struct Case: Sendable, CustomStringConvertible {
        let file: String
        let group: String
        let test: String
        let schema: JSONValue
        let data: JSONValue
        let valid: Bool
        /// `file: group / test`, the key used in expected-failure lists.
        var description: String { "\(file): \(group) / \(test)" }
    }

    /// Every remote under `remotes/`, registered as `http://localhost:1234/<path>`.
    static let remotes: [String: JSONValue] = {
        var result: [String: JSONValue] = [:]
        let root = suite.appendingPathComponent("remotes")
        guard let enumerator = FileManager.default.enumerator(at: root, includingPropertiesForKeys: nil) else { return result }
        for case let url as URL in enumerator where url.pathExtension == "json" {
            let relative = url.resolvingSymlinksInPath().path.dropFirst(root.resolvingSymlinksInPath().path.count + 1)
            if let data = FileManager.default.contents(atPath: url.path), let value = try? JSONParser.parse([UInt8](data)) {
                result["http://localhost:1234/" + relative] = value
            }
        }
        return result
    }()

    /// The JSON files of a directory under `tests/draft2020-12`, sorted.
    static func files(in subdirectory: String) -> [String] {
        let directory = subdirectory.isEmpty ? draftDirectory : draftDirectory.appendingPathComponent(subdirectory)
        let names = (try? FileManager.default.contentsOfDirectory(atPath: directory.path)) ?? []
        return names.filter { $0.hasSuffix(".json") }.sorted().map { subdirectory.isEmpty ? $0 : subdirectory + "/" + $0 }
    }

    /// The cases of one file (path relative to `tests/draft2020-12`).
    static func cases(in file: String) throws -> [Case] {
        let url = draftDirectory.appendingPathComponent(file)
        let data = try Data(contentsOf: url)
        let groups = try JSONParser.parse([UInt8](data))
        var result: [Case] = []
        for group in groups.arrayValue ?? [] {
            guard let schema = group["schema"], let tests = group["tests"]?.arrayValue else { continue }
            let groupName = group["description"]?.stringValue ?? ""
            for test in tests {
                result.append(Case(
                    file: file, group: groupName, test: test["description"]?.stringValue ?? "",
                    schema: schema, data: test["data"] ?? .null, valid: test["valid"] == .bool(true)
                ))
            }
        }
        return result
    }

    /// Options with the remotes registered.
    static func options(formatAssertion: Bool = false) -> SchemaOptions {
        SchemaOptions(formatAssertion: formatAssertion, additionalResources: remotes)
    }

    /// Outcome of running cases: descriptions of the failing ones.
    static func run(_ cases: [Case], formatAssertion: Bool) -> [String] {
        let compiler = SchemaCompiler(options: options(formatAssertion: formatAssertion))
        var failures: [String] = []
        var compiled: [String: Result<Schema, SchemaError>] = [:]
        for testCase in cases {
            let key = testCase.file + "\u{0}" + testCase.group
            let result: Result<Schema, SchemaError>
            if let cached = compiled[key] {
                result = cached
            } else {
                do {
                    result = .success(try compiler.compile(testCase.schema))
                } catch {
                    result = .failure(error)
                }
                compiled[key] = result
            }
            switch result {
            case .success(let schema):
                if schema.isValid(testCase.data) != testCase.valid { failures.append(testCase.description) }
            case .failure:
                failures.append(testCase.description)
            }
        }
        return failures
    }
}

/// Runs `body` and fails the test if it takes longer than `seconds`: a guard against a hang
/// (limits far above the expected time), not a measure of speed.
func timed<T>(_ seconds: Double, _ body: () throws -> T) rethrows -> T {
    let start = Date()
    let result = try body()
    let elapsed = Date().timeIntervalSince(start)
    #expect(elapsed < seconds, "took \(elapsed) s, limit \(seconds) s")
    return result
}
