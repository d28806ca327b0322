import OtelAPI
import OtelSDK

/// A summary of metric batches: for each metric its series with the counter totals, gauge
/// values, or histogram count, sum and estimated p50 / p90 / p99.
///
/// Delta points of a series are added up; of cumulative points the latest counts. Tags that
/// have the same value on every series that carries them (the session's metadata tags) are
/// shown once, on a `common tags` line, and left out of the series labels.
///
/// ```text
///   common tags: app.version=0.1.0 model=gpt-5.1
///   codex.api_request (counter)
///     status=200 success=true   2
///   codex.api_request.duration_ms (histogram, ms)
///     status=200 success=true   count 2  sum 240  p50 110  p90 130  p99 133
/// ```
public enum MetricsSummary {
    /// The quantiles shown for histograms.
    public static let quantiles: [(label: String, value: Double)] = [("p50", 0.5), ("p90", 0.9), ("p99", 0.99)]

    /// The summary's lines.
    public static func render(_ batches: [ResourceMetrics], style: TerminalStyle) -> [String] {
        let totals = MetricTotals(batches)
        guard !totals.metrics.isEmpty else { return [] }
        let common = totals.commonTags
        var lines: [String] = []
        if !common.isEmpty {
            let text = "  common tags: " + common.map { "\($0.key)=\($0.value.displayString)" }.joined(separator: " ")
            lines.append(
                style.paint(
                    TextLayout.truncate(TextLayout.singleLine(text), to: style.width, ellipsis: style.ellipsis), .dim))
        }
        let commonKeys = Set(common.map(\.key))
        for metric in totals.metrics {
            var kind = metric.kind.title
            if !metric.unit.isEmpty { kind += ", " + metric.unit }
            let title = "  " + TextLayout.singleLine(metric.name) + " (" + kind + ")"
            lines.append(style.paint(TextLayout.truncate(title, to: style.width, ellipsis: style.ellipsis), .bold))

            let rows = metric.rows(omitting: commonKeys)
            let labelWidth = Swift.min(style.width / 2, rows.map(\.label.count).max() ?? 0)
            for row in rows {
                let label = TextLayout.column(row.label, labelWidth, ellipsis: style.ellipsis)
                let text = TextLayout.truncate(
                    "    " + label + "  " + row.value, to: style.width, ellipsis: style.ellipsis)
                lines.append(text)
            }
        }
        return lines
    }

    /// `point`'s statistics: `count 2  sum 240  p50 110  p90 130  p99 133`.
    static func histogramText(count: UInt64, sum: Double, estimator: HistogramPercentiles) -> String {
        var text = "count \(count)  sum \(NumberFormatting.compact(sum))"
        for quantile in quantiles {
            let value = estimator.estimate(quantile.value).map(NumberFormatting.compact) ?? "-"
            text += "  \(quantile.label) \(value)"
        }
        return text
    }
}
