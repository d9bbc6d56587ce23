/// Matches headings and labels as written against the titles a schema gives them.
///
/// Titles are compared after normalising: letter case, markdown emphasis and code marks,
/// leading numbering, punctuation, `&` versus `and`, and white space. When nothing matches
/// exactly, a title within a small edit distance of exactly one candidate matches it as a
/// misspelling.
struct TitleMatcher {
    enum Match: Equatable {
        case exact(Int)
        case misspelled(Int)
        case none
    }

    private let candidates: [[String]]

    /// `candidates[i]` lists the names candidate `i` may be written as (its title, its key).
    init(candidates: [[String]]) {
        self.candidates = candidates.map { $0.map(Self.normalize) }
    }

    /// Finds the candidate `written` names; `allowed` limits which candidates may match.
    func match(_ written: String, allowed: (Int) -> Bool = { _ in true }) -> Match {
        let key = Self.normalize(written)
        guard !key.isEmpty else { return .none }
        for (index, names) in candidates.enumerated() where allowed(index) && names.contains(key) {
            return .exact(index)
        }
        let limit = Self.tolerance(for: key)
        guard limit > 0 else { return .none }
        var best = limit + 1
        var found: [Int] = []
        let writtenScalars = Array(key.unicodeScalars)
        for (index, names) in candidates.enumerated() where allowed(index) {
            let distance = names.map { Self.distance(writtenScalars, Array($0.unicodeScalars), limit: limit) }.min() ?? Int.max
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
        var words: [String] = []
        var word = ""
        func flush() {
            if !word.isEmpty {
                words.append(word)
                word = ""
            }
        }
        for scalar in title.unicodeScalars {
            if scalar == "&" || scalar == "+" {
                flush()
                words.append("and")
            } else if scalar.properties.isAlphabetic || scalar.properties.numericType != nil {
                word.unicodeScalars.append(contentsOf: scalar.properties.lowercaseMapping.unicodeScalars)
            } else {
                flush()
            }
        }
        flush()
        // Leading numbering: `1`, `2 1`, `iv` before other words.
        while words.count > 1, let first = words.first,
              first.allSatisfy(\.isNumber) || (first.count <= 4 && first.allSatisfy({ "ivx".contains($0) }) && words.count > 2) {
            words.removeFirst()
        }
        return words.joined(separator: " ")
    }

    /// Levenshtein distance, or `limit + 1` as soon as it must exceed `limit`.
    static func distance(_ a: [Unicode.Scalar], _ b: [Unicode.Scalar], limit: Int) -> Int {
        if abs(a.count - b.count) > limit { return limit + 1 }
        if a.isEmpty || b.isEmpty { return max(a.count, b.count) }
        var previous = Array(0...b.count)
        var current = [Int](repeating: 0, count: b.count + 1)
        for i in 1...a.count {
            current[0] = i
            var rowMin = current[0]
            for j in 1...b.count {
                let cost = a[i - 1] == b[j - 1] ? 0 : 1
                current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
                rowMin = min(rowMin, current[j])
            }
            if rowMin > limit { return limit + 1 }
            swap(&previous, &current)
        }
        return previous[b.count]
    }
}
