#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// A snapshot of environment variables with the specification's parsing rules for `OTEL_*`
/// settings: an empty value counts as unset, and an invalid value is reported through
/// ``OtelDiagnostics`` and ignored (the default applies), never a crash.
///
/// Tests pass a dictionary; applications use ``process()``.
public struct OtelEnvironment: Sendable {
    /// The variables.
    public let values: [String: String]

    /// Creates a snapshot from explicit values.
    public init(_ values: [String: String]) { self.values = values }

    /// A snapshot of the process environment.
    public static func process() -> OtelEnvironment {
        var values: [String: String] = [:]
        #if os(Linux)
        var cursor = environ
        #else
        var cursor = environ
        #endif
        while let entry = cursor.pointee {
            let text = String(cString: entry)
            if let equals = text.firstIndex(of: "=") {
                values[String(text[..<equals])] = String(text[text.index(after: equals)...])
            }
            cursor += 1
        }
        return OtelEnvironment(values)
    }

    /// The value of `key`, `nil` when unset or empty.
    public func string(_ key: String) -> String? {
        guard let value = values[key], !value.isEmpty else { return nil }
        return value
    }

    /// The first of `keys` that is set (for per-signal variables that override general ones).
    public func string(first keys: String...) -> String? {
        for key in keys { if let value = string(key) { return value } }
        return nil
    }

    /// An integer value; an invalid one is reported and ignored.
    public func int(_ key: String) -> Int? {
        guard let raw = string(key) else { return nil }
        guard let value = Int(raw.trimmingSpaces) else {
            OtelDiagnostics.report(.warning, "ignoring \(key)=\(raw): not an integer")
            return nil
        }
        return value
    }

    /// A non-negative integer value; an invalid or negative one is reported and ignored.
    public func nonNegativeInt(_ key: String) -> Int? {
        guard let value = int(key) else { return nil }
        guard value >= 0 else {
            OtelDiagnostics.report(.warning, "ignoring \(key)=\(value): must not be negative")
            return nil
        }
        return value
    }

    /// A duration given in integer milliseconds (the specification's unit for timeouts and
    /// intervals); an invalid or negative one is reported and ignored.
    public func milliseconds(_ key: String) -> Duration? {
        nonNegativeInt(key).map { .milliseconds($0) }
    }

    /// A double value; an invalid one is reported and ignored.
    public func double(_ key: String) -> Double? {
        guard let raw = string(key) else { return nil }
        guard let value = Double(raw.trimmingSpaces), value.isFinite else {
            OtelDiagnostics.report(.warning, "ignoring \(key)=\(raw): not a number")
            return nil
        }
        return value
    }

    /// A boolean: `true` (any case) is true, `false` (any case) is false, anything else is
    /// reported and counts as false, as the specification says.
    public func bool(_ key: String) -> Bool? {
        guard let raw = string(key) else { return nil }
        switch raw.trimmingSpaces.lowercased() {
        case "true": return true
        case "false": return false
        default:
            OtelDiagnostics.report(.warning, "\(key)=\(raw) is not true or false; treating it as false")
            return false
        }
    }

    /// A comma-separated list of `key=value` pairs, percent-decoded, as `OTEL_RESOURCE_ATTRIBUTES`
    /// and `OTEL_EXPORTER_OTLP_HEADERS` use. Malformed members are reported and skipped; values of
    /// keys listed in `secretKeys` (or all values when `valuesAreSecret`) never appear in reports.
    public func keyValueList(_ key: String, valuesAreSecret: Bool = false) -> [(key: String, value: String)] {
        guard let raw = string(key) else { return [] }
        return OtelEnvironment.parseKeyValueList(raw, variable: key, valuesAreSecret: valuesAreSecret)
    }

    /// Parses `k1=v1,k2=v2` with percent-decoding of keys and values.
    public static func parseKeyValueList(
        _ raw: String, variable: String, valuesAreSecret: Bool
    ) -> [(key: String, value: String)] {
        var result: [(key: String, value: String)] = []
        for member in raw.split(separator: ",", omittingEmptySubsequences: true) {
            guard let equals = member.firstIndex(of: "=") else {
                let shown = valuesAreSecret ? "a member without '='" : "'\(member)'"
                OtelDiagnostics.report(.warning, "ignoring \(shown) in \(variable): expected key=value")
                continue
            }
            let rawKey = String(member[..<equals]).trimmingSpaces
            let rawValue = String(member[member.index(after: equals)...]).trimmingSpaces
            guard let key = PercentDecoding.decode(rawKey), !key.isEmpty,
                let value = PercentDecoding.decode(rawValue)
            else {
                OtelDiagnostics.report(
                    .warning, "ignoring a malformed member of \(variable) (bad key or percent-encoding)")
                continue
            }
            result.append((key, value))
        }
        return result
    }
}

/// Percent-decoding (`%2C` → `,`) as the W3C Baggage format used by `OTEL_*` lists requires.
public enum PercentDecoding {
    /// The decoded text, or `nil` when an escape is malformed or the result is not UTF-8.
    public static func decode(_ text: String) -> String? {
        guard text.utf8.contains(UInt8(ascii: "%")) else { return text }
        var bytes: [UInt8] = []
        bytes.reserveCapacity(text.utf8.count)
        var iterator = text.utf8.makeIterator()
        while let byte = iterator.next() {
            if byte == UInt8(ascii: "%") {
                guard let high = iterator.next().flatMap(hexValue), let low = iterator.next().flatMap(hexValue)
                else { return nil }
                bytes.append(high << 4 | low)
            } else {
                bytes.append(byte)
            }
        }
        return String(validating: bytes, as: UTF8.self)
    }

    private static func hexValue(_ byte: UInt8) -> UInt8? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): return byte - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): return byte - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): return byte - UInt8(ascii: "A") + 10
        default: return nil
        }
    }
}

extension String {
    /// The string without leading and trailing spaces and tabs.
    package var trimmingSpaces: String {
        var slice = Substring(self)
        while let first = slice.first, first == " " || first == "\t" { slice.removeFirst() }
        while let last = slice.last, last == " " || last == "\t" { slice.removeLast() }
        return String(slice)
    }
}
