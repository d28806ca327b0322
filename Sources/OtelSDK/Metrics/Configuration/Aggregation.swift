/// How a view aggregates an instrument's measurements.
///
/// ```swift
/// View(instrumentName: "codex.api_request.duration_ms",
///      aggregation: .explicitBucketHistogram(boundaries: [0, 100, 1000]))
/// ```
public struct Aggregation: Sendable, Hashable, CustomStringConvertible {
    enum Kind: Sendable, Hashable {
        case drop
        case sum
        case lastValue
        case explicitBucketHistogram(boundaries: [Double]?)
        case base2ExponentialHistogram(maxSize: Int, maxScale: Int)
        case `default`
    }

    let kind: Kind

    /// Records nothing: the instrument's stream is dropped.
    public static let drop = Aggregation(kind: .drop)
    /// The arithmetic sum (monotonic for counters, histograms and observable counters).
    public static let sum = Aggregation(kind: .sum)
    /// The last value recorded in each series.
    public static let lastValue = Aggregation(kind: .lastValue)
    /// The instrument kind's default: sums for counters, last value for gauges, explicit buckets
    /// for histograms.
    public static let `default` = Aggregation(kind: .default)

    /// An explicit-bucket histogram with these upper bounds (finite, strictly increasing);
    /// `nil` uses the instrument's advisory boundaries or the specification's defaults
    /// `[0, 5, 10, 25, 50, 75, 100, 250, 500, 750, 1000, 2500, 5000, 7500, 10000]`.
    public static func explicitBucketHistogram(boundaries: [Double]? = nil) -> Aggregation {
        Aggregation(kind: .explicitBucketHistogram(boundaries: boundaries))
    }

    /// A base-2 exponential histogram of at most `maxSize` buckets per sign, starting at
    /// `maxScale` (at most 20) and halving the resolution as the recorded range grows.
    public static func base2ExponentialHistogram(maxSize: Int = 160, maxScale: Int = 20) -> Aggregation {
        Aggregation(kind: .base2ExponentialHistogram(maxSize: maxSize, maxScale: maxScale))
    }

    /// The aggregation's name.
    public var description: String {
        switch kind {
        case .drop: return "drop"
        case .sum: return "sum"
        case .lastValue: return "lastValue"
        case .explicitBucketHistogram(let boundaries):
            return boundaries.map { "explicitBucketHistogram(\($0))" } ?? "explicitBucketHistogram"
        case .base2ExponentialHistogram(let maxSize, let maxScale):
            return "base2ExponentialHistogram(maxSize: \(maxSize), maxScale: \(maxScale))"
        case .default: return "default"
        }
    }
}
