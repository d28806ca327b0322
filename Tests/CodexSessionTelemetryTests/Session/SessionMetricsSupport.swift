import CodexSessionTelemetry
import OtelAPI
import OtelSDK

/// An in-memory metrics client that reads no process environment, with `defaultTags`.
func makeSessionMetricsClient(
    runtimeReader: Bool = false, defaultTags: [(String, String)] = []
) throws -> (MetricsClient, InMemoryMetricExporter) {
    let exporter = InMemoryMetricExporter()
    var config = MetricsConfig.inMemory(
        environment: "test", serviceName: "codex-cli", serviceVersion: "1.2.3", exporter: exporter,
        variables: OtelEnvironment([:]))
    if runtimeReader { config = config.withRuntimeReader() }
    for (key, value) in defaultTags { config = try config.withTag(key, value) }
    return (try MetricsClient(config), exporter)
}

/// The session metadata tags of ``Sessions/full(logUserPrompts:)``.
let fullSessionTags: [(String, String)] = [
    ("auth_mode", "Chatgpt"), ("session_source", "cli"), ("originator", "codex_cli_rs"), ("model", "gpt-5.1"),
    ("app.version", CodexSessionTelemetryVersion.current),
]

/// `tags` as a dictionary, for comparison with exported attributes.
func dictionary(_ tags: [(String, String)]) -> [String: AttributeValue] {
    Dictionary(tags.map { ($0.0, AttributeValue.string($0.1)) }, uniquingKeysWith: { _, last in last })
}

func dictionary(_ attributes: Attributes) -> [String: AttributeValue] {
    Dictionary(attributes.map { ($0.key, $0.value) }, uniquingKeysWith: { _, last in last })
}

/// The exported counter `name`: each series' tags and value.
func counterPoints(_ exporter: InMemoryMetricExporter, _ name: String) -> [([String: AttributeValue], Int64)] {
    guard let sum = exporter.metrics(named: name).last?.sum else { return [] }
    return sum.points.map { point in
        guard case .int(let value) = point.value else { return (dictionary(point.attributes), -1) }
        return (dictionary(point.attributes), value)
    }
}

/// The exported duration histogram `name`: each series' tags, count and sum.
func durationPoints(
    _ exporter: InMemoryMetricExporter, _ name: String
) -> [([String: AttributeValue], UInt64, Double)] {
    guard let metric = exporter.metrics(named: name).last(where: { $0.unit == "ms" }), let histogram = metric.histogram
    else { return [] }
    return histogram.points.map { (dictionary($0.attributes), $0.count, $0.sum) }
}
