import OtelSDK

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Percentiles estimated from a histogram's buckets, as a viewer can know them: by linear
/// interpolation inside the bucket that holds the wanted rank (the method of Prometheus'
/// `histogram_quantile`), clamped to the recorded min and max when they are known.
///
/// An open-ended bucket takes the recorded min (first bucket) or max (last bucket) as its far
/// edge, else its finite edge.
public struct HistogramPercentiles: Sendable, Hashable {
    /// One bucket: the values in `(lower, upper]`.
    public struct Bucket: Sendable, Hashable {
        /// The lower edge (exclusive).
        public var lower: Double
        /// The upper edge (inclusive).
        public var upper: Double
        /// How many values fell in.
        public var count: UInt64

        /// Creates a bucket.
        public init(lower: Double, upper: Double, count: UInt64) {
            self.lower = lower
            self.upper = upper
            self.count = count
        }
    }

    /// The buckets, ascending.
    public var buckets: [Bucket]
    /// The smallest value recorded, if known.
    public var min: Double?
    /// The largest value recorded, if known.
    public var max: Double?

    /// Creates an estimator from buckets in ascending order.
    public init(buckets: [Bucket], min: Double? = nil, max: Double? = nil) {
        self.buckets = buckets
        self.min = min
        self.max = max
    }

    /// The buckets of an explicit-bucket histogram: `(-inf, b0]`, `(b0, b1]`, …, `(bn, +inf)`,
    /// the open edges replaced by the min and max when known. Bounds and counts that do not
    /// match (`counts = bounds + 1`) give no buckets.
    public init(explicitBounds: [Double], bucketCounts: [UInt64], min: Double?, max: Double?) {
        guard !bucketCounts.isEmpty, bucketCounts.count == explicitBounds.count + 1 else {
            self.init(buckets: [], min: min, max: max)
            return
        }
        var buckets: [Bucket] = []
        buckets.reserveCapacity(bucketCounts.count)
        for (index, count) in bucketCounts.enumerated() {
            let upper = index < explicitBounds.count ? explicitBounds[index] : (max ?? explicitBounds.last ?? 0)
            let lower = index > 0 ? explicitBounds[index - 1] : Swift.min(min ?? upper, upper)
            buckets.append(Bucket(lower: lower, upper: Swift.max(upper, lower), count: count))
        }
        self.init(buckets: buckets, min: min, max: max)
    }

    /// The buckets of an explicit-bucket histogram point.
    public init(_ point: HistogramDataPoint) {
        self.init(
            explicitBounds: point.explicitBounds, bucketCounts: point.bucketCounts, min: point.min, max: point.max)
    }

    /// The buckets of a base-2 exponential histogram point: negative buckets (by magnitude,
    /// mirrored), the zero bucket, then the positive buckets.
    public init(_ point: ExponentialHistogramDataPoint) {
        let base = Self.power(2, Self.power(2, -Double(point.scale)))
        func edge(_ index: Int) -> Double { Self.power(base, Double(index)) }
        var buckets: [Bucket] = []
        for (index, count) in point.negative.bucketCounts.enumerated().reversed() where count > 0 {
            let position = Int(point.negative.offset) + index
            buckets.append(Bucket(lower: -edge(position + 1), upper: -edge(position), count: count))
        }
        if point.zeroCount > 0 {
            buckets.append(Bucket(lower: -point.zeroThreshold, upper: point.zeroThreshold, count: point.zeroCount))
        }
        for (index, count) in point.positive.bucketCounts.enumerated() where count > 0 {
            let position = Int(point.positive.offset) + index
            buckets.append(Bucket(lower: edge(position), upper: edge(position + 1), count: count))
        }
        self.init(buckets: buckets, min: point.min, max: point.max)
    }

    /// The number of values in the buckets.
    public var count: UInt64 { buckets.reduce(0) { $0 + $1.count } }

    /// The estimated `quantile` (0…1, such as 0.99); `nil` for an empty histogram.
    public func estimate(_ quantile: Double) -> Double? {
        let total = count
        guard total > 0 else { return nil }
        let q = Swift.min(1, Swift.max(0, quantile.isNaN ? 0 : quantile))
        let rank = q * Double(total)
        var seen: UInt64 = 0
        var estimate = buckets.last { $0.count > 0 }?.upper ?? 0
        for bucket in buckets where bucket.count > 0 {
            let before = Double(seen)
            seen += bucket.count
            if Double(seen) >= rank {
                let fraction = (rank - before) / Double(bucket.count)
                estimate = bucket.lower + (bucket.upper - bucket.lower) * Swift.max(0, fraction)
                break
            }
        }
        if let min { estimate = Swift.max(estimate, min) }
        if let max { estimate = Swift.min(estimate, max) }
        return estimate
    }

    /// `base` raised to `exponent` (the C library's `exp2` and `log2`).
    static func power(_ base: Double, _ exponent: Double) -> Double {
        guard base > 0 else { return 0 }
        return exp2(exponent * log2(base))
    }
}
