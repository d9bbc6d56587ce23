@testable import AgentReport
import Testing

/// The banded edit distance is the full one wherever the full one is within the limit.
@Suite struct TitleMatcherTests {
    /// Optimal string alignment distance over the whole table, as a reference.
    static func fullDistance(_ a: [Unicode.Scalar], _ b: [Unicode.Scalar]) -> Int {
        var d = [[Int]](repeating: [Int](repeating: 0, count: b.count + 1), count: a.count + 1)
        for i in 0...a.count { d[i][0] = i }
        for j in 0...b.count { d[0][j] = j }
        for i in stride(from: 1, through: a.count, by: 1) {
            for j in stride(from: 1, through: b.count, by: 1) {
                let cost = a[i - 1] == b[j - 1] ? 0 : 1
                d[i][j] = min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost)
                if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] { d[i][j] = min(d[i][j], d[i - 2][j - 2] + 1) }
            }
        }
        return d[a.count][b.count]
    }

    @Test func bandedDistanceAgreesWithTheFullTable() {
        var generator = SeededGenerator(seed: 11)
        let alphabet: [Unicode.Scalar] = ["a", "b", "c", "é", " "]
        for _ in 0..<4000 {
            let a = (0..<Int.random(in: 0...9, using: &generator)).map { _ in alphabet.randomElement(using: &generator)! }
            let b = (0..<Int.random(in: 0...9, using: &generator)).map { _ in alphabet.randomElement(using: &generator)! }
            for limit in 0...3 {
                let full = Self.fullDistance(a, b)
                let banded = TitleMatcher.distance(a, b, limit: limit)
                if full <= limit {
                    #expect(banded == full, "\(a) \(b) limit \(limit)")
                } else {
                    #expect(banded > limit, "\(a) \(b) limit \(limit)")
                }
            }
        }
    }

    @Test func aMisspellingWithinTheToleranceMatchesItsOneCandidate() {
        let matcher = TitleMatcher(candidates: [["Framework Choice"], ["Verdict"], ["Rate Limits"]])
        #expect(matcher.match("Framwork Choise") == .misspelled(0))
        #expect(matcher.match("Verdcit") == .misspelled(1))
        #expect(matcher.match("verdict") == .exact(1))
        #expect(matcher.match("Rate Limit Policy") == .none)
    }
}
