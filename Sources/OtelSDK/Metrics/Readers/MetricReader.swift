import OtelAPI

/// Reads the metrics of the ``SDKMeterProvider`` it is given to: periodically into an exporter
/// (``PeriodicExportingMetricReader``) or on demand (``ManualMetricReader``).
///
/// Each reader sees its own streams: its temporality, its delta windows. A reader serves one
/// provider.
public protocol MetricReader: AnyObject, Sendable {
    /// Connects the reader to the provider that serves its collections; the provider calls it
    /// once, from its initializer.
    func register(_ collector: MetricCollector)
    /// The temporality of `kind`'s points for this reader; asked once per kind, at registration.
    func temporality(for kind: InstrumentKind) -> AggregationTemporality
    /// Collects and exports now (when the reader exports), waiting at most until `deadline`.
    func forceFlush(deadline: MonotonicInstant) -> DeliveryReport
    /// Collects and exports a last time, then shuts the exporter down; later calls do nothing.
    func shutdown(deadline: MonotonicInstant) -> DeliveryReport
}

/// A reader's access to its provider: one call collects every stream of the reader.
public final class MetricCollector: Sendable {
    let pipeline: MetricPipeline

    init(pipeline: MetricPipeline) { self.pipeline = pipeline }

    /// Runs the observable instruments' callbacks and collects every stream: cumulative streams
    /// report everything since their start, delta streams what arrived since the previous call
    /// (and reset).
    public func collect() -> ResourceMetrics { pipeline.collect() }
}

/// Why a reader could not collect.
public enum MetricReaderError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The reader was never given to a provider.
    case notRegistered
    /// The reader (or its provider) was shut down.
    case shutDown

    /// What went wrong and what to do.
    public var description: String {
        switch self {
        case .notRegistered:
            return "the metric reader is not registered with a meter provider; pass it in SDKMeterProvider(readers:)"
        case .shutDown:
            return "the metric reader is shut down; collect before shutting the meter provider down"
        }
    }
}
