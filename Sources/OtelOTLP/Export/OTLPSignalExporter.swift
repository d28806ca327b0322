import OtelSDK
import Synchronization

/// The part every OTLP exporter shares: configuration, the export client, splitting batches
/// that encode too large, and shutdown.
package final class OTLPSignalExporter<Item: Sendable>: Sendable {
    package let client: OTLPExportClient
    private let encode: @Sendable ([Item], OTLPProtocol) -> [UInt8]
    private let isShutDown = Atomic<Bool>(false)

    package init(
        signal: OTLPSignal, configuration: OTLPExporterConfiguration, retryPolicy: RetryPolicy,
        environment: OtelEnvironment, encode: @escaping @Sendable ([Item], OTLPProtocol) -> [UInt8]
    ) throws(OTLPExporterError) {
        let resolved: ResolvedOTLPConfiguration
        do {
            resolved = try configuration.resolved(for: signal, environment: environment)
        } catch {
            throw .configuration(error)
        }
        do {
            client = try OTLPExportClient(
                configuration: resolved, retryPolicy: retryPolicy, statistics: OTLPExportStatistics())
        } catch {
            throw .transport(error)
        }
        self.encode = encode
    }

    package func export(_ items: [Item], deadline: MonotonicInstant) -> ExportResult {
        guard !isShutDown.load(ordering: .acquiring) else {
            client.statistics.recordFailure(items: items.count, reason: "exporter is shut down")
            return .failure(reason: "exporter is shut down")
        }
        guard !items.isEmpty else { return .success }
        let body = encode(items, client.configuration.protocol)
        if body.count > OTLPExportClient.maximumRequestBytes, items.count > 1 {
            // Too large for one request: send the halves (each checked again).
            let middle = items.count / 2
            let first = export(Array(items[..<middle]), deadline: deadline)
            let second = export(Array(items[middle...]), deadline: deadline)
            if case .failure = first { return first }
            return second
        }
        return client.send(body, itemCount: items.count, deadline: deadline)
    }

    package func shutdown() -> ExportResult {
        isShutDown.store(true, ordering: .releasing)
        client.cancel()
        return .success
    }
}

/// Why an OTLP exporter could not be created.
public enum OTLPExporterError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The settings are invalid.
    case configuration(OTLPConfigurationError)
    /// The transport could not be set up (for example libcurl could not be initialised).
    case transport(TransportError)

    /// What went wrong and what to do.
    public var description: String {
        switch self {
        case .configuration(let error): return error.description
        case .transport(let error): return error.description
        }
    }
}

/// Exports spans over OTLP (HTTP/protobuf, HTTP/JSON or gRPC).
///
/// ```swift
/// let exporter = try OTLPSpanExporter()          // OTEL_EXPORTER_OTLP_* or defaults
/// let processor = BatchSpanProcessor(exporter: exporter)
/// ```
public final class OTLPSpanExporter: SpanExporter {
    private let core: OTLPSignalExporter<SpanData>

    /// Creates an exporter; unset settings come from the environment, then the defaults.
    public init(
        configuration: OTLPExporterConfiguration = OTLPExporterConfiguration(),
        retryPolicy: RetryPolicy = RetryPolicy(),
        environment: OtelEnvironment = .process()
    ) throws(OTLPExporterError) {
        core = try OTLPSignalExporter(
            signal: .traces, configuration: configuration, retryPolicy: retryPolicy, environment: environment
        ) { spans, wireProtocol in
            wireProtocol == .httpJSON ? OTLPTraceEncoder.json(spans) : OTLPTraceEncoder.protobuf(spans)
        }
    }

    /// What this exporter sent and lost.
    public var statistics: OTLPExportStatistics { core.client.statistics }
    /// The resolved settings (header values hidden in its description).
    public var configuration: ResolvedOTLPConfiguration { core.client.configuration }

    /// Sends `spans`, retrying retryable failures until `deadline`.
    public func export(_ spans: [SpanData], deadline: MonotonicInstant) -> ExportResult {
        core.export(spans, deadline: deadline)
    }

    /// Nothing is buffered: succeeds.
    public func forceFlush(deadline: MonotonicInstant) -> ExportResult { .success }

    /// Refuses later exports and cuts short a retry wait in progress.
    public func shutdown(deadline: MonotonicInstant) -> ExportResult { core.shutdown() }
}

/// Exports log records over OTLP (HTTP/protobuf, HTTP/JSON or gRPC).
public final class OTLPLogRecordExporter: LogRecordExporter {
    private let core: OTLPSignalExporter<LogRecordData>

    /// Creates an exporter; unset settings come from the environment, then the defaults.
    public init(
        configuration: OTLPExporterConfiguration = OTLPExporterConfiguration(),
        retryPolicy: RetryPolicy = RetryPolicy(),
        environment: OtelEnvironment = .process()
    ) throws(OTLPExporterError) {
        core = try OTLPSignalExporter(
            signal: .logs, configuration: configuration, retryPolicy: retryPolicy, environment: environment
        ) { records, wireProtocol in
            wireProtocol == .httpJSON ? OTLPLogEncoder.json(records) : OTLPLogEncoder.protobuf(records)
        }
    }

    /// What this exporter sent and lost.
    public var statistics: OTLPExportStatistics { core.client.statistics }
    /// The resolved settings (header values hidden in its description).
    public var configuration: ResolvedOTLPConfiguration { core.client.configuration }

    /// Sends `records`, retrying retryable failures until `deadline`.
    public func export(_ records: [LogRecordData], deadline: MonotonicInstant) -> ExportResult {
        core.export(records, deadline: deadline)
    }

    /// Nothing is buffered: succeeds.
    public func forceFlush(deadline: MonotonicInstant) -> ExportResult { .success }

    /// Refuses later exports and cuts short a retry wait in progress.
    public func shutdown(deadline: MonotonicInstant) -> ExportResult { core.shutdown() }
}

/// Exports metrics over OTLP (HTTP/protobuf, HTTP/JSON or gRPC).
///
/// Temporality follows `temporalityPreference`, which defaults to
/// `OTEL_EXPORTER_OTLP_METRICS_TEMPORALITY_PREFERENCE` (cumulative when unset).
public final class OTLPMetricExporter: MetricExporter {
    private let core: OTLPSignalExporter<ResourceMetrics>
    private let preference: TemporalityPreference

    /// Creates an exporter; unset settings come from the environment, then the defaults.
    public init(
        configuration: OTLPExporterConfiguration = OTLPExporterConfiguration(),
        retryPolicy: RetryPolicy = RetryPolicy(),
        temporalityPreference: TemporalityPreference? = nil, environment: OtelEnvironment = .process()
    ) throws(OTLPExporterError) {
        core = try OTLPSignalExporter(
            signal: .metrics, configuration: configuration, retryPolicy: retryPolicy, environment: environment
        ) { batches, wireProtocol in
            wireProtocol == .httpJSON ? OTLPMetricEncoder.json(batches) : OTLPMetricEncoder.protobuf(batches)
        }
        preference = temporalityPreference ?? TemporalityPreference(environment: environment)
    }

    /// What this exporter sent and lost.
    public var statistics: OTLPExportStatistics { core.client.statistics }
    /// The resolved settings (header values hidden in its description).
    public var configuration: ResolvedOTLPConfiguration { core.client.configuration }

    /// Sends `metrics`, retrying retryable failures until `deadline`.
    public func export(_ metrics: ResourceMetrics, deadline: MonotonicInstant) -> ExportResult {
        guard !metrics.isEmpty else { return .success }
        return core.export([metrics], deadline: deadline)
    }

    /// Refuses later exports and cuts short a retry wait in progress.
    public func shutdown(deadline: MonotonicInstant) -> ExportResult { core.shutdown() }

    /// The temporality the preference gives `kind`.
    public func temporality(for kind: InstrumentKind) -> AggregationTemporality {
        preference.temporality(for: kind)
    }
}
