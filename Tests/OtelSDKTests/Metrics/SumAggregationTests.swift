import OtelAPI
import Testing

@testable import OtelSDK

@Suite("Sum aggregation")
struct SumAggregationTests {
    @Test func integerCounterSumsPerAttributeSet() throws {
        let harness = ManualHarness()
        let counter = harness.meter.counter("requests", unit: "{request}", description: "Requests served.")
        counter.add(2, attributes: ["route": "chat"])
        counter.add(3, attributes: ["route": "chat"])
        counter.add(7, attributes: ["route": "tools"])
        counter.add(1)

        let metric = try #require(try harness.metric("requests"))
        #expect(metric.unit == "{request}")
        #expect(metric.description == "Requests served.")
        let sum = try #require(metric.sum)
        #expect(sum.isMonotonic)
        #expect(sum.aggregationTemporality == .cumulative)
        #expect(sum.points.count == 3)
        #expect(sum.points.point(["route": "chat"])?.value == .int(5))
        #expect(sum.points.point(["route": "tools"])?.value == .int(7))
        #expect(sum.points.point([:])?.value == .int(1))
    }

    @Test func attributeOrderDoesNotSplitSeries() throws {
        let harness = ManualHarness()
        let counter = harness.meter.counter("turns")
        counter.add(1, attributes: ["model": "m", "source": "s", "route": "r"])
        counter.add(1, attributes: ["route": "r", "model": "m", "source": "s"])
        counter.add(1, attributes: ["source": "s", "route": "r", "model": "m"])
        let sum = try #require(try harness.metric("turns")?.sum)
        #expect(sum.points.count == 1)
        #expect(sum.points.first?.value == .int(3))
    }

    @Test func counterIgnoresNegativeAndNonFiniteValues() throws {
        let harness = ManualHarness()
        let counter = harness.meter.counter("count")
        let doubles = harness.meter.doubleCounter("amount")
        counter.add(5)
        counter.add(-3)
        doubles.add(1.5)
        doubles.add(-1)
        doubles.add(.nan)
        doubles.add(.infinity)
        doubles.add(2.25)
        let collected = try harness.collect()
        #expect(collected.metric(named: "count")?.sum?.points.first?.value == .int(5))
        #expect(collected.metric(named: "amount")?.sum?.points.first?.value == .double(3.75))
    }

    @Test func upDownCounterGoesBothWays() throws {
        let harness = ManualHarness()
        let active = harness.meter.upDownCounter("active")
        active.add(5, attributes: ["pool": "a"])
        active.add(-7, attributes: ["pool": "a"])
        let sum = try #require(try harness.metric("active")?.sum)
        #expect(!sum.isMonotonic)
        #expect(sum.points.first?.value == .int(-2))
    }

    @Test func boundHandlesRecordIntoTheSameSeries() throws {
        let harness = ManualHarness()
        let counter = harness.meter.counter("bound")
        let bound = counter.bind(["k": "v"])
        for _ in 0..<10 { bound.add(2) }
        bound.add(-1)
        counter.add(1, attributes: ["k": "v"])
        let sum = try #require(try harness.metric("bound")?.sum)
        #expect(sum.points.count == 1)
        #expect(sum.points.first?.value == .int(21))
    }

    @Test func nonStringAttributesIdentifySeries() throws {
        let harness = ManualHarness()
        let counter = harness.meter.counter("typed")
        counter.add(1, attributes: ["code": 200, "ok": true, "ratio": 0.5])
        counter.add(1, attributes: ["code": 200, "ok": true, "ratio": 0.5])
        counter.add(1, attributes: ["code": "200", "ok": true, "ratio": 0.5])
        counter.add(1, attributes: ["ratio": .double(.nan)])
        counter.add(1, attributes: ["ratio": .double(.nan)])
        let sum = try #require(try harness.metric("typed")?.sum)
        #expect(sum.points.count == 3)
        #expect(sum.points.point(["code": 200, "ok": true, "ratio": 0.5])?.value == .int(2))
        #expect(sum.points.point(["code": "200", "ok": true, "ratio": 0.5])?.value == .int(1))
        #expect(sum.points.first { $0.attributes["ratio"].map { "\($0)" } == "nan" }?.value == .int(2))
    }

    @Test func longStringsMatchTheirInlineEquals() throws {
        let harness = ManualHarness()
        let counter = harness.meter.counter("long")
        let long = "a-model-name-longer-than-fifteen-bytes"
        var heapShort = String()
        heapShort.reserveCapacity(64)
        heapShort += "cli"
        counter.add(1, attributes: ["model": .string(long), "source": "cli"])
        counter.add(
            1, attributes: ["model": .string(String(long.reversed().reversed())), "source": .string(heapShort)])
        let sum = try #require(try harness.metric("long")?.sum)
        #expect(sum.points.count == 1)
        #expect(sum.points.first?.value == .int(2))
    }
}
