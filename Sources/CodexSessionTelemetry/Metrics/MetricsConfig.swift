import OtelSDK

/// How a ``MetricsClient`` is built: its resource, its exporter, its export interval, its
/// default tags.
///
/// ```swift
/// let exporter = InMemoryMetricExporter()
/// let config = try MetricsConfig.inMemory(
///     environment: "test", serviceName: "codex-cli", serviceVersion: "1.0.0", exporter: exporter)
///     .withTag("source", "tui")
/// let metrics = try MetricsClient(config)
/// ```
public struct MetricsConfig: Sendable {
    /// Where the metrics go.
    enum Destination: Sendable {
        /// Nowhere: building a client fails with ``MetricsError/exporterDisabled``.
        case disabled
        /// An exporter, with the temporality it asks for.
        case exporter(any MetricExporter)
    }

    // OTLP: added by the OTLP exporter work, as an extension in this module:
    // `MetricsConfig.otlp(environment:serviceName:serviceVersion:exporter: OtelExporter) throws(MetricsError)`,
    // which builds an OTLP metric exporter asking for delta temporality, or
    // `MetricsConfig(..., destination: .disabled)` for `OtelExporter.none`, and maps exporter
    // build failures to `MetricsError.exporterBuild`.

    /// The deployment environment, as the resource's `env`.
    public var environment: String
    /// `service.name`.
    public var serviceName: String
    /// `service.version`.
    public var serviceVersion: String
    /// The time between exports; `nil` reads `OTEL_METRIC_EXPORT_INTERVAL`, else 60 seconds.
    public var exportInterval: Duration?
    /// Whether ``MetricsClient/snapshot()`` is available (an on-demand delta reader).
    public var runtimeReader: Bool
    /// Tags added to every metric, under the caller's.
    public private(set) var defaultTags: [(String, String)]
    /// The variables read for `OTEL_*` settings.
    public var variables: OtelEnvironment
    var destination: Destination

    init(
        environment: String, serviceName: String, serviceVersion: String, destination: Destination,
        variables: OtelEnvironment
    ) {
        self.environment = environment
        self.serviceName = serviceName
        self.serviceVersion = serviceVersion
        self.destination = destination
        self.variables = variables
        exportInterval = nil
        runtimeReader = false
        defaultTags = []
    }

    /// Metrics kept in memory by `exporter` (cumulative), for tests; call
    /// ``MetricsClient/shutdown()`` to flush them into it.
    public static func inMemory(
        environment: String, serviceName: String, serviceVersion: String, exporter: InMemoryMetricExporter,
        variables: OtelEnvironment = .process()
    ) -> MetricsConfig {
        MetricsConfig(
            environment: environment, serviceName: serviceName, serviceVersion: serviceVersion,
            destination: .exporter(exporter), variables: variables)
    }

    /// Metrics sent to any exporter, with the temporality it asks for.
    public static func custom(
        environment: String, serviceName: String, serviceVersion: String, exporter: any MetricExporter,
        variables: OtelEnvironment = .process()
    ) -> MetricsConfig {
        MetricsConfig(
            environment: environment, serviceName: serviceName, serviceVersion: serviceVersion,
            destination: .exporter(exporter), variables: variables)
    }

    /// This configuration exporting every `interval`.
    public func withExportInterval(_ interval: Duration) -> MetricsConfig {
        var copy = self
        copy.exportInterval = interval
        return copy
    }

    /// This configuration with an on-demand snapshot reader (delta temporality), for
    /// ``MetricsClient/snapshot()``.
    public func withRuntimeReader() -> MetricsConfig {
        var copy = self
        copy.runtimeReader = true
        return copy
    }

    /// This configuration with a default tag; a later tag of the same key replaces it.
    ///
    /// - Throws: ``MetricsError/emptyTagComponent(_:)`` or
    ///   ``MetricsError/invalidTagComponent(_:value:)`` for a key or value outside the tag
    ///   alphabet.
    public func withTag(_ key: String, _ value: String) throws(MetricsError) -> MetricsConfig {
        try MetricsValidation.validateTag(key, .key)
        try MetricsValidation.validateTag(value, .value)
        var copy = self
        copy.defaultTags.removeAll { $0.0 == key }
        copy.defaultTags.append((key, value))
        return copy
    }
}
