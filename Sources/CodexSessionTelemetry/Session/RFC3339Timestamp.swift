import OtelAPI
import Synchronization

/// Formats timestamps as RFC 3339 in UTC with milliseconds and a `Z`, as the original's
/// `event.timestamp` (`2026-03-14T09:26:53.589Z`). No Foundation: civil-from-days arithmetic.
enum RFC3339Timestamp {
    /// The last millisecond formatted and its text: the events of one call (and of a busy
    /// session) mostly fall in the same millisecond, so each formats at most once.
    private static let lastFormatted = Mutex<(millisecond: UInt64, text: String)>((.max, ""))

    /// `timestamp` as `YYYY-MM-DDTHH:MM:SS.mmmZ` (milliseconds truncated, as chrono does).
    static func millisecondsUTC(_ timestamp: Timestamp) -> String {
        let millisecond = timestamp.nanosecondsSinceEpoch / 1_000_000
        if let text = lastFormatted.withLock({ $0.millisecond == millisecond ? $0.text : nil }) { return text }
        let text = format(timestamp)
        lastFormatted.withLock { $0 = (millisecond, text) }
        return text
    }

    /// `timestamp` formatted, without the cache.
    static func format(_ timestamp: Timestamp) -> String {
        let nanoseconds = timestamp.nanosecondsSinceEpoch
        let totalSeconds = Int64(nanoseconds / 1_000_000_000)
        let milliseconds = Int((nanoseconds % 1_000_000_000) / 1_000_000)
        let days = totalSeconds / 86_400
        let secondOfDay = Int(totalSeconds % 86_400)
        let (year, month, day) = civilDate(daysSinceEpoch: days)

        return String(unsafeUninitializedCapacity: 24) { buffer in
            var writer = DigitWriter(buffer: buffer)
            writer.digits(Int(year), width: 4)
            writer.byte(UInt8(ascii: "-"))
            writer.digits(month, width: 2)
            writer.byte(UInt8(ascii: "-"))
            writer.digits(day, width: 2)
            writer.byte(UInt8(ascii: "T"))
            writer.digits(secondOfDay / 3600, width: 2)
            writer.byte(UInt8(ascii: ":"))
            writer.digits(secondOfDay / 60 % 60, width: 2)
            writer.byte(UInt8(ascii: ":"))
            writer.digits(secondOfDay % 60, width: 2)
            writer.byte(UInt8(ascii: "."))
            writer.digits(milliseconds, width: 3)
            writer.byte(UInt8(ascii: "Z"))
            return writer.count
        }
    }

    /// The proleptic Gregorian date of a day count since 1970-01-01 (Howard Hinnant's
    /// `civil_from_days`).
    static func civilDate(daysSinceEpoch: Int64) -> (year: Int64, month: Int, day: Int) {
        let z = daysSinceEpoch + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let dayOfEra = z - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let monthIndex = (5 * dayOfYear + 2) / 153
        let day = Int(dayOfYear - (153 * monthIndex + 2) / 5 + 1)
        let month = Int(monthIndex < 10 ? monthIndex + 3 : monthIndex - 9)
        let year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0)
        return (year, month, day)
    }

    /// Writes ASCII into a buffer of 24 bytes, the length of every timestamp before year 10000
    /// (later years write their extra digits as long as room remains).
    private struct DigitWriter {
        let buffer: UnsafeMutableBufferPointer<UInt8>
        var count = 0

        mutating func byte(_ value: UInt8) {
            guard count < buffer.count else { return }
            buffer[count] = value
            count += 1
        }

        /// The decimal digits of a non-negative `value`, zero-padded to `width`.
        mutating func digits(_ value: Int, width: Int) {
            var divisor = 1
            for _ in 1..<width { divisor *= 10 }
            while value / divisor >= 10 { divisor *= 10 }
            var rest = value
            while divisor > 0 {
                byte(UInt8(ascii: "0") + UInt8(rest / divisor))
                rest %= divisor
                divisor /= 10
            }
        }
    }
}
