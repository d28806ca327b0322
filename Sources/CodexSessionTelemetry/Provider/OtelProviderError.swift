import OtelOTLP
import OtelStatsig

/// Why `OtelProvider.from(_:)` refused the settings. Each case names the settings field to fix
/// (`exporter`, `trace_exporter` or `metrics_exporter`); none carries a header value or key.
public enum OtelProviderError: Error, Sendable, Equatable, CustomStringConvertible {
    /// An OTLP exporter's settings are invalid (endpoint, protocol, headers, TLS files).
    case invalidExporter(field: String, OTLPExporterError)
    /// The Statsig exporter has no usable key.
    case statsig(field: String, StatsigPreset.Error)
    /// The Statsig exporter was chosen for a signal it does not carry (only metrics go to Statsig).
    case statsigOnlySupportsMetrics(field: String)
    /// The metrics client could not be built.
    case metrics(String)

    /// What went wrong, naming the field.
    public var description: String {
        switch self {
        case .invalidExporter(let field, let error): return "\(field): \(error)"
        case .statsig(let field, let error): return "\(field): \(error)"
        case .statsigOnlySupportsMetrics(let field):
            return "\(field): the Statsig exporter carries metrics only; use it as metrics_exporter"
        case .metrics(let reason): return "metrics_exporter: \(reason)"
        }
    }
}
