import OtelAPI
import Testing

@testable import OtelSDK

/// A provider with one manual reader, for tests that collect on demand.
struct ManualHarness {
    let reader: ManualMetricReader
    let provider: SDKMeterProvider
    let meter: any Meter

    init(
        temporality: TemporalityPreference = .cumulative, views: [View] = [],
        cardinalityLimit: Int = SDKMeterProvider.defaultCardinalityLimit
    ) {
        reader = ManualMetricReader(temporality: temporality)
        provider = SDKMeterProvider(
            resource: Resource(attributes: ["service.name": "metrics-tests"]), readers: [reader], views: views,
            cardinalityLimit: cardinalityLimit, environment: OtelEnvironment([:]))
        meter = provider.meter("tests")
    }

    /// Collects and returns every metric.
    func collect() throws -> ResourceMetrics { try reader.collect() }

    /// Collects and returns the metric named `name`.
    func metric(_ name: String) throws -> MetricData? { try collect().metric(named: name) }
}

extension Array where Element == NumberDataPoint {
    /// The point whose attributes equal `attributes`, ignoring order.
    func point(_ attributes: Attributes) -> NumberDataPoint? {
        first { CanonicalAttributes($0.attributes) == CanonicalAttributes(attributes) }
    }
}

extension Array where Element == HistogramDataPoint {
    /// The point whose attributes equal `attributes`, ignoring order.
    func point(_ attributes: Attributes) -> HistogramDataPoint? {
        first { CanonicalAttributes($0.attributes) == CanonicalAttributes(attributes) }
    }
}

extension NumberValue {
    /// The integer value, or `nil` for a double.
    var int: Int64? {
        if case .int(let value) = self { return value }
        return nil
    }

    /// The double value, or `nil` for an integer.
    var double: Double? {
        if case .double(let value) = self { return value }
        return nil
    }
}

/// Waits until `condition` holds or `timeout` passes; returns whether it held.
func eventually(timeout: Duration = .seconds(5), _ condition: () -> Bool) async -> Bool {
    let deadline = MonotonicInstant.now().advanced(by: timeout)
    while !deadline.hasPassed {
        if condition() { return true }
        try? await Task.sleep(for: .milliseconds(5))
    }
    return condition()
}
