import OtelAPI
import OtelSDK

/// Each trace as a waterfall: spans indented under their parents, each with a bar placed on the
/// trace's time axis and as long as the span lasted, then its duration; span events (the
/// trace lane's `codex.*` events) under their span, marked at their time.
///
/// ```text
/// trace 0af7651916cd43dd8448eb211c80319c  turn  1.00 s  3 spans
///   turn                    |==================================================|    1.00 s
///     api_request [error]   |=====                                             |  100.0 ms
///       * codex.api_request |    *                                             | +100.0 ms
/// ```
public enum TraceWaterfall {
    /// The width of the duration column.
    static let durationWidth = 9

    /// The lines of every trace in `spans`, traces ordered by their first start.
    ///
    /// - Parameters:
    ///   - spans: spans of any number of traces, in any order.
    ///   - style: the width and colour mode.
    ///   - showEvents: whether to list each span's events under it.
    public static func render(_ spans: [SpanData], style: TerminalStyle, showEvents: Bool = true) -> [String] {
        var byTrace: [TraceID: [SpanData]] = [:]
        for span in spans { byTrace[span.context.traceID, default: []].append(span) }
        let traces = byTrace.map { traceID, spans in
            (traceID: traceID, start: spans.map(\.startTime).min() ?? Timestamp(nanosecondsSinceEpoch: 0), spans: spans)
        }.sorted { lhs, rhs in lhs.start != rhs.start ? lhs.start < rhs.start : lhs.traceID < rhs.traceID }
        var lines: [String] = []
        for (index, trace) in traces.enumerated() {
            if index > 0 { lines.append("") }
            lines.append(contentsOf: renderTrace(trace.spans, style: style, showEvents: showEvents))
        }
        return lines
    }

    /// One row of the waterfall before layout.
    private struct Row {
        var depth: Int
        var label: String
        var isError: Bool
        /// Nanoseconds since the trace's start.
        var start: UInt64
        var end: UInt64
        /// An event's row: a marker instead of a bar.
        var isEvent: Bool
    }

    /// The lines of one trace.
    static func renderTrace(_ spans: [SpanData], style: TerminalStyle, showEvents: Bool) -> [String] {
        guard let first = spans.first, let traceStart = spans.map(\.startTime).min(),
            let traceEnd = spans.map({ Swift.max($0.endTime, $0.startTime) }).max()
        else { return [] }
        let total = Swift.max(1, traceEnd.nanoseconds(since: traceStart))
        let rows = orderedRows(spans, traceStart: traceStart, showEvents: showEvents)

        let roots = spans.filter { span in
            guard let parent = span.parentSpanID else { return true }
            return !spans.contains { $0.context.spanID == parent }
        }
        let rootName = roots.min { $0.startTime < $1.startTime }?.name ?? first.name
        let spanWord = spans.count == 1 ? "span" : "spans"
        let header =
            "trace \(first.context.traceID.hexString)  \(TextLayout.singleLine(rootName))  "
            + "\(NumberFormatting.duration(nanoseconds: total))  \(spans.count) \(spanWord)"
        var lines = [style.paint(TextLayout.truncate(header, to: style.width, ellipsis: style.ellipsis), .bold)]

        let widest = rows.map { 2 + 2 * $0.depth + $0.label.count }.max() ?? 0
        let nameWidth = Swift.min(Swift.max(12, widest), style.width * 2 / 5)
        let barWidth = Swift.max(10, style.width - nameWidth - 4 - durationWidth)
        for row in rows {
            let indent = String(repeating: " ", count: 2 + 2 * row.depth)
            let name = TextLayout.column(indent + row.label, nameWidth, ellipsis: style.ellipsis)
            let bar = self.bar(row, total: total, width: barWidth, style: style)
            let label =
                row.isEvent
                ? "+" + NumberFormatting.duration(nanoseconds: row.start)
                : NumberFormatting.duration(nanoseconds: row.end - row.start)
            let paintedName =
                row.isEvent ? style.paint(name, .dim) : (row.isError ? style.paint(name, .red) : name)
            lines.append(paintedName + " |" + bar + "| " + TextLayout.rightAligned(label, durationWidth))
        }
        return lines
    }

    /// The rows depth first, children by start time; spans whose parent is missing are roots,
    /// and spans caught in a parent cycle are shown as roots at the end.
    private static func orderedRows(_ spans: [SpanData], traceStart: Timestamp, showEvents: Bool) -> [Row] {
        let sorted = spans.sorted { lhs, rhs in
            lhs.startTime != rhs.startTime ? lhs.startTime < rhs.startTime : lhs.context.spanID < rhs.context.spanID
        }
        let ids = Set(sorted.map(\.context.spanID))
        var children: [SpanID: [SpanData]] = [:]
        var roots: [SpanData] = []
        for span in sorted {
            if let parent = span.parentSpanID, ids.contains(parent), parent != span.context.spanID {
                children[parent, default: []].append(span)
            } else {
                roots.append(span)
            }
        }
        var rows: [Row] = []
        var visited = Set<SpanID>()
        func offset(_ time: Timestamp) -> UInt64 { time.nanoseconds(since: traceStart) }
        func visit(_ root: SpanData) {
            var stack: [(SpanData, Int)] = [(root, 0)]
            while let (span, depth) = stack.popLast() {
                guard visited.insert(span.context.spanID).inserted else { continue }
                let isError: Bool
                if case .error = span.status { isError = true } else { isError = false }
                let end = Swift.max(span.endTime, span.startTime)
                rows.append(
                    Row(
                        depth: depth, label: TextLayout.singleLine(span.name) + (isError ? " [error]" : ""),
                        isError: isError, start: offset(span.startTime), end: offset(end), isEvent: false))
                if showEvents {
                    for event in span.events {
                        let at = offset(Swift.max(event.timestamp, traceStart))
                        rows.append(
                            Row(
                                depth: depth + 1, label: "* " + TextLayout.singleLine(event.name), isError: false,
                                start: at, end: at, isEvent: true))
                    }
                }
                for child in (children[span.context.spanID] ?? []).reversed() { stack.append((child, depth + 1)) }
            }
        }
        for root in roots { visit(root) }
        for span in sorted where !visited.contains(span.context.spanID) { visit(span) }
        return rows
    }

    /// The bar of a span (or the marker of an event) on a `width`-column time axis.
    private static func bar(_ row: Row, total: UInt64, width: Int, style: TerminalStyle) -> String {
        func column(_ nanoseconds: UInt64, roundUp: Bool) -> Int {
            let exact = Double(Swift.min(nanoseconds, total)) / Double(total) * Double(width)
            return Int(roundUp ? exact.rounded(.up) : exact.rounded(.down))
        }
        var start = Swift.min(column(row.start, roundUp: false), width - 1)
        var end = row.isEvent ? start + 1 : Swift.max(column(row.end, roundUp: true), start + 1)
        end = Swift.min(end, width)
        start = Swift.min(start, end - 1)
        let fill: String
        if row.isEvent {
            fill = style.colors ? "◆" : "*"
        } else {
            fill = String(repeating: style.colors ? "█" : "=", count: end - start)
        }
        let painted = style.paint(fill, row.isEvent ? .yellow : (row.isError ? .red : .cyan))
        return String(repeating: " ", count: start) + painted + String(repeating: " ", count: width - end)
    }
}
