import OtelAPI
import Synchronization

/// Collects every `interval` and hands the batch to an exporter, on a dedicated background
/// thread (exporters may block on I/O, so they never run on the application's threads or on
/// Swift's cooperative pool).
///
/// ```swift
/// let reader = PeriodicExportingMetricReader(exporter: exporter, interval: .seconds(10))
/// let provider = SDKMeterProvider(readers: [reader])
/// ```
///
/// ``forceFlush(deadline:)`` and ``shutdown(deadline:)`` ask the thread for an export and wait
/// for it (at most until their deadline); shutdown exports a last time, shuts the exporter down
/// and ends the thread. Only the thread calls the exporter, one call at a time, holding no lock.
/// Empty collections are not exported.
public final class PeriodicExportingMetricReader: MetricReader {
    /// The export interval when neither the initializer nor `OTEL_METRIC_EXPORT_INTERVAL` sets
    /// one: 60 seconds.
    public static let defaultInterval: Duration = .seconds(60)
    /// The export timeout when neither the initializer nor `OTEL_METRIC_EXPORT_TIMEOUT` sets one:
    /// 30 seconds.
    public static let defaultTimeout: Duration = .seconds(30)

    /// Where batches go.
    public let exporter: any MetricExporter
    /// The time between two exports.
    public let interval: Duration
    /// How long one export may take.
    public let timeout: Duration

    private enum RequestKind {
        case flush
        case shutdown
    }

    private struct Request {
        let kind: RequestKind
        let deadline: MonotonicInstant
        let completion: ReaderCompletion
    }

    private struct State {
        var collector: MetricCollector?
        var isShutdown = false
        var requests: [Request] = []
    }

    private let state = Mutex(State())
    private let wakeup = WakeableSleeper()

    /// Creates a reader.
    ///
    /// - Parameters:
    ///   - exporter: receives the batches and chooses their temporality.
    ///   - interval: the time between exports; by default `OTEL_METRIC_EXPORT_INTERVAL`
    ///     (milliseconds), else 60 seconds. Must be positive.
    ///   - timeout: how long one export may take; by default `OTEL_METRIC_EXPORT_TIMEOUT`
    ///     (milliseconds), else 30 seconds. Must be positive.
    ///   - environment: where the defaults are read.
    public init(
        exporter: any MetricExporter, interval: Duration? = nil, timeout: Duration? = nil,
        environment: OtelEnvironment = .process()
    ) {
        self.exporter = exporter
        self.interval = Self.positive(
            interval ?? environment.milliseconds("OTEL_METRIC_EXPORT_INTERVAL"), name: "export interval",
            default: Self.defaultInterval)
        self.timeout = Self.positive(
            timeout ?? environment.milliseconds("OTEL_METRIC_EXPORT_TIMEOUT"), name: "export timeout",
            default: Self.defaultTimeout)
    }

    private static func positive(_ value: Duration?, name: String, default fallback: Duration) -> Duration {
        guard let value else { return fallback }
        guard value > .zero else {
            OtelDiagnostics.report(
                .warning, "ignoring a metric \(name) of \(value): it must be positive; using \(fallback)")
            return fallback
        }
        return value
    }

    /// Stores the provider's collector and starts the export thread.
    public func register(_ collector: MetricCollector) {
        let accepted = state.withLock { state in
            guard state.collector == nil, !state.isShutdown else { return false }
            state.collector = collector
            return true
        }
        guard accepted else {
            OtelDiagnostics.report(
                .warning, "a PeriodicExportingMetricReader serves one meter provider and cannot restart; ignoring")
            return
        }
        BackgroundThread.start(name: "otel-periodic-metric-reader") { [self] in run(collector) }
    }

    /// The exporter's temporality for `kind`.
    public func temporality(for kind: InstrumentKind) -> AggregationTemporality {
        exporter.temporality(for: kind)
    }

    /// Exports now on the reader's thread and flushes the exporter, waiting at most until
    /// `deadline` (the report then says the deadline passed).
    public func forceFlush(deadline: MonotonicInstant) -> DeliveryReport {
        let completion = ReaderCompletion()
        let accepted = state.withLock { state in
            guard state.collector != nil, !state.isShutdown else { return false }
            state.requests.append(Request(kind: .flush, deadline: deadline, completion: completion))
            return true
        }
        guard accepted else { return DeliveryReport() }
        wakeup.signal()
        return completion.wait(until: deadline)
    }

    /// Exports a last time, shuts the exporter down and ends the thread, waiting at most until
    /// `deadline`. A second call reports the reader already shut down.
    public func shutdown(deadline: MonotonicInstant) -> DeliveryReport {
        let completion = ReaderCompletion()
        let outcome: (first: Bool, running: Bool) = state.withLock { state in
            guard !state.isShutdown else { return (false, false) }
            state.isShutdown = true
            guard state.collector != nil else { return (true, false) }
            state.requests.append(Request(kind: .shutdown, deadline: deadline, completion: completion))
            return (true, true)
        }
        guard outcome.first else {
            var report = DeliveryReport()
            report.lastFailure = "the periodic metric reader is already shut down"
            return report
        }
        guard outcome.running else {
            _ = exporter.shutdown(deadline: deadline)
            return DeliveryReport()
        }
        wakeup.signal()
        return completion.wait(until: deadline)
    }

    /// The export thread: waits for the next tick or a request, collects, exports.
    private func run(_ collector: MetricCollector) {
        var nextExport = MonotonicInstant.now().advanced(by: interval)
        while true {
            wakeup.wait(until: nextExport)
            let (requests, isShutdown) = state.withLock { state in
                defer { state.requests.removeAll() }
                return (state.requests, state.isShutdown)
            }
            let isDue = nextExport.hasPassed
            guard isDue || !requests.isEmpty || isShutdown else { continue }
            let deadline = requests.map(\.deadline).min() ?? MonotonicInstant.now().advanced(by: timeout)
            var report = export(collector.collect(), deadline: deadline)
            if isDue { nextExport = MonotonicInstant.now().advanced(by: interval) }
            if requests.contains(where: { $0.kind == .flush }) {
                if case .failure(let reason) = exporter.forceFlush(deadline: deadline) { report.lastFailure = reason }
            }
            if isShutdown {
                if case .failure(let reason) = exporter.shutdown(deadline: deadline) { report.lastFailure = reason }
            }
            if deadline.hasPassed { report.completedInTime = false }
            for request in requests { request.completion.complete(report) }
            if isShutdown { return }
        }
    }

    private func export(_ metrics: ResourceMetrics, deadline: MonotonicInstant) -> DeliveryReport {
        var report = DeliveryReport()
        let points = metrics.pointCount
        guard points > 0 else { return report }
        switch exporter.export(metrics, deadline: deadline) {
        case .success:
            report.exported = points
        case .failure(let reason):
            report.droppedExportFailed = points
            report.lastFailure = reason
            OtelDiagnostics.report(.warning, "metric export failed, \(points) points lost: \(reason)")
        }
        return report
    }
}

/// The outcome of one flush or shutdown request, handed from the export thread to the caller.
final class ReaderCompletion: Sendable {
    private let report = Mutex<DeliveryReport?>(nil)
    private let sleeper = WakeableSleeper()

    /// Delivers the outcome and wakes the caller.
    func complete(_ outcome: DeliveryReport) {
        report.withLock { $0 = outcome }
        sleeper.signal()
    }

    /// Waits for the outcome until `deadline`; past it, a report saying the deadline passed.
    func wait(until deadline: MonotonicInstant) -> DeliveryReport {
        while true {
            if let outcome = report.withLock({ $0 }) { return outcome }
            if deadline.hasPassed {
                var late = DeliveryReport()
                late.completedInTime = false
                late.lastFailure = "the deadline passed before the export finished"
                return late
            }
            sleeper.wait(until: deadline)
        }
    }
}
