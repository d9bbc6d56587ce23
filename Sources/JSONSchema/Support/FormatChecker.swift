/// Format assertion for the formats this module checks (draft 2020-12, section 7.3).
///
/// Only strings are checked; other instance types always pass. Formats not listed in
/// ``FormatChecker/Kind`` are annotations only, even when assertion is on.
struct FormatChecker: Sendable {
    /// A checked format.
    enum Kind: String, Sendable, CaseIterable {
        case dateTime = "date-time"
        case date
        case time
        case duration
        case email
        case idnEmail = "idn-email"
        case hostname
        case ipv4
        case ipv6
        case uri
        case uriReference = "uri-reference"
        case iri
        case iriReference = "iri-reference"
        case uuid
        case uriTemplate = "uri-template"
        case regex
        case jsonPointer = "json-pointer"
        case relativeJSONPointer = "relative-json-pointer"
    }

    let kind: Kind

    init?(name: String) {
        guard let kind = Kind(rawValue: name) else { return nil }
        self.kind = kind
    }

    /// Whether `text` is valid for this format.
    func check(_ text: String) -> Bool {
        let scalars = Array(text.unicodeScalars)
        switch kind {
        case .dateTime: return Self.isDateTime(scalars)
        case .date: return Self.isDate(scalars[...])
        case .time: return Self.isTime(scalars[...])
        case .duration: return Self.isDuration(scalars)
        case .email: return Self.isEmail(scalars, international: false)
        case .idnEmail: return Self.isEmail(scalars, international: true)
        case .hostname: return Self.isHostname(text)
        case .ipv4: return Self.isIPv4(scalars[...])
        case .ipv6: return Self.isIPv6(scalars[...])
        case .uri: return URIGrammar.isValid(scalars, requireScheme: true, international: false)
        case .uriReference: return URIGrammar.isValid(scalars, requireScheme: false, international: false)
        case .iri: return URIGrammar.isValid(scalars, requireScheme: true, international: true)
        case .iriReference: return URIGrammar.isValid(scalars, requireScheme: false, international: true)
        case .uuid: return Self.isUUID(scalars)
        case .uriTemplate: return Self.isURITemplate(scalars)
        case .regex: return (try? PatternMatcher.translate(text)).map { _ in (try? PatternMatcher(text, timeLimit: 1)) != nil } ?? false
        case .jsonPointer: return Self.isJSONPointer(scalars[...])
        case .relativeJSONPointer: return Self.isRelativeJSONPointer(scalars)
        }
    }

    // MARK: Helpers

    static func isDigit(_ scalar: Unicode.Scalar) -> Bool { scalar.value >= 48 && scalar.value <= 57 }
    static func isHex(_ scalar: Unicode.Scalar) -> Bool {
        isDigit(scalar) || (scalar.value | 0x20 >= 97 && scalar.value | 0x20 <= 102)
    }
    static func isAlpha(_ scalar: Unicode.Scalar) -> Bool { scalar.value | 0x20 >= 97 && scalar.value | 0x20 <= 122 }

    /// Reads exactly `count` ASCII digits.
    static func number(_ scalars: ArraySlice<Unicode.Scalar>, _ start: Int, _ count: Int) -> Int? {
        guard start + count <= scalars.endIndex else { return nil }
        var value = 0
        for index in start..<(start + count) {
            guard isDigit(scalars[index]) else { return nil }
            value = value * 10 + Int(scalars[index].value - 48)
        }
        return value
    }

    // MARK: Dates and times (RFC 3339)

    static func isDateTime(_ scalars: [Unicode.Scalar]) -> Bool {
        guard scalars.count > 11, scalars[10] == "T" || scalars[10] == "t" else { return false }
        return isDate(scalars[0..<10]) && isTime(scalars[11...])
    }

    static func isDate(_ s: ArraySlice<Unicode.Scalar>) -> Bool {
        let b = s.startIndex
        guard s.count == 10, s[b + 4] == "-", s[b + 7] == "-",
              let year = number(s, b, 4), let month = number(s, b + 5, 2), let day = number(s, b + 8, 2) else { return false }
        guard (1...12).contains(month), day >= 1 else { return false }
        let leap = year % 4 == 0 && (year % 100 != 0 || year % 400 == 0)
        let lengths = [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31]
        return day <= lengths[month - 1]
    }

    static func isTime(_ s: ArraySlice<Unicode.Scalar>) -> Bool {
        let b = s.startIndex
        guard s.count >= 9, s[b + 2] == ":", s[b + 5] == ":",
              let hour = number(s, b, 2), let minute = number(s, b + 3, 2), let second = number(s, b + 6, 2),
              hour <= 23, minute <= 59, second <= 60 else { return false }
        var index = b + 8
        if index < s.endIndex, s[index] == "." {
            index += 1
            let start = index
            while index < s.endIndex, isDigit(s[index]) { index += 1 }
            guard index > start else { return false }
        }
        guard index < s.endIndex else { return false }
        var offsetMinutes = 0
        if s[index] == "Z" || s[index] == "z" {
            guard index + 1 == s.endIndex else { return false }
        } else if s[index] == "+" || s[index] == "-" {
            guard s.endIndex - index == 6, s[index + 3] == ":",
                  let offsetHour = number(s, index + 1, 2), let offsetMinute = number(s, index + 4, 2),
                  offsetHour <= 23, offsetMinute <= 59 else { return false }
            offsetMinutes = (offsetHour * 60 + offsetMinute) * (s[index] == "+" ? 1 : -1)
        } else {
            return false
        }
        if second == 60 {
            let utc = ((hour * 60 + minute - offsetMinutes) % 1440 + 1440) % 1440
            return utc == 23 * 60 + 59
        }
        return true
    }

    /// ISO 8601 duration as RFC 3339 appendix A restricts it.
    static func isDuration(_ s: [Unicode.Scalar]) -> Bool {
        guard s.first == "P", s.count > 1 else { return false }
        var index = 1
        func component() -> Unicode.Scalar? {
            let start = index
            while index < s.count, isDigit(s[index]) { index += 1 }
            guard index > start, index < s.count else { return nil }
            defer { index += 1 }
            return s[index]
        }
        var dateUnits: [Unicode.Scalar] = []
        while index < s.count, s[index] != "T" {
            guard let unit = component() else { return false }
            dateUnits.append(unit)
        }
        var timeUnits: [Unicode.Scalar] = []
        if index < s.count {
            index += 1  // T
            guard index < s.count else { return false }
            while index < s.count {
                guard let unit = component() else { return false }
                timeUnits.append(unit)
            }
        }
        if dateUnits == ["W"] { return timeUnits.isEmpty }
        func ordered(_ units: [Unicode.Scalar], _ order: [Unicode.Scalar]) -> Bool {
            var position = 0
            for unit in units {
                guard let found = order[position...].firstIndex(of: unit) else { return false }
                position = found + 1
            }
            return true
        }
        guard ordered(dateUnits, ["Y", "M", "D"]), ordered(timeUnits, ["H", "M", "S"]) else { return false }
        // Units must be contiguous (no Y…D without M, no H…S without M).
        if dateUnits.contains("Y"), dateUnits.contains("D"), !dateUnits.contains("M") { return false }
        if timeUnits.contains("H"), timeUnits.contains("S"), !timeUnits.contains("M") { return false }
        return !(dateUnits.isEmpty && timeUnits.isEmpty)
    }

    // MARK: Identifiers

    static func isUUID(_ s: [Unicode.Scalar]) -> Bool {
        guard s.count == 36 else { return false }
        for (index, scalar) in s.enumerated() {
            if [8, 13, 18, 23].contains(index) {
                guard scalar == "-" else { return false }
            } else if !isHex(scalar) {
                return false
            }
        }
        return true
    }

    static func isJSONPointer(_ s: ArraySlice<Unicode.Scalar>) -> Bool {
        guard let first = s.first else { return true }
        guard first == "/" else { return false }
        var index = s.startIndex
        while index < s.endIndex {
            if s[index] == "~" {
                guard index + 1 < s.endIndex, s[index + 1] == "0" || s[index + 1] == "1" else { return false }
            }
            index += 1
        }
        return true
    }

    static func isRelativeJSONPointer(_ s: [Unicode.Scalar]) -> Bool {
        var index = 0
        while index < s.count, isDigit(s[index]) { index += 1 }
        guard index > 0 else { return false }
        if index > 1, s[0] == "0" { return false }
        if index == s.count { return true }
        if s[index] == "#" { return index + 1 == s.count }
        return isJSONPointer(s[index...])
    }

    /// RFC 6570 URI Template syntax (level 4).
    static func isURITemplate(_ s: [Unicode.Scalar]) -> Bool {
        let forbiddenLiterals = Set("\"<>\\^`{|} ".unicodeScalars)
        var index = 0
        while index < s.count {
            let scalar = s[index]
            if scalar == "{" {
                guard let close = s[index...].firstIndex(of: "}") else { return false }
                guard isTemplateExpression(s[(index + 1)..<close]) else { return false }
                index = close + 1
                continue
            }
            if scalar == "%" {
                guard index + 2 < s.count, isHex(s[index + 1]), isHex(s[index + 2]) else { return false }
                index += 3
                continue
            }
            if scalar.value < 0x21 || scalar.value == 0x7F || forbiddenLiterals.contains(scalar) { return false }
            index += 1
        }
        return true
    }

    static func isTemplateExpression(_ body: ArraySlice<Unicode.Scalar>) -> Bool {
        var body = body
        if let first = body.first, "+#./;?&=,!@|".unicodeScalars.contains(first) { body = body.dropFirst() }
        guard !body.isEmpty else { return false }
        for varspec in body.split(separator: ",", omittingEmptySubsequences: false) {
            var name = varspec
            if let colon = varspec.firstIndex(of: ":") {
                let digits = varspec[(colon + 1)...]
                guard (1...4).contains(digits.count), digits.allSatisfy(isDigit), digits.first != "0" else { return false }
                name = varspec[..<colon]
            } else if varspec.last == "*" {
                name = varspec.dropLast()
            }
            guard !name.isEmpty, name.first != ".", name.last != "." else { return false }
            var index = name.startIndex
            var previousDot = false
            while index < name.endIndex {
                let scalar = name[index]
                if scalar == "%" {
                    guard index + 2 < name.endIndex, isHex(name[index + 1]), isHex(name[index + 2]) else { return false }
                    index += 3
                    previousDot = false
                    continue
                }
                if scalar == "." {
                    if previousDot { return false }
                    previousDot = true
                } else {
                    guard isAlpha(scalar) || isDigit(scalar) || scalar == "_" else { return false }
                    previousDot = false
                }
                index += 1
            }
        }
        return true
    }

    // MARK: Network names

    static func isIPv4(_ s: ArraySlice<Unicode.Scalar>) -> Bool {
        let parts = s.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 4 else { return false }
        for part in parts {
            guard !part.isEmpty, part.count <= 3, part.allSatisfy(isDigit) else { return false }
            if part.count > 1, part.first == "0" { return false }
            let value = part.reduce(0) { $0 * 10 + Int($1.value - 48) }
            guard value <= 255 else { return false }
        }
        return true
    }

    static func isIPv6(_ s: ArraySlice<Unicode.Scalar>) -> Bool {
        guard !s.isEmpty, s.count <= 45 else { return false }
        var text = s
        var groupsAvailable = 8
        // An embedded IPv4 address at the end takes two groups.
        if let lastColon = text.lastIndex(of: ":"), text[(lastColon + 1)...].contains(".") {
            guard isIPv4(text[(lastColon + 1)...]) else { return false }
            text = text[...lastColon]
            if text.count >= 2, text.suffix(2).elementsEqual([":", ":"]) {
                // "::1.2.3.4" — keep the double colon
            } else {
                text = text.dropLast()
            }
            groupsAvailable = 6
        }
        let doubleColonCount = zip(text, text.dropFirst()).filter { $0 == ":" && $1 == ":" }.count
        guard doubleColonCount <= 1 else { return false }
        func groups(_ part: ArraySlice<Unicode.Scalar>) -> Int? {
            if part.isEmpty { return 0 }
            var count = 0
            for group in part.split(separator: ":", omittingEmptySubsequences: false) {
                guard !group.isEmpty, group.count <= 4, group.allSatisfy(isHex) else { return nil }
                count += 1
            }
            return count
        }
        if doubleColonCount == 1 {
            guard let range = text.indices.first(where: { $0 + 1 < text.endIndex && text[$0] == ":" && text[$0 + 1] == ":" }),
                  let left = groups(text[text.startIndex..<range]),
                  let right = groups(text[(range + 2)...]) else { return false }
            return left + right < groupsAvailable
        }
        guard let count = groups(text) else { return false }
        return count == groupsAvailable
    }

    static func isHostname(_ text: String) -> Bool {
        let utf8 = Array(text.utf8)
        guard !utf8.isEmpty, utf8.count <= 253 else { return false }
        let labels = utf8.split(separator: UInt8(ascii: "."), omittingEmptySubsequences: false)
        for label in labels {
            guard !label.isEmpty, label.count <= 63 else { return false }
            guard label.first != UInt8(ascii: "-"), label.last != UInt8(ascii: "-") else { return false }
            for byte in label {
                let isLetterOrDigit = (byte >= 48 && byte <= 57) || (byte | 0x20 >= 97 && byte | 0x20 <= 122)
                guard isLetterOrDigit || byte == UInt8(ascii: "-") else { return false }
            }
            if label.count >= 4, label[label.startIndex + 2] == UInt8(ascii: "-"), label[label.startIndex + 3] == UInt8(ascii: "-") {
                // Only "xn--" may have hyphens in positions 3 and 4, and must be valid Punycode.
                let prefix = String(decoding: label.prefix(2), as: UTF8.self).lowercased()
                guard prefix == "xn", Punycode.decode(Array(label.dropFirst(4))) != nil else { return false }
            }
        }
        return true
    }

    static func isEmail(_ s: [Unicode.Scalar], international: Bool) -> Bool {
        guard let at = s.lastIndex(of: "@"), at > 0, at < s.count - 1 else { return false }
        let local = s[..<at]
        let domain = s[(at + 1)...]
        // Local part: dot-atom or quoted string.
        if local.first == "\"" {
            guard local.count >= 2, local.last == "\"" else { return false }
            var index = local.startIndex + 1
            while index < local.endIndex - 1 {
                let scalar = local[index]
                if scalar == "\\" {
                    index += 2
                    continue
                }
                guard scalar == " " || (scalar.value >= 0x21 && scalar.value != 0x22 && scalar.value != 0x5C && scalar.value < 0x7F)
                        || (international && scalar.value >= 0x80) else { return false }
                index += 1
            }
        } else {
            let atext = Set("!#$%&'*+-/=?^_`{|}~".unicodeScalars)
            for atom in local.split(separator: ".", omittingEmptySubsequences: false) {
                guard !atom.isEmpty else { return false }
                for scalar in atom where !(isDigit(scalar) || isAlpha(scalar) || atext.contains(scalar) || (international && scalar.value >= 0x80)) {
                    return false
                }
            }
        }
        // Domain: hostname or address literal.
        if domain.first == "[" {
            guard domain.last == "]" else { return false }
            let inner = domain.dropFirst().dropLast()
            if inner.starts(with: "IPv6:".unicodeScalars) { return isIPv6(inner.dropFirst(5)) }
            return isIPv4(inner)
        }
        if international { return !domain.contains(where: { $0 == " " || $0 == "@" }) && !domain.isEmpty }
        return isHostname(String(String.UnicodeScalarView(domain)))
    }
}
