/// A strict RFC 8259 JSON parser.
///
/// The parser is iterative (an explicit stack, no recursion per nesting level) and refuses
/// documents nested deeper than `maxDepth`. Duplicate object keys keep the last value at
/// the first position. Invalid UTF-8 is an error; a lone surrogate escape (`"\uD800"`),
/// which a Swift `String` cannot hold, becomes U+FFFD.
public enum JSONParser {
    /// Parses JSON text.
    public static func parse(_ text: String, maxDepth: Int = 10_000) throws(JSONParseError) -> JSONValue {
        var text = text
        let result: Result<JSONValue, JSONParseError> = text.withUTF8 { buffer in
            var parser = Parser(bytes: buffer, maxDepth: maxDepth)
            return parser.parseDocument()
        }
        return try result.get()
    }

    /// Parses JSON from UTF-8 bytes.
    public static func parse(_ bytes: [UInt8], maxDepth: Int = 10_000) throws(JSONParseError) -> JSONValue {
        let result: Result<JSONValue, JSONParseError> = bytes.withUnsafeBufferPointer { buffer in
            var parser = Parser(bytes: buffer, maxDepth: maxDepth)
            return parser.parseDocument()
        }
        return try result.get()
    }
}

/// Why JSON text could not be parsed, and where.
public struct JSONParseError: Error, Sendable, CustomStringConvertible {
    /// What went wrong, for people.
    public let message: String
    /// UTF-8 byte offset of the problem (0-based).
    public let offset: Int
    /// 1-based line.
    public let line: Int
    /// 1-based column, counted in UTF-8 bytes.
    public let column: Int

    public init(message: String, offset: Int, line: Int, column: Int) {
        self.message = message
        self.offset = offset
        self.line = line
        self.column = column
    }

    public var description: String { "\(line):\(column): \(message)" }
}

private struct Parser {
    let bytes: UnsafeBufferPointer<UInt8>
    let maxDepth: Int
    var position = 0

    init(bytes: UnsafeBufferPointer<UInt8>, maxDepth: Int) {
        self.bytes = bytes
        self.maxDepth = maxDepth
    }

    /// A container being built.
    enum Frame {
        case array([JSONValue])
        case object(keys: [String], values: [JSONValue], positions: [ByteString: Int]?, pendingKey: String)
    }

    mutating func parseDocument() -> Result<JSONValue, JSONParseError> {
        do {
            let value = try parseValue()
            skipWhitespace()
            if position < bytes.count { throw error("unexpected content after the JSON value") }
            return .success(value)
        } catch let failure as JSONParseError {
            return .failure(failure)
        } catch {
            return .failure(self.error("\(error)"))
        }
    }

    func error(_ message: String, at offset: Int? = nil) -> JSONParseError {
        let offset = min(offset ?? position, bytes.count)
        var line = 1
        var lineStart = 0
        for index in 0..<offset where bytes[index] == 0x0A {
            line += 1
            lineStart = index + 1
        }
        return JSONParseError(message: message, offset: offset, line: line, column: offset - lineStart + 1)
    }

    mutating func skipWhitespace() {
        while position < bytes.count {
            switch bytes[position] {
            case 0x20, 0x0A, 0x0D, 0x09: position += 1
            default: return
            }
        }
    }

    mutating func parseValue() throws(JSONParseError) -> JSONValue {
        var stack: [Frame] = []
        while true {
            skipWhitespace()
            guard position < bytes.count else { throw error("unexpected end of input, expected a value") }
            var value: JSONValue
            switch bytes[position] {
            case UInt8(ascii: "{"):
                guard stack.count < maxDepth else { throw error("nesting deeper than \(maxDepth) levels") }
                position += 1
                skipWhitespace()
                if position < bytes.count, bytes[position] == UInt8(ascii: "}") {
                    position += 1
                    value = .object(JSONObject())
                } else {
                    let key = try parseKey()
                    stack.append(.object(keys: [], values: [], positions: nil, pendingKey: key))
                    continue
                }
            case UInt8(ascii: "["):
                guard stack.count < maxDepth else { throw error("nesting deeper than \(maxDepth) levels") }
                position += 1
                skipWhitespace()
                if position < bytes.count, bytes[position] == UInt8(ascii: "]") {
                    position += 1
                    value = .array([])
                } else {
                    stack.append(.array([]))
                    continue
                }
            case UInt8(ascii: "\""):
                value = .string(try parseString())
            case UInt8(ascii: "t"):
                try expectLiteral("true")
                value = .bool(true)
            case UInt8(ascii: "f"):
                try expectLiteral("false")
                value = .bool(false)
            case UInt8(ascii: "n"):
                try expectLiteral("null")
                value = .null
            case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"):
                value = .number(try parseNumber())
            default:
                throw error("unexpected character \(describe(bytes[position])), expected a value")
            }
            // Attach the finished value to its container, closing containers as they end.
            while true {
                guard var frame = stack.popLast() else { return value }
                skipWhitespace()
                switch frame {
                case .array(var elements):
                    elements.append(value)
                    guard position < bytes.count else { throw error("unexpected end of input in an array") }
                    if bytes[position] == UInt8(ascii: ",") {
                        position += 1
                        frame = .array(elements)
                        stack.append(frame)
                    } else if bytes[position] == UInt8(ascii: "]") {
                        position += 1
                        value = .array(elements)
                        continue
                    } else {
                        throw error("expected ',' or ']' in an array, found \(describe(bytes[position]))")
                    }
                case .object(var keys, var values, var positions, let pendingKey):
                    if let existing = positions?[ByteString(pendingKey)] ?? (positions == nil ? keys.firstIndex(where: { utf8Equal($0, pendingKey) }) : nil) {
                        values[existing] = value
                    } else {
                        keys.append(pendingKey)
                        values.append(value)
                        if positions != nil {
                            positions?[ByteString(pendingKey)] = keys.count - 1
                        } else if keys.count > 16 {
                            var built: [ByteString: Int] = [:]
                            for (index, key) in keys.enumerated() { built[ByteString(key)] = index }
                            positions = built
                        }
                    }
                    guard position < bytes.count else { throw error("unexpected end of input in an object") }
                    if bytes[position] == UInt8(ascii: ",") {
                        position += 1
                        skipWhitespace()
                        let key = try parseKey()
                        stack.append(.object(keys: keys, values: values, positions: positions, pendingKey: key))
                    } else if bytes[position] == UInt8(ascii: "}") {
                        position += 1
                        value = .object(JSONObject(uniqueKeys: keys, values: values))
                        continue
                    } else {
                        throw error("expected ',' or '}' in an object, found \(describe(bytes[position]))")
                    }
                }
                break
            }
        }
    }

    /// Parses `"key"` and the following `:`.
    mutating func parseKey() throws(JSONParseError) -> String {
        guard position < bytes.count else { throw error("unexpected end of input, expected a property name") }
        guard bytes[position] == UInt8(ascii: "\"") else {
            throw error("expected a property name in double quotes, found \(describe(bytes[position]))")
        }
        let key = try parseString()
        skipWhitespace()
        guard position < bytes.count, bytes[position] == UInt8(ascii: ":") else {
            throw error("expected ':' after a property name")
        }
        position += 1
        return key
    }

    func describe(_ byte: UInt8) -> String {
        if byte >= 0x20, byte < 0x7F { return "'\(Character(Unicode.Scalar(byte)))'" }
        return "byte 0x" + String(byte, radix: 16, uppercase: true)
    }

    mutating func expectLiteral(_ literal: StaticString) throws(JSONParseError) {
        let count = literal.utf8CodeUnitCount
        let start = literal.utf8Start
        guard position + count <= bytes.count else { throw error("invalid literal, expected '\(literal)'") }
        for index in 0..<count where bytes[position + index] != start[index] {
            throw error("invalid literal, expected '\(literal)'")
        }
        position += count
    }

    mutating func parseNumber() throws(JSONParseError) -> JSONNumber {
        let start = position
        var negative = false
        if bytes[position] == UInt8(ascii: "-") {
            negative = true
            position += 1
        }
        guard position < bytes.count, bytes[position] >= 48, bytes[position] <= 57 else {
            throw error("expected a digit in a number")
        }
        let integerStart = position
        if bytes[position] == 48 {
            position += 1
            if position < bytes.count, bytes[position] >= 48, bytes[position] <= 57 {
                throw error("leading zeros are not allowed in a number")
            }
        } else {
            while position < bytes.count, bytes[position] >= 48, bytes[position] <= 57 { position += 1 }
        }
        let integerEnd = position
        var simple = true
        if position < bytes.count, bytes[position] == UInt8(ascii: ".") {
            simple = false
            position += 1
            guard position < bytes.count, bytes[position] >= 48, bytes[position] <= 57 else {
                throw error("expected a digit after the decimal point")
            }
            while position < bytes.count, bytes[position] >= 48, bytes[position] <= 57 { position += 1 }
        }
        if position < bytes.count, bytes[position] == UInt8(ascii: "e") || bytes[position] == UInt8(ascii: "E") {
            simple = false
            position += 1
            if position < bytes.count, bytes[position] == UInt8(ascii: "+") || bytes[position] == UInt8(ascii: "-") {
                position += 1
            }
            guard position < bytes.count, bytes[position] >= 48, bytes[position] <= 57 else {
                throw error("expected a digit in the exponent")
            }
            while position < bytes.count, bytes[position] >= 48, bytes[position] <= 57 { position += 1 }
        }
        if simple, integerEnd - integerStart <= 18 {
            var value: Int64 = 0
            for index in integerStart..<integerEnd { value = value * 10 + Int64(bytes[index] - 48) }
            return JSONNumber(negative ? -value : value)
        }
        let text = Array(bytes[start..<position])
        guard let digits = DecimalDigits(text: text) else { throw error("number out of range", at: start) }
        let approximation = Double(String(decoding: text, as: UTF8.self))
        return digits.canonicalNumber(approximation: approximation)
    }

    mutating func parseString() throws(JSONParseError) -> String {
        position += 1  // opening quote
        let start = position
        // Fast path: no escapes.
        while position < bytes.count {
            let byte = bytes[position]
            if byte == UInt8(ascii: "\"") {
                let slice = UnsafeBufferPointer(rebasing: bytes[start..<position])
                position += 1
                return try makeString(slice, at: start)
            }
            if byte == UInt8(ascii: "\\") { break }
            if byte < 0x20 { throw error("unescaped control character in a string") }
            position += 1
        }
        var buffer: [UInt8] = Array(bytes[start..<position])
        while position < bytes.count {
            let byte = bytes[position]
            if byte == UInt8(ascii: "\"") {
                position += 1
                return try buffer.withUnsafeBufferPointer { pointer throws(JSONParseError) in
                    try makeString(pointer, at: start)
                }
            }
            if byte < 0x20 { throw error("unescaped control character in a string") }
            if byte != UInt8(ascii: "\\") {
                buffer.append(byte)
                position += 1
                continue
            }
            position += 1
            guard position < bytes.count else { break }
            let escape = bytes[position]
            position += 1
            switch escape {
            case UInt8(ascii: "\""): buffer.append(0x22)
            case UInt8(ascii: "\\"): buffer.append(0x5C)
            case UInt8(ascii: "/"): buffer.append(0x2F)
            case UInt8(ascii: "b"): buffer.append(0x08)
            case UInt8(ascii: "f"): buffer.append(0x0C)
            case UInt8(ascii: "n"): buffer.append(0x0A)
            case UInt8(ascii: "r"): buffer.append(0x0D)
            case UInt8(ascii: "t"): buffer.append(0x09)
            case UInt8(ascii: "u"):
                var scalar = try parseHex4()
                if scalar >= 0xD800, scalar < 0xDC00 {
                    // A high surrogate: combine with a following low surrogate if present.
                    if position + 1 < bytes.count, bytes[position] == UInt8(ascii: "\\"), bytes[position + 1] == UInt8(ascii: "u") {
                        let save = position
                        position += 2
                        let low = try parseHex4()
                        if low >= 0xDC00, low < 0xE000 {
                            scalar = 0x10000 + ((scalar - 0xD800) << 10) + (low - 0xDC00)
                        } else {
                            position = save
                            scalar = 0xFFFD
                        }
                    } else {
                        scalar = 0xFFFD
                    }
                } else if scalar >= 0xDC00, scalar < 0xE000 {
                    scalar = 0xFFFD
                }
                let character = Unicode.Scalar(scalar) ?? "\u{FFFD}"
                buffer.append(contentsOf: String(character).utf8)
            default:
                throw error("invalid escape sequence '\\\(Character(Unicode.Scalar(escape)))' in a string", at: position - 2)
            }
        }
        throw error("unterminated string", at: start - 1)
    }

    mutating func parseHex4() throws(JSONParseError) -> UInt32 {
        guard position + 4 <= bytes.count else { throw error("incomplete \\u escape") }
        var value: UInt32 = 0
        for _ in 0..<4 {
            let byte = bytes[position]
            let digit: UInt32
            switch byte {
            case 48...57: digit = UInt32(byte - 48)
            case 65...70: digit = UInt32(byte - 55)
            case 97...102: digit = UInt32(byte - 87)
            default: throw error("invalid hexadecimal digit in \\u escape")
            }
            value = value << 4 | digit
            position += 1
        }
        return value
    }

    func makeString(_ slice: UnsafeBufferPointer<UInt8>, at offset: Int) throws(JSONParseError) -> String {
        var ascii = true
        for byte in slice where byte >= 0x80 {
            ascii = false
            break
        }
        if ascii { return String(decoding: slice, as: UTF8.self) }
        guard let string = String(validating: slice, as: UTF8.self) else {
            throw error("invalid UTF-8 in a string", at: offset)
        }
        return string
    }
}
