/// A log record's severity number (1–24) as the OpenTelemetry log data model defines it.
public struct Severity: Sendable, Hashable, Comparable, CustomStringConvertible {
    /// The severity number, 1 (TRACE) to 24 (FATAL4); 0 means unspecified.
    public let number: UInt8

    /// Creates a severity from its number, clamped to 0...24.
    public init(number: UInt8) { self.number = min(number, 24) }

    /// TRACE (1).
    public static let trace = Severity(number: 1)
    /// DEBUG (5).
    public static let debug = Severity(number: 5)
    /// INFO (9).
    public static let info = Severity(number: 9)
    /// WARN (13).
    public static let warn = Severity(number: 13)
    /// ERROR (17).
    public static let error = Severity(number: 17)
    /// FATAL (21).
    public static let fatal = Severity(number: 21)

    /// The short name of the severity's range: `TRACE`, `DEBUG`, `INFO`, `WARN`, `ERROR`, `FATAL`
    /// with a digit for the finer levels (`INFO2`), or `UNSPECIFIED`.
    public var text: String { Severity.names[Int(number)] }

    /// The names of severities 0 through 24, computed once.
    private static let names: [String] = (0...24).map { number in
        guard number > 0 else { return "UNSPECIFIED" }
        let ranges = ["TRACE", "DEBUG", "INFO", "WARN", "ERROR", "FATAL"]
        let step = (number - 1) % 4
        return step == 0 ? ranges[(number - 1) / 4] : ranges[(number - 1) / 4] + String(step + 1)
    }

    /// Same as ``text``.
    public var description: String { text }

    /// Orders by number.
    public static func < (lhs: Severity, rhs: Severity) -> Bool { lhs.number < rhs.number }
}
