import Foundation

/// Compiles JSON Schema (draft 2020-12) documents into ``Schema`` values.
///
/// Compile once, validate many times, from any thread. References are resolved at compile
/// time from registered documents only: the draft 2020-12 meta-schemas,
/// ``SchemaOptions/additionalResources``, ``SchemaOptions/refMap`` directories, and
/// `file:` URIs under the directory of a schema read from disk. Nothing is fetched from
/// the network.
public struct SchemaCompiler: Sendable {
    /// How schemas are compiled and validated.
    public var options: SchemaOptions

    public init(options: SchemaOptions = .init()) {
        self.options = options
    }

    /// Compiles a schema document. `baseURI` is the document's retrieval URI (for example a
    /// file URL), against which a relative `$id` or `$ref` resolves.
    public func compile(_ schema: JSONValue, baseURI: URL? = nil) throws(SchemaError) -> Schema {
        let fileRoot: URL? = baseURI.flatMap { $0.isFileURL ? $0.deletingLastPathComponent().standardizedFileURL : nil }
        let options = self.options
        let uri = baseURI?.absoluteString ?? Compilation.defaultBaseURI
        // Compilation recurses once per nesting level of a schema (about 3 KB of stack per
        // level); run it on a thread whose stack fits `maxDepth` levels whatever the caller's —
        // except for a shallow document that can reach no other (the common case, and a
        // thread's start is a good part of a short process), which any thread's stack holds.
        let compile = { @Sendable () throws(SchemaError) -> Schema in
            let compilation = Compilation(options: options, fileRoot: fileRoot)
            return try compilation.compileRoot(schema, uri: uri)
        }
        if options.refMap.isEmpty, options.additionalResources.isEmpty, Self.isShallowAndLocal(schema, depth: Self.inlineDepth) {
            return try compile()
        }
        let stackSize = max(4 << 20, options.maxDepth * 8 << 10)
        return try Self.runWithStack(size: stackSize, compile)
    }

    /// The nesting a document may have to be compiled on the caller's stack: 24 levels of
    /// about 3 KB fit a 512 KB dispatch worker's stack many times over.
    static let inlineDepth = 24

    /// Whether `value` nests at most `limit` arrays and objects deep and refers only within
    /// itself (every `$ref` and `$dynamicRef` a `#` fragment, `$schema` a json-schema.org
    /// meta-schema, which are bundled and shallow), so that compiling it reaches no other
    /// document; walked without recursion.
    static func isShallowAndLocal(_ value: JSONValue, depth limit: Int) -> Bool {
        var pending: [(JSONValue, Int)] = [(value, 1)]
        while let (value, depth) = pending.popLast() {
            switch value {
            case .array(let items):
                guard depth <= limit else { return false }
                for item in items { pending.append((item, depth + 1)) }
            case .object(let object):
                guard depth <= limit else { return false }
                for (key, member) in object {
                    if key == "$ref" || key == "$dynamicRef", member.stringValue?.hasPrefix("#") != true { return false }
                    if key == "$schema", member.stringValue?.hasPrefix("https://json-schema.org/") != true { return false }
                    pending.append((member, depth + 1))
                }
            default:
                continue
            }
        }
        return true
    }

    /// Runs `body` on a new thread with a stack of `size` bytes and waits for it.
    static func runWithStack<T: Sendable>(size: Int, _ body: @escaping @Sendable () throws(SchemaError) -> T) throws(SchemaError) -> T {
        let outcome = CompileOutcome<T>()
        let done = DispatchSemaphore(value: 0)
        let thread = Thread {
            do throws(SchemaError) {
                outcome.result = .success(try body())
            } catch {
                outcome.result = .failure(error)
            }
            done.signal()
        }
        thread.stackSize = size
        thread.start()
        done.wait()
        guard let result = outcome.result else {
            throw SchemaError(message: "internal error: compilation did not finish", keywordLocation: nil, uri: nil)
        }
        return try result.get()
    }

    /// Reads and compiles the schema at `url`; its base URI is the file URL.
    public func compile(contentsOf url: URL) throws(SchemaError) -> Schema {
        let document = try Compilation.load(url: url, uri: url.absoluteString)
        return try compile(document, baseURI: url)
    }
}

/// Options for compiling and validating schemas.
public struct SchemaOptions: Sendable {
    /// Whether `format` is asserted (for the formats this module knows) rather than only
    /// annotated. A meta-schema with the format-assertion vocabulary turns it on too.
    public var formatAssertion: Bool = false
    /// Every absolute URI that starts with `prefix` is served from the file at the rest of
    /// the URI under `directory`.
    public var refMap: [(prefix: String, directory: URL)] = []
    /// Schema documents by absolute URI, e.g. the test suite's remotes.
    public var additionalResources: [String: JSONValue] = [:]
    /// Whether `$ref` may load `file:` URIs under the directory of a schema read from disk.
    public var allowFileReferences: Bool = true
    /// Maximum nesting of schema evaluation (and of schema documents when compiling).
    public var maxDepth: Int = 500
    /// Time limit for one regular expression match, in seconds.
    public var regexTimeLimit: TimeInterval = 0.5
    /// The work budget of one validation: how many evaluations (a schema applied to a
    /// value) `isValid` or `validate` may make before it stops with one
    /// ``ValidationErrorKind/evaluationLimit(_:)`` error. Work that grows with a value's size
    /// (long strings, wide objects, `const` / `enum` / `uniqueItems` comparisons) and each
    /// recorded error count as evaluations in proportion, so the budget bounds both the
    /// time and the memory of the error list. `validate` checks first and then collects the
    /// errors, each pass with the whole budget; ``Schema/withMaxEvaluations(_:)`` changes it
    /// on a compiled schema.
    ///
    /// The default, 2 000 000, is about 0.1 s of work in a release build. The largest case
    /// of the JSON-Schema-Test-Suite needs 250; checking a schema against the draft 2020-12
    /// meta-schema needs about 50 a schema object, an instance a few a value. Only recursion
    /// that multiplies (`$ref` cycles under `oneOf` / `anyOf`) comes near it.
    public var maxEvaluations: Int = 2_000_000
    /// More budget for each unit of an instance's size (a value, or 16 bytes of its strings),
    /// so that a large instance whose work grows with it is validated and only work that
    /// multiplies runs out: generous for schemas that apply several keywords and
    /// alternatives to every value. 0 makes the budget `maxEvaluations` exactly.
    public var evaluationsPerUnit: Int = 64

    public init(
        formatAssertion: Bool = false,
        refMap: [(prefix: String, directory: URL)] = [],
        additionalResources: [String: JSONValue] = [:]
    ) {
        self.formatAssertion = formatAssertion
        self.refMap = refMap
        self.additionalResources = additionalResources
    }
}

/// A schema that cannot be compiled: malformed, or a reference that cannot be resolved.
public struct SchemaError: Error, Sendable, CustomStringConvertible {
    /// What is wrong, for people.
    public let message: String
    /// The offending keyword's location in its document, when known.
    public let keywordLocation: JSONPointer?
    /// The document (or unresolvable reference) concerned, when known.
    public let uri: String?

    public init(message: String, keywordLocation: JSONPointer?, uri: String?) {
        self.message = message
        self.keywordLocation = keywordLocation
        self.uri = uri
    }

    public var description: String {
        var text = ""
        if let uri { text += uri }
        if let keywordLocation { text += "#" + keywordLocation.description }
        return text.isEmpty ? message : "\(text): \(message)"
    }
}

/// The result slot of a compilation run on another thread: written by the worker before it
/// signals the semaphore, read by the caller after waiting, so never accessed concurrently.
private final class CompileOutcome<T: Sendable>: @unchecked Sendable {
    var result: Result<T, SchemaError>?
    init() {}
}
