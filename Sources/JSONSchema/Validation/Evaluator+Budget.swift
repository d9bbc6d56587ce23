import Foundation

/// The work budget of one validation: what each step costs, in evaluations.
///
/// The unit is one evaluation — one schema applied to one value, about 30 ns in a release
/// build. Steps whose work grows with the size of a value cost in proportion, so that the
/// budget bounds the time however the work is made up:
///
/// | step | units |
/// |---|---|
/// | a schema applied to a value (`evaluate`, a node of an `unevaluated*` walk) | 1 |
/// | an object member visited by `properties`, `additionalProperties` | 1 + key cost |
/// | a member or item marked by `unevaluatedProperties`, `unevaluatedItems` | 1 (a `properties` lookup 1 + key cost) |
/// | a name of `required`, `dependentRequired`; an entry of `dependentSchemas` | 1 |
/// | a string matched against a pattern (`pattern`, `patternProperties`, `additionalProperties`) | ``patternCost`` + its UTF-8 bytes |
/// | a string checked by `format` | its UTF-8 bytes / 16; `uri-template` a unit a byte, `regex` 80 + 3 a byte |
/// | a string checked by `maxLength`, `minLength` | its UTF-8 bytes / 16 |
/// | a number checked by a numeric keyword | its decimal digits / 16 |
/// | `const`, `enum`, `uniqueItems` | the size of the values compared (``measure(_:nodeLimit:)``) |
/// | a recorded error | ``errorCost`` + one per token of its two locations |
///
/// Key cost is the key's UTF-8 bytes / 16. Errors cost most because building one (message,
/// locations) takes about as long as 30 evaluations and keeps a few hundred bytes; this is
/// what bounds the error list's memory.
///
/// Every charge is a function of the schema and the instance, so the outcome is
/// deterministic — except for regular expressions, whose work ICU does not report. A match
/// is charged by its length, which is right for ordinary patterns, but one that backtracks
/// (`[a-z]+x` is quadratic, `^(a+)+$` exponential) can take up to
/// ``SchemaOptions/regexTimeLimit`` at every one of many evaluations; so the matches of one
/// pass may take twice that limit in all (two matches that time out), and past it the
/// budget is spent. Only such slow patterns, which the time limit already makes
/// machine-dependent, can make the outcome depend on the machine: ordinary ones take
/// microseconds.
extension Evaluator {
    /// The units of one recorded error, before its location tokens.
    static let errorCost = 32
    /// The units of one regular expression match, before its text (about 400 ns).
    static let patternCost = 12

    /// Spends `units` of the work budget; false, with `exhausted` set and nothing left, when
    /// fewer are left.
    @inline(__always)
    mutating func spend(_ units: Int) -> Bool {
        // 0 ≤ evaluations ≤ maxEvaluations, so neither operation overflows.
        guard units <= maxEvaluations &- evaluations else {
            evaluations = maxEvaluations
            exhausted = true
            return false
        }
        evaluations &+= units
        return true
    }

    /// Units for work over a string (a scan, a match, a hash): one per 16 UTF-8 bytes.
    @inline(__always)
    static func cost(of text: String) -> Int { text.utf8.count >> 4 }

    /// Matches `text` against `matcher`, paid for from the budget (see above); nil when the
    /// budget ran out, or the matches so far have taken twice the time limit of one.
    mutating func match(_ matcher: PatternMatcher, _ text: String) -> PatternMatcher.Outcome? {
        guard spend(Self.patternCost + text.utf8.count) else { return nil }
        let (outcome, seconds) = matcher.timedMatch(in: text)
        matchingTime += seconds
        if matchingTime > 2 * matcher.timeLimit {
            _ = spend(.max)
            return nil
        }
        return outcome
    }

    /// Units for checking `text` against a format.
    static func cost(of checker: FormatChecker, _ text: String) -> Int {
        let bytes = text.utf8.count
        switch checker.kind {
        case .regex: return 80 + 3 * bytes
        case .uriTemplate: return bytes
        default: return bytes >> 4
        }
    }

    /// Units for looking up every key of `object`: one a key, plus its cost.
    static func keyUnits(_ object: JSONObject) -> Int {
        var units = object.count
        for position in 0..<object.count { units += cost(of: object.key(at: position)) }
        return units
    }

    /// Units for arithmetic on a number: one per 16 decimal digits beyond 64-bit values.
    @inline(__always)
    static func cost(of number: JSONNumber) -> Int {
        if case .decimal(let digits) = number.storage { return digits.digits.count >> 4 }
        return 0
    }

    /// The size of a value: `nodes` counts its values (each scalar, array and object once),
    /// which equal values share; `units` adds the cost of its strings, keys and numbers.
    /// The walk is iterative (it allocates only below the first level of nesting) and stops
    /// once `nodes` passes `nodeLimit`.
    static func measure(_ value: JSONValue, nodeLimit: Int) -> (nodes: Int, units: Int) {
        var frame: (value: JSONValue, next: Int)
        switch value {
        case .null, .bool: return (1, 1)
        case .number(let number): return (1, 1 + cost(of: number))
        case .string(let text): return (1, 1 + cost(of: text))
        case .array, .object: frame = (value, 0)
        }
        var nodes = 1
        var units = 1
        var outer: [(value: JSONValue, next: Int)] = []
        while nodes <= nodeLimit {
            var child: JSONValue?
            switch frame.value {
            case .array(let items) where frame.next < items.count:
                child = items[frame.next]
            case .object(let object) where frame.next < object.count:
                units += cost(of: object.key(at: frame.next))
                child = object.value(at: frame.next)
            default:
                break
            }
            guard let child else {
                guard let parent = outer.popLast() else { break }
                frame = parent
                continue
            }
            frame.next += 1
            nodes += 1
            switch child {
            case .null, .bool: units += 1
            case .number(let number): units += 1 + cost(of: number)
            case .string(let text): units += 1 + cost(of: text)
            case .array, .object:
                units += 1
                outer.append(frame)
                frame = (child, 0)
            }
        }
        return (nodes, units)
    }

    /// The one error of a validation whose work budget ran out: at the root, since where
    /// the budget happened to end says nothing about the instance.
    func evaluationLimitError(_ instance: JSONValue) -> ValidationError {
        let kind = ValidationErrorKind.evaluationLimit(maxEvaluations)
        return ValidationError(
            instanceLocation: JSONPointer([]), keywordLocation: JSONPointer([]), absoluteKeywordLocation: schema.root.absoluteLocation,
            keyword: ValidationErrorKind.evaluationLimitKeyword, kind: kind, message: kind.message(for: instance)
        )
    }
}
