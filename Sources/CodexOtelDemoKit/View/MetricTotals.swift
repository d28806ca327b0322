import OtelAPI
import OtelSDK

/// Metric batches folded into one total per metric and series.
struct MetricTotals {
    /// What kind of instrument a metric came from.
    enum Kind: Int, Comparable {
        case counter, upDownCounter, gauge, histogram, exponentialHistogram

        var title: String {
            switch self {
            case .counter: return "counter"
            case .upDownCounter: return "up-down counter"
            case .gauge: return "gauge"
            case .histogram: return "histogram"
            case .exponentialHistogram: return "exponential histogram"
            }
        }

        static func < (lhs: Kind, rhs: Kind) -> Bool { lhs.rawValue < rhs.rawValue }
    }

    /// One series' running total.
    enum Value {
        case number(Double, isInteger: Bool, time: Timestamp)
        case histogram(HistogramTotal)
    }

    /// One metric: its identity and its series by attribute set.
    struct Metric {
        var name: String
        var unit: String
        var kind: Kind
        var series: [Attributes: Value] = [:]

        /// The rows to show: series labels (without `omitting` keys) and values, by label.
        func rows(omitting keys: Set<String>) -> [(label: String, value: String)] {
            var merged: [String: Value] = [:]
            for (attributes, value) in series {
                let label = MetricTotals.label(attributes, omitting: keys)
                if let existing = merged[label] {
                    merged[label] = MetricTotals.combine(existing, value, kind: kind)
                } else {
                    merged[label] = value
                }
            }
            return merged.sorted { $0.key < $1.key }.map { label, value in
                switch value {
                case .number(let number, let isInteger, _):
                    let text =
                        isInteger
                        ? (Int64(exactly: number.rounded()).map { String($0) } ?? NumberFormatting.compact(number))
                        : NumberFormatting.compact(number)
                    return (label, kind == .gauge ? "last " + text : text)
                case .histogram(let total):
                    return (
                        label,
                        MetricsSummary.histogramText(count: total.count, sum: total.sum, estimator: total.estimator)
                    )
                }
            }
        }
    }

    /// The metrics, by name then kind.
    private(set) var metrics: [Metric] = []

    /// Folds `batches` in order.
    init(_ batches: [ResourceMetrics]) {
        var index: [String: Int] = [:]
        for batch in batches {
            for scope in batch.scopeMetrics {
                for metric in scope.metrics {
                    let kind = Self.kind(of: metric.data)
                    let key = "\(metric.name)\u{0}\(metric.unit)\u{0}\(kind.rawValue)"
                    let position: Int
                    if let found = index[key] {
                        position = found
                    } else {
                        position = metrics.count
                        index[key] = position
                        metrics.append(Metric(name: metric.name, unit: metric.unit, kind: kind))
                    }
                    add(metric.data, to: &metrics[position])
                }
            }
        }
        metrics.sort { lhs, rhs in
            if lhs.name != rhs.name { return lhs.name < rhs.name }
            if lhs.kind != rhs.kind { return lhs.kind < rhs.kind }
            return lhs.unit < rhs.unit
        }
    }

    /// The tags shown once instead of in every label: those whose key appears on at least two
    /// series, always with the same value (the session's metadata tags), by key.
    var commonTags: [Attribute] {
        var values: [String: AttributeValue] = [:]
        var occurrences: [String: Int] = [:]
        var conflicting = Set<String>()
        for metric in metrics {
            for attributes in metric.series.keys {
                for attribute in attributes {
                    occurrences[attribute.key, default: 0] += 1
                    if let known = values[attribute.key], known != attribute.value {
                        conflicting.insert(attribute.key)
                    } else {
                        values[attribute.key] = attribute.value
                    }
                }
            }
        }
        return values.filter { !conflicting.contains($0.key) && (occurrences[$0.key] ?? 0) >= 2 }
            .sorted { $0.key < $1.key }.map { Attribute($0.key, $0.value) }
    }

    private static func kind(of data: MetricPoints) -> Kind {
        switch data {
        case .sum(let sum): return sum.isMonotonic ? .counter : .upDownCounter
        case .gauge: return .gauge
        case .histogram: return .histogram
        case .exponentialHistogram: return .exponentialHistogram
        }
    }

    private func add(_ data: MetricPoints, to metric: inout Metric) {
        switch data {
        case .sum(let sum):
            for point in sum.points {
                let value = Value.number(point.value.doubleValue, isInteger: point.value.isInteger, time: point.time)
                metric.series[point.attributes] = fold(
                    metric.series[point.attributes], value, delta: sum.aggregationTemporality == .delta,
                    kind: metric.kind)
            }
        case .gauge(let gauge):
            for point in gauge.points {
                let value = Value.number(point.value.doubleValue, isInteger: point.value.isInteger, time: point.time)
                metric.series[point.attributes] = fold(
                    metric.series[point.attributes], value, delta: false, kind: .gauge)
            }
        case .histogram(let histogram):
            for point in histogram.points {
                let value = Value.histogram(HistogramTotal(point))
                metric.series[point.attributes] = fold(
                    metric.series[point.attributes], value, delta: histogram.aggregationTemporality == .delta,
                    kind: metric.kind)
            }
        case .exponentialHistogram(let histogram):
            for point in histogram.points {
                let value = Value.histogram(HistogramTotal(point))
                metric.series[point.attributes] = fold(
                    metric.series[point.attributes], value, delta: histogram.aggregationTemporality == .delta,
                    kind: metric.kind)
            }
        }
    }

    /// A series' new total: delta points add up, cumulative points and gauges keep the latest.
    private func fold(_ existing: Value?, _ value: Value, delta: Bool, kind: Kind) -> Value {
        guard let existing else { return value }
        if delta { return Self.combine(existing, value, kind: kind) }
        return Self.time(of: value) >= Self.time(of: existing) ? value : existing
    }

    /// Two totals of different series (or delta intervals) as one: numbers add (gauges keep the
    /// latest), histograms merge.
    static func combine(_ lhs: Value, _ rhs: Value, kind: Kind) -> Value {
        switch (lhs, rhs) {
        case (.number(let a, let aInteger, let aTime), .number(let b, let bInteger, let bTime)):
            if kind == .gauge { return bTime >= aTime ? rhs : lhs }
            return .number(a + b, isInteger: aInteger && bInteger, time: Swift.max(aTime, bTime))
        case (.histogram(var a), .histogram(let b)):
            a.merge(b)
            return .histogram(a)
        default:
            return rhs
        }
    }

    private static func time(of value: Value) -> Timestamp {
        switch value {
        case .number(_, _, let time): return time
        case .histogram(let total): return total.time
        }
    }

    /// `k=v k=v` of the attributes without `keys`, sorted by key; `(all)` when none is left.
    static func label(_ attributes: Attributes, omitting keys: Set<String>) -> String {
        let parts = attributes.filter { !keys.contains($0.key) }.sorted { $0.key < $1.key }
            .map { TextLayout.singleLine("\($0.key)=\($0.value.displayString)") }
        return parts.isEmpty ? "(all)" : parts.joined(separator: " ")
    }
}

extension NumberValue {
    /// Whether the value was recorded as an integer.
    var isInteger: Bool {
        if case .int = self { return true }
        return false
    }
}
