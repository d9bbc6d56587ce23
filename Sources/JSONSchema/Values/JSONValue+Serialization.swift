extension JSONValue {
    /// JSON text for this value, compact or pretty (two-space indent).
    ///
    /// Keys keep insertion order unless `sortedKeys` (then sorted by Unicode code points).
    /// Strings escape `"`, `\` and control characters only; other characters, including
    /// non-ASCII and `/`, are written as UTF-8. Integers have no fraction; other numbers use
    /// the shortest text that reads back to the same value. Output is deterministic.
    public func serialized(pretty: Bool = false, sortedKeys: Bool = false) -> String {
        var writer = JSONWriter(pretty: pretty, sortedKeys: sortedKeys)
        writer.write(self, indent: 0)
        return String(decoding: writer.output, as: UTF8.self)
    }
}

private struct JSONWriter {
    let pretty: Bool
    let sortedKeys: Bool
    var output: [UInt8] = []

    init(pretty: Bool, sortedKeys: Bool) {
        self.pretty = pretty
        self.sortedKeys = sortedKeys
        output.reserveCapacity(256)
    }

    mutating func newline(_ indent: Int) {
        output.append(0x0A)
        output.append(contentsOf: repeatElement(0x20, count: indent * 2))
    }

    mutating func write(_ value: JSONValue, indent: Int) {
        switch value {
        case .null: output.append(contentsOf: "null".utf8)
        case .bool(let flag): output.append(contentsOf: (flag ? "true" : "false").utf8)
        case .number(let number): output.append(contentsOf: number.description.utf8)
        case .string(let string): writeString(string)
        case .array(let elements):
            if elements.isEmpty {
                output.append(contentsOf: "[]".utf8)
                return
            }
            output.append(UInt8(ascii: "["))
            for (index, element) in elements.enumerated() {
                if index > 0 { output.append(UInt8(ascii: ",")) }
                if pretty { newline(indent + 1) }
                write(element, indent: indent + 1)
            }
            if pretty { newline(indent) }
            output.append(UInt8(ascii: "]"))
        case .object(let object):
            if object.isEmpty {
                output.append(contentsOf: "{}".utf8)
                return
            }
            output.append(UInt8(ascii: "{"))
            var order = Array(0..<object.count)
            if sortedKeys {
                order.sort { Array(object.key(at: $0).unicodeScalars.map(\.value)).lexicographicallyPrecedes(object.key(at: $1).unicodeScalars.map(\.value)) }
            }
            for (index, position) in order.enumerated() {
                if index > 0 { output.append(UInt8(ascii: ",")) }
                if pretty { newline(indent + 1) }
                writeString(object.key(at: position))
                output.append(UInt8(ascii: ":"))
                if pretty { output.append(0x20) }
                write(object.value(at: position), indent: indent + 1)
            }
            if pretty { newline(indent) }
            output.append(UInt8(ascii: "}"))
        }
    }

    mutating func writeString(_ string: String) {
        output.append(UInt8(ascii: "\""))
        for byte in string.utf8 {
            switch byte {
            case UInt8(ascii: "\""): output.append(contentsOf: [0x5C, 0x22])
            case UInt8(ascii: "\\"): output.append(contentsOf: [0x5C, 0x5C])
            case 0x0A: output.append(contentsOf: [0x5C, UInt8(ascii: "n")])
            case 0x0D: output.append(contentsOf: [0x5C, UInt8(ascii: "r")])
            case 0x09: output.append(contentsOf: [0x5C, UInt8(ascii: "t")])
            case 0x08: output.append(contentsOf: [0x5C, UInt8(ascii: "b")])
            case 0x0C: output.append(contentsOf: [0x5C, UInt8(ascii: "f")])
            case 0x00..<0x20:
                let hex = Array("0123456789abcdef".utf8)
                output.append(contentsOf: [0x5C, UInt8(ascii: "u"), 0x30, 0x30, hex[Int(byte >> 4)], hex[Int(byte & 0xF)]])
            default: output.append(byte)
            }
        }
        output.append(UInt8(ascii: "\""))
    }
}
