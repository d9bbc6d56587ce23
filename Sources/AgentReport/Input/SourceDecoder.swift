/// Decodes an input's bytes as UTF-8, once.
///
/// A leading byte-order mark is dropped. Each maximal invalid sequence and each NUL byte
/// becomes U+FFFD, with an `invalid-encoding` warning naming the byte offset in the input;
/// nothing else is changed (line endings are kept and indexed as they are).
public struct SourceDecoder: Sendable {
    /// At most this many `invalid-encoding` diagnostics for one input; the last one counts the rest.
    public var maxReportedOffsets = 10

    public init() {}

    public func decode(_ input: [UInt8], name: String) -> (SourceText, [Diagnostic]) {
        let start = input.starts(with: [0xEF, 0xBB, 0xBF]) ? 3 : 0
        // Pass 1: find what must be replaced: (offset in the input, bytes replaced).
        var problems: [(offset: Int, length: Int)] = []
        var i = start
        let n = input.count
        while i < n {
            // Skip ASCII quickly: eight bytes at a time while none has the high bit or is NUL.
            i = input.withUnsafeBufferPointer { buffer in
                var k = i
                guard let base = buffer.baseAddress else { return k }
                while k + 8 <= n {
                    let word = UnsafeRawPointer(base + k).loadUnaligned(as: UInt64.self)
                    let hasHigh = word & 0x8080_8080_8080_8080 != 0
                    let hasZero = (word &- 0x0101_0101_0101_0101) & ~word & 0x8080_8080_8080_8080 != 0
                    if hasHigh || hasZero { break }
                    k += 8
                }
                return k
            }
            guard i < n else { break }
            let b = input[i]
            if b >= 0x01 && b < 0x80 {
                i += 1
            } else if b != 0, case let length = Self.validSequenceLength(input, at: i), length > 0 {
                i += length
            } else {
                let length = b == 0 ? 1 : Self.invalidSequenceLength(input, at: i)
                problems.append((i, length))
                i += length
            }
        }
        guard !problems.isEmpty else {
            let text = SourceText(name: name, bytes: start == 0 ? input : Array(input[start...]))
            return (text, [])
        }
        // Pass 2: copy, replacing each problem by U+FFFD and noting where it landed.
        var bytes: [UInt8] = []
        bytes.reserveCapacity(n - start + problems.count * 2)
        var landed: [Int] = []
        i = start
        for problem in problems {
            bytes.append(contentsOf: input[i..<problem.offset])
            if landed.count < maxReportedOffsets { landed.append(bytes.count) }
            bytes.append(contentsOf: [0xEF, 0xBF, 0xBD])
            i = problem.offset + problem.length
        }
        bytes.append(contentsOf: input[i...])
        let text = SourceText(name: name, bytes: bytes)
        var diagnostics: [Diagnostic] = []
        for (problem, at) in zip(problems, landed) {
            let what = input[problem.offset] == 0 ? "a NUL byte" : "invalid UTF-8"
            diagnostics.append(Diagnostic(
                .warning, "invalid-encoding",
                "\(what) at byte offset \(problem.offset) was replaced by U+FFFD",
                range: text.range(at..<(at + 3))))
        }
        if problems.count > maxReportedOffsets {
            diagnostics[diagnostics.count - 1].message +=
                " (and \(problems.count - maxReportedOffsets) more replacements in this input)"
        }
        return (text, diagnostics)
    }

    /// The length of the valid UTF-8 sequence starting at `i` (a non-ASCII lead byte), or 0.
    static func validSequenceLength(_ s: [UInt8], at i: Int) -> Int {
        let b = s[i]
        let n = s.count
        func cont(_ k: Int, _ low: UInt8 = 0x80, _ high: UInt8 = 0xBF) -> Bool {
            k < n && s[k] >= low && s[k] <= high
        }
        switch b {
        case 0xC2...0xDF: return cont(i + 1) ? 2 : 0
        case 0xE0: return cont(i + 1, 0xA0) && cont(i + 2) ? 3 : 0
        case 0xE1...0xEC, 0xEE...0xEF: return cont(i + 1) && cont(i + 2) ? 3 : 0
        case 0xED: return cont(i + 1, 0x80, 0x9F) && cont(i + 2) ? 3 : 0
        case 0xF0: return cont(i + 1, 0x90) && cont(i + 2) && cont(i + 3) ? 4 : 0
        case 0xF1...0xF3: return cont(i + 1) && cont(i + 2) && cont(i + 3) ? 4 : 0
        case 0xF4: return cont(i + 1, 0x80, 0x8F) && cont(i + 2) && cont(i + 3) ? 4 : 0
        default: return 0
        }
    }

    /// How many bytes one U+FFFD replaces: the maximal prefix of a valid sequence (at least 1),
    /// as the Unicode standard recommends.
    static func invalidSequenceLength(_ s: [UInt8], at i: Int) -> Int {
        let b = s[i]
        let n = s.count
        var need: Int
        var low: UInt8 = 0x80
        var high: UInt8 = 0xBF
        switch b {
        case 0xC2...0xDF: need = 1
        case 0xE0: need = 2; low = 0xA0
        case 0xE1...0xEC, 0xEE...0xEF: need = 2
        case 0xED: need = 2; high = 0x9F
        case 0xF0: need = 3; low = 0x90
        case 0xF1...0xF3: need = 3
        case 0xF4: need = 3; high = 0x8F
        default: return 1
        }
        var k = i + 1
        while need > 0 && k < n && s[k] >= low && s[k] <= high {
            k += 1
            need -= 1
            low = 0x80
            high = 0xBF
        }
        return k - i
    }
}
