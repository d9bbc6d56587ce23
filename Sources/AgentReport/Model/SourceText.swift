/// The text of one input, decoded once, with a line index.
///
/// `bytes` is valid UTF-8 (invalid input bytes were replaced by U+FFFD when it was decoded).
/// Lines end at LF, CRLF or a lone CR; a line's content excludes its terminator. Every range
/// the library reports points into these bytes.
public struct SourceText: Sendable {
    /// How the input is named in diagnostics: a path as given, or `<stdin>`.
    public let name: String
    public let bytes: [UInt8]
    /// Offset of the first byte of each line.
    public let lineStarts: [Int]
    /// Offset just past the content of each line (before its terminator).
    public let lineEnds: [Int]

    public init(name: String, bytes: [UInt8]) {
        self.name = name
        self.bytes = bytes
        var starts = [0]
        var ends: [Int] = []
        // About one line in sixteen bytes: room for most inputs' index at once.
        starts.reserveCapacity(bytes.count / 16 + 1)
        ends.reserveCapacity(bytes.count / 16 + 1)
        let n = bytes.count
        bytes.withUnsafeBufferPointer { buffer in
            guard let base = buffer.baseAddress else { return }
            var i = 0
            while i < n {
                // Eight bytes at a time while none is a control byte up to CR (0x0D).
                while i + 8 <= n {
                    let word = UnsafeRawPointer(base + i).loadUnaligned(as: UInt64.self)
                    if (word &- 0x0E0E_0E0E_0E0E_0E0E) & ~word & 0x8080_8080_8080_8080 != 0 { break }
                    i += 8
                }
                guard i < n else { break }
                let b = buffer[i]
                if b == 0x0A || b == 0x0D {
                    ends.append(i)
                    i += (b == 0x0D && i + 1 < n && buffer[i + 1] == 0x0A) ? 2 : 1
                    starts.append(i)
                } else {
                    i += 1
                }
            }
        }
        ends.append(n)
        if starts.count > 1 && starts.last == n {
            // A final terminator does not open an empty last line.
            starts.removeLast()
            ends.removeLast()
        }
        self.lineStarts = starts
        self.lineEnds = ends
    }

    public init(name: String, text: String) {
        self.init(name: name, bytes: Array(text.utf8))
    }

    public var lineCount: Int { lineStarts.count }

    /// The content of 0-based line `index`, without its terminator.
    public func lineSpan(_ index: Int) -> Range<Int> { lineStarts[index]..<lineEnds[index] }

    /// The text of a byte span.
    public func string(_ span: Range<Int>) -> String {
        String(decoding: bytes[span], as: UTF8.self)
    }

    /// The text of 0-based line `index`.
    public func lineText(_ index: Int) -> String { string(lineSpan(index)) }

    /// The 0-based index of the line holding `offset`.
    public func lineIndex(containing offset: Int) -> Int {
        var low = 0
        var high = lineStarts.count - 1
        while low < high {
            let mid = (low + high + 1) / 2
            if lineStarts[mid] <= offset { low = mid } else { high = mid - 1 }
        }
        return low
    }

    public func position(at offset: Int) -> SourcePosition {
        let line = lineIndex(containing: offset)
        return SourcePosition(line: line + 1, column: offset - lineStarts[line] + 1, offset: offset)
    }

    /// The position of `offset` on a line already known, without a search.
    public func position(at offset: Int, line: Int) -> SourcePosition {
        SourcePosition(line: line + 1, column: offset - lineStarts[line] + 1, offset: offset)
    }

    public func range(_ span: Range<Int>) -> SourceRange {
        SourceRange(start: position(at: span.lowerBound), end: position(at: span.upperBound))
    }

    /// The range of whole lines `first...last` (0-based), terminators excluded.
    public func range(lines first: Int, _ last: Int) -> SourceRange {
        SourceRange(
            start: position(at: lineStarts[first], line: first),
            end: position(at: lineEnds[last], line: last))
    }

    /// A range covering bytes `span` of 0-based line `line`.
    public func range(line: Int, _ span: Range<Int>) -> SourceRange {
        SourceRange(start: position(at: span.lowerBound, line: line), end: position(at: span.upperBound, line: line))
    }

    /// The text a range covers.
    public func string(spanOf range: SourceRange) -> String {
        string(range.start.offset..<max(range.start.offset, range.end.offset))
    }
}

extension String {
    /// Runs of ASCII white space (space, tab, CR, LF) as one space, trimmed: how values are
    /// compared for equality.
    public var collapsingWhiteSpace: String {
        var out: [UInt8] = []
        out.reserveCapacity(utf8.count)
        var pendingSpace = false
        for byte in utf8 {
            if byte == 0x20 || byte == 0x0A || byte == 0x09 || byte == 0x0D {
                pendingSpace = !out.isEmpty
            } else {
                if pendingSpace { out.append(0x20) }
                pendingSpace = false
                out.append(byte)
            }
        }
        return String(decoding: out, as: UTF8.self)
    }
}
