import OtelAPI
import Testing

@testable import OtelSDK

/// An explicit-bucket histogram series keeps one part per recording shard; these tests check
/// that a collection merges the parts exactly (count, sum, min, max, every bucket), that delta
/// collections empty every part, and that concurrent recorders lose nothing.
@Suite("Explicit-bucket histograms in parts")
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
}
