import OtelOTLP
import OtelSDK

extension MetricsConfig {
    /// Metrics exported over OTLP as `exporter` says (OTLP/HTTP, OTLP/gRPC or Statsig), with
    /// delta temporality as the original uses for OTLP: the seed's `MetricsConfig::otlp`.
    ///
    /// - Throws: ``MetricsError/exporterDisabled`` for `.none`; ``MetricsError/exporterBuild(reason:)``
    ///   for invalid exporter settings (the reason never holds header values or keys).
    public static func otlp(
        environment: String, serviceName: String, serviceVersion: String, exporter: OtelExporter,
        codexHome: String = "", variables: OtelEnvironment = .process()
    ) throws(MetricsError) -> MetricsConfig {
        let configuration: OTLPExporterConfiguration?
        do {
            configuration = try ExporterResolution.configuration(
                exporter, signal: .metrics, field: "metrics_exporter", codexHome: codexHome, environment: variables)
        } catch {
            throw .exporterBuild(reason: error.description)
        }
        guard let configuration else { throw .exporterDisabled }
        let otlpExporter: OTLPMetricExporter
        do {
            otlpExporter = try OTLPMetricExporter(
                configuration: configuration, temporalityPreference: .delta, environment: variables)
        } catch {
            throw .exporterBuild(reason: error.description)
        }
        return .custom(
            environment: environment, serviceName: serviceName, serviceVersion: serviceVersion, exporter: otlpExporter,
            variables: variables)
    }
}

/// How `OtelProvider.from` builds and installs the metrics client.
enum CodexMetricsSetup {
    /// A client exporting through `exporter` with the settings' identity, installed as the
    /// process-global client unless one is installed already (the first install wins).
    static func client(
        settings: OtelSettings, exporter: OTLPMetricExporter, environment: OtelEnvironment, installsGlobal: Bool
    ) throws(OtelProviderError) -> MetricsClient {
        var config = MetricsConfig.custom(
            environment: settings.environment, serviceName: settings.serviceName,
            serviceVersion: settings.serviceVersion, exporter: exporter, variables: environment)
        if settings.runtimeMetrics { config = config.withRuntimeReader() }
        let client: MetricsClient
        do {
            client = try MetricsClient(config)
        } catch {
            throw .metrics(error.description)
        }
        if installsGlobal { _ = MetricsClient.installGlobal(client) }
        return client
    }

    /// Flushes and stops `client`; the error text when it could not.
    static func shutdown(_ client: MetricsClient) -> String? {
        do {
            try client.shutdown()
            return nil
        } catch {
            return error.description
        }
    }
}
