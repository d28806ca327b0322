import OtelAPI
import Testing

@testable import OtelSDK

@Suite("Views")
struct ViewTests {
    @Test func renamesAndDescribes() throws {
        let harness = ManualHarness(views: [
            View(instrumentName: "Old.Name", name: "new.name", description: "Renamed.")
        ])
        harness.meter.counter("old.name").add(1)
        let collected = try harness.collect()
        #expect(collected.metric(named: "old.name") == nil)
        let metric = try #require(collected.metric(named: "new.name"))
        #expect(metric.description == "Renamed.")
        #expect(metric.sum?.points.first?.value == .int(1))
    }

    @Test func changesHistogramBoundaries() throws {
        let harness = ManualHarness(views: [
            View(instrumentName: "latency", aggregation: .explicitBucketHistogram(boundaries: [1, 2]))
        ])
        let histogram = harness.meter.histogram("latency", boundaries: [100])
        for value in [0.5, 1.5, 2.5, 3] { histogram.record(value) }
        let point = try #require(try harness.metric("latency")?.histogram?.points.first)
        #expect(point.explicitBounds == [1, 2])
        #expect(point.bucketCounts == [1, 1, 2])
    }

    @Test func keepsOnlyAllowedAttributeKeys() throws {
        let harness = ManualHarness(views: [View(instrumentName: "turns", attributeKeys: ["model"])])
        let counter = harness.meter.counter("turns")
        counter.add(1, attributes: ["model": "a", "user": "1"])
        counter.add(2, attributes: ["model": "a", "user": "2"])
        counter.add(4, attributes: ["user": "3", "model": "b"])
        let bound = counter.bind(["model": "b", "user": "4"])
        bound.add(8)
        let sum = try #require(try harness.metric("turns")?.sum)
        #expect(sum.points.count == 2)
        #expect(sum.points.point(["model": "a"])?.value == .int(3))
        #expect(sum.points.point(["model": "b"])?.value == .int(12))
    }

    @Test func dropsSelectedInstruments() throws {
        let harness = ManualHarness(views: [View.drop(instrumentName: "debug.*")])
        harness.meter.counter("debug.calls").add(1)
        harness.meter.histogram("debug.sizes").record(3)
        harness.meter.counter("kept").add(1)
        let collected = try harness.collect()
        #expect(collected.allMetrics.map(\.name) == ["kept"])
    }

    @Test func selectsByKindAndWildcard() throws {
        let harness = ManualHarness(views: [
            View(instrumentName: "codex.*", instrumentKind: .histogram, aggregation: .sum)
        ])
        harness.meter.histogram("codex.duration").record(2.5)
        harness.meter.histogram("codex.duration").record(1)
        harness.meter.counter("codex.count").add(1)
        let collected = try harness.collect()
        let duration = try #require(collected.metric(named: "codex.duration")?.sum)
        #expect(duration.isMonotonic)
        #expect(duration.points.first?.value == .double(3.5))
        #expect(collected.metric(named: "codex.count")?.sum != nil)
    }

    @Test func severalViewsMakeSeveralStreams() throws {
        let harness = ManualHarness(views: [
            View(
                instrumentName: "latency", name: "latency.coarse",
                aggregation: .explicitBucketHistogram(boundaries: [10])),
            View(instrumentName: "latency", name: "latency.exponential", aggregation: .base2ExponentialHistogram()),
        ])
        harness.meter.histogram("latency").record(4)
        let names = Set(try harness.collect().allMetrics.map(\.name))
        #expect(names == ["latency.coarse", "latency.exponential"])
    }

    @Test func invalidViewsAreIgnored() throws {
        let harness = ManualHarness(views: [
            View(instrumentName: "codex.*", name: "ambiguous"),
            View(instrumentName: "x", aggregation: .explicitBucketHistogram(boundaries: [2, 1])),
        ])
        #expect(harness.provider.views.isEmpty)
        harness.meter.counter("codex.turns").add(1)
        #expect(try harness.metric("codex.turns") != nil)
    }

    @Test(arguments: [
        ("codex.*", "codex.turns", true), ("codex.*", "other", false), ("*", "anything", true),
        ("codex.?urns", "codex.turns", true), ("CODEX.TURNS", "codex.turns", true), ("a*b*c", "aXXbYYc", true),
        ("a*b*c", "aXXbYY", false),
    ])
    func wildcardMatching(_ pattern: String, _ name: String, _ expected: Bool) {
        #expect(View.wildcardMatch(pattern: pattern, name) == expected)
    }
}
