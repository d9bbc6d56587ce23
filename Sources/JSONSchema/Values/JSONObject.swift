/// A JSON object: string keys mapped to values, keeping insertion order.
///
/// Equality and hashing ignore key order, as JSON Schema requires. Lookup is a linear
/// scan for small objects and a hash lookup once an object has more than
/// ``JSONObject/indexThreshold`` members.
public struct JSONObject: Sendable, Hashable, Sequence {
    /// Member count above which a hash index is kept.
    static let indexThreshold = 12

    var storedKeys: [String]
    var storedValues: [JSONValue]
    var index: [ByteString: Int]?

    /// An empty object.
    public init() {
        storedKeys = []
        storedValues = []
        index = nil
    }

    /// An object with the given members in order. For a duplicate key the last value wins
    /// and the first position is kept.
    public init(_ pairs: [(String, JSONValue)]) {
        self.init()
        storedKeys.reserveCapacity(pairs.count)
        storedValues.reserveCapacity(pairs.count)
        for (key, value) in pairs { self[key] = value }
    }

    /// Builds an object from keys already known to be distinct (a schema's property names).
    public init(uniqueKeys keys: [String], values: [JSONValue]) {
        storedKeys = keys
        storedValues = values
        index = nil
        if keys.count > Self.indexThreshold { rebuildIndex() }
    }

    private mutating func rebuildIndex() {
        var built = [ByteString: Int](minimumCapacity: storedKeys.count)
        for (position, key) in storedKeys.enumerated() { built[ByteString(key)] = position }
        index = built
    }

    /// The position of `key`, if present.
    
    public func position(of key: String) -> Int? {
        if let index { return index[ByteString(key)] }
        var position = 0
        let count = storedKeys.count
        while position < count {
            if utf8Equal(storedKeys[position], key) { return position }
            position += 1
        }
        return nil
    }

    /// The value for `key`; setting a new key appends it, setting `nil` removes it.
    public subscript(key: String) -> JSONValue? {
        get {
            guard let position = position(of: key) else { return nil }
            return storedValues[position]
        }
        set {
            if let position = position(of: key) {
                if let newValue {
                    storedValues[position] = newValue
                } else {
                    storedKeys.remove(at: position)
                    storedValues.remove(at: position)
                    if storedKeys.count > Self.indexThreshold { rebuildIndex() } else { index = nil }
                }
            } else if let newValue {
                storedKeys.append(key)
                storedValues.append(newValue)
                if index != nil {
                    index?[ByteString(key)] = storedKeys.count - 1
                } else if storedKeys.count > Self.indexThreshold {
                    rebuildIndex()
                }
            }
        }
    }

    /// The keys in insertion order.
    public var keys: [String] { storedKeys }
    /// The values in key order.
    public var values: [JSONValue] { storedValues }
    /// The number of members.
    public var count: Int { storedKeys.count }
    /// Whether the object has no members.
    public var isEmpty: Bool { storedKeys.isEmpty }

    /// The key at a position.
    public func key(at position: Int) -> String { storedKeys[position] }
    /// The value at a position.
    public func value(at position: Int) -> JSONValue { storedValues[position] }

    /// Iterates members in insertion order.
    public struct Iterator: IteratorProtocol {
        let object: JSONObject
        var position = 0
        public mutating func next() -> (key: String, value: JSONValue)? {
            guard position < object.storedKeys.count else { return nil }
            defer { position += 1 }
            return (object.storedKeys[position], object.storedValues[position])
        }
    }

    public func makeIterator() -> Iterator { Iterator(object: self) }

    public var underestimatedCount: Int { storedKeys.count }

    public static func == (lhs: JSONObject, rhs: JSONObject) -> Bool {
        guard lhs.count == rhs.count else { return false }
                for position in 0..<lhs.count {
            guard let other = rhs[lhs.storedKeys[position]], other == lhs.storedValues[position] else {
                return false
            }
        }
        return true
    }

    public func hash(into hasher: inout Hasher) {
        // Order-independent: sum of per-member hashes.
        var sum = 0
        for position in 0..<count {
            var member = Hasher()
            hashUTF8(storedKeys[position], into: &member)
            member.combine(storedValues[position])
            sum &+= member.finalize()
        }
        hasher.combine(count)
        hasher.combine(sum)
    }
}

extension JSONObject: ExpressibleByDictionaryLiteral {
    public init(dictionaryLiteral elements: (String, JSONValue)...) { self.init(elements) }
}
