/// Which part of a metric tag a validation error is about.
public enum MetricTagComponent: String, Sendable, Hashable {
    /// The tag's key.
    case key = "tag key"
    /// The tag's value.
    case value = "tag value"
}

/// Why a metrics call failed. The descriptions are the original crate's messages.
public enum MetricsError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The metric name is empty.
    case emptyMetricName
    /// The metric name holds a character other than ASCII letters, digits, `.`, `_` and `-`.
    case invalidMetricName(name: String)
    /// A tag key or value is empty.
    case emptyTagComponent(MetricTagComponent)
    /// A tag key or value holds a character other than ASCII letters, digits, `.`, `_`, `-` and
    /// `/`; ``sanitizeMetricTagValue(_:)`` makes any text a valid value.
    case invalidTagComponent(MetricTagComponent, value: String)
    /// No exporter is configured, so there is no metrics client.
    case exporterDisabled
    /// A counter was asked to go down.
    case negativeCounterIncrement(name: String, increment: Int64)
    /// The exporter could not be built (the reason says why).
    case exporterBuild(reason: String)
    /// The configuration is not usable.
    case invalidConfig(message: String)
    /// Flushing or shutting the provider down failed, or it was already shut down.
    case providerShutdown(reason: String)
    /// ``MetricsClient/snapshot()`` needs ``MetricsConfig/withRuntimeReader()``.
    case runtimeSnapshotUnavailable
    /// Collecting a snapshot failed.
    case runtimeSnapshotCollect(reason: String)

    /// The message, as the original crate words it, with the cause where there is one.
    public var description: String {
        switch self {
        case .emptyMetricName: return "metric name cannot be empty"
        case .invalidMetricName(let name): return "metric name contains invalid characters: \(Self.shown(name))"
        case .emptyTagComponent(let component): return "\(component.rawValue) cannot be empty"
        case .invalidTagComponent(let component, let value):
            return "\(component.rawValue) contains invalid characters: \(Self.shown(value))"
        case .exporterDisabled: return "metrics exporter is disabled"
        case .negativeCounterIncrement(let name, let increment):
            return "counter increment must be non-negative for \(Self.shown(name)): \(increment)"
        case .exporterBuild(let reason): return "failed to build OTLP metrics exporter: \(reason)"
        case .invalidConfig(let message): return "invalid OTLP metrics configuration: \(message)"
        case .providerShutdown(let reason): return "failed to flush OTLP metrics provider: \(reason)"
        case .runtimeSnapshotUnavailable: return "runtime metrics snapshot reader is not enabled"
        case .runtimeSnapshotCollect(let reason): return "failed to collect runtime metrics snapshot: \(reason)"
        }
    }

    /// `text` as a message quotes it: whole up to 256 characters, else its first 256 and its size,
    /// so that a huge name or tag cannot flood a log.
    private static func shown(_ text: String) -> String {
        let scalars = text.unicodeScalars
        guard scalars.count > 256 else { return text }
        return String(String.UnicodeScalarView(scalars.prefix(256))) + "… (\(text.utf8.count) bytes)"
    }
}
