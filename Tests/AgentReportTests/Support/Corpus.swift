import Foundation
import JSONSchema

/// A corpus written by `../shared/corpus/generate.py` (or the held-out writer), with its manifest.
struct Corpus: Sendable {
    struct Entry: Sendable {
        var file: URL
        var valid: Bool
        var defects: [JSONObject]
        var data: JSONObject
        var style: JSONValue
    }

    var directory: URL
    var entries: [Entry]

    /// Generates `count` answers with `seed` (once per process and arguments) and reads the manifest.
    /// Which writer: the shared generator, the held-out forms, or the combinatorial shapes.
    enum Writer: String, Sendable {
        case generator = "corpus", heldOut = "heldout", shapes = "shapes"
    }

    static func generated(count: Int, seed: Int, extra: [String] = [], heldOut: Bool = false) throws -> Corpus {
        try generated(count: count, seed: seed, extra: extra, writer: heldOut ? .heldOut : .generator)
    }

    static func generated(count: Int, seed: Int, extra: [String] = [], writer: Writer) throws -> Corpus {
        let name = "\(writer.rawValue)-\(count)-\(seed)-\(extra.joined(separator: "_"))"
        let directory = try TestPaths.scratch(name)
        var arguments: [String]
        switch writer {
        case .generator: arguments = [TestPaths.generator.path]
        case .heldOut: arguments = [TestPaths.heldOutGenerator.path, "--generator", TestPaths.generator.path]
        case .shapes: arguments = [TestPaths.shapeGenerator.path, "--generator", TestPaths.generator.path]
        }
        arguments += ["--count", "\(count)", "--seed", "\(seed)", "--out", directory.path] + extra
        let result = try run("python3", arguments)
        guard result.status == 0 else {
            throw CorpusError(message: "generator failed: \(String(decoding: result.stderr, as: UTF8.self))")
        }
        return try read(directory)
    }

    static func read(_ directory: URL) throws -> Corpus {
        let manifest = try String(contentsOf: directory.appendingPathComponent("manifest.jsonl"), encoding: .utf8)
        var entries: [Entry] = []
        for line in manifest.split(separator: "\n") where !line.isEmpty {
            let object = try JSONParser.parse(String(line)).objectValue ?? JSONObject()
            entries.append(Entry(
                file: directory.appendingPathComponent(object["file"]?.stringValue ?? ""),
                valid: object["valid"] == .bool(true),
                defects: (object["defects"]?.arrayValue ?? []).compactMap(\.objectValue),
                data: object["data"]?.objectValue ?? JSONObject(),
                style: object["style"] ?? .null))
        }
        return Corpus(directory: directory, entries: entries)
    }
}

struct CorpusError: Error, CustomStringConvertible {
    var message: String
    var description: String { message }
}

/// `data` with every string's white-space runs collapsed to one space and trimmed: the
/// comparison the manifest asks for.
func collapsed(_ value: JSONValue) -> JSONValue {
    switch value {
    case .string(let text): .string(text.split(whereSeparator: \.isWhitespace).joined(separator: " "))
    case .object(let object): .object(JSONObject(object.map { ($0.key, collapsed($0.value)) }))
    case .array(let array): .array(array.map(collapsed))
    default: value
    }
}
