import JSONSchema
import Yams

/// Reads YAML front matter (`---` … `---`) — or any YAML or JSON document whose top is a
/// mapping, such as an answer written as data — into JSON, with the size of the result bounded.
///
/// YAML aliases may repeat a node any number of times (the "billion laughs"); the conversion
/// stops once it has produced `maxNodes` JSON values or nested `maxDepth` deep, and says so.
struct FrontMatterReader {
    var maxNodes = 100_000
    var maxDepth = 64
    /// What the document is, in messages.
    var subject = "front matter"

    struct Failure: Error {
        var message: String
        /// 1-based line and column within the YAML text, when the YAML parser gave one.
        var line: Int?
        var column: Int?
    }

    func read(_ yaml: String) -> Result<JSONObject?, Failure> {
        if let mapping = BlockYAML.mapping(yaml, maxNodes: maxNodes, maxDepth: maxDepth) { return .success(mapping) }
        return readWithYAMLParser(yaml)
    }

    /// `read` by the YAML parser alone, for what `BlockYAML` leaves to it.
    func readWithYAMLParser(_ yaml: String) -> Result<JSONObject?, Failure> {
        let node: Node?
        do {
            node = try Yams.compose(yaml: yaml, Resolver.basic, Constructor.default, .utf8)
        } catch let error as YamlError {
            return .failure(Self.failure(from: error))
        } catch {
            return .failure(Failure(message: "\(error)"))
        }
        guard let node else { return .success(nil) }
        var budget = maxNodes
        guard case .mapping = node else {
            return .failure(Failure(message: "\(subject) must be a mapping of keys to values", line: 1, column: 1))
        }
        do {
            let value = try convert(node, depth: 0, budget: &budget)
            return .success(value.objectValue)
        } catch {
            return .failure(error)
        }
    }

    private func convert(_ node: Node, depth: Int, budget: inout Int) throws(Failure) -> JSONValue {
        budget -= 1
        guard budget >= 0 else {
            throw Failure(message: "\(subject) expands to more than \(maxNodes) values (YAML aliases?); it was not read")
        }
        guard depth < maxDepth else {
            throw Failure(message: "\(subject) nests deeper than \(maxDepth) levels; it was not read")
        }
        switch node {
        case .scalar(let scalar):
            return Self.scalarValue(scalar)
        case .mapping(let mapping):
            var object = JSONObject()
            for (key, value) in mapping {
                let name = key.scalar?.string ?? key.string ?? "\(key)"
                object[name] = try convert(value, depth: depth + 1, budget: &budget)
            }
            return .object(object)
        case .sequence(let sequence):
            var array: [JSONValue] = []
            for element in sequence {
                array.append(try convert(element, depth: depth + 1, budget: &budget))
            }
            return .array(array)
        case .alias:
            throw Failure(message: "\(subject) holds an unresolved YAML alias")
        }
    }

    /// YAML 1.2 core schema, for plain (unquoted, untagged) scalars: null, booleans, integers and
    /// floats; everything else, dates included, is a string.
    private static func scalarValue(_ scalar: Node.Scalar) -> JSONValue {
        scalar.style == .plain || scalar.style == .any ? plainScalar(scalar.string) : .string(scalar.string)
    }

    /// A plain scalar's value under the YAML 1.2 core schema.
    static func plainScalar(_ text: String) -> JSONValue {
        switch text {
        case "", "~", "null", "Null", "NULL": return .null
        case "true", "True", "TRUE": return .bool(true)
        case "false", "False", "FALSE": return .bool(false)
        default: break
        }
        guard let first = text.utf8.first, (first >= 0x30 && first <= 0x39) || first == 0x2D || first == 0x2B || first == 0x2E else {
            return .string(text)
        }
        if let int = Int(text) { return .number(JSONNumber(int)) }
        if text.utf8.allSatisfy({ ($0 >= 0x30 && $0 <= 0x39) || $0 == 0x2E || $0 == 0x2D || $0 == 0x2B || $0 == 0x65 || $0 == 0x45 }),
           let double = Double(text), double.isFinite {
            return .number(JSONNumber(double))
        }
        return .string(text)
    }

    private static func failure(from error: YamlError) -> Failure {
        switch error {
        case .scanner(let context, let problem, let mark, _),
             .parser(let context, let problem, let mark, _),
             .composer(let context, let problem, let mark, _):
            let prefix = context.map { "\($0.text) " } ?? ""
            return Failure(message: "\(prefix)\(problem)", line: mark.line, column: mark.column)
        default:
            return Failure(message: "\(error)")
        }
    }
}
