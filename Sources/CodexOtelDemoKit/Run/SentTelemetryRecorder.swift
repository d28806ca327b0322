import CodexSessionTelemetry
import OtelAPI
import OtelSDK

/// Keeps a copy of what the demo sends to a collector, so the view can show it.
///
/// Spans and log records: providers of the same resource whose processors are the
/// `OtelProvider`'s own (so everything still goes through its pipelines and exporters) plus an
/// in-memory copy. Metrics: a snapshot of the provider's on-demand reader
/// (`OtelSettings.runtimeMetrics`), taken before the final export.
///
/// Shut it down after the `OtelProvider`: its providers share the provider's processors.
final class SentTelemetryRecorder: Sendable {
    private let spans: InMemorySpanExporter
    private let logs: InMemoryLogRecordExporter
    private let tracerProvider: SDKTracerProvider?
    private let loggerProvider: SDKLoggerProvider?
    /// The providers to scope the session with.
    let providers: OtelProviders

    /// Wraps `provider`'s pipelines.
    init(wrapping provider: OtelProvider, environment: OtelEnvironment) {
        let spans = InMemorySpanExporter()
        let logs = InMemoryLogRecordExporter()
        self.spans = spans
        self.logs = logs
        tracerProvider = provider.tracerProvider.map { original in
            SDKTracerProvider(
                resource: original.resource, sampler: original.sampler, spanLimits: original.spanLimits,
                spanProcessors: original.spanProcessors + [SimpleSpanProcessor(exporter: spans)],
                environment: environment)
        }
        loggerProvider = provider.loggerProvider.map { original in
            SDKLoggerProvider(
                resource: original.resource,
                processors: original.processors + [SimpleLogRecordProcessor(exporter: logs)],
                minimumSeverity: original.minimumSeverity, limits: original.limits, environment: environment)
        }
        var providers = provider.providers
        if let tracerProvider { providers.tracerProvider = tracerProvider }
        if let loggerProvider {
            providers.loggerProvider = loggerProvider
            providers.logLane = SDKLogLane(loggerProvider: loggerProvider)
        }
        self.providers = providers
    }

    /// The spans sent so far.
    var sentSpans: [SpanData] { spans.finishedSpans }
    /// The log records sent so far.
    var sentLogRecords: [LogRecordData] { logs.finishedLogRecords }

    /// Shuts the copies down (the shared processors are already shut down by the provider).
    func shutdown() {
        _ = tracerProvider?.shutdown(timeout: .seconds(1))
        _ = loggerProvider?.shutdown(timeout: .seconds(1))
    }
}
