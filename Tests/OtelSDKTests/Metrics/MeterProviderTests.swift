import OtelAPI
import Testing

@testable import OtelSDK

@Suite("Meter provider")
struct MeterProviderTests {
    @Test func sameInstrumentTwiceSharesItsAggregation() throws {
        let harness = ManualHarness()
        harness.meter.counter("c").add(1)
        harness.provider.meter("tests").counter("C").add(2)
        let sum = try #require(try harness.metric("c")?.sum)
        #expect(sum.points.first?.value == .int(3))
    }

    @Test func sameNameWithAnotherUnitIsAnotherInstrument() throws {
        let harness = ManualHarness()
        harness.meter.histogram("codex.api").record(15)
        harness.meter.histogram("codex.api", unit: "ms", description: "Duration in milliseconds.").record(20)
        let metrics = try harness.collect().metrics(named: "codex.api")
        #expect(metrics.count == 2)
        #expect(Set(metrics.map(\.unit)) == ["", "ms"])
    }

    @Test func metersOfDifferentScopesAreGrouped() throws {
        let harness = ManualHarness()
        harness.provider.meter("a", version: "1.0").counter("x").add(1)
        harness.provider.meter("b").counter("x").add(1)
        let collected = try harness.collect()
        #expect(collected.scopeMetrics.map(\.scope.name) == ["a", "b"])
        #expect(collected.scopeMetrics.first?.scope.version == "1.0")
        #expect(collected.pointCount == 2)
    }

    @Test func metersAfterShutdownRecordNothing() throws {
        let harness = ManualHarness()
        _ = harness.provider.shutdown()
        let meter = harness.provider.meter("late")
        #expect(meter is NoOpMeter)
    }

    @Test func invalidCardinalityLimitFallsBackToTheDefault() {
        let provider = SDKMeterProvider(resource: Resource(), cardinalityLimit: 0, environment: OtelEnvironment([:]))
        #expect(provider.cardinalityLimit == 2000)
    }

    @Test func instrumentNameSyntax() {
        #expect(InstrumentName.isValid("codex.tool.call"))
        #expect(InstrumentName.isValid("a/b-c_d"))
        #expect(!InstrumentName.isValid(""))
        #expect(!InstrumentName.isValid("1abc"))
        #expect(!InstrumentName.isValid("has space"))
        #expect(!InstrumentName.isValid(String(repeating: "a", count: 256)))
    }

    @Test func otherMetricNumericTypesRecordThroughDoubles() throws {
        let harness = ManualHarness()
        let counter = harness.meter.makeCounter(InstrumentDescriptor(name: "f", kind: .counter), of: Half.self)
        counter.add(Half(1.5))
        counter.bind([:]).add(Half(2))
        #expect(try harness.metric("f")?.sum?.points.first?.value == .double(3.5))
    }
}

/// An application's own numeric type.
struct Half: MetricNumeric {
    var value: Double
    init(_ value: Double) { self.value = value }
    static var zero: Half { Half(0) }
    static func + (lhs: Half, rhs: Half) -> Half { Half(lhs.value + rhs.value) }
    static func - (lhs: Half, rhs: Half) -> Half { Half(lhs.value - rhs.value) }
    static func < (lhs: Half, rhs: Half) -> Bool { lhs.value < rhs.value }
    var doubleValue: Double { value }
    var isNegative: Bool { value < 0 }
}
