/// A JSON number, kept exactly.
///
/// Every number has one canonical form, so equality and hashing follow the mathematical
/// value: `1`, `1.0` and `1e0` are equal and all integers. Integers that fit in 64 bits
/// are stored as `Int64`; other integers and decimals with more than 15 significant
/// digits are stored as exact decimal digits (no limit on size); remaining fractions as
/// `Double`, which represents them faithfully.
public struct JSONNumber: Sendable, Hashable, Comparable, CustomStringConvertible {
    enum Storage: Sendable, Hashable {
        /// An integer that fits in 64 bits.
        case int(Int64)
        /// A non-integral value with at most 15 significant digits.
        case double(Double)
        /// Any other value: digits × 10^exponent, exactly.
        case decimal(DecimalDigits)
    }

    let storage: Storage

    init(storage: Storage) { self.storage = storage }

    /// An integer.
    public init(_ int: Int) { storage = .int(Int64(int)) }

    /// A 64-bit integer.
    public init(_ int: Int64) { storage = .int(int) }

    /// A double. Integral values become integers; a non-finite double is kept as is and
    /// is written as `null`.
    public init(_ double: Double) {
        if double.isFinite, double == double.rounded(.towardZero),
           double >= -9.223372036854775808e18, double < 9.223372036854775808e18 {
            storage = .int(Int64(double))
        } else if !double.isFinite {
            storage = .double(double)
        } else if let digits = DecimalDigits(text: Array("\(double)".utf8)) {
            self = digits.canonicalNumber(approximation: double)
        } else {
            storage = .double(double)
        }
    }

    /// Parses a number written in JSON (or exponent-signed Swift) notation.
    public init?(_ text: String) {
        guard let digits = DecimalDigits(text: Array(text.utf8)) else { return nil }
        self = digits.canonicalNumber(approximation: nil)
    }

    /// Whether the value is mathematically an integer (so `1.0` is).
    public var isInteger: Bool {
        switch storage {
        case .int: return true
        case .double: return false
        case .decimal(let digits): return digits.exponent >= 0
        }
    }

    /// The value as an `Int`, if it is an integer that fits.
    public var intValue: Int? {
        if case .int(let value) = storage { return Int(exactly: value) }
        return nil
    }

    /// The nearest double (may be infinite for huge decimals).
    public var doubleValue: Double {
        switch storage {
        case .int(let value): return Double(value)
        case .double(let value): return value
        case .decimal(let digits): return digits.doubleValue
        }
    }

    /// Whether the value is below zero.
    public var isNegative: Bool {
        switch storage {
        case .int(let value): return value < 0
        case .double(let value): return value < 0
        case .decimal(let digits): return digits.negative
        }
    }

    /// The exact decimal form of this number.
    var decimalDigits: DecimalDigits {
        switch storage {
        case .int(let value): return DecimalDigits(int: value)
        case .double(let value):
            return DecimalDigits(text: Array("\(value)".utf8)) ?? DecimalDigits(int: 0)
        case .decimal(let digits): return digits
        }
    }

    /// JSON text: integers without a fraction, other values in shortest round-trip form.
    public var description: String {
        switch storage {
        case .int(let value): return String(value)
        case .double(let value):
            guard value.isFinite else { return "null" }
            return DecimalDigits(text: Array("\(value)".utf8))?.description ?? "\(value)"
        case .decimal(let digits): return digits.description
        }
    }

    public static func < (lhs: JSONNumber, rhs: JSONNumber) -> Bool { compare(lhs, rhs) < 0 }

    /// Three-way comparison by mathematical value: -1, 0 or 1.
    
    public static func compare(_ lhs: JSONNumber, _ rhs: JSONNumber) -> Int {
        switch (lhs.storage, rhs.storage) {
        case (.int(let a), .int(let b)): return a < b ? -1 : (a == b ? 0 : 1)
        case (.double(let a), .double(let b)): return a < b ? -1 : (a == b ? 0 : 1)
        case (.int(let a), .double(let b)): return compareIntDouble(a, b)
        case (.double(let a), .int(let b)): return -compareIntDouble(b, a)
        default: return DecimalDigits.compare(lhs.decimalDigits, rhs.decimalDigits)
        }
    }

    
    static func compareIntDouble(_ int: Int64, _ double: Double) -> Int {
        if double.isNaN { return 0 }
        if double >= 9.223372036854775808e18 { return -1 }
        if double < -9.223372036854775808e18 { return 1 }
        let floor = double.rounded(.down)
        let floorInt = Int64(floor)
        if int < floorInt { return -1 }
        if int > floorInt { return 1 }
        return double > floor ? -1 : 0
    }

    /// Whether this number divided by `divisor` is an integer, computed exactly.
    public func isMultiple(of divisor: JSONNumber) -> Bool {
        if case .int(let a) = storage, case .int(let b) = divisor.storage {
            guard b != 0 else { return false }
            return a.remainderReportingOverflow(dividingBy: b).partialValue == 0
        }
        let x = decimalDigits
        let m = divisor.decimalDigits
        if x.isZero { return true }
        if m.isZero { return false }
        let shift = x.exponent - m.exponent
        if shift < 0 { return false }  // x has no trailing zeros, so m·10^k cannot divide it
        if m.digits.count <= 18 {
            var modulus: UInt64 = 0
            for digit in m.digits { modulus = modulus * 10 + UInt64(digit) }
            var remainder: UInt64 = 0
            for digit in x.digits { remainder = (remainder * 10 + UInt64(digit)) % modulus }
            let scale = Self.powMod(10, UInt64(shift), modulus)
            return Self.mulMod(remainder, scale, modulus) == 0
        }
        let quotient = x.doubleValue / m.doubleValue
        return quotient.isFinite && quotient == quotient.rounded()
    }

    static func mulMod(_ a: UInt64, _ b: UInt64, _ m: UInt64) -> UInt64 {
        let product = a.multipliedFullWidth(by: b)
        return m.dividingFullWidth((high: product.high, low: product.low)).remainder
    }

    static func powMod(_ base: UInt64, _ exponent: UInt64, _ m: UInt64) -> UInt64 {
        if m == 1 { return 0 }
        var result: UInt64 = 1
        var b = base % m
        var e = exponent
        while e > 0 {
            if e & 1 == 1 { result = mulMod(result, b, m) }
            b = mulMod(b, b, m)
            e >>= 1
        }
        return result
    }
}

/// An exact decimal: `digits × 10^exponent`, digits without leading or trailing zeros.
///
/// Zero is the empty digit list.
struct DecimalDigits: Sendable, Hashable, CustomStringConvertible {
    var negative: Bool
    /// Digit values 0...9, most significant first.
    var digits: [UInt8]
    var exponent: Int

    var isZero: Bool { digits.isEmpty }

    init(negative: Bool, digits: [UInt8], exponent: Int) {
        var start = 0
        while start < digits.count, digits[start] == 0 { start += 1 }
        var end = digits.count
        var exponent = exponent
        while end > start, digits[end - 1] == 0 {
            end -= 1
            exponent += 1
        }
        self.digits = Array(digits[start..<end])
        self.negative = self.digits.isEmpty ? false : negative
        self.exponent = self.digits.isEmpty ? 0 : exponent
    }

    init(int: Int64) {
        var magnitude = int.magnitude
        var reversed: [UInt8] = []
        while magnitude > 0 {
            reversed.append(UInt8(magnitude % 10))
            magnitude /= 10
        }
        self.init(negative: int < 0, digits: reversed.reversed(), exponent: 0)
    }

    /// Parses `-?digits(.digits)?([eE][+-]?digits)?`; nil when malformed or the exponent
    /// does not fit.
    init?(text: [UInt8]) {
        var position = 0
        var negative = false
        if position < text.count, text[position] == UInt8(ascii: "-") {
            negative = true
            position += 1
        } else if position < text.count, text[position] == UInt8(ascii: "+") {
            position += 1
        }
        var digits: [UInt8] = []
        var exponent = 0
        var sawDigit = false
        while position < text.count, text[position] >= 48, text[position] <= 57 {
            digits.append(text[position] - 48)
            sawDigit = true
            position += 1
        }
        if position < text.count, text[position] == UInt8(ascii: ".") {
            position += 1
            while position < text.count, text[position] >= 48, text[position] <= 57 {
                digits.append(text[position] - 48)
                exponent -= 1
                sawDigit = true
                position += 1
            }
        }
        guard sawDigit else { return nil }
        if position < text.count, text[position] == UInt8(ascii: "e") || text[position] == UInt8(ascii: "E") {
            position += 1
            var exponentNegative = false
            if position < text.count, text[position] == UInt8(ascii: "-") || text[position] == UInt8(ascii: "+") {
                exponentNegative = text[position] == UInt8(ascii: "-")
                position += 1
            }
            var value = 0
            var sawExponentDigit = false
            while position < text.count, text[position] >= 48, text[position] <= 57 {
                let (scaled, overflow1) = value.multipliedReportingOverflow(by: 10)
                let (added, overflow2) = scaled.addingReportingOverflow(Int(text[position] - 48))
                guard !overflow1, !overflow2, added < Int(Int32.max) else { return nil }
                value = added
                sawExponentDigit = true
                position += 1
            }
            guard sawExponentDigit else { return nil }
            exponent += exponentNegative ? -value : value
        }
        guard position == text.count else { return nil }
        self.init(negative: negative, digits: digits, exponent: exponent)
    }

    /// The canonical ``JSONNumber`` for this value.
    func canonicalNumber(approximation: Double?) -> JSONNumber {
        if isZero { return JSONNumber(storage: .int(0)) }
        if exponent >= 0 {
            if digits.count + exponent <= 19 {
                var magnitude: UInt64 = 0
                var fits = true
                for digit in digits {
                    let (scaled, o1) = magnitude.multipliedReportingOverflow(by: 10)
                    let (added, o2) = scaled.addingReportingOverflow(UInt64(digit))
                    if o1 || o2 { fits = false; break }
                    magnitude = added
                }
                if fits {
                    for _ in 0..<exponent {
                        let (scaled, o1) = magnitude.multipliedReportingOverflow(by: 10)
                        if o1 { fits = false; break }
                        magnitude = scaled
                    }
                }
                if fits {
                    if !negative, magnitude <= UInt64(Int64.max) {
                        return JSONNumber(storage: .int(Int64(magnitude)))
                    }
                    if negative, magnitude <= UInt64(Int64.max) + 1 {
                        return JSONNumber(storage: .int(magnitude == UInt64(Int64.max) + 1 ? Int64.min : -Int64(magnitude)))
                    }
                }
            }
            return JSONNumber(storage: .decimal(self))
        }
        let magnitudeExponent = digits.count + exponent
        if digits.count <= 15, magnitudeExponent > -300, magnitudeExponent < 300 {
            return JSONNumber(storage: .double(approximation ?? doubleValue))
        }
        return JSONNumber(storage: .decimal(self))
    }

    var doubleValue: Double {
        if isZero { return 0 }
        return Double(description) ?? (negative ? -.infinity : .infinity)
    }

    /// JSON text: plain digits when short, otherwise `d.ddde±x`.
    var description: String {
        if isZero { return "0" }
        var text = negative ? "-" : ""
        let digitText = String(decoding: digits.map { $0 + 48 }, as: UTF8.self)
        let pointPosition = digits.count + exponent  // digits before the decimal point
        if exponent >= 0, exponent <= 21 {
            text += digitText + String(repeating: "0", count: exponent)
        } else if exponent < 0, pointPosition > 0 {
            let split = digitText.index(digitText.startIndex, offsetBy: pointPosition)
            text += digitText[..<split] + "." + digitText[split...]
        } else if exponent < 0, pointPosition > -6 {
            text += "0." + String(repeating: "0", count: -pointPosition) + digitText
        } else {
            let first = digitText.prefix(1)
            let rest = digitText.dropFirst()
            text += first + (rest.isEmpty ? "" : "." + rest) + "e" + String(pointPosition - 1)
        }
        return text
    }

    static func compare(_ a: DecimalDigits, _ b: DecimalDigits) -> Int {
        if a.isZero, b.isZero { return 0 }
        let signA = a.isZero ? 0 : (a.negative ? -1 : 1)
        let signB = b.isZero ? 0 : (b.negative ? -1 : 1)
        if signA != signB { return signA < signB ? -1 : 1 }
        let magnitude = compareMagnitude(a, b)
        return signA < 0 ? -magnitude : magnitude
    }

    private static func compareMagnitude(_ a: DecimalDigits, _ b: DecimalDigits) -> Int {
        let adjustedA = a.digits.count + a.exponent
        let adjustedB = b.digits.count + b.exponent
        if adjustedA != adjustedB { return adjustedA < adjustedB ? -1 : 1 }
        let shared = min(a.digits.count, b.digits.count)
        for position in 0..<shared where a.digits[position] != b.digits[position] {
            return a.digits[position] < b.digits[position] ? -1 : 1
        }
        if a.digits.count == b.digits.count { return 0 }
        return a.digits.count < b.digits.count ? -1 : 1
    }
}
