import OtelOTLP
import OtelSDK
import Synchronization

/// The one-call setup of Codex telemetry: the Swift form of the original crate's `OtelProvider`.
///
/// ```swift
/// if let provider = try OtelProvider.from(settings) {
///     try provider.install()           // the log lane and the trace lane, with the seed's routing
///     defer { _ = provider.shutdown() }
///     ...
/// }
/// ```
///
/// `from(_:)` validates every exporter before it builds anything, so an error leaves nothing
/// half-installed. Releasing the provider without calling ``shutdown(timeout:)`` does a
/// best-effort shutdown (bounded by a short deadline); call `shutdown` for a deterministic flush
/// and a report of what could not be delivered.
public final class OtelProvider: Sendable {
    /// The logger provider behind the log lane, when logs are on.
    public let loggerProvider: SDKLoggerProvider?
    /// The tracer provider behind the trace lane, when traces are on.
    public let tracerProvider: SDKTracerProvider?
    /// The metrics client, when metrics are on.
    public let metrics: MetricsClient?
    /// The log lane: every `codex_otel.*` target except the `codex_otel.trace_safe` family
    /// becomes a log record (the seed's `logger_layer()`).
    public let logLane: any LogLane
    /// The trace lane: `codex_otel.trace_safe` events become events of the active span, and all
    /// spans are exported (the seed's `tracing_layer()`).
    public let traceLane: any TraceLane
    private let isShutDown = Atomic<Bool>(false)

    init(
        loggerProvider: SDKLoggerProvider?, tracerProvider: SDKTracerProvider?, metrics: MetricsClient?
    ) {
        self.loggerProvider = loggerProvider
        self.tracerProvider = tracerProvider
        self.metrics = metrics
        self.logLane = loggerProvider.map { SDKLogLane(loggerProvider: $0) as any LogLane } ?? NoOpLogLane()
        self.traceLane = tracerProvider != nil ? SDKTraceLane() : NoOpTraceLane()
    }

    deinit {
        if !isShutDown.load(ordering: .acquiring) {
            _ = shutdownProviders(timeout: .seconds(2))
        }
    }

    /// Builds the providers `settings` ask for; `nil` when every exporter is `.none`.
    ///
    /// Metrics, when on, are built too and installed as the process-global metrics client (the
    /// first install wins), even when logs and traces are off.
    ///
    /// - Throws: ``OtelProviderError`` naming the settings field to fix.
    ///
    /// - Parameter installsGlobalMetrics: whether to install the metrics client process-wide, as
    ///   the original does; pass `false` when several providers live in one process (tests, the
    ///   demo) and bind sessions with `SessionTelemetry.withProviderMetrics(_:)` instead.
    public static func from(
        _ settings: OtelSettings, environment: OtelEnvironment = .process(), installsGlobalMetrics: Bool = true
    ) throws(OtelProviderError) -> OtelProvider? {
        let logsConfiguration = try ExporterResolution.configuration(
            settings.exporter, signal: .logs, field: "exporter", codexHome: settings.codexHome, environment: environment
        )
        let tracesConfiguration = try ExporterResolution.configuration(
            settings.traceExporter, signal: .traces, field: "trace_exporter", codexHome: settings.codexHome,
            environment: environment)
        let metricsConfiguration = try ExporterResolution.configuration(
            settings.metricsExporter, signal: .metrics, field: "metrics_exporter", codexHome: settings.codexHome,
            environment: environment)
        guard logsConfiguration != nil || tracesConfiguration != nil || metricsConfiguration != nil else {
            OtelDiagnostics.report(.debug, "No OTEL exporter enabled in settings.")
            return nil
        }

        // Build every exporter before any provider, so that a bad setting leaves nothing running.
        let logExporter = try logsConfiguration.map { configuration throws(OtelProviderError) in
            try build(field: "exporter") { () throws(OTLPExporterError) in
                try OTLPLogRecordExporter(configuration: configuration, environment: environment)
            }
        }
        let spanExporter = try tracesConfiguration.map { configuration throws(OtelProviderError) in
            try build(field: "trace_exporter") { () throws(OTLPExporterError) in
                try OTLPSpanExporter(configuration: configuration, environment: environment)
            }
        }
        let metricExporter = try metricsConfiguration.map { configuration throws(OtelProviderError) in
            try build(field: "metrics_exporter") { () throws(OTLPExporterError) in
                try OTLPMetricExporter(
                    configuration: configuration, temporalityPreference: .delta, environment: environment)
            }
        }

        let metrics = try metricExporter.map { exporter throws(OtelProviderError) in
            try CodexMetricsSetup.client(
                settings: settings, exporter: exporter, environment: environment, installsGlobal: installsGlobalMetrics)
        }
        return assemble(
            settings: settings, environment: environment, logExporter: logExporter, spanExporter: spanExporter,
            metrics: metrics)
    }

    /// A provider over the given exporters, with the resources and batch processors of `from`.
    static func assemble(
        settings: OtelSettings, environment: OtelEnvironment, logExporter: (any LogRecordExporter)?,
        spanExporter: (any SpanExporter)?, metrics: MetricsClient?
    ) -> OtelProvider {
        let loggerProvider = logExporter.map { exporter in
            SDKLoggerProvider(
                resource: CodexResources.logs(settings, environment: environment),
                processors: [
                    BatchLogRecordProcessor(exporter: exporter, configuration: .logs(environment: environment))
                ], environment: environment)
        }
        let tracerProvider = spanExporter.map { exporter in
            SDKTracerProvider(
                resource: CodexResources.traces(settings, environment: environment),
                spanProcessors: [
                    BatchSpanProcessor(exporter: exporter, configuration: .spans(environment: environment))
                ],
                environment: environment)
        }
        return OtelProvider(loggerProvider: loggerProvider, tracerProvider: tracerProvider, metrics: metrics)
    }

    private static func build<Exporter>(
        field: String, _ make: () throws(OTLPExporterError) -> Exporter
    ) throws(OtelProviderError) -> Exporter {
        do {
            return try make()
        } catch {
            throw .invalidExporter(field: field, error)
        }
    }

    /// The providers and lanes, for ``Otel/install(_:)`` or ``Otel/withProviders(_:_:)``.
    public var providers: OtelProviders {
        OtelProviders(
            tracerProvider: tracerProvider ?? NoOpTracerProvider(),
            loggerProvider: loggerProvider ?? NoOpLoggerProvider(),
            logLane: logLane,
            traceLane: traceLane)
    }

    /// Installs the lanes and providers process-wide (the seed's `registry.init()`).
    ///
    /// - Throws: ``OtelInstallError/alreadyInstalled`` when something was installed before.
    public func install() throws(OtelInstallError) {
        try Otel.install(providers)
    }

    /// Flushes and stops the log pipeline, then the trace pipeline, then metrics (the original's
    /// order), returning what could not be delivered. A second call reports nothing new.
    @discardableResult
    public func shutdown(timeout: Duration = .seconds(10)) -> OtelShutdownReport {
        guard !isShutDown.exchange(true, ordering: .acquiringAndReleasing) else { return OtelShutdownReport() }
        return shutdownProviders(timeout: timeout)
    }

    private func shutdownProviders(timeout: Duration) -> OtelShutdownReport {
        var report = OtelShutdownReport()
        let deadline = MonotonicInstant.now().advanced(by: timeout)
        if let loggerProvider { report.logs = loggerProvider.shutdown(timeout: deadline.remaining) }
        if let tracerProvider { report.traces = tracerProvider.shutdown(timeout: deadline.remaining) }
        if let metrics { report.metricsError = CodexMetricsSetup.shutdown(metrics) }
        return report
    }
}

/// What `OtelProvider.shutdown` delivered and lost, per signal.
public struct OtelShutdownReport: Sendable, CustomStringConvertible {
    /// The log pipeline's report, when logs were on.
    public var logs: DeliveryReport?
    /// The trace pipeline's report, when traces were on.
    public var traces: DeliveryReport?
    /// Why metrics could not be flushed, if they could not.
    public var metricsError: String?

    /// An empty report.
    public init() {}

    /// Whether anything was lost or failed.
    public var lostAnything: Bool {
        (logs?.dropped ?? 0) > 0 || (traces?.dropped ?? 0) > 0 || metricsError != nil
            || logs?.completedInTime == false || traces?.completedInTime == false
    }

    /// One line per signal.
    public var description: String {
        var lines: [String] = []
        if let logs { lines.append("logs: \(logs)") }
        if let traces { lines.append("traces: \(traces)") }
        if let metricsError { lines.append("metrics: \(metricsError)") }
        return lines.isEmpty ? "nothing to shut down" : lines.joined(separator: "\n")
    }
}

/// The resources of each signal, as the original builds them.
enum CodexResources {
    /// service.name, service.version, env, host.name (when known), and the SDK's attributes.
    static func logs(_ settings: OtelSettings, environment: OtelEnvironment) -> Resource {
        var explicit = base(settings)
        if let host = Resource.hostName, !host.isEmpty { explicit["host.name"] = .string(host) }
        return Resource.sdkDefault.merging(Resource.fromEnvironment(environment)).merging(
            Resource(attributes: explicit))
    }

    /// The same as logs without host.name.
    static func traces(_ settings: OtelSettings, environment: OtelEnvironment) -> Resource {
        Resource.sdkDefault.merging(Resource.fromEnvironment(environment)).merging(Resource(attributes: base(settings)))
    }

    private static func base(_ settings: OtelSettings) -> Attributes {
        [
            "service.name": .string(settings.serviceName),
            "service.version": .string(settings.serviceVersion),
            "env": .string(settings.environment),
        ]
    }
}
