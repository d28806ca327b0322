import OtelAPI
import Testing

@testable import OtelSDK

@Suite("Explicit-bucket histograms and gauges")
struct HistogramAndGaugeTests {
    @Test func defaultBoundariesCountSumMinMax() throws {
        let harness = ManualHarness()
        let histogram = harness.meter.histogram("latency", unit: "ms")
        for value in [0.0, 3, 5, 7, 10_000, 20_000, 42] { histogram.record(value, attributes: ["route": "chat"]) }
        histogram.record(.nan, attributes: ["route": "chat"])
        histogram.record(.infinity, attributes: ["route": "chat"])
        let data = try #require(try harness.metric("latency")?.histogram)
        let point = try #require(data.points.point(["route": "chat"]))
        #expect(point.explicitBounds == [0, 5, 10, 25, 50, 75, 100, 250, 500, 750, 1000, 2500, 5000, 7500, 10000])
        #expect(point.count == 7)
        #expect(point.sum == 30_057)
        #expect(point.min == 0)
        #expect(point.max == 20_000)
        // Buckets: (-inf,0] (0,5] (5,10] (10,25] (25,50] ... (7500,10000] (10000,+inf)
        var expected = [UInt64](repeating: 0, count: 16)
        expected[0] = 1  // 0
        expected[1] = 2  // 3, 5 (upper bound inclusive)
        expected[2] = 1  // 7
        expected[4] = 1  // 42
        expected[14] = 1  // 10000
        expected[15] = 1  // 20000
        #expect(point.bucketCounts == expected)
        #expect(point.bucketCounts.reduce(0, +) == point.count)
    }

    @Test func advisoryBoundariesAreHonored() throws {
        let harness = ManualHarness()
        let histogram = harness.meter.intHistogram("sizes", boundaries: [10, 100])
        for value: Int64 in [1, 10, 11, 100, 101, -5] { histogram.record(value) }
        let point = try #require(try harness.metric("sizes")?.histogram?.points.first)
        #expect(point.explicitBounds == [10, 100])
        #expect(point.bucketCounts == [3, 2, 1])
        #expect(point.min == -5)
        #expect(point.max == 101)
        #expect(point.sum == 218)
    }

    @Test func invalidAdvisoryBoundariesFallBackToDefaults() throws {
        let harness = ManualHarness()
        harness.meter.histogram("bad", boundaries: [5, 1]).record(1)
        let point = try #require(try harness.metric("bad")?.histogram?.points.first)
        #expect(point.explicitBounds == BucketBounds.defaultBoundaries)
    }

    @Test func boundHistogramRecords() throws {
        let harness = ManualHarness()
        let bound = harness.meter.histogram("bound").bind(["k": "v"])
        bound.record(1)
        bound.record(2)
        let point = try #require(try harness.metric("bound")?.histogram?.points.first)
        #expect(point.count == 2)
        #expect(point.sum == 3)
        #expect(point.attributes == ["k": "v"])
    }

    @Test func gaugeKeepsTheLastValue() throws {
        let harness = ManualHarness()
        let gauge = harness.meter.gauge("temperature")
        gauge.record(20.5, attributes: ["room": "a"])
        gauge.record(19.0, attributes: ["room": "a"])
        gauge.record(30, attributes: ["room": "b"])
        let data = try #require(try harness.metric("temperature")?.gauge)
        #expect(data.points.point(["room": "a"])?.value == .double(19))
        #expect(data.points.point(["room": "b"])?.value == .double(30))
    }

    @Test func integerGaugeKeepsIntegers() throws {
        let harness = ManualHarness()
        let gauge = harness.meter.makeGauge(InstrumentDescriptor(name: "queue", kind: .gauge), of: Int64.self)
        gauge.record(4)
        gauge.record(-2)
        #expect(try harness.metric("queue")?.gauge?.points.first?.value == .int(-2))
    }
}
