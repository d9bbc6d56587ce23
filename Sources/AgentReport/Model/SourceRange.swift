/// A place in a `SourceText`.
///
/// Lines and columns are 1-based; a column counts UTF-8 bytes from the start of its line,
/// so `é` is two columns wide, `日` three and `🚀` four. `offset` is the 0-based UTF-8 byte
/// offset into the decoded text (after a byte-order mark is removed).
public struct SourcePosition: Hashable, Sendable, Comparable, CustomStringConvertible {
    public var line: Int
    public var column: Int
    public var offset: Int

    public init(line: Int, column: Int, offset: Int) {
        self.line = line
        self.column = column
        self.offset = offset
    }

    public static func < (lhs: SourcePosition, rhs: SourcePosition) -> Bool { lhs.offset < rhs.offset }

    public var description: String { "\(line):\(column)" }
}

/// A half-open span of a `SourceText`: `end` is the position just past the last byte.
public struct SourceRange: Hashable, Sendable, CustomStringConvertible {
    public var start: SourcePosition
    public var end: SourcePosition

    public init(start: SourcePosition, end: SourcePosition) {
        self.start = start
        self.end = end
    }

    /// The smallest range covering both.
    public func union(_ other: SourceRange) -> SourceRange {
        SourceRange(start: min(start, other.start), end: max(end, other.end))
    }

    /// `@1:1-2:5`, the form golden dumps use.
    public var description: String { "@\(start)-\(end)" }
}
