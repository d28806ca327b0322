import OtelSDK

/// The whole terminal view: traces as waterfalls, log records as a table, and a metrics
/// summary, each under a heading with its counts. Pure: data in, lines out.
public enum TerminalView {
    /// The view's lines; a section with no data says so in one line.
    ///
    /// - Parameters:
    ///   - spans: the spans to draw, of any number of traces.
    ///   - logRecords: the log records, in the order to list them.
    ///   - metrics: metric batches, in the order they were collected.
    ///   - style: width and colour.
    public static func render(
        spans: [SpanData], logRecords: [LogRecordData], metrics: [ResourceMetrics], style: TerminalStyle
    ) -> [String] {
        var lines: [String] = []
        let traceCount = Set(spans.map(\.context.traceID)).count
        lines.append(heading("Traces", "\(plural(traceCount, "trace")), \(plural(spans.count, "span"))", style: style))
        lines.append(contentsOf: spans.isEmpty ? ["  (none)"] : TraceWaterfall.render(spans, style: style))
        lines.append("")
        lines.append(heading("Logs", plural(logRecords.count, "record"), style: style))
        lines.append(contentsOf: logRecords.isEmpty ? ["  (none)"] : LogTable.render(logRecords, style: style))
        lines.append("")
        let points = metrics.reduce(0) { $0 + $1.pointCount }
        let names = Set(metrics.flatMap { $0.allMetrics.map(\.name) }).count
        lines.append(heading("Metrics", "\(plural(names, "metric")), \(plural(points, "point"))", style: style))
        let summary = MetricsSummary.render(metrics, style: style)
        lines.append(contentsOf: summary.isEmpty ? ["  (none)"] : summary)
        return lines
    }

    /// `== Title (detail) ==`, bold in colour mode.
    static func heading(_ title: String, _ detail: String, style: TerminalStyle) -> String {
        style.paint("== \(title) (\(detail)) ==", .bold)
    }

    /// `1 span`, `2 spans`.
    static func plural(_ count: Int, _ noun: String) -> String { "\(count) \(noun)\(count == 1 ? "" : "s")" }
}
