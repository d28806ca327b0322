import OtelAPI
import Testing

@testable import OtelSDK

/// Histogram series keep one part per recording shard; these tests check that a collection
/// merges the parts exactly (count, sum, min, max, every bucket, and for exponential histograms
/// the scale one accumulator would have reached), that delta collections empty every part, and
/// that concurrent recorders lose nothing.
@Suite("Histograms in parts")
struct ShardedHistogramTests {
    @Test func partsMergeIntoOnePoint() throws {
        let bounds: [Double] = [10, 100]
        try bounds.withUnsafeBufferPointer { bounds in
            let cell = ExplicitHistogramCell.allocate(bounds: try #require(bounds.baseAddress), count: 2, shards: 4)
            defer { cell.deallocate() }
            #expect(cell.snapshot(reset: false) == nil)
            #expect(!cell.hasPendingData)
            cell.record(5, shard: 0)
            cell.record(50, shard: 1)
            cell.record(-3, shard: 2)
            cell.record(500, shard: 3)
            cell.record(10, shard: 1)
            cell.record(7)  // the calling thread's part, whichever it is
            #expect(cell.hasPendingData)
            let merged = try #require(cell.snapshot(reset: false))
            #expect(merged.count == 6)
            #expect(merged.sum == 569)
            #expect(merged.min == -3)
            #expect(merged.max == 500)
            #expect(merged.buckets == [4, 1, 1])
            // Without reset the totals stay; with it every part empties.
            #expect(cell.snapshot(reset: true)?.count == 6)
            #expect(cell.snapshot(reset: false) == nil)
            #expect(cell.takeMark())
            #expect(!cell.takeMark())
            #expect(!cell.hasPendingData)
            cell.record(1000, shard: 3)
            let next = try #require(cell.snapshot(reset: true))
            #expect(next.count == 1)
            #expect(next.min == 1000)
            #expect(next.max == 1000)
            #expect(next.buckets == [0, 0, 1])
        }
    }

    @Test func concurrentBoundAndLookedUpRecordingsMergeExactly() async throws {
        let harness = ManualHarness()
        let histogram = harness.meter.histogram("h", boundaries: [10, 100])
        let attributes: Attributes = ["route": "chat"]
        let bound = histogram.bind(attributes)
        let tasks = 8
        let perTask = 3_000
        await withTaskGroup(of: Void.self) { group in
            for task in 0..<tasks {
                group.addTask {
                    for index in 0..<perTask {
                        // Values 1, 20 and 300 in turn: one per bucket.
                        let value = [1.0, 20, 300][index % 3]
                        if task.isMultiple(of: 2) {
                            bound.record(value)
                        } else {
                            histogram.record(value, attributes: attributes)
                        }
                    }
                }
            }
        }
        let point = try #require(try harness.metric("h")?.histogram?.points.point(attributes))
        let total = UInt64(tasks * perTask)
        #expect(point.count == total)
        #expect(point.sum == Double(tasks * perTask / 3) * 321)
        #expect(point.min == 1)
        #expect(point.max == 300)
        #expect(point.bucketCounts == [total / 3, total / 3, total / 3])
    }

    @Test func deltaCollectionsDuringRecordingLoseNothing() async throws {
        let harness = ManualHarness(temporality: .delta)
        let histogram = harness.meter.histogram("h", boundaries: [10])
        let bound = histogram.bind(["pinned": "yes"])
        let tasks = 4
        let perTask = 5_000
        let collector = Task {
            var points: [HistogramDataPoint] = []
            for _ in 0..<40 {
                points += (try? harness.metric("h")?.histogram?.points) ?? []
                try? await Task.sleep(for: .milliseconds(1))
            }
            return points
        }
        await withTaskGroup(of: Void.self) { group in
            for _ in 0..<tasks {
                group.addTask {
                    for index in 0..<perTask {
                        bound.record(Double(index % 20))
                        histogram.record(Double(index % 20), attributes: ["looked": "up"])
                    }
                }
            }
        }
        var points = await collector.value
        points += try harness.metric("h")?.histogram?.points ?? []
        // Every point is consistent (its buckets add up to its count), and nothing is lost.
        for point in points { #expect(point.bucketCounts.reduce(0, +) == point.count) }
        #expect(points.reduce(0) { $0 + $1.count } == UInt64(tasks * perTask * 2))
        #expect(points.reduce(0) { $0 + $1.sum } == Double(tasks * perTask * 2 / 20) * 190)
    }

    // MARK: - Exponential histograms

    /// Values over a wide range, both signs and zeros; integers and halves, so that every sum is
    /// exact in any order.
    private static let spread: [Double] = (0..<600).map { index in
        let magnitude = Double(1 << (index % 40)) + Double(index % 7) / 2
        return index % 11 == 0 ? 0 : (index % 5 == 0 ? -magnitude : magnitude)
    }

    @Test func mergedAccumulatorsEqualOneThatSawEveryValue() {
        for maxSize in [4, 20, 160] {
            var whole = ExponentialHistogramAccumulator(maxSize: maxSize, maxScale: 20)
            var parts = (0..<3).map { _ in ExponentialHistogramAccumulator(maxSize: maxSize, maxScale: 20) }
            for (index, value) in Self.spread.enumerated() {
                whole.record(value)
                // Uneven parts: the first sees small values only, so it keeps a finer scale.
                parts[abs(value) < 1_000 ? 0 : 1 + index % 2].record(value)
            }
            #expect(parts[0].scale > parts[1].scale, "the parts reached different scales (maxSize \(maxSize))")
            var merged = parts[0]
            merged.merge(parts[1])
            merged.merge(parts[2])
            merged.merge(ExponentialHistogramAccumulator(maxSize: maxSize, maxScale: 20))
            #expect(merged.scale == whole.scale, "maxSize \(maxSize)")
            #expect(merged.positive == whole.positive, "maxSize \(maxSize)")
            #expect(merged.negative == whole.negative, "maxSize \(maxSize)")
            #expect(merged.count == whole.count)
            #expect(merged.zeroCount == whole.zeroCount)
            #expect(merged.sum == whole.sum)
            #expect(merged.min == whole.min)
            #expect(merged.max == whole.max)
            #expect(merged.positive.counts.count <= maxSize && merged.negative.counts.count <= maxSize)
        }
    }

    @Test func exponentialSeriesMergesItsParts() throws {
        let series = ExponentialHistogramSeries(
            attributes: [:], hash: 0, startTime: .now(), maxSize: 20, maxScale: 20, shards: 4)
        var whole = ExponentialHistogramAccumulator(maxSize: 20, maxScale: 20)
        for (index, value) in Self.spread.enumerated() {
            whole.record(value)
            series.record(value, shard: index % 4)
        }
        series.recordBound(3)
        whole.record(3)
        #expect(series.takeMark())
        #expect(!series.takeMark())
        #expect(series.hasPendingData)
        let merged = try #require(series.snapshot(reset: true))
        #expect(merged.scale == whole.scale)
        #expect(merged.positive == whole.positive)
        #expect(merged.negative == whole.negative)
        #expect(merged.count == whole.count)
        #expect(merged.sum == whole.sum)
        #expect(series.snapshot(reset: false) == nil)
        #expect(!series.hasPendingData)
    }

    @Test func concurrentExponentialRecordingsMergeExactly() async throws {
        let harness = ManualHarness(
            views: [View(instrumentName: "e", aggregation: .base2ExponentialHistogram(maxSize: 20))])
        let histogram = harness.meter.histogram("e")
        let attributes: Attributes = ["route": "chat"]
        let bound = histogram.bind(attributes)
        let tasks = 8
        await withTaskGroup(of: Void.self) { group in
            for task in 0..<tasks {
                group.addTask {
                    for value in Self.spread {
                        if task.isMultiple(of: 2) {
                            bound.record(value)
                        } else {
                            histogram.record(value, attributes: attributes)
                        }
                    }
                }
            }
        }
        var whole = ExponentialHistogramAccumulator(maxSize: 20, maxScale: 20)
        for _ in 0..<tasks { for value in Self.spread { whole.record(value) } }
        let point = try #require(try harness.metric("e")?.exponentialHistogram?.points.first)
        #expect(point.count == whole.count)
        #expect(point.sum == whole.sum)
        #expect(point.scale == Int32(whole.scale))
        #expect(point.zeroCount == whole.zeroCount)
        #expect(point.positive == whole.positive.exported)
        #expect(point.negative == whole.negative.exported)
    }
}
