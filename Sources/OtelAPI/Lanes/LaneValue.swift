/// An attribute value tagged with the lane it may travel on.
///
/// A `LaneValue<LogOnly>` cannot be read back outside this package, converted to an
/// ``AttributeValue``, printed or reflected: the only ways toward a span are a trace-safe
/// derivative (``utf8Length``, ``unicodeScalarCount``, ``lineCount``, ``elementCount``,
/// ``measured(by:)``) or ``declassify(_:)``.
///
/// ```swift
/// let prompt = LaneValue<LogOnly>.string(userText)
/// span.setAttribute("prompt_length", prompt.unicodeScalarCount)   // fine
/// span.setAttribute("prompt", prompt)                             // does not compile
/// ```
public struct LaneValue<Lane: TelemetryLane>: Sendable, Hashable {
    /// The underlying value; readable only inside this package (lane implementations).
    @usableFromInline package let attribute: AttributeValue

    /// Tags a value with this lane.
    @inlinable
    public init(_ value: AttributeValue) { self.attribute = value }

    /// A string value.
    @inlinable
    public static func string(_ value: String) -> LaneValue { LaneValue(.string(value)) }

    /// An integer value.
    @inlinable
    public static func int(_ value: some BinaryInteger) -> LaneValue { LaneValue(.int(Int64(clamping: value))) }

    /// A boolean value.
    @inlinable
    public static func bool(_ value: Bool) -> LaneValue { LaneValue(.bool(value)) }

    /// A double value.
    @inlinable
    public static func double(_ value: Double) -> LaneValue { LaneValue(.double(value)) }
}

extension LaneValue where Lane == TraceSafe {
    /// The plain value. Trace-safe data may go anywhere.
    @inlinable
    public var value: AttributeValue { attribute }
}

extension LaneValue where Lane == LogOnly {
    /// Widens a trace-safe value onto the log lane (always allowed: the log lane accepts both).
    @inlinable
    public init(_ value: LaneValue<TraceSafe>) { self.attribute = value.attribute }

    /// Moves this private value onto the trace lane. This is the single, explicit opt-in:
    /// every use should be reviewed, and `grep -rn declassify` lists them all.
    ///
    /// - Parameter justification: why exporting this value on traces is acceptable.
    public func declassify(_ justification: StaticString) -> LaneValue<TraceSafe> {
        LaneValue<TraceSafe>(attribute)
    }

    /// A trace-safe integer computed from the private value (a length or a count), which
    /// carries the measure but not the content.
    public func measured(by measure: (AttributeValue) -> Int64) -> LaneValue<TraceSafe> {
        LaneValue<TraceSafe>(.int(measure(attribute)))
    }

    /// The number of UTF-8 bytes of a string value (of the rendered text otherwise).
    public var utf8Length: LaneValue<TraceSafe> {
        measured { value in
            if case .string(let s) = value { return Int64(s.utf8.count) }
            return Int64(value.displayString.utf8.count)
        }
    }

    /// The number of Unicode scalars of a string value (of the rendered text otherwise).
    public var unicodeScalarCount: LaneValue<TraceSafe> {
        measured { value in
            if case .string(let s) = value { return Int64(s.unicodeScalars.count) }
            return Int64(value.displayString.unicodeScalars.count)
        }
    }

    /// The number of lines of a string value: `"a\nb"` has 2, `""` has 0, and a trailing
    /// newline does not start a new line.
    public var lineCount: LaneValue<TraceSafe> {
        measured { value in
            let text: String
            if case .string(let s) = value { text = s } else { text = value.displayString }
            return Int64(LineCounting.count(text))
        }
    }

    /// The number of elements of an array value (1 for a scalar).
    public var elementCount: LaneValue<TraceSafe> {
        measured { value in
            switch value {
            case .stringArray(let a): return Int64(a.count)
            case .boolArray(let a): return Int64(a.count)
            case .intArray(let a): return Int64(a.count)
            case .doubleArray(let a): return Int64(a.count)
            case .bytes(let b): return Int64(b.count)
            case .string, .bool, .int, .double: return 1
            }
        }
    }
}

/// Counts lines the way Rust's `str::lines` does, which the original crate uses.
package enum LineCounting {
    /// `"a\nb"` → 2, `""` → 0, `"a\n"` → 1, `"\n"` → 1.
    package static func count(_ text: String) -> Int {
        var lines = 0
        var sawContent = false
        for byte in text.utf8 {
            if byte == UInt8(ascii: "\n") {
                lines += 1
                sawContent = false
            } else {
                sawContent = true
            }
        }
        return sawContent ? lines + 1 : lines
    }
}

extension LaneValue: ExpressibleByStringLiteral, ExpressibleByStringInterpolation {
    /// A literal written in source code.
    @inlinable
    public init(stringLiteral value: String) { self.init(.string(value)) }
}

extension LaneValue: ExpressibleByIntegerLiteral {
    /// A literal written in source code.
    @inlinable
    public init(integerLiteral value: Int64) { self.init(.int(value)) }
}

extension LaneValue: ExpressibleByBooleanLiteral {
    /// A literal written in source code.
    @inlinable
    public init(booleanLiteral value: Bool) { self.init(.bool(value)) }
}

extension LaneValue: ExpressibleByFloatLiteral {
    /// A literal written in source code.
    @inlinable
    public init(floatLiteral value: Double) { self.init(.double(value)) }
}

extension LaneValue: CustomStringConvertible, CustomDebugStringConvertible, CustomReflectable {
    /// Trace-safe values print as themselves; log-only values print redacted, so that string
    /// interpolation is not a way around the lane fence.
    public var description: String {
        Lane.self == TraceSafe.self ? attribute.displayString : "<log-only>"
    }

    /// Same as ``description``.
    public var debugDescription: String { description }

    /// An empty mirror: reflection does not reveal the value.
    public var customMirror: Mirror { Mirror(self, children: []) }
}
