/// A parsed `Retry-After` header (RFC 9110 §10.2.3): a delay in seconds or an HTTP-date.
public enum RetryAfter: Sendable, Equatable {
    /// Wait this many seconds.
    case seconds(Int64)
    /// Wait until this time, in seconds since 1970-01-01T00:00:00Z.
    case date(unixSeconds: Int64)

    /// Parses a header value: delta-seconds (`120`) or an HTTP-date in any of its three forms
    /// (`Sun, 06 Nov 1994 08:49:37 GMT`, `Sunday, 06-Nov-94 08:49:37 GMT`,
    /// `Sun Nov  6 08:49:37 1994`). Returns `nil` for anything else.
    public init?(headerValue: String) {
        let text = headerValue.split(whereSeparator: { $0 == " " || $0 == "\t" })
        guard !text.isEmpty else { return nil }
        if text.count == 1, text[0].utf8.allSatisfy({ $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") }) {
            // Values too large for Int64 are capped: they mean "a very long time".
            self = .seconds(Int64(text[0]) ?? Int64.max)
            return
        }
        guard let unixSeconds = HTTPDate.parse(text) else { return nil }
        self = .date(unixSeconds: unixSeconds)
    }

    /// The delay in whole seconds from `nowUnixSeconds` (never negative).
    public func delaySeconds(nowUnixSeconds: Int64) -> Int64 {
        switch self {
        case .seconds(let seconds):
            return max(0, seconds)
        case .date(let unixSeconds):
            let (difference, overflow) = unixSeconds.subtractingReportingOverflow(nowUnixSeconds)
            if overflow { return unixSeconds > nowUnixSeconds ? Int64.max : 0 }
            return max(0, difference)
        }
    }
}

/// The three HTTP-date formats of RFC 9110 §5.6.7.
enum HTTPDate {
    private static let months = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"]

    /// Seconds since 1970 for the space-separated fields of an HTTP-date, or `nil`.
    static func parse(_ fields: [Substring]) -> Int64? {
        switch fields.count {
        case 6:
            // IMF-fixdate: Sun, 06 Nov 1994 08:49:37 GMT
            guard fields[0].hasSuffix(","), fields[5] == "GMT",
                let day = number(fields[1], digits: 1...2), let month = month(fields[2]),
                let year = number(fields[3], digits: 4...4)
            else { return nil }
            return unixSeconds(year: year, month: month, day: day, time: fields[4])
        case 4:
            // RFC 850: Sunday, 06-Nov-94 08:49:37 GMT
            guard fields[0].hasSuffix(","), fields[3] == "GMT" else { return nil }
            let parts = fields[1].split(separator: "-", omittingEmptySubsequences: false)
            guard parts.count == 3, let day = number(parts[0], digits: 2...2), let month = month(parts[1]),
                let shortYear = number(parts[2], digits: 2...2)
            else { return nil }
            // Two-digit years: 70...99 are 1970...1999, 00...69 are 2000...2069.
            let year = shortYear >= 70 ? 1900 + shortYear : 2000 + shortYear
            return unixSeconds(year: year, month: month, day: day, time: fields[2])
        case 5:
            // asctime: Sun Nov  6 08:49:37 1994
            guard let month = month(fields[1]), let day = number(fields[2], digits: 1...2),
                let year = number(fields[4], digits: 4...4)
            else { return nil }
            return unixSeconds(year: year, month: month, day: day, time: fields[3])
        default:
            return nil
        }
    }

    private static func number(_ text: Substring, digits: ClosedRange<Int>) -> Int64? {
        guard digits.contains(text.utf8.count),
            text.utf8.allSatisfy({ $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") })
        else { return nil }
        return Int64(text)
    }

    private static func month(_ text: Substring) -> Int64? {
        guard let index = months.firstIndex(of: text.lowercased()) else { return nil }
        return Int64(index + 1)
    }

    private static func unixSeconds(year: Int64, month: Int64, day: Int64, time: Substring) -> Int64? {
        let parts = time.split(separator: ":", omittingEmptySubsequences: false)
        guard parts.count == 3, let hour = number(parts[0], digits: 2...2),
            let minute = number(parts[1], digits: 2...2), let second = number(parts[2], digits: 2...2),
            hour < 24, minute < 60, second <= 60, day >= 1, day <= daysInMonth(year: year, month: month)
        else { return nil }
        return daysFromCivil(year: year, month: month, day: day) * 86_400 + hour * 3_600 + minute * 60 + second
    }

    private static func daysInMonth(year: Int64, month: Int64) -> Int64 {
        switch month {
        case 2:
            let leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0
            return leap ? 29 : 28
        case 4, 6, 9, 11:
            return 30
        default:
            return 31
        }
    }

    /// Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's algorithm).
    static func daysFromCivil(year: Int64, month: Int64, day: Int64) -> Int64 {
        let shiftedYear = month <= 2 ? year - 1 : year
        let era = (shiftedYear >= 0 ? shiftedYear : shiftedYear - 399) / 400
        let yearOfEra = shiftedYear - era * 400
        let dayOfYear = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        return era * 146_097 + dayOfEra - 719_468
    }
}
