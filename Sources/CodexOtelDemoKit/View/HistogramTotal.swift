import OtelAPI
import OtelSDK

/// A histogram series' totals, mergeable across delta points.
struct HistogramTotal {
    var count: UInt64
    var sum: Double
    var min: Double?
    var max: Double?
    var time: Timestamp
    /// Explicit bounds and counts, while every merged point had the same bounds.
    var explicitBounds: [Double]?
    var bucketCounts: [UInt64]
    /// Buckets that could not be merged by index (exponential points, or mismatched bounds).
    var otherBuckets: [HistogramPercentiles.Bucket]

    init(_ point: HistogramDataPoint) {
        count = point.count
        sum = point.sum
        min = point.min
        max = point.max
        time = point.time
        if point.bucketCounts.count == point.explicitBounds.count + 1 {
            explicitBounds = point.explicitBounds
            bucketCounts = point.bucketCounts
        } else {
            explicitBounds = nil
            bucketCounts = []
        }
        otherBuckets = []
    }

    init(_ point: ExponentialHistogramDataPoint) {
        count = point.count
        sum = point.sum
        min = point.min
        max = point.max
        time = point.time
        explicitBounds = nil
        bucketCounts = []
        otherBuckets = HistogramPercentiles(point).buckets
    }

    /// Adds `other`'s values.
    mutating func merge(_ other: HistogramTotal) {
        count += other.count
        sum += other.sum
        min = [min, other.min].compactMap { $0 }.min()
        max = [max, other.max].compactMap { $0 }.max()
        time = Swift.max(time, other.time)
        if let bounds = explicitBounds, let otherBounds = other.explicitBounds, bounds == otherBounds {
            bucketCounts = zip(bucketCounts, other.bucketCounts).map { $0 + $1 }
        } else {
            otherBuckets += Self.boundedBuckets(other.explicitBounds, other.bucketCounts)
        }
        otherBuckets += other.otherBuckets
    }

    /// The percentile estimator over every bucket.
    var estimator: HistogramPercentiles {
        var buckets = Self.boundedBuckets(explicitBounds, bucketCounts, min: min, max: max) + otherBuckets
        buckets.sort { $0.lower != $1.lower ? $0.lower < $1.lower : $0.upper < $1.upper }
        return HistogramPercentiles(buckets: buckets, min: min, max: max)
    }

    private static func boundedBuckets(
        _ bounds: [Double]?, _ counts: [UInt64], min: Double? = nil, max: Double? = nil
    ) -> [HistogramPercentiles.Bucket] {
        guard let bounds else { return [] }
        return HistogramPercentiles(explicitBounds: bounds, bucketCounts: counts, min: min, max: max).buckets
    }
}
