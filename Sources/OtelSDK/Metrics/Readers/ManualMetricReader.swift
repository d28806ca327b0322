import OtelAPI
import Synchronization

/// A reader that collects only when asked: for tests, and for on-demand snapshots such as
/// `CodexSessionTelemetry`'s runtime metrics summary.
///
/// ```swift
/// let reader = ManualMetricReader(temporality: .delta)
/// let provider = SDKMeterProvider(readers: [reader])
/// ... record ...
/// let snapshot = try reader.collect()
/// ```
public final class ManualMetricReader: MetricReader {
    private struct State {
        var collector: MetricCollector?
        var isShutdown = false
    }

    private let state = Mutex(State())
    /// The temporality preference of the reader's streams.
    public let temporalityPreference: TemporalityPreference

    /// Creates a reader whose streams follow `temporality` (cumulative by default).
    public init(temporality: TemporalityPreference = .cumulative) {
        temporalityPreference = temporality
    }

    /// Stores the provider's collector.
    public func register(_ collector: MetricCollector) {
        let accepted = state.withLock { state in
            guard state.collector == nil else { return false }
            state.collector = collector
            return true
        }
        if !accepted {
            OtelDiagnostics.report(.warning, "a ManualMetricReader serves one meter provider; ignoring the second")
        }
    }

    /// Collects every stream now.
    ///
    /// - Throws: ``MetricReaderError/notRegistered`` before the reader is given to a provider,
    ///   ``MetricReaderError/shutDown`` after shutdown.
    public func collect() throws(MetricReaderError) -> ResourceMetrics {
        let current = state.withLock { ($0.collector, $0.isShutdown) }
        guard !current.1 else { throw .shutDown }
        guard let collector = current.0 else { throw .notRegistered }
        return collector.collect()
    }

    /// The preference's temporality for `kind`.
    public func temporality(for kind: InstrumentKind) -> AggregationTemporality {
        temporalityPreference.temporality(for: kind)
    }

    /// Nothing to export: an empty report.
    public func forceFlush(deadline: MonotonicInstant) -> DeliveryReport { DeliveryReport() }

    /// Stops collections; later calls do nothing.
    public func shutdown(deadline: MonotonicInstant) -> DeliveryReport {
        state.withLock { $0.isShutdown = true }
        return DeliveryReport()
    }
}
