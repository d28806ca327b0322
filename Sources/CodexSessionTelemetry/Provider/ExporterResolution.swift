import OtelOTLP
import OtelSDK
import OtelStatsig

/// Turns a Codex `OtelExporter` into the OTLP exporter configuration it stands for.
enum ExporterResolution {
    /// The OTLP configuration of `exporter` for `signal`, or `nil` for `.none`.
    ///
    /// - Parameter field: the settings field, named in errors.
    static func configuration(
        _ exporter: OtelExporter, signal: OTLPSignal, field: String, codexHome: String, environment: OtelEnvironment
    ) throws(OtelProviderError) -> OTLPExporterConfiguration? {
        switch exporter {
        case .none:
            return nil
        case .otlpHTTP(let endpoint, let headers, let wireProtocol, let tls):
            return OTLPExporterConfiguration(
                endpoint: .exact(endpoint), protocol: wireProtocol == .json ? .httpJSON : .httpProtobuf,
                headers: headers, tls: tlsConfiguration(tls, codexHome: codexHome))
        case .otlpGRPC(let endpoint, let headers, let tls):
            return OTLPExporterConfiguration(
                endpoint: .base(endpoint), protocol: .grpc, headers: headers,
                tls: tlsConfiguration(tls, codexHome: codexHome))
        case .statsig(let apiKey):
            guard signal == .metrics else { throw .statsigOnlySupportsMetrics(field: field) }
            do {
                return try StatsigPreset(apiKey: apiKey, environment: environment).metricsConfiguration
            } catch {
                throw .statsig(field: field, error)
            }
        }
    }

    /// TLS files with relative paths resolved against `codexHome`. (`OTLPExporterConfiguration`
    /// then checks them: both client files or neither, readable, https for mTLS.)
    static func tlsConfiguration(_ tls: OtelTlsConfig?, codexHome: String) -> OTLPTLSConfiguration? {
        guard let tls else { return nil }
        func resolve(_ path: String?) -> String? {
            guard let path, !path.isEmpty else { return nil }
            if path.hasPrefix("/") { return path }
            var home = codexHome
            while home.hasSuffix("/") { home.removeLast() }
            return home + "/" + path
        }
        return OTLPTLSConfiguration(
            caCertificatePath: resolve(tls.caCertificate), clientCertificatePath: resolve(tls.clientCertificate),
            clientKeyPath: resolve(tls.clientPrivateKey))
    }
}
