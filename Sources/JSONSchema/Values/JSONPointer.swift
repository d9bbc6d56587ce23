import Foundation

/// A JSON Pointer (RFC 6901): a path of reference tokens into a JSON document.
public struct JSONPointer: Sendable, Hashable, Comparable, CustomStringConvertible {
    /// The unescaped reference tokens, outermost first.
    public var tokens: [String]

    /// A pointer from unescaped tokens.
    public init(_ tokens: [String] = []) { self.tokens = tokens }

    /// The pointer to the whole document.
    public static let root = JSONPointer()

    /// Parses `""` or `/a/b~1c`; nil when the text is not a JSON Pointer.
    public init?(parsing text: String) {
        if text.isEmpty {
            tokens = []
            return
        }
        guard text.hasPrefix("/") else { return nil }
        var result: [String] = []
        for part in text.dropFirst().split(separator: "/", omittingEmptySubsequences: false) {
            guard let token = JSONPointer.unescape(part) else { return nil }
            result.append(token)
        }
        tokens = result
    }

    static func unescape(_ part: Substring) -> String? {
        guard part.contains("~") else { return String(part) }
        var result = ""
        var iterator = part.makeIterator()
        while let character = iterator.next() {
            if character == "~" {
                switch iterator.next() {
                case "0": result.append("~")
                case "1": result.append("/")
                default: return nil
                }
            } else {
                result.append(character)
            }
        }
        return result
    }

    /// This pointer with one more token.
    public func appending(_ token: String) -> JSONPointer {
        var copy = self
        copy.tokens.append(token)
        return copy
    }

    /// This pointer with an array index appended.
    public func appending(_ index: Int) -> JSONPointer { appending(String(index)) }

    /// This pointer followed by all tokens of another.
    public func appending(contentsOf other: JSONPointer) -> JSONPointer {
        var copy = self
        copy.tokens.append(contentsOf: other.tokens)
        return copy
    }

    /// `"/a/b~1c"`, or `""` for the root.
    public var description: String {
        var text = ""
        for token in tokens {
            text.append("/")
            text.append(JSONPointer.escape(token))
        }
        return text
    }

    /// Escapes `~` and `/` in one token.
    public static func escape(_ token: String) -> String {
        guard token.contains(where: { $0 == "~" || $0 == "/" }) else { return token }
        return token.replacingOccurrences(of: "~", with: "~0").replacingOccurrences(of: "/", with: "~1")
    }

    /// The value this pointer designates in `document`, if any.
    public func resolve(in document: JSONValue) -> JSONValue? {
        var current = document
        for token in tokens {
            switch current {
            case .object(let object):
                guard let next = object[token] else { return nil }
                current = next
            case .array(let elements):
                guard let index = JSONPointer.arrayIndex(token), index < elements.count else { return nil }
                current = elements[index]
            default:
                return nil
            }
        }
        return current
    }

    /// A token as an array index: digits without leading zeros.
    static func arrayIndex(_ token: String) -> Int? {
        guard !token.isEmpty, token.utf8.allSatisfy({ $0 >= 48 && $0 <= 57 }) else { return nil }
        if token.count > 1, token.hasPrefix("0") { return nil }
        return Int(token)
    }

    public static func < (lhs: JSONPointer, rhs: JSONPointer) -> Bool {
        lhs.tokens.lexicographicallyPrecedes(rhs.tokens)
    }
}
