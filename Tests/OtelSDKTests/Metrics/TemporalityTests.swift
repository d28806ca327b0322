import OtelAPI
import Testing

@testable import OtelSDK

@Suite("Temporality")
struct TemporalityTests {
    @Test func cumulativeStartTimeStaysFixed() throws {
        let harness = ManualHarness(temporality: .cumulative)
        let counter = harness.meter.counter("c")
        let before = Timestamp.now()
        counter.add(1)
        let first = try #require(try harness.metric("c")?.sum?.points.first)
        counter.add(2)
        let second = try #require(try harness.metric("c")?.sum?.points.first)
        #expect(first.startTime >= before)
        #expect(first.startTime <= first.time)
        #expect(second.startTime == first.startTime)
        #expect(second.time >= first.time)
        #expect(second.value == .int(3))
    }

    @Test func deltaStartsAtThePreviousCollection() throws {
        let harness = ManualHarness(temporality: .delta)
        let counter = harness.meter.counter("d")
        counter.add(1)
        let first = try #require(try harness.metric("d")?.sum)
        #expect(first.aggregationTemporality == .delta)
        counter.add(2)
        counter.add(3)
        let second = try #require(try harness.metric("d")?.sum?.points.first)
        let firstPoint = try #require(first.points.first)
        #expect(firstPoint.value == .int(1))
        #expect(second.value == .int(5))
        #expect(second.startTime == firstPoint.time)
        #expect(second.time >= second.startTime)
    }

    @Test func deltaHistogramResetsAndChainsWindows() throws {
        let harness = ManualHarness(temporality: .delta)
        let histogram = harness.meter.histogram("h")
        histogram.record(1)
        histogram.record(2)
        let first = try #require(try harness.metric("h")?.histogram?.points.first)
        histogram.record(10)
        let second = try #require(try harness.metric("h")?.histogram?.points.first)
        #expect(first.count == 2)
        #expect(second.count == 1)
        #expect(second.sum == 10)
        #expect(second.min == 10)
        #expect(second.startTime == first.time)
    }

    @Test func deltaForgetsSeriesThatSawNothing() throws {
        let harness = ManualHarness(temporality: .delta)
        let counter = harness.meter.counter("forget")
        for index in 0..<50 { counter.add(1, attributes: ["id": .int(Int64(index))]) }
        let stream = try #require(Self.sumStream(harness, "forget"))
        #expect(stream.series.count == 50)
        #expect(try harness.metric("forget")?.sum?.points.count == 50)
        // An idle interval: nothing to export, and the series are dropped from memory.
        counter.add(1, attributes: ["id": 7])
        let second = try #require(try harness.metric("forget")?.sum)
        #expect(second.points.count == 1)
        #expect(stream.series.count == 1)
        #expect(try harness.metric("forget") == nil)
        #expect(stream.series.count == 0)
    }

    @Test func deltaKeepsBoundSeriesAndTheirLateAdditions() throws {
        let harness = ManualHarness(temporality: .delta)
        let counter = harness.meter.counter("pinned")
        let bound = counter.bind(["k": "v"])
        bound.add(1)
        #expect(try harness.metric("pinned")?.sum?.points.first?.value == .int(1))
        #expect(try harness.metric("pinned") == nil)
        let stream = try #require(Self.sumStream(harness, "pinned"))
        #expect(stream.series.count == 1, "a bound series survives idle intervals")
        bound.add(4)
        #expect(try harness.metric("pinned")?.sum?.points.first?.value == .int(4))
    }

    @Test func cumulativeReaderSeesTotalsWhileDeltaReaderSeesChanges() throws {
        let cumulative = ManualMetricReader(temporality: .cumulative)
        let delta = ManualMetricReader(temporality: .delta)
        let provider = SDKMeterProvider(
            resource: Resource(), readers: [cumulative, delta], environment: OtelEnvironment([:]))
        let counter = provider.meter("two").counter("shared")
        counter.add(2)
        _ = try delta.collect()
        counter.add(3)
        #expect(try cumulative.collect().metric(named: "shared")?.sum?.points.first?.value == .int(5))
        #expect(try delta.collect().metric(named: "shared")?.sum?.points.first?.value == .int(3))
    }

    static func sumStream(_ harness: ManualHarness, _ name: String) -> SumStream? {
        let instrument = harness.provider.syncInstrument(
            InstrumentDescriptor(name: name, kind: .counter), scope: InstrumentationScope(name: "tests"),
            isDouble: false)
        if case .sum(let stream)? = instrument.sinks.first { return stream }
        return nil
    }
}

@Suite("Temporality preference")
struct TemporalityPreferenceTests {
    @Test func specificationTable() {
        let kinds: [InstrumentKind] = [
            .counter, .histogram, .observableCounter, .upDownCounter, .observableUpDownCounter, .gauge,
            .observableGauge,
        ]
        let delta = kinds.map { TemporalityPreference.delta.temporality(for: $0) }
        #expect(delta == [.delta, .delta, .delta, .cumulative, .cumulative, .delta, .delta])
        let lowMemory = kinds.map { TemporalityPreference.lowMemory.temporality(for: $0) }
        #expect(lowMemory == [.delta, .delta, .cumulative, .cumulative, .cumulative, .cumulative, .cumulative])
        #expect(kinds.allSatisfy { TemporalityPreference.cumulative.temporality(for: $0) == .cumulative })
    }

    @Test(arguments: [
        ("delta", TemporalityPreference.delta), ("DELTA", .delta), ("LowMemory", .lowMemory),
        ("cumulative", .cumulative), ("bogus", .cumulative), ("", .cumulative),
    ])
    func readsTheEnvironment(_ value: String, _ expected: TemporalityPreference) {
        let environment = OtelEnvironment(["OTEL_EXPORTER_OTLP_METRICS_TEMPORALITY_PREFERENCE": value])
        #expect(TemporalityPreference(environment: environment) == expected)
    }

    @Test func exporterPreferenceDrivesThePeriodicReader() throws {
        let exporter = InMemoryMetricExporter(temporality: .delta)
        let reader = PeriodicExportingMetricReader(exporter: exporter, interval: .seconds(3600))
        #expect(reader.temporality(for: .counter) == .delta)
        #expect(reader.temporality(for: .upDownCounter) == .cumulative)
    }
}
