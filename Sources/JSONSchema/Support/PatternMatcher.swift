import Foundation

/// A compiled ECMA-262 regular expression, run by ICU (`NSRegularExpression`) with a time
/// limit per match.
///
/// The pattern is translated to ICU syntax first: `\d`, `\w`, `\s` and their negations get
/// their ECMA-262 (ASCII / ECMA white space) meaning, `.` excludes exactly the ECMA line
/// terminators, `$` matches only at the end of input, `\v`, `\0`, `\u{…}` and `[\b]` get
/// their ECMA meaning, and `[`, `&` inside a class are literal. Escapes of ASCII letters
/// that ECMA-262 does not define (ICU's `\a`, `\e`, `\Q`, `\A`, `\Z`, …) and inline flag
/// groups such as `(?i)` are rejected. Known differences that remain: ICU requires
/// look-behind to have bounded length, and accepts some Unicode property names that
/// ECMA-262 does not.
final class PatternMatcher: @unchecked Sendable {
    // NSRegularExpression is immutable and documented thread-safe for matching.
    let source: String
    private let expression: NSRegularExpression
    let timeLimit: TimeInterval

    /// The outcome of one match.
    enum Outcome {
        case match
        case noMatch
        case timedOut
    }

    /// Compiles `source`; throws a message for people when it is not a valid ECMA-262
    /// regular expression (as far as ICU can tell).
    init(_ source: String, timeLimit: TimeInterval) throws(PatternError) {
        self.source = source
        self.timeLimit = timeLimit
        let translated = try Self.translate(source)
        do {
            expression = try NSRegularExpression(pattern: translated, options: [])
        } catch {
            throw PatternError(message: "is not a valid regular expression")
        }
    }

    /// Searches `text` for the pattern anywhere (ECMA-262 `test`, unanchored).
    func firstMatch(in text: String) -> Outcome { timedMatch(in: text).outcome }

    /// ``firstMatch(in:)``, and how long it took.
    func timedMatch(in text: String) -> (outcome: Outcome, seconds: TimeInterval) {
        let string = text as NSString
        let range = NSRange(location: 0, length: string.length)
        let start = Date()
        let deadline = start.addingTimeInterval(timeLimit)
        var outcome = Outcome.noMatch
        expression.enumerateMatches(in: text, options: [.reportProgress], range: range) { result, _, stop in
            if result != nil {
                outcome = .match
                stop.pointee = true
            } else if Date() > deadline {
                outcome = .timedOut
                stop.pointee = true
            }
        }
        return (outcome, Date().timeIntervalSince(start))
    }

    // MARK: ECMA-262 → ICU

    static let whiteSpace = #"\t\n\x{0B}\f\r \x{A0}\x{1680}\x{2000}-\x{200A}\x{2028}\x{2029}\x{202F}\x{205F}\x{3000}\x{FEFF}"#

    static func translate(_ pattern: String) throws(PatternError) -> String {
        var output = ""
        let characters = Array(pattern.unicodeScalars)
        var index = 0
        var inClass = false
        while index < characters.count {
            let character = characters[index]
            if character == "\\" {
                index += 1
                guard index < characters.count else { throw PatternError(message: "ends with a lone backslash") }
                let escaped = characters[index]
                switch escaped {
                case "d": output += inClass ? "0-9" : "[0-9]"
                case "D": output += "[^0-9]"
                case "w": output += inClass ? "a-zA-Z0-9_" : "[a-zA-Z0-9_]"
                case "W": output += "[^a-zA-Z0-9_]"
                case "s": output += inClass ? whiteSpace : "[\(whiteSpace)]"
                case "S": output += "[^\(whiteSpace)]"
                case "v": output += #"\x{0B}"#
                case "b": output += inClass ? #"\x{08}"# : #"\b"#
                case "B", "f", "n", "r", "t": output += "\\" + String(escaped)
                case "0":
                    if index + 1 < characters.count, ("0"..."9").contains(characters[index + 1]) {
                        throw PatternError(message: "uses an octal escape, which ECMA-262 (Unicode mode) does not allow")
                    }
                    output += #"\x{00}"#
                case "c":
                    guard index + 1 < characters.count, characters[index + 1].isASCII,
                          Character(characters[index + 1]).isLetter else {
                        throw PatternError(message: "has \\c without a control letter")
                    }
                    index += 1
                    let value = characters[index].value & 0x1F
                    output += "\\x{" + String(value, radix: 16) + "}"
                case "u":
                    if index + 1 < characters.count, characters[index + 1] == "{" {
                        var end = index + 2
                        while end < characters.count, characters[end] != "}" { end += 1 }
                        guard end < characters.count else { throw PatternError(message: "has an unterminated \\u{…} escape") }
                        let hex = String(String.UnicodeScalarView(characters[(index + 2)..<end]))
                        output += "\\x{" + hex + "}"
                        index = end
                    } else {
                        output += "\\u"
                    }
                case "x", "p", "P", "k", "1", "2", "3", "4", "5", "6", "7", "8", "9":
                    output += "\\" + String(escaped)
                default:
                    if escaped.isASCII, Character(escaped).isLetter || Character(escaped).isNumber {
                        throw PatternError(message: "uses \\\(escaped), which is not an ECMA-262 escape")
                    }
                    output += "\\" + String(escaped)
                }
                index += 1
                continue
            }
            if inClass {
                switch character {
                case "]": inClass = false; output += "]"
                case "[": output += #"\["#
                case "&": output += #"\&"#
                default: output.unicodeScalars.append(character)
                }
            } else {
                switch character {
                case "[":
                    var next = index + 1
                    let negated = next < characters.count && characters[next] == "^"
                    if negated { next += 1 }
                    if next < characters.count, characters[next] == "]" {
                        // ECMA `[]` matches nothing and `[^]` anything; ICU rejects both.
                        output += negated ? #"[\s\S]"# : #"(?!)"#
                        index = next + 1
                        continue
                    }
                    inClass = true
                    output += negated ? "[^" : "["
                    index = next
                    continue
                case ".": output += #"[^\n\r\x{2028}\x{2029}]"#
                case "$": output += #"(?![\s\S])"#
                case "(":
                    output += "("
                    if index + 1 < characters.count, characters[index + 1] == "?" {
                        let next = index + 2 < characters.count ? characters[index + 2] : " "
                        let after = index + 3 < characters.count ? characters[index + 3] : " "
                        let allowed = next == ":" || next == "=" || next == "!"
                            || (next == "<" && (after == "=" || after == "!" || (after.isASCII && Character(after).isLetter)))
                        guard allowed else {
                            throw PatternError(message: "uses a group syntax (?\(next)…) that ECMA-262 does not define")
                        }
                    }
                default: output.unicodeScalars.append(character)
                }
            }
            index += 1
        }
        return output
    }
}

/// Why a pattern could not be compiled.
struct PatternError: Error, Sendable {
    let message: String
}
