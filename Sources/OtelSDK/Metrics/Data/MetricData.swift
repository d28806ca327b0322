import OtelAPI

/// Everything one collection produced for one resource: what a ``MetricExporter`` receives.
///
/// The structure mirrors OTLP's `ResourceMetrics` → `ScopeMetrics` → `Metric`, so an encoder
/// writes it field for field.
public struct ResourceMetrics: Sendable, Hashable {
    /// The entity that produced the metrics.
    public var resource: Resource
    /// The metrics, grouped by the meter (instrumentation scope) that recorded them.
    public var scopeMetrics: [ScopeMetrics]

    /// Creates a batch.
    public init(resource: Resource, scopeMetrics: [ScopeMetrics]) {
        self.resource = resource
        self.scopeMetrics = scopeMetrics
    }

    /// Whether the batch holds no metric at all.
    public var isEmpty: Bool { scopeMetrics.allSatisfy { $0.metrics.isEmpty } }

    /// Every metric of every scope, in order.
    public var allMetrics: [MetricData] { scopeMetrics.flatMap(\.metrics) }

    /// The number of data points in the batch.
    public var pointCount: Int { scopeMetrics.reduce(0) { $0 + $1.metrics.reduce(0) { $0 + $1.data.pointCount } } }

    /// The metrics named `name` (several when instruments of different kinds or units share a
    /// name, or several scopes record it).
    public func metrics(named name: String) -> [MetricData] { allMetrics.filter { $0.name == name } }

    /// The first metric named `name`.
    public func metric(named name: String) -> MetricData? { allMetrics.first { $0.name == name } }
}

/// The metrics one meter (instrumentation scope) recorded.
public struct ScopeMetrics: Sendable, Hashable {
    /// The meter's scope.
    public var scope: InstrumentationScope
    /// The metrics, one per instrument stream that had data.
    public var metrics: [MetricData]

    /// Creates a scope's metrics.
    public init(scope: InstrumentationScope, metrics: [MetricData]) {
        self.scope = scope
        self.metrics = metrics
    }
}

/// One metric stream: an instrument's aggregated data as a view shaped it.
public struct MetricData: Sendable, Hashable {
    /// The stream's name, such as `codex.tool.call`.
    public var name: String
    /// The stream's description.
    public var description: String
    /// The stream's unit, such as `ms`.
    public var unit: String
    /// The aggregated points.
    public var data: MetricPoints

    /// Creates a metric.
    public init(name: String, description: String, unit: String, data: MetricPoints) {
        self.name = name
        self.description = description
        self.unit = unit
        self.data = data
    }

    /// The sum, when the metric is one.
    public var sum: SumData? {
        if case .sum(let sum) = data { return sum }
        return nil
    }

    /// The gauge, when the metric is one.
    public var gauge: GaugeData? {
        if case .gauge(let gauge) = data { return gauge }
        return nil
    }

    /// The explicit-bucket histogram, when the metric is one.
    public var histogram: HistogramData? {
        if case .histogram(let histogram) = data { return histogram }
        return nil
    }

    /// The base-2 exponential histogram, when the metric is one.
    public var exponentialHistogram: ExponentialHistogramData? {
        if case .exponentialHistogram(let histogram) = data { return histogram }
        return nil
    }
}

/// The aggregated data of one metric, by aggregation.
public enum MetricPoints: Sendable, Hashable {
    /// A sum of measurements (counters and up-down counters).
    case sum(SumData)
    /// The last value of each series (gauges).
    case gauge(GaugeData)
    /// Explicit-bucket histograms.
    case histogram(HistogramData)
    /// Base-2 exponential histograms.
    case exponentialHistogram(ExponentialHistogramData)

    /// The number of points.
    public var pointCount: Int {
        switch self {
        case .sum(let data): return data.points.count
        case .gauge(let data): return data.points.count
        case .histogram(let data): return data.points.count
        case .exponentialHistogram(let data): return data.points.count
        }
    }
}

/// Whether a point covers the time since the previous collection or since the series started.
public enum AggregationTemporality: Sendable, Hashable, CaseIterable {
    /// The point aggregates the measurements made since the previous collection.
    case delta
    /// The point aggregates every measurement since the series' fixed start time.
    case cumulative
}
