/// The numeric types an instrument can record: `Int64` and `Double`.
public protocol MetricNumeric: Sendable, Comparable, AdditiveArithmetic {
    /// The value as a double.
    var doubleValue: Double { get }
    /// Whether the value is negative.
    var isNegative: Bool { get }
}

extension Int64: MetricNumeric {
    /// The value as a double.
    @inlinable public var doubleValue: Double { Double(self) }
    /// Whether the value is negative.
    @inlinable public var isNegative: Bool { self < 0 }
}

extension Double: MetricNumeric {
    /// The value itself.
    @inlinable public var doubleValue: Double { self }
    /// Whether the value is negative.
    @inlinable public var isNegative: Bool { self < 0 }
}

/// The kinds of instrument the specification defines.
public enum InstrumentKind: Sendable, Hashable, CaseIterable {
    /// Monotonic sum, recorded synchronously.
    case counter
    /// Non-monotonic sum, recorded synchronously.
    case upDownCounter
    /// Distribution of values.
    case histogram
    /// Last value, recorded synchronously.
    case gauge
    /// Monotonic sum, observed by a callback.
    case observableCounter
    /// Non-monotonic sum, observed by a callback.
    case observableUpDownCounter
    /// Last value, observed by a callback.
    case observableGauge
}

/// What identifies an instrument and how it should be aggregated by default.
public struct InstrumentDescriptor: Sendable, Hashable {
    /// The instrument's name, such as `codex.tool.call`.
    public var name: String
    /// The instrument's kind.
    public var kind: InstrumentKind
    /// The unit, such as `ms`.
    public var unit: String
    /// A human-readable description.
    public var description: String
    /// Advisory explicit bucket boundaries for histograms; `nil` uses the SDK's defaults.
    public var bucketBoundaries: [Double]?

    /// Creates a descriptor.
    public init(
        name: String, kind: InstrumentKind, unit: String = "", description: String = "",
        bucketBoundaries: [Double]? = nil
    ) {
        self.name = name
        self.kind = kind
        self.unit = unit
        self.description = description
        self.bucketBoundaries = bucketBoundaries
    }
}
