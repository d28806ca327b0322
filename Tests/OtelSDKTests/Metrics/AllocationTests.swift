import AllocationCounter
import OtelAPI
import Testing

@testable import OtelSDK

/// Counts the heap allocations `body` makes on the calling thread.
private func allocations(_ body: () -> Void) -> Int64 {
    allocation_counter_start()
    body()
    return allocation_counter_stop()
}

@Suite("Recording allocates nothing once the series exists")
struct AllocationTests {
    @Test func counterWithAttributes() {
        let harness = ManualHarness()
        let counter = harness.meter.counter("c")
        let attributes: Attributes = ["model": "gpt-5-codex", "source": "cli", "route": "responses"]
        counter.add(1, attributes: attributes)
        let count = allocations {
            for _ in 0..<1_000 { counter.add(1, attributes: attributes) }
        }
        #expect(count == 0)
    }

    @Test func boundCounterAndHistograms() {
        let harness = ManualHarness(temporality: .delta)
        let counter = harness.meter.counter("c")
        let doubles = harness.meter.doubleCounter("d")
        let histogram = harness.meter.histogram("h")
        let gauge = harness.meter.gauge("g")
        let attributes: Attributes = ["model": "gpt-5-codex", "status": 200]
        let bound = counter.bind(attributes)
        let boundHistogram = histogram.bind(attributes)
        let record = { (index: Int) in
            bound.add(1)
            boundHistogram.record(Double(index))
            histogram.record(Double(index), attributes: attributes)
            doubles.add(0.5, attributes: attributes)
            gauge.record(Double(index), attributes: attributes)
        }
        // The first call creates the series and may instantiate type metadata.
        record(0)
        let count = allocations {
            for index in 0..<1_000 { record(index) }
        }
        #expect(count == 0)
    }

    @Test func exponentialHistogramOnceItsRangeIsSet() {
        let harness = ManualHarness(views: [View(instrumentName: "e", aggregation: .base2ExponentialHistogram())])
        let histogram = harness.meter.histogram("e")
        for value in 1...100 { histogram.record(Double(value)) }
        let count = allocations {
            for value in 1...1_000 { histogram.record(Double(value % 100 + 1)) }
        }
        #expect(count == 0)
    }

    @Test func tagPairs() {
        let harness = ManualHarness()
        let instrument = harness.provider.syncInstrument(
            InstrumentDescriptor(name: "t", kind: .counter), scope: InstrumentationScope(name: "tests"), isDouble: false
        )
        let defaults = [("service_name", "codex")]
        let tags = [("model", "gpt-5-codex"), ("source", "cli"), ("route", "responses")]
        let record = {
            defaults.withUnsafeBufferPointer { first in
                tags.withUnsafeBufferPointer { second in
                    _ = instrument.record(Int64(1), tags: TagPairs(first: first, second: second), admit: { true })
                }
            }
        }
        record()
        let count = allocations {
            for _ in 0..<1_000 { record() }
        }
        #expect(count == 0)
    }
}
