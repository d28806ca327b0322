import OtelAPI
import Testing

@testable import OtelSDK

@Suite("Cardinality limit")
struct CardinalityTests {
    @Test func overflowSeriesTakesNewAttributeSetsBeyondTheLimit() throws {
        let harness = ManualHarness(cardinalityLimit: 3)
        let counter = harness.meter.counter("c")
        for round in 1...2 {
            for id in 0..<10 { counter.add(Int64(round), attributes: ["id": .int(Int64(id))]) }
        }
        let sum = try #require(try harness.metric("c")?.sum)
        #expect(sum.points.count == 4)
        for id in 0..<3 { #expect(sum.points.point(["id": .int(Int64(id))])?.value == .int(3)) }
        let overflow = try #require(sum.points.point(["otel.metric.overflow": true]))
        #expect(overflow.value == .int(7 * 3))
        let total = sum.points.compactMap(\.value.int).reduce(0, +)
        #expect(total == 30)
    }

    @Test func viewLimitOverridesTheProvider() throws {
        let harness = ManualHarness(views: [View(instrumentName: "h", cardinalityLimit: 1)], cardinalityLimit: 100)
        let histogram = harness.meter.histogram("h")
        histogram.record(1, attributes: ["a": "1"])
        histogram.record(2, attributes: ["a": "2"])
        histogram.record(3, attributes: ["a": "3"])
        let points = try #require(try harness.metric("h")?.histogram?.points)
        #expect(points.count == 2)
        #expect(points.point(["a": "1"])?.count == 1)
        #expect(points.point(["otel.metric.overflow": true])?.count == 2)
        #expect(points.point(["otel.metric.overflow": true])?.sum == 5)
    }

    @Test func deltaForgettingFreesRoomUnderTheLimit() throws {
        let harness = ManualHarness(temporality: .delta, cardinalityLimit: 2)
        let counter = harness.meter.counter("c")
        counter.add(1, attributes: ["id": "a"])
        counter.add(1, attributes: ["id": "b"])
        counter.add(1, attributes: ["id": "c"])
        #expect(try harness.metric("c")?.sum?.points.point(["otel.metric.overflow": true])?.value == .int(1))
        _ = try harness.collect()  // idle: a and b are forgotten
        counter.add(5, attributes: ["id": "c"])
        let sum = try #require(try harness.metric("c")?.sum)
        #expect(sum.points.count == 1)
        #expect(sum.points.point(["id": "c"])?.value == .int(5))
    }

    @Test func observableInstrumentsOverflowToo() throws {
        let harness = ManualHarness(cardinalityLimit: 2)
        let registration = harness.meter.observableCounter("o") { observation in
            for id in 0..<5 { observation.observe(10, attributes: ["id": .int(Int64(id))]) }
        }
        defer { registration.unregister() }
        let sum = try #require(try harness.metric("o")?.sum)
        #expect(sum.points.count == 3)
        #expect(sum.points.point(["otel.metric.overflow": true])?.value == .int(30))
    }
}
