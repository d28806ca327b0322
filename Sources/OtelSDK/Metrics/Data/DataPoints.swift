import OtelAPI

/// A sum's points.
public struct SumData: Sendable, Hashable {
    /// One point per attribute set.
    public var points: [NumberDataPoint]
    /// Whether the points cover the last interval or everything since their start time.
    public var aggregationTemporality: AggregationTemporality
    /// Whether the sum only grows (counters) or may also fall (up-down counters).
    public var isMonotonic: Bool

    /// Creates a sum.
    public init(points: [NumberDataPoint], aggregationTemporality: AggregationTemporality, isMonotonic: Bool) {
        self.points = points
        self.aggregationTemporality = aggregationTemporality
        self.isMonotonic = isMonotonic
    }
}

/// A gauge's points: the last value of each series.
public struct GaugeData: Sendable, Hashable {
    /// One point per attribute set.
    public var points: [NumberDataPoint]

    /// Creates a gauge.
    public init(points: [NumberDataPoint]) { self.points = points }
}

/// An explicit-bucket histogram's points.
public struct HistogramData: Sendable, Hashable {
    /// One point per attribute set.
    public var points: [HistogramDataPoint]
    /// Whether the points cover the last interval or everything since their start time.
    public var aggregationTemporality: AggregationTemporality

    /// Creates a histogram.
    public init(points: [HistogramDataPoint], aggregationTemporality: AggregationTemporality) {
        self.points = points
        self.aggregationTemporality = aggregationTemporality
    }
}

/// A base-2 exponential histogram's points.
public struct ExponentialHistogramData: Sendable, Hashable {
    /// One point per attribute set.
    public var points: [ExponentialHistogramDataPoint]
    /// Whether the points cover the last interval or everything since their start time.
    public var aggregationTemporality: AggregationTemporality

    /// Creates an exponential histogram.
    public init(points: [ExponentialHistogramDataPoint], aggregationTemporality: AggregationTemporality) {
        self.points = points
        self.aggregationTemporality = aggregationTemporality
    }
}

/// The value of a sum or gauge point: integer or floating point, as the instrument recorded.
public enum NumberValue: Sendable, Hashable {
    /// An integer value (`asInt` in OTLP).
    case int(Int64)
    /// A floating-point value (`asDouble` in OTLP).
    case double(Double)

    /// The value as a double.
    public var doubleValue: Double {
        switch self {
        case .int(let value): return Double(value)
        case .double(let value): return value
        }
    }
}

/// One series of a sum or gauge.
public struct NumberDataPoint: Sendable, Hashable {
    /// The series' attributes.
    public var attributes: Attributes
    /// When the aggregation interval began.
    public var startTime: Timestamp
    /// When the point was collected.
    public var time: Timestamp
    /// The aggregated value.
    public var value: NumberValue

    /// Creates a point.
    public init(attributes: Attributes, startTime: Timestamp, time: Timestamp, value: NumberValue) {
        self.attributes = attributes
        self.startTime = startTime
        self.time = time
        self.value = value
    }
}

/// One series of an explicit-bucket histogram.
///
/// Bucket `i` counts the values in `(explicitBounds[i-1], explicitBounds[i]]`; the first bucket
/// is open below and the last (`bucketCounts.count == explicitBounds.count + 1`) open above.
public struct HistogramDataPoint: Sendable, Hashable {
    /// The series' attributes.
    public var attributes: Attributes
    /// When the aggregation interval began.
    public var startTime: Timestamp
    /// When the point was collected.
    public var time: Timestamp
    /// The number of values recorded.
    public var count: UInt64
    /// Their sum.
    public var sum: Double
    /// The smallest value recorded, if any.
    public var min: Double?
    /// The largest value recorded, if any.
    public var max: Double?
    /// The buckets' upper bounds, ascending.
    public var explicitBounds: [Double]
    /// The count of each bucket.
    public var bucketCounts: [UInt64]

    /// Creates a point.
    public init(
        attributes: Attributes, startTime: Timestamp, time: Timestamp, count: UInt64, sum: Double, min: Double?,
        max: Double?, explicitBounds: [Double], bucketCounts: [UInt64]
    ) {
        self.attributes = attributes
        self.startTime = startTime
        self.time = time
        self.count = count
        self.sum = sum
        self.min = min
        self.max = max
        self.explicitBounds = explicitBounds
        self.bucketCounts = bucketCounts
    }
}

/// One side (positive or negative values) of an exponential histogram point.
///
/// `bucketCounts[i]` counts the magnitudes in `(base^(offset+i), base^(offset+i+1)]` with
/// `base = 2^(2^-scale)`.
public struct ExponentialHistogramBuckets: Sendable, Hashable {
    /// The index of the first bucket.
    public var offset: Int32
    /// The counts of consecutive buckets from `offset`.
    public var bucketCounts: [UInt64]

    /// Creates buckets.
    public init(offset: Int32, bucketCounts: [UInt64]) {
        self.offset = offset
        self.bucketCounts = bucketCounts
    }

    /// No bucket.
    public static let empty = ExponentialHistogramBuckets(offset: 0, bucketCounts: [])
}

/// One series of a base-2 exponential histogram.
public struct ExponentialHistogramDataPoint: Sendable, Hashable {
    /// The series' attributes.
    public var attributes: Attributes
    /// When the aggregation interval began.
    public var startTime: Timestamp
    /// When the point was collected.
    public var time: Timestamp
    /// The number of values recorded (zero, positive and negative).
    public var count: UInt64
    /// Their sum.
    public var sum: Double
    /// The smallest value recorded, if any.
    public var min: Double?
    /// The largest value recorded, if any.
    public var max: Double?
    /// The resolution: bucket boundaries are powers of `2^(2^-scale)`.
    public var scale: Int32
    /// The number of values whose magnitude was at most ``zeroThreshold``.
    public var zeroCount: UInt64
    /// The magnitude up to which a value counts as zero.
    public var zeroThreshold: Double
    /// The buckets of positive values.
    public var positive: ExponentialHistogramBuckets
    /// The buckets of negative values, by magnitude.
    public var negative: ExponentialHistogramBuckets

    /// Creates a point.
    public init(
        attributes: Attributes, startTime: Timestamp, time: Timestamp, count: UInt64, sum: Double, min: Double?,
        max: Double?, scale: Int32, zeroCount: UInt64, zeroThreshold: Double = 0,
        positive: ExponentialHistogramBuckets, negative: ExponentialHistogramBuckets
    ) {
        self.attributes = attributes
        self.startTime = startTime
        self.time = time
        self.count = count
        self.sum = sum
        self.min = min
        self.max = max
        self.scale = scale
        self.zeroCount = zeroCount
        self.zeroThreshold = zeroThreshold
        self.positive = positive
        self.negative = negative
    }
}
