import OtelAPI
import Synchronization

/// Keeps every batch it receives, for tests and assertions. Thread-safe.
///
/// ```swift
/// let exporter = InMemoryMetricExporter()
/// let provider = SDKMeterProvider(readers: [PeriodicExportingMetricReader(exporter: exporter)])
/// ... record ...
/// _ = provider.shutdown()
/// let turns = exporter.metrics(named: "codex.turns")
/// ```
///
/// Batches stay readable after ``shutdown(deadline:)``; exports after it fail.
public final class InMemoryMetricExporter: MetricExporter {
    private struct State {
        var batches: [ResourceMetrics] = []
        var isShutdown = false
        var forceFlushCount = 0
    }

    private let state = Mutex(State())
    /// The temporality preference the exporter reports.
    public let temporalityPreference: TemporalityPreference

    /// Creates an exporter that asks for `temporality` (cumulative by default).
    public init(temporality: TemporalityPreference = .cumulative) {
        temporalityPreference = temporality
    }

    /// Every batch received, in order, including empty ones.
    public var exportedBatches: [ResourceMetrics] { state.withLock { $0.batches } }

    /// Every metric of every batch, in order.
    public var allMetrics: [MetricData] { exportedBatches.flatMap(\.allMetrics) }

    /// The metrics named `name`, across batches, in order.
    public func metrics(named name: String) -> [MetricData] { allMetrics.filter { $0.name == name } }

    /// Whether ``shutdown(deadline:)`` ran.
    public var isShutdown: Bool { state.withLock { $0.isShutdown } }

    /// How many times ``forceFlush(deadline:)`` ran.
    public var forceFlushCount: Int { state.withLock { $0.forceFlushCount } }

    /// Forgets the batches received so far.
    public func reset() { state.withLock { $0.batches.removeAll() } }

    /// Keeps the batch; fails after shutdown.
    public func export(_ metrics: ResourceMetrics, deadline: MonotonicInstant) -> ExportResult {
        state.withLock { state in
            guard !state.isShutdown else { return .failure(reason: "the in-memory metric exporter is shut down") }
            state.batches.append(metrics)
            return .success
        }
    }

    /// Counts the call; nothing is buffered.
    public func forceFlush(deadline: MonotonicInstant) -> ExportResult {
        state.withLock { $0.forceFlushCount += 1 }
        return .success
    }

    /// Refuses later exports; the batches stay readable.
    public func shutdown(deadline: MonotonicInstant) -> ExportResult {
        state.withLock { $0.isShutdown = true }
        return .success
    }

    /// The configured preference's temporality for `kind`.
    public func temporality(for kind: InstrumentKind) -> AggregationTemporality {
        temporalityPreference.temporality(for: kind)
    }
}
