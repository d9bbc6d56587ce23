/// A moment to the second, in UTC: the `created` of a published report and its file name.
///
/// Reads `YYYY-MM-DD HH:MM:SS` (seed 004's metadata format), ISO 8601 (`T` separator,
/// optional fraction, `Z` or `±HH:MM`), `YYYY-MM-DD`, and seconds since the Unix epoch.
/// Times without an offset are UTC.
public struct Timestamp: Sendable, Hashable, Comparable {
    /// Seconds since 1970-01-01 00:00:00 UTC.
    public let seconds: Int64

    /// The years 0000 to 9999, the ones `YYYY-MM-DD` can write.
    public static let range: ClosedRange<Int64> = -62_167_219_200...253_402_300_799

    /// `seconds` is clamped to `range`.
    public init(seconds: Int64) {
        self.seconds = min(max(seconds, Self.range.lowerBound), Self.range.upperBound)
    }

    /// Seconds since the epoch, or nil outside the years 0000 to 9999.
    public init?(checking seconds: Int64) {
        guard Self.range.contains(seconds) else { return nil }
        self.seconds = seconds
    }

    public static func < (lhs: Timestamp, rhs: Timestamp) -> Bool { lhs.seconds < rhs.seconds }

    public init?(parsing text: String) {
        let t = Array(text.trimmingSpaces.utf8)
        if !t.isEmpty, t.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }) {
            guard t.count <= 12, let value = Int64(String(decoding: t, as: UTF8.self)), Self.range.contains(value) else { return nil }
            self.init(seconds: value)
            return
        }
        func number(_ range: Range<Int>) -> Int? {
            guard range.upperBound <= t.count, t[range].allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }) else { return nil }
            return Int(String(decoding: t[range], as: UTF8.self))
        }
        guard t.count >= 10, let year = number(0..<4), t[4] == 0x2D, let month = number(5..<7), t[7] == 0x2D,
              let day = number(8..<10), (1...12).contains(month), (1...Self.daysIn(month, year)).contains(day)
        else { return nil }
        var hour = 0, minute = 0, second = 0, offset = 0
        var i = 10
        if t.count > 10 {
            guard t[10] == 0x20 || t[10] == 0x54 || t[10] == 0x74, let h = number(11..<13), t.count > 13, t[13] == 0x3A,
                  let m = number(14..<16), h < 24, m < 60
            else { return nil }
            hour = h
            minute = m
            i = 16
            if i < t.count && t[i] == 0x3A {
                guard let s = number(17..<19), s < 61 else { return nil }
                second = min(s, 59)
                i = 19
                if i < t.count && t[i] == 0x2E {  // fraction, ignored; at least one digit
                    i += 1
                    let digits = i
                    while i < t.count && t[i] >= 0x30 && t[i] <= 0x39 { i += 1 }
                    guard i > digits else { return nil }
                }
            }
            if i < t.count {
                if t[i] == 0x5A || t[i] == 0x7A {
                    i += 1
                } else if t[i] == 0x2B || t[i] == 0x2D {
                    let sign = t[i] == 0x2D ? -1 : 1
                    guard let oh = number((i + 1)..<(i + 3)), oh < 24 else { return nil }
                    var om = 0
                    var j = i + 3
                    if j < t.count && t[j] == 0x3A {
                        guard let m = number((j + 1)..<(j + 3)) else { return nil }
                        om = m
                        j += 3
                    } else if j + 2 <= t.count, let m = number(j..<(j + 2)) {
                        om = m
                        j += 2
                    }
                    guard om < 60 else { return nil }
                    offset = sign * (oh * 3600 + om * 60)
                    i = j
                }
            }
            guard i == t.count else { return nil }
        }
        let days = Self.daysFromCivil(year, month, day)
        guard let stamp = Timestamp(checking: Int64(days) * 86_400 + Int64(hour * 3600 + minute * 60 + second) - Int64(offset)) else {
            return nil
        }
        self = stamp
    }

    /// `YYYY-MM-DD HH:MM:SS`, as seed 004's metadata writes `created`.
    public var metadataText: String {
        let (y, mo, d, h, mi, s) = components
        return "\(pad(y, 4))-\(pad(mo, 2))-\(pad(d, 2)) \(pad(h, 2)):\(pad(mi, 2)):\(pad(s, 2))"
    }

    /// `YYYY-MM-DD-HHMMSS`, as seed 004's file names write it.
    public var fileNameText: String {
        let (y, mo, d, h, mi, s) = components
        return "\(pad(y, 4))-\(pad(mo, 2))-\(pad(d, 2))-\(pad(h, 2))\(pad(mi, 2))\(pad(s, 2))"
    }

    private var components: (Int, Int, Int, Int, Int, Int) {
        let days = Int(seconds >= 0 ? seconds / 86_400 : (seconds - 86_399) / 86_400)
        let rest = Int(seconds - Int64(days) * 86_400)
        let (y, m, d) = Self.civilFromDays(days)
        return (y, m, d, rest / 3600, rest % 3600 / 60, rest % 60)
    }

    private func pad(_ value: Int, _ width: Int) -> String {
        let text = String(value)
        return String(repeating: "0", count: max(0, width - text.count)) + text
    }

    static func daysIn(_ month: Int, _ year: Int) -> Int {
        switch month {
        case 2: (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
        case 4, 6, 9, 11: 30
        default: 31
        }
    }

    /// Days since 1970-01-01 (Howard Hinnant's algorithm).
    static func daysFromCivil(_ year: Int, _ month: Int, _ day: Int) -> Int {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let doy = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146_097 + doe - 719_468
    }

    static func civilFromDays(_ days: Int) -> (Int, Int, Int) {
        let z = days + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let day = doy - (153 * mp + 2) / 5 + 1
        let month = mp < 10 ? mp + 3 : mp - 9
        return (yoe + era * 400 + (month <= 2 ? 1 : 0), month, day)
    }
}
