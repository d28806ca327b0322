/// The value of an attribute: one of the types the OpenTelemetry specification allows.
///
/// Arrays are homogeneous by construction. Literals build values directly:
/// ```swift
/// let retries: AttributeValue = 3
/// let route: AttributeValue = "chat"
/// ```
public enum AttributeValue: Sendable, Hashable {
    /// A UTF-8 string.
    case string(String)
    /// A boolean.
    case bool(Bool)
    /// A signed 64-bit integer.
    case int(Int64)
    /// A double-precision float.
    case double(Double)
    /// Raw bytes.
    case bytes([UInt8])
    /// A homogeneous array of strings.
    case stringArray([String])
    /// A homogeneous array of booleans.
    case boolArray([Bool])
    /// A homogeneous array of integers.
    case intArray([Int64])
    /// A homogeneous array of doubles.
    case doubleArray([Double])
}

extension AttributeValue: ExpressibleByStringLiteral, ExpressibleByStringInterpolation {
    /// Creates a string value from a literal.
    public init(stringLiteral value: String) { self = .string(value) }
}

extension AttributeValue: ExpressibleByIntegerLiteral {
    /// Creates an integer value from a literal.
    public init(integerLiteral value: Int64) { self = .int(value) }
}

extension AttributeValue: ExpressibleByFloatLiteral {
    /// Creates a double value from a literal.
    public init(floatLiteral value: Double) { self = .double(value) }
}

extension AttributeValue: ExpressibleByBooleanLiteral {
    /// Creates a boolean value from a literal.
    public init(booleanLiteral value: Bool) { self = .bool(value) }
}

extension AttributeValue {
    /// Creates an integer value from any binary integer, clamping to the `Int64` range.
    @inlinable
    public init(_ value: some BinaryInteger) { self = .int(Int64(clamping: value)) }

    /// The value rendered as text, as a log line or a terminal view would show it.
    public var displayString: String {
        switch self {
        case .string(let s): return s
        case .bool(let b): return b ? "true" : "false"
        case .int(let i): return String(i)
        case .double(let d): return String(d)
        case .bytes(let b): return "<\(b.count) bytes>"
        case .stringArray(let a): return "[" + a.joined(separator: ", ") + "]"
        case .boolArray(let a): return "[" + a.map { $0 ? "true" : "false" }.joined(separator: ", ") + "]"
        case .intArray(let a): return "[" + a.map { String($0) }.joined(separator: ", ") + "]"
        case .doubleArray(let a): return "[" + a.map { String($0) }.joined(separator: ", ") + "]"
        }
    }
}

extension AttributeValue: CustomStringConvertible {
    /// The value rendered as text.
    public var description: String { displayString }
}
