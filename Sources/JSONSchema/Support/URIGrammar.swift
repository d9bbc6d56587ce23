/// Validation of URIs (RFC 3986) and IRIs (RFC 3987) for the `uri`, `uri-reference`,
/// `iri` and `iri-reference` formats.
enum URIGrammar {
    static let subDelims = Set("!$&'()*+,;=".unicodeScalars)

    static func isUnreserved(_ scalar: Unicode.Scalar, international: Bool) -> Bool {
        if FormatChecker.isAlpha(scalar) || FormatChecker.isDigit(scalar) { return true }
        if scalar == "-" || scalar == "." || scalar == "_" || scalar == "~" { return true }
        return international && isUCSChar(scalar)
    }

    static func isUCSChar(_ scalar: Unicode.Scalar) -> Bool {
        let value = scalar.value
        if value < 0xA0 { return false }
        if (0xD800...0xDFFF).contains(value) || (0xFDD0...0xFDEF).contains(value) { return false }
        return value & 0xFFFE != 0xFFFE
    }

    /// Checks `*(allowed / pct-encoded)` over a slice.
    static func scan(_ s: ArraySlice<Unicode.Scalar>, international: Bool, extra: Set<Unicode.Scalar>) -> Bool {
        var index = s.startIndex
        while index < s.endIndex {
            let scalar = s[index]
            if scalar == "%" {
                guard index + 2 < s.endIndex, FormatChecker.isHex(s[index + 1]), FormatChecker.isHex(s[index + 2]) else {
                    return false
                }
                index += 3
                continue
            }
            guard isUnreserved(scalar, international: international) || subDelims.contains(scalar) || extra.contains(scalar) else {
                return false
            }
            index += 1
        }
        return true
    }

    static func isValid(_ s: [Unicode.Scalar], requireScheme: Bool, international: Bool) -> Bool {
        var rest = s[...]
        var fragment: ArraySlice<Unicode.Scalar>?
        var query: ArraySlice<Unicode.Scalar>?
        if let hash = rest.firstIndex(of: "#") {
            fragment = rest[(hash + 1)...]
            rest = rest[..<hash]
        }
        if let question = rest.firstIndex(of: "?") {
            query = rest[(question + 1)...]
            rest = rest[..<question]
        }
        var hasScheme = false
        if let colon = rest.firstIndex(of: ":"), !rest[..<colon].contains("/") {
            let scheme = rest[..<colon]
            guard let first = scheme.first, FormatChecker.isAlpha(first),
                  scheme.allSatisfy({ FormatChecker.isAlpha($0) || FormatChecker.isDigit($0) || $0 == "+" || $0 == "-" || $0 == "." }) else {
                return false
            }
            hasScheme = true
            rest = rest[(colon + 1)...]
        }
        if requireScheme, !hasScheme { return false }
        let queryExtra: Set<Unicode.Scalar> = [":", "@", "/", "?"]
        if let query {
            var extra = queryExtra
            if international { extra.formUnion([]) }
            guard scan(query, international: international, extra: extra) || (international && scanPrivate(query)) else { return false }
        }
        if let fragment, !scan(fragment, international: international, extra: queryExtra) { return false }
        var path = rest
        if rest.starts(with: ["/", "/"]) {
            let afterSlashes = rest.dropFirst(2)
            let end = afterSlashes.firstIndex(of: "/") ?? afterSlashes.endIndex
            guard isAuthority(afterSlashes[..<end], international: international) else { return false }
            path = afterSlashes[end...]
        }
        guard scan(path, international: international, extra: [":", "@", "/"]) else { return false }
        if !hasScheme, !rest.starts(with: ["/"]) {
            // path-noscheme: no colon in the first segment.
            let firstSegment = path.prefix { $0 != "/" }
            if firstSegment.contains(":") { return false }
        }
        return true
    }

    static func scanPrivate(_ s: ArraySlice<Unicode.Scalar>) -> Bool {
        s.allSatisfy { scalar in
            let value = scalar.value
            return (0xE000...0xF8FF).contains(value) || (0xF0000...0xFFFFD).contains(value) || (0x100000...0x10FFFD).contains(value)
                || scan([scalar][...], international: true, extra: [":", "@", "/", "?", "%"])
        }
    }

    static func isAuthority(_ s: ArraySlice<Unicode.Scalar>, international: Bool) -> Bool {
        var host = s
        if let at = s.lastIndex(of: "@") {
            guard scan(s[..<at], international: international, extra: [":"]) else { return false }
            host = s[(at + 1)...]
        }
        if host.first == "[" {
            guard let close = host.firstIndex(of: "]") else { return false }
            let literal = host[(host.startIndex + 1)..<close]
            let after = host[(close + 1)...]
            if !after.isEmpty {
                guard after.first == ":", after.dropFirst().allSatisfy(FormatChecker.isDigit) else { return false }
            }
            if literal.first == "v" || literal.first == "V" {
                guard let dot = literal.firstIndex(of: "."), dot > literal.startIndex + 1,
                      literal[(literal.startIndex + 1)..<dot].allSatisfy(FormatChecker.isHex),
                      dot + 1 < literal.endIndex else { return false }
                return scan(literal[(dot + 1)...], international: false, extra: [":"])
            }
            return FormatChecker.isIPv6(literal)
        }
        if let colon = host.lastIndex(of: ":") {
            guard host[(colon + 1)...].allSatisfy(FormatChecker.isDigit) else { return false }
            host = host[..<colon]
        }
        return scan(host, international: international, extra: [])
    }
}

/// Punycode (RFC 3492) decoding, used to check `xn--` labels.
enum Punycode {
    /// The decoded scalars, or nil when `input` is not valid Punycode.
    static func decode(_ input: [UInt8]) -> [Unicode.Scalar]? {
        let base = 36, tMin = 1, tMax = 26, skew = 38, damp = 700
        var n = 128, i = 0, bias = 72
        var output: [Unicode.Scalar] = []
        var position = 0
        if let delimiter = input.lastIndex(of: UInt8(ascii: "-")) {
            for byte in input[..<delimiter] {
                guard byte < 0x80 else { return nil }
                output.append(Unicode.Scalar(byte))
            }
            position = delimiter + 1
        }
        guard position < input.count else { return output.isEmpty ? nil : output }
        while position < input.count {
            let oldI = i
            var w = 1
            var k = base
            while true {
                guard position < input.count else { return nil }
                let byte = input[position]
                position += 1
                let digit: Int
                switch byte {
                case 48...57: digit = Int(byte) - 22
                case 65...90: digit = Int(byte) - 65
                case 97...122: digit = Int(byte) - 97
                default: return nil
                }
                let (product, overflow) = digit.multipliedReportingOverflow(by: w)
                guard !overflow, i <= Int(Int32.max) - product else { return nil }
                i += product
                let t = k <= bias ? tMin : (k >= bias + tMax ? tMax : k - bias)
                if digit < t { break }
                w *= base - t
                guard w < Int(Int32.max) else { return nil }
                k += base
            }
            var delta = i - oldI
            delta = oldI == 0 ? delta / damp : delta / 2
            delta += delta / (output.count + 1)
            var kk = 0
            while delta > ((base - tMin) * tMax) / 2 {
                delta /= base - tMin
                kk += base
            }
            bias = kk + (((base - tMin + 1) * delta) / (delta + skew))
            n += i / (output.count + 1)
            i %= output.count + 1
            guard let scalar = Unicode.Scalar(UInt32(clamping: n)), n >= 0x80 else { return nil }
            output.insert(scalar, at: i)
            i += 1
        }
        return output
    }
}
