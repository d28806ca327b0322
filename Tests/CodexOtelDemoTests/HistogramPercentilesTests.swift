import OtelAPI
import OtelSDK
import Testing

@testable import CodexOtelDemoKit

@Suite("Percentiles from buckets")
struct HistogramPercentilesTests {
    @Test("linear interpolation inside the bucket that holds the rank")
    func interpolation() {
        // (10, 25]: 1 value, (25, 50]: 2 values; no min or max known.
        let estimator = HistogramPercentiles(
            explicitBounds: [0, 5, 10, 25, 50], bucketCounts: [0, 0, 0, 1, 2, 0], min: nil, max: nil)
        #expect(estimator.count == 3)
        #expect(estimator.estimate(0.5) == 31.25)  // rank 1.5: 25 + 25 × 0.5/2
        #expect(estimator.estimate(0.9) == 46.25)  // rank 2.7: 25 + 25 × 1.7/2
        #expect(estimator.estimate(1) == 50)
        #expect(estimator.estimate(0) == 10)
    }

    @Test("the recorded min and max bound the estimate and close the open buckets")
    func openBucketsAndClamping() {
        // Everything above the last bound: (100, +inf) closed by max = 300.
        let above = HistogramPercentiles(explicitBounds: [10, 100], bucketCounts: [0, 0, 4], min: 120, max: 300)
        #expect(above.estimate(0.5) == 200)  // rank 2 of 4 in (100, 300]
        #expect(above.estimate(0.01) == 120)  // 102 clamped to min
        // Everything at or below the first bound: (-inf, 10] opened by min = 2.
        let below = HistogramPercentiles(explicitBounds: [10, 100], bucketCounts: [2, 0, 0], min: 2, max: 8)
        #expect(below.estimate(0.5) == 6)
        #expect(below.estimate(0.99) == 8)  // 9.92 clamped to max
        // Without min and max the open buckets collapse onto their finite edge.
        let unknown = HistogramPercentiles(explicitBounds: [10], bucketCounts: [0, 3], min: nil, max: nil)
        #expect(unknown.estimate(0.5) == 10)
    }

    @Test("an empty histogram, or counts that do not fit the bounds, has no percentile")
    func empty() {
        #expect(
            HistogramPercentiles(explicitBounds: [1, 2], bucketCounts: [0, 0, 0], min: nil, max: nil).estimate(0.5)
                == nil)
        #expect(
            HistogramPercentiles(explicitBounds: [1, 2], bucketCounts: [1, 1], min: nil, max: nil).estimate(0.5) == nil)
        #expect(HistogramPercentiles(buckets: []).estimate(0.99) == nil)
    }

    @Test("quantiles outside 0…1 are clamped")
    func clampedQuantile() {
        let estimator = HistogramPercentiles(explicitBounds: [10], bucketCounts: [0, 2], min: 10, max: 20)
        #expect(estimator.estimate(-1) == 10)
        #expect(estimator.estimate(7) == 20)
    }

    @Test("exponential histograms: buckets (base^i, base^(i+1)] from the scale and offset")
    func exponential() {
        let time = Timestamp(nanosecondsSinceEpoch: 1)
        let point = ExponentialHistogramDataPoint(
            attributes: [:], startTime: time, time: time, count: 3, sum: 6, min: nil, max: nil, scale: 0, zeroCount: 1,
            positive: ExponentialHistogramBuckets(offset: 0, bucketCounts: [1, 1]), negative: .empty)
        let estimator = HistogramPercentiles(point)
        #expect(estimator.buckets.map(\.upper) == [0, 2, 4])
        #expect(estimator.estimate(0.5) == 1.5)  // rank 1.5: zero bucket holds 1, then (1, 2]
        #expect(estimator.estimate(1) == 4)
    }

    @Test("the summary merges delta histogram points of a series before estimating")
    func mergedDeltaPoints() {
        let time = Timestamp(nanosecondsSinceEpoch: 1)
        func point(_ counts: [UInt64], sum: Double) -> HistogramDataPoint {
            HistogramDataPoint(
                attributes: ["k": "v"], startTime: time, time: time, count: counts.reduce(0, +), sum: sum, min: nil,
                max: nil, explicitBounds: [10, 20], bucketCounts: counts)
        }
        var total = HistogramTotal(point([1, 0, 0], sum: 5))
        total.merge(HistogramTotal(point([0, 3, 0], sum: 45)))
        #expect(total.count == 4 && total.sum == 50)
        #expect(total.bucketCounts == [1, 3, 0])
        #expect(total.estimator.estimate(0.5) == 10 + 10 * (1.0 / 3.0))
    }

    @Test("numbers are formatted without Foundation")
    func numberFormatting() {
        #expect(NumberFormatting.fixed(1.005, decimals: 1) == "1.0")
        #expect(NumberFormatting.fixed(-2.25, decimals: 1) == "-2.3")
        #expect(NumberFormatting.fixed(0.0004, decimals: 2) == "0.00")
        #expect(NumberFormatting.compact(12) == "12")
        #expect(NumberFormatting.compact(12.5) == "12.5")
        #expect(NumberFormatting.compact(1.0 / 3.0) == "0.33")
        #expect(NumberFormatting.duration(nanoseconds: 1_250_000_000) == "1.25 s")
        #expect(NumberFormatting.duration(nanoseconds: 12_340_000) == "12.3 ms")
        #expect(NumberFormatting.duration(nanoseconds: 456_400) == "456 us")
    }
}
