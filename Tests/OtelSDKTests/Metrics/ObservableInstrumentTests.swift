import OtelAPI
import Synchronization
import Testing

@testable import OtelSDK

@Suite("Observable instruments")
struct ObservableInstrumentTests {
    @Test func callbackRunsExactlyOncePerCollection() throws {
        let harness = ManualHarness()
        let calls = Atomic<Int>(0)
        let registration = harness.meter.observableGauge("memory") { observation in
            let call = calls.wrappingAdd(1, ordering: .relaxed).newValue
            observation.observe(Double(call) * 10, attributes: ["kind": "heap"])
        }
        #expect(calls.load(ordering: .relaxed) == 0)
        #expect(try harness.metric("memory")?.gauge?.points.first?.value == .double(10))
        #expect(calls.load(ordering: .relaxed) == 1)
        #expect(try harness.metric("memory")?.gauge?.points.first?.value == .double(20))
        #expect(calls.load(ordering: .relaxed) == 2)
        registration.unregister()
        #expect(try harness.metric("memory") == nil)
        #expect(calls.load(ordering: .relaxed) == 2)
    }

    @Test func observableCounterCumulativeAndDelta() throws {
        let total = Atomic<Int64>(0)
        let cumulative = ManualMetricReader(temporality: .cumulative)
        let delta = ManualMetricReader(temporality: .delta)
        let provider = SDKMeterProvider(
            resource: Resource(), readers: [cumulative, delta], environment: OtelEnvironment([:]))
        let registration = provider.meter("o").observableCounter("bytes") { observation in
            observation.observe(total.load(ordering: .relaxed), attributes: ["dir": "in"])
        }
        defer { registration.unregister() }
        total.store(100, ordering: .relaxed)
        let firstDelta = try #require(try delta.collect().metric(named: "bytes")?.sum?.points.first)
        #expect(firstDelta.value == .int(100))
        total.store(130, ordering: .relaxed)
        let secondDelta = try #require(try delta.collect().metric(named: "bytes")?.sum)
        #expect(secondDelta.aggregationTemporality == .delta)
        #expect(secondDelta.points.first?.value == .int(30))
        #expect(secondDelta.points.first?.startTime == firstDelta.time)
        let cumulativePoints = try #require(try cumulative.collect().metric(named: "bytes")?.sum)
        #expect(cumulativePoints.aggregationTemporality == .cumulative)
        #expect(cumulativePoints.isMonotonic)
        #expect(cumulativePoints.points.first?.value == .int(130))
    }

    @Test func lastObservationOfAnAttributeSetWinsAndUnobservedSeriesVanish() throws {
        let harness = ManualHarness()
        let round = Atomic<Int>(0)
        let registration = harness.meter.observableUpDownCounter("queue") { observation in
            observation.observe(1, attributes: ["q": "a"])
            observation.observe(5, attributes: ["q": "a"])
            if round.load(ordering: .relaxed) == 0 { observation.observe(2, attributes: ["q": "b"]) }
        }
        defer { registration.unregister() }
        let first = try #require(try harness.metric("queue")?.sum)
        #expect(!first.isMonotonic)
        #expect(first.points.point(["q": "a"])?.value == .int(5))
        #expect(first.points.point(["q": "b"])?.value == .int(2))
        round.store(1, ordering: .relaxed)
        let second = try #require(try harness.metric("queue")?.sum)
        #expect(second.points.count == 1)
    }

    @Test func twoCallbacksOnOneInstrument() throws {
        let harness = ManualHarness()
        let first = harness.meter.observableGauge("g") { $0.observe(1, attributes: ["from": "first"]) }
        let second = harness.meter.observableGauge("g") { $0.observe(2, attributes: ["from": "second"]) }
        let points = try #require(try harness.metric("g")?.gauge?.points)
        #expect(points.count == 2)
        first.unregister()
        #expect(try harness.metric("g")?.gauge?.points.map(\.value) == [.double(2)])
        second.unregister()
    }
}
