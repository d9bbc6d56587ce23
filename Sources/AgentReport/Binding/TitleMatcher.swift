/// Matches headings and labels as written against the titles a schema gives them.
///
/// Titles are compared after normalising: letter case, markdown emphasis and code marks,
/// leading numbering, punctuation, `&` versus `and`, and white space. When nothing matches
/// exactly, a title within a small edit distance of exactly one candidate matches it as a
/// misspelling.
struct TitleMatcher: Sendable {
    enum Match: Equatable {
        case exact(Int)
        case misspelled(Int)
        case none
    }

    /// The candidates' normalised names as scalars, for the edit distance.
    private let candidateScalars: [[[Unicode.Scalar]]]
    /// Normalised name → candidate, for exact matches among many candidates.
    private let exact: [String: Int]
    /// The same, first name first, for few: comparing a handful of names costs less than hashing.
    private let names: [(name: String, candidate: Int)]

    /// `candidates[i]` lists the names candidate `i` may be written as (its title, its key).
    init(candidates: [[String]]) {
        let normalized = candidates.map { $0.map(Self.normalize) }
        self.candidateScalars = normalized.map { $0.map { Array($0.unicodeScalars) } }
        var exact: [String: Int] = [:]
        var names: [(String, Int)] = []
        for (index, written) in normalized.enumerated() {
            for name in written where exact[name] == nil {
                exact[name] = index
                names.append((name, index))
            }
        }
        self.exact = names.count > 16 ? exact : [:]
        self.names = names.count > 16 ? [] : names
    }

    /// Matches the nodes of a format by their titles and keys, and by a title's words before a
    /// closing gloss (`Critical Issues (Must Fix)` also as `Critical Issues`) when no other
    /// node has those words.
    init(nodes: [ReturnFormat.Node]) {
        var candidates = nodes.map { [$0.title, $0.key] }
        let cores = nodes.map { Self.withoutGloss($0.title) }
        let taken = Set(candidates.joined().map(Self.normalize))
        var counts: [String: Int] = [:]
        for core in cores { if let core { counts[Self.normalize(core), default: 0] += 1 } }
        for (index, core) in cores.enumerated() {
            guard let core else { continue }
            let key = Self.normalize(core)
            if !key.isEmpty, counts[key] == 1, !taken.contains(key) { candidates[index].append(core) }
        }
        self.init(candidates: candidates)
    }

    /// A title without its closing parenthesised gloss (`Failures (if any)` → `Failures`), or
    /// nil when it has none (or nothing before it).
    static func withoutGloss(_ title: String) -> String? {
        let trimmed = title.trimmingSpaces
        guard trimmed.hasSuffix(")"), let open = trimmed.lastIndex(of: "(") else { return nil }
        let core = String(trimmed[..<open]).trimmingSpaces
        return core.isEmpty ? nil : core
    }

    /// The candidate one of whose normalised names is `key`.
    private func lookUp(_ key: String) -> Int? {
        guard names.isEmpty else { return names.first { $0.name == key }?.candidate }
        return exact[key]
    }

    /// Finds the candidate `written` names.
    func match(_ written: String) -> Match {
        match(normalized: Self.normalize(written))
    }

    /// Finds the candidate whose normalised name is `key`, or one close to it.
    func match(normalized key: String) -> Match {
        guard !key.isEmpty else { return .none }
        if let index = lookUp(key) { return .exact(index) }
        return closeMatch(normalized: key)
    }

    /// The candidate `written` names exactly (no close spellings tried).
    func exactMatch(_ written: String) -> Int? {
        exactMatch(normalized: Self.normalize(written))
    }

    /// The candidate whose normalised name is `key` exactly.
    func exactMatch(normalized key: String) -> Int? {
        key.isEmpty ? nil : lookUp(key)
    }

    /// The one candidate within a small edit distance of normalised `key`, as a misspelling.
    func closeMatch(normalized key: String) -> Match {
        guard !key.isEmpty else { return .none }
        let limit = Self.tolerance(for: key)
        guard limit > 0 else { return .none }
        var best = limit + 1
        var found: [Int] = []
        let writtenScalars = Array(key.unicodeScalars)
        for (index, names) in candidateScalars.enumerated() {
            var distance = Int.max
            for name in names where abs(name.count - writtenScalars.count) <= limit {
                distance = min(distance, Self.distance(writtenScalars, name, limit: limit))
            }
            guard distance <= limit else { continue }  // too far to be a misspelling of it
            if distance < best {
                best = distance
                found = [index]
            } else if distance == best && found.last != index {
                found.append(index)
            }
        }
        return found.count == 1 ? .misspelled(found[0]) : .none
    }

    /// How many edits a title of this length may carry and still be recognised.
    static func tolerance(for normalized: String) -> Int {
        let length = normalized.unicodeScalars.count
        return length < 5 ? 0 : length < 12 ? 1 : 2
    }

    /// Lower-case words separated by single spaces; `&` reads `and`; emphasis, numbering and
    /// punctuation dropped.
    static func normalize(_ title: String) -> String {
        var title = title
        return title.withUTF8 { bytes in
            // A byte grows to at most five (`&` is ` and `); a letter past ASCII, of two bytes
            // or more, to at most a space and its lower case (one to three scalars).
            withUnsafeTemporaryAllocation(of: UInt8.self, capacity: bytes.count * 7 + 1) { buffer in
                var words = Words(out: buffer)
                var isASCII = true
                for byte in bytes {
                    guard byte < 0x80 else { isASCII = false; break }
                    words.read(byte)
                }
                if !isASCII {
                    words = Words(out: buffer)
                    for scalar in String(decoding: bytes, as: UTF8.self).unicodeScalars {
                        if scalar.value < 0x80 {
                            words.read(UInt8(scalar.value))
                        } else if scalar.properties.isAlphabetic || scalar.properties.numericType != nil {
                            for byte in scalar.properties.lowercaseMapping.utf8 { words.append(byte) }
                        } else {
                            words.inWord = false
                        }
                    }
                }
                let written = UnsafeBufferPointer(rebasing: buffer[..<words.count])
                return String(decoding: written[afterNumbering(written)...], as: UTF8.self)
            }
        }
    }

    /// The normalised text as it is written: words of letters and digits, one space between.
    private struct Words {
        let out: UnsafeMutableBufferPointer<UInt8>
        var count = 0
        var inWord = false

        init(out: UnsafeMutableBufferPointer<UInt8>) { self.out = out }

        @inline(__always)
        mutating func append(_ byte: UInt8) {
            if !inWord {
                if count > 0 { out[count] = 0x20; count += 1 }
                inWord = true
            }
            out[count] = byte
            count += 1
        }

        /// An ASCII byte: a letter or digit joins the word, `&` and `+` are the word `and`,
        /// anything else separates words.
        @inline(__always)
        mutating func read(_ v: UInt8) {
            if (v >= 0x61 && v <= 0x7A) || (v >= 0x30 && v <= 0x39) {
                append(v)
            } else if v >= 0x41 && v <= 0x5A {
                append(v + 0x20)
            } else if v == 0x26 || v == 0x2B {  // & +
                inWord = false
                append(0x61); append(0x6E); append(0x64)  // and
                inWord = false
            } else {
                inWord = false
            }
        }
    }

    /// Where the words of `normalized` start after leading numbering (`1`, `2 1`, `iv`), the
    /// last word always kept.
    private static func afterNumbering(_ normalized: UnsafeBufferPointer<UInt8>) -> Int {
        var start = 0
        while start < normalized.count {
            guard let space = normalized[start...].firstIndex(of: 0x20) else { break }  // the last word stays
            let word = normalized[start..<space]
            let numeric = word.allSatisfy(Bytes.isDigit)
            // A roman numeral counts only when two more words follow it.
            let roman = word.count <= 4 && word.allSatisfy { $0 == 0x69 || $0 == 0x76 || $0 == 0x78 }
                && normalized[(space + 1)...].contains(0x20)
            guard numeric || roman else { break }
            start = space + 1
        }
        return start
    }

    /// Edit distance with adjacent transpositions (optimal string alignment: `Verdcit` is one
    /// edit from `Verdict`), or `limit + 1` as soon as it must exceed `limit`.
    static func distance(_ a: [Unicode.Scalar], _ b: [Unicode.Scalar], limit: Int) -> Int {
        if abs(a.count - b.count) > limit { return limit + 1 }
        if a.isEmpty || b.isEmpty { return max(a.count, b.count) }
        // Only cells within `limit` of the diagonal can stay within `limit`: the rest count as
        // `limit + 1`, and each row is worked out across the band alone.
        let far = limit + 1
        let width = b.count + 1
        return withUnsafeTemporaryAllocation(of: Int.self, capacity: 3 * width) { rows in
            var (beforePrevious, previous, current) = (0, width, 2 * width)
            for j in 0..<width {
                rows[previous + j] = j <= limit ? j : far
                rows[beforePrevious + j] = far
            }
            for i in 1...a.count {
                let low = max(1, i - limit)
                let high = min(b.count, i + limit)
                rows[current] = i <= limit ? i : far
                if low > 1 { rows[current + low - 1] = far }
                var rowMin = rows[current]
                for j in low...high {
                    let cost = a[i - 1] == b[j - 1] ? 0 : 1
                    var value = min(rows[previous + j] + 1, rows[current + j - 1] + 1, rows[previous + j - 1] + cost)
                    if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                        value = min(value, rows[beforePrevious + j - 2] + 1)
                    }
                    value = min(value, far)
                    rows[current + j] = value
                    rowMin = min(rowMin, value)
                }
                if high < b.count { rows[current + high + 1] = far }
                if rowMin > limit { return far }
                (beforePrevious, previous, current) = (previous, current, beforePrevious)
            }
            return rows[previous + b.count]
        }
    }
}
