#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#elseif canImport(Musl)
import Musl
#endif

/// Code-point equality for strings.
///
/// Swift's `String ==` uses Unicode canonical equivalence (`"é" == "e\u{301}"`); JSON and
/// JSON Schema compare strings code point by code point. These helpers compare UTF-8 bytes.
@inline(__always)
func utf8Equal(_ lhs: String, _ rhs: String) -> Bool {
    let count = lhs.utf8.count
    guard count == rhs.utf8.count else { return false }
    let fast = lhs.utf8.withContiguousStorageIfAvailable { left in
        rhs.utf8.withContiguousStorageIfAvailable { right in
            guard let leftBase = left.baseAddress, let rightBase = right.baseAddress else { return count == 0 }
            return memcmp(leftBase, rightBase, count) == 0
        }
    }
    if let fast, let result = fast { return result }
    return lhs.utf8.elementsEqual(rhs.utf8)
}

/// Hashes a string by its UTF-8 bytes (consistent with ``utf8Equal(_:_:)``).
@inline(__always)
func hashUTF8(_ string: String, into hasher: inout Hasher) {
    var string = string
    string.withUTF8 { hasher.combine(bytes: UnsafeRawBufferPointer($0)) }
}

/// A string key compared and hashed by code points, for dictionaries and sets.
struct ByteString: Hashable, Sendable {
    let value: String

    init(_ value: String) { self.value = value }

    static func == (lhs: ByteString, rhs: ByteString) -> Bool { utf8Equal(lhs.value, rhs.value) }

    func hash(into hasher: inout Hasher) { hashUTF8(value, into: &hasher) }
}
