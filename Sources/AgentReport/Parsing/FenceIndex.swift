/// Knows, for every line, whether a code fence opened there can still be closed, so that
/// finding a closing fence never rescans the rest of the input (20 000 unclosed fences stay linear).
struct FenceIndex {
    /// `reach[m][i]`: the longest bare fence of marker `m` (0 = backtick, 1 = tilde) at line `i` or later.
    private var reach: [[Int32]]

    init(lines: [ScannedLine], excluded: [Bool]) {
        let n = lines.count
        var backtick = [Int32](repeating: 0, count: n + 1)
        var tilde = [Int32](repeating: 0, count: n + 1)
        var i = n - 1
        while i >= 0 {
            backtick[i] = backtick[i + 1]
            tilde[i] = tilde[i + 1]
            if !excluded[i], case .fence(let marker, let length, let info) = lines[i].kind, info.isEmpty {
                let length = Int32(truncatingIfNeeded: min(length, Int(Int32.max)))
                if marker == 0x60 { backtick[i] = max(backtick[i], length) } else { tilde[i] = max(tilde[i], length) }
            }
            i -= 1
        }
        reach = [backtick, tilde]
    }

    /// The line that closes a fence of `marker`×`length` opened at `opener`, or nil when none does.
    func closer(for opener: Int, marker: UInt8, length: Int, in lines: [ScannedLine], excluded: [Bool]) -> Int? {
        let table = reach[marker == 0x60 ? 0 : 1]
        guard opener + 1 < table.count, Int(table[opener + 1]) >= length else { return nil }
        var j = opener + 1
        while j < lines.count {
            if !excluded[j], case .fence(let m, let l, let info) = lines[j].kind, m == marker, l >= length, info.isEmpty {
                return j
            }
            j += 1
        }
        return nil
    }
}

/// Finds fences that wrap the answer itself rather than code: ```` ``` ````, ```` ```text ````,
/// ```` ```markdown ```` around text that has headings or labelled fields.
enum WrapperFenceFinder {
    static let wrapperInfos: Set<String> = ["", "text", "txt", "markdown", "md", "plaintext", "plain", "output", "report"]

    /// Indices of wrapper fence lines (openers and closers).
    static func find(_ lines: [ScannedLine], _ bytes: [UInt8], from first: Int) -> [Int] {
        var result: [Int] = []
        var i = first
        while i < lines.count {
            guard case .fence(let marker, let length, let info) = lines[i].kind else {
                i += 1
                continue
            }
            let infoText = String(decoding: bytes[info], as: UTF8.self).lowercased()
            guard lines[i].indent <= 3, wrapperInfos.contains(infoText) else {
                // A code block: skip past it so that its closer is not taken for an opener.
                guard let closer = codeCloser(lines, after: i, marker: marker, length: length) else { break }
                i = closer + 1
                continue
            }
            let (closer, structure, nested) = walkWrapper(lines, bytes, opener: i, marker: marker, length: length)
            if structure >= 3 { result.append(i) }
            if structure >= 3 { result += nested }
            guard let closer else { break }  // unclosed: it runs to the end either way
            if structure >= 3 { result.append(closer) }
            i = closer + 1
        }
        return result
    }

    /// The first bare fence that closes a code block (CommonMark's rule).
    private static func codeCloser(_ lines: [ScannedLine], after i: Int, marker: UInt8, length: Int) -> Int? {
        var j = i + 1
        while j < lines.count {
            if case .fence(let m, let l, let info) = lines[j].kind, info.isEmpty, m == marker, l >= length {
                return j
            }
            j += 1
        }
        return nil
    }

    /// Walks a candidate wrapper to its closer, pairing the fences of code blocks inside it, and
    /// scores how much answer structure (headings, labelled fields) it holds.
    private static func walkWrapper(
        _ lines: [ScannedLine], _ bytes: [UInt8], opener i: Int, marker: UInt8, length: Int
    ) -> (closer: Int?, structure: Int, nested: [Int]) {
        var inner: (marker: UInt8, length: Int)? = nil
        var structure = 0
        // A second wrapper right inside the first (```` ```markdown ```` twice): its fence lines.
        var nested: [Int] = []
        var nestedFence: (marker: UInt8, length: Int)? = nil
        var j = i + 1
        while j < lines.count && lines[j].isBlank { j += 1 }
        if j < lines.count, case .fence(let m, let l, let info) = lines[j].kind,
           ["markdown", "md"].contains(String(decoding: bytes[info], as: UTF8.self).lowercased()) {
            nested.append(j)
            nestedFence = (m, l)
            j += 1
        } else {
            j = i + 1
        }
        while j < lines.count {
            let line = lines[j]
            switch line.kind {
            case .fence(let m, let l, let innerInfo) where inner == nil && nestedFence.map({ innerInfo.isEmpty && m == $0.marker && l >= $0.length }) == true
                && !(innerInfo.isEmpty && m == marker && l >= length && nestedFence?.marker != marker):
                nested.append(j)
                nestedFence = nil
            case .fence(let m, let l, let innerInfo):
                if let open = inner {
                    if innerInfo.isEmpty && m == open.marker && l >= open.length { inner = nil }
                } else if !innerInfo.isEmpty || line.indent > lines[i].indent || m != marker || l < length {
                    inner = (m, l)
                } else {
                    return (j, structure, nested)
                }
            case .atxHeading, .rule(0x3D):
                if inner == nil { structure += 3 }  // a heading, or a setext underline
            case .rule(0x2D) where inner == nil && j > i + 1:
                if case .text = lines[j - 1].kind { structure += 3 }  // `Title` underlined with `---`
            case .tableRow:
                if inner == nil { structure += 1 }
            case .text where inner == nil && structure < 3:
                switch LineSyntax.read(bytes, line.textStart..<line.end, allowDash: line.listContent != nil) {
                case .title(let title): structure += title.isCapitals ? 3 : 1
                case .labelled: structure += 1
                default: break
                }
            default:
                break
            }
            j += 1
        }
        return (nil, structure, nested)
    }
}
