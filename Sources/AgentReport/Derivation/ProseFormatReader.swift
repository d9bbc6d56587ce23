/// A Return Format named in a sentence rather than written as a template — "Return the
/// changelog entry: a one-line Headline, then Added, Changed and Fixed lists, and finally
/// Breaking Changes" — read as the parts it names, each an optional section.
///
/// A part is a run of capitalised words that does not start a sentence and is not quoted or
/// an acronym (`PR`); the parts are optional because a sentence rarely says which must be
/// there, and a rejected correct answer is worse than a missed part.
enum ProseFormatReader {
    /// The parts named in `text`, in order, or nil when it names fewer than two.
    static func parts(in text: String) -> [String]? {
        var parts: [String] = []
        var current: [Substring] = []
        var sentenceStart = true
        var inQuote = false
        func flush() {
            if !current.isEmpty { parts.append(current.joined(separator: " ")) }
            current = []
        }
        for raw in text.split(whereSeparator: { $0 == " " || $0 == "\n" || $0 == "\t" }) {
            let quoteCount = raw.filter { $0 == "\"" || $0 == "“" || $0 == "”" }.count
            let word = raw.trimming { !$0.isLetter && !$0.isNumber }
            let startsCapital = word.first.map { $0.isUppercase } ?? false
            let isAcronym = word.count <= 3 && word.allSatisfy { $0.isUppercase || $0.isNumber }
            if startsCapital && !sentenceStart && !inQuote && quoteCount == 0 && !isAcronym && !word.isEmpty {
                current.append(Substring(word))
            } else {
                flush()
            }
            if quoteCount % 2 == 1 { inQuote.toggle() }
            // A part ends at punctuation after it (`Headline,`), and a sentence ends at `.`/`:`.
            if let last = raw.last, ",;:.()".contains(last) { flush() }
            sentenceStart = raw.last.map { ".!?".contains($0) } ?? false
        }
        flush()
        var seen = Set<String>()
        let unique = parts.filter { seen.insert(TitleMatcher.normalize($0)).inserted }
        return unique.count >= 2 ? unique : nil
    }
}
