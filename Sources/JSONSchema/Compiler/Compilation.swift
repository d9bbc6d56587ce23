import Foundation

/// One run of the compiler: loads and indexes documents, compiles reachable schemas into
/// ``SchemaNode`` trees, and pre-resolves every `$ref` and `$dynamicRef` to a target index.
final class Compilation {
    /// The base URI of a schema given without one.
    static let defaultBaseURI = "json-schema:///"
    static let metaSchemaURI = "https://json-schema.org/draft/2020-12/schema"

    let options: SchemaOptions
    let fileRoot: URL?
    var index = ResourceIndex()
    var documentURIs: [String] = []
    var targetIndex: [SchemaLocation: Int] = [:]
    var targetSlots: [SchemaNode?] = []
    var worklist: [(location: SchemaLocation, slot: Int)] = []
    var resourceIDs: [String: Int] = [:]
    var resourceBases: [String] = []
    var dynamicAnchorNames: Set<String> = []
    var usesDynamicScope = false
    var vocabularyCache: [String: Vocabularies] = [:]

    init(options: SchemaOptions, fileRoot: URL?) {
        self.options = options
        self.fileRoot = fileRoot
    }

    // MARK: Driving

    func compileRoot(_ schema: JSONValue, uri: String) throws(SchemaError) -> Schema {
        let document = try addDocument(schema, uri: uri)
        let rootSlot = try target(for: SchemaLocation(document: document, pointer: []))
        try drainWorklist()
        // Compile every dynamic anchor a $dynamicRef might land on, until nothing new appears.
        var handled: Set<String> = []
        while !dynamicAnchorNames.subtracting(handled).isEmpty {
            let names = dynamicAnchorNames.subtracting(handled)
            handled.formUnion(names)
            for (base, anchors) in index.dynamicAnchors.sorted(by: { $0.key < $1.key }) {
                for name in names.sorted() {
                    guard let location = anchors[name] else { continue }
                    _ = resourceID(base)
                    _ = try target(for: location)
                }
            }
            try drainWorklist()
        }
        var tables = [[String: Int]](repeating: [:], count: resourceBases.count)
        for (base, anchors) in index.dynamicAnchors {
            guard let id = resourceIDs[base] else { continue }
            for (name, location) in anchors where dynamicAnchorNames.contains(name) {
                if let slot = targetIndex[location] { tables[id][name] = slot }
            }
        }
        let targets = targetSlots.compactMap { $0 }
        guard targets.count == targetSlots.count else {
            throw SchemaError(message: "internal error: unresolved reference target", keywordLocation: nil, uri: uri)
        }
        return Schema(
            document: schema, root: targets[rootSlot], targets: targets, dynamicAnchors: tables,
            usesDynamicScope: usesDynamicScope, maxDepth: options.maxDepth,
            maxEvaluations: options.maxEvaluations, evaluationsPerUnit: options.evaluationsPerUnit
        )
    }

    func drainWorklist() throws(SchemaError) {
        while let item = worklist.popLast() {
            guard let value = index.value(at: item.location) else {
                throw SchemaError(message: SchemaMessages.missingTarget(documentURIs[item.location.document]),
                                  keywordLocation: JSONPointer(item.location.pointer), uri: documentURIs[item.location.document])
            }
            targetSlots[item.slot] = try compileSchema(value, at: item.location, depth: 0)
        }
    }

    /// The target index for the schema at `location`, compiling it later if new.
    func target(for location: SchemaLocation) throws(SchemaError) -> Int {
        if let slot = targetIndex[location] { return slot }
        let slot = targetSlots.count
        targetSlots.append(nil)
        targetIndex[location] = slot
        worklist.append((location, slot))
        return slot
    }

    func resourceID(_ base: String) -> Int {
        if let id = resourceIDs[base] { return id }
        let id = resourceBases.count
        resourceBases.append(base)
        resourceIDs[base] = id
        return id
    }

    // MARK: Documents

    @discardableResult
    func addDocument(_ document: JSONValue, uri: String) throws(SchemaError) -> Int {
        let position = try index.add(document, uri: uri, maxDepth: options.maxDepth)
        documentURIs.append(uri.strippingFragment)
        return position
    }

    /// Reads and parses a JSON file.
    static func load(url: URL, uri: String) throws(SchemaError) -> JSONValue {
        let data: Data
        do {
            data = try Data(contentsOf: url)
        } catch {
            throw SchemaError(message: SchemaMessages.unreadable(uri, error.localizedDescription), keywordLocation: nil, uri: uri)
        }
        do {
            return try JSONParser.parse([UInt8](data))
        } catch {
            throw SchemaError(message: SchemaMessages.invalidJSON(uri, error), keywordLocation: nil, uri: uri)
        }
    }

    /// Loads the document for an absolute URI (no fragment) from the registered sources.
    /// Returns false when no source has it.
    func loadResource(_ base: String) throws(SchemaError) -> Bool {
        if let document = options.additionalResources[base] ?? options.additionalResources[base + "#"] {
            try addDocument(document, uri: base)
            return true
        }
        if let document = MetaSchemas.parsed[base] {
            try addDocument(document, uri: base)
            return true
        }
        for entry in options.refMap where base.hasPrefix(entry.prefix) {
            let relative = String(base.dropFirst(entry.prefix.count))
            let decoded = relative.removingPercentEncoding ?? relative
            let directory = entry.directory.standardizedFileURL
            let file = directory.appendingPathComponent(decoded).standardizedFileURL
            guard file.path.hasPrefix(directory.path) else { continue }
            try addDocument(Self.load(url: file, uri: base), uri: base)
            return true
        }
        if options.allowFileReferences, let fileRoot, let url = URL(string: base), url.isFileURL {
            let file = url.standardizedFileURL
            if file.path.hasPrefix(fileRoot.path) {
                try addDocument(Self.load(url: file, uri: base), uri: base)
                return true
            }
        }
        // A resource may be declared by $id inside a registered document not yet loaded.
        for (uri, document) in options.additionalResources.sorted(by: { $0.key < $1.key }) where !documentURIs.contains(uri.strippingFragment) {
            try addDocument(document, uri: uri)
            if index.resources[base] != nil { return true }
        }
        return false
    }

    /// Resolves a reference written at `location` (keyword `keyword`) to a schema location.
    func resolveReference(_ reference: String, base: String, at location: SchemaLocation, keyword: String) throws(SchemaError) -> (SchemaLocation, uri: String) {
        guard let uri = base.resolvingURI(reference) else {
            throw error(SchemaMessages.badReference(reference), location, keyword)
        }
        if case .some(let found) = index.locate(uri) {
            guard let found else { throw error(SchemaMessages.missingTarget(uri), location, keyword) }
            return (found, uri)
        }
        guard try loadResource(uri.strippingFragment), case .some(let found) = index.locate(uri) else {
            throw SchemaError(message: SchemaMessages.unresolvable(uri), keywordLocation: JSONPointer(location.pointer + [keyword]),
                              uri: uri)
        }
        guard let found else { throw error(SchemaMessages.missingTarget(uri), location, keyword) }
        return (found, uri)
    }

    func error(_ message: String, _ location: SchemaLocation, _ keyword: String?) -> SchemaError {
        let pointer = keyword.map { location.pointer + [$0] } ?? location.pointer
        return SchemaError(message: message, keywordLocation: JSONPointer(pointer), uri: documentURIs[location.document])
    }

    // MARK: Vocabularies

    /// The vocabularies a dialect (`$schema`) enables.
    func vocabularies(for dialect: String?, at location: SchemaLocation) throws(SchemaError) -> Vocabularies {
        var result = Vocabularies.standard
        if let dialect, dialect != Self.metaSchemaURI {
            if let cached = vocabularyCache[dialect] {
                result = cached
            } else {
                var declared: JSONObject?
                if case .some(let found) = index.locate(dialect), let found, case .object(let meta)? = index.value(at: found) {
                    declared = meta["$vocabulary"]?.objectValue
                } else if (try? loadResource(dialect)) == true, case .some(let found) = index.locate(dialect),
                          let found, case .object(let meta)? = index.value(at: found) {
                    declared = meta["$vocabulary"]?.objectValue
                }
                if let declared {
                    result = []
                    for (uri, required) in declared {
                        if let vocabulary = Vocabularies.byURI[uri] {
                            result.insert(vocabulary)
                        } else if required == .bool(true) {
                            throw error(SchemaMessages.unsupportedVocabulary(uri), location, "$schema")
                        }
                    }
                }
                vocabularyCache[dialect] = result
            }
        }
        if options.formatAssertion { result.insert(.formatAssertion) }
        return result
    }
}

/// The draft 2020-12 vocabularies whose keywords this module applies.
struct Vocabularies: OptionSet {
    let rawValue: UInt8
    static let applicator = Vocabularies(rawValue: 1)
    static let unevaluated = Vocabularies(rawValue: 2)
    static let validation = Vocabularies(rawValue: 4)
    static let formatAssertion = Vocabularies(rawValue: 8)
    static let formatAnnotation = Vocabularies(rawValue: 16)
    static let other = Vocabularies(rawValue: 32)

    static let standard: Vocabularies = [.applicator, .unevaluated, .validation, .formatAnnotation, .other]

    static let byURI: [String: Vocabularies] = [
        "https://json-schema.org/draft/2020-12/vocab/core": .other,
        "https://json-schema.org/draft/2020-12/vocab/applicator": .applicator,
        "https://json-schema.org/draft/2020-12/vocab/unevaluated": .unevaluated,
        "https://json-schema.org/draft/2020-12/vocab/validation": .validation,
        "https://json-schema.org/draft/2020-12/vocab/meta-data": .other,
        "https://json-schema.org/draft/2020-12/vocab/format-annotation": .formatAnnotation,
        "https://json-schema.org/draft/2020-12/vocab/format-assertion": .formatAssertion,
        "https://json-schema.org/draft/2020-12/vocab/content": .other,
    ]
}

extension MetaSchemas {
    /// The meta-schemas parsed once, by `$id`.
    static let parsed: [String: JSONValue] = {
        var result: [String: JSONValue] = [:]
        for entry in documents {
            if let value = try? JSONParser.parse(entry.text) { result[entry.uri] = value }
        }
        return result
    }()
}
