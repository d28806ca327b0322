import OtelAPI
import Testing

@testable import OtelSDK

@Suite("Base-2 exponential histograms")
struct ExponentialHistogramTests {
    private func accumulate(
        _ values: [Double], maxSize: Int = 160, maxScale: Int = 20
    ) -> ExponentialHistogramAccumulator {
        var accumulator = ExponentialHistogramAccumulator(maxSize: maxSize, maxScale: maxScale)
        for value in values { accumulator.record(value) }
        return accumulator
    }

    @Test func mappingAtNonPositiveScales() {
        #expect(ExponentialMapping.index(of: 1, scale: 0) == -1)
        #expect(ExponentialMapping.index(of: 2, scale: 0) == 0)
        #expect(ExponentialMapping.index(of: 3, scale: 0) == 1)
        #expect(ExponentialMapping.index(of: 4, scale: 0) == 1)
        #expect(ExponentialMapping.index(of: 0.5, scale: 0) == -2)
        #expect(ExponentialMapping.index(of: 4, scale: -1) == 0)
        #expect(ExponentialMapping.index(of: 5, scale: -1) == 1)
        #expect(ExponentialMapping.index(of: .leastNonzeroMagnitude, scale: 0) == -1075)
        #expect(ExponentialMapping.index(of: .greatestFiniteMagnitude, scale: 0) == 1023)
    }

    @Test func mappingAtPositiveScales() {
        #expect(ExponentialMapping.index(of: 1, scale: 1) == -1)
        #expect(ExponentialMapping.index(of: 2, scale: 1) == 1)
        #expect(ExponentialMapping.index(of: 1.5, scale: 1) == 1)
        #expect(ExponentialMapping.index(of: 1.2, scale: 1) == 0)
        #expect(ExponentialMapping.index(of: 4, scale: 20) == (2 << 20) - 1)
        for value in [3.0, 0.001, 12_345.678, 1e300, Double.leastNormalMagnitude / 3] {
            for scale in [1, 5, 20] {
                let index = ExponentialMapping.index(of: value, scale: scale)
                let lower = ExponentialMapping.lowerBoundary(index: index, scale: scale)
                let upper = ExponentialMapping.lowerBoundary(index: index + 1, scale: scale)
                #expect(lower < value * (1 + 1e-12), "\(value) at scale \(scale) above its bucket's lower bound")
                #expect(value <= upper * (1 + 1e-12), "\(value) at scale \(scale) below its bucket's upper bound")
            }
        }
    }

    @Test func powersOfTwoWithFourBuckets() {
        let state = accumulate([2, 4, 1], maxSize: 4)
        #expect(state.scale == 0)
        #expect(state.positive.exported == ExponentialHistogramBuckets(offset: -1, bucketCounts: [1, 1, 1]))
        #expect(state.negative.exported == .empty)
        #expect(state.count == 3)
        #expect(state.sum == 7)
        #expect(state.min == 1)
        #expect(state.max == 4)
    }

    @Test func scaleFallsOnlyAsFarAsTheRangeNeeds() {
        let state = accumulate([1, 2, 4])
        #expect(state.scale == 6)
        let buckets = state.positive.exported
        #expect(buckets.offset == -1)
        #expect(buckets.bucketCounts.count == 129)
        #expect(buckets.bucketCounts[0] == 1)
        #expect(buckets.bucketCounts[64] == 1)
        #expect(buckets.bucketCounts[128] == 1)
        #expect(buckets.bucketCounts.reduce(0, +) == 3)
    }

    @Test func singleValueKeepsTheFinestScale() {
        let state = accumulate([3])
        #expect(state.scale == 20)
        #expect(state.positive.exported.bucketCounts == [1])
        #expect(Int(state.positive.exported.offset) == ExponentialMapping.index(of: 3, scale: 20))
    }

    @Test func zerosNegativesAndNonFiniteValues() {
        let state = accumulate([0, -1, -2, 0, .nan, .infinity, -.infinity, 3])
        #expect(state.count == 5)
        #expect(state.zeroCount == 2)
        #expect(state.sum == 0)
        #expect(state.min == -2)
        #expect(state.max == 3)
        #expect(state.negative.exported.bucketCounts.reduce(0, +) == 2)
        #expect(state.positive.exported.bucketCounts.reduce(0, +) == 1)
        // Both signs share the scale, set by the widest side's needs.
        #expect(state.scale <= 20)
    }

    @Test func wideRangesStayWithinMaxSize() {
        var values: [Double] = []
        var value = 1e-9
        while value < 1e12 {
            values.append(value)
            value *= 1.7
        }
        let state = accumulate(values, maxSize: 20)
        #expect(state.positive.counts.count <= 20)
        #expect(state.positive.exported.bucketCounts.reduce(0, +) == UInt64(values.count))
        for value in values {
            let index = ExponentialMapping.index(of: value, scale: state.scale)
            #expect(index >= state.positive.start && index < state.positive.end)
        }
    }

    @Test func aggregationThroughAViewAndDeltaReset() throws {
        let harness = ManualHarness(
            temporality: .delta,
            views: [View(instrumentName: "latency", aggregation: .base2ExponentialHistogram(maxSize: 4))])
        let histogram = harness.meter.histogram("latency")
        for value in [2.0, 4, 1] { histogram.record(value, attributes: ["route": "chat"]) }
        let data = try #require(try harness.metric("latency")?.exponentialHistogram)
        #expect(data.aggregationTemporality == .delta)
        let point = try #require(data.points.first)
        #expect(point.scale == 0)
        #expect(point.positive == ExponentialHistogramBuckets(offset: -1, bucketCounts: [1, 1, 1]))
        #expect(point.count == 3)
        #expect(point.zeroThreshold == 0)
        #expect(point.attributes == ["route": "chat"])
        histogram.record(3, attributes: ["route": "chat"])
        let next = try #require(try harness.metric("latency")?.exponentialHistogram?.points.first)
        #expect(next.count == 1)
        #expect(next.scale == 20, "a delta reset returns to the finest scale")
        #expect(next.startTime == point.time)
    }
}
