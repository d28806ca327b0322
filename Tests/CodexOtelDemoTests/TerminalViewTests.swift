import OtelAPI
import OtelSDK
import Testing

@testable import CodexOtelDemoKit

#if canImport(Glibc)
import Glibc
#endif

/// Fixtures: a small trace, two log records, and metric batches with known values.
enum ViewFixtures {
    static let base: UInt64 = 1_700_000_000_000_000_000
    static let traceID = TraceID(hex: "0af7651916cd43dd8448eb211c80319c")!

    static func time(milliseconds: UInt64) -> Timestamp {
        Timestamp(nanosecondsSinceEpoch: base + milliseconds * 1_000_000)
    }

    static func context(_ span: UInt64) -> SpanContext {
        SpanContext(traceID: traceID, spanID: SpanID(span), traceFlags: .sampled)
    }

    /// turn (0–1000 ms) with api_request (0–100 ms, failed, one event) and tool_call (500–750 ms).
    static var spans: [SpanData] {
        let scope = InstrumentationScope(name: "codex-otel-demo")
        return [
            SpanData(
                name: "tool_call", context: context(3), parentSpanID: SpanID(1), startTime: time(milliseconds: 500),
                endTime: time(milliseconds: 750), instrumentationScope: scope),
            SpanData(
                name: "api_request", context: context(2), parentSpanID: SpanID(1), kind: .client,
                startTime: time(milliseconds: 0), endTime: time(milliseconds: 100),
                events: [SpanData.Event(name: "codex.api_request", timestamp: time(milliseconds: 100))],
                status: .error(description: "HTTP 503"), instrumentationScope: scope),
            SpanData(
                name: "turn", context: context(1), startTime: time(milliseconds: 0),
                endTime: time(milliseconds: 1000), instrumentationScope: scope),
        ]
    }

    static var logRecords: [LogRecordData] {
        [
            LogRecordData(
                timestamp: time(milliseconds: 1), observedTimestamp: time(milliseconds: 1), severity: .info,
                severityText: "INFO",
                attributes: [
                    "event.name": "codex.user_prompt", "prompt_length": "11", "prompt": "[REDACTED]",
                    "conversation.id": "c1",
                ], eventName: "codex.user_prompt",
                instrumentationScope: InstrumentationScope(name: "codex_otel.log_only")),
            LogRecordData(
                observedTimestamp: time(milliseconds: 2), severity: .warn, body: "proxy denied",
                attributes: ["network.policy.decision": "deny"],
                instrumentationScope: InstrumentationScope(name: "codex_otel.network_proxy")),
        ]
    }

    static func counter(
        _ attributes: Attributes, _ value: Int64, at ms: UInt64, _ temporality: AggregationTemporality
    )
        -> MetricData
    {
        MetricData(
            name: "codex.tool.call", description: "", unit: "",
            data: .sum(
                SumData(
                    points: [
                        NumberDataPoint(
                            attributes: attributes, startTime: time(milliseconds: 0), time: time(milliseconds: ms),
                            value: .int(value))
                    ], aggregationTemporality: temporality, isMonotonic: true)))
    }

    static let shell: Attributes = ["tool": "shell", "success": "true", "app.version": "1"]
    static let patch: Attributes = ["tool": "apply_patch", "success": "false", "app.version": "1"]

    /// Two delta batches: shell 1 + 2, apply_patch 1, and a duration histogram for shell.
    static var metrics: [ResourceMetrics] {
        let histogram = MetricData(
            name: "codex.tool.call.duration_ms", description: "Duration in milliseconds.", unit: "ms",
            data: .histogram(
                HistogramData(
                    points: [
                        HistogramDataPoint(
                            attributes: shell, startTime: time(milliseconds: 0), time: time(milliseconds: 10),
                            count: 3, sum: 90, min: 20, max: 40, explicitBounds: [0, 5, 10, 25, 50, 75, 100],
                            bucketCounts: [0, 0, 0, 1, 2, 0, 0, 0])
                    ], aggregationTemporality: .delta)))
        let scope = InstrumentationScope(name: "codex")
        return [
            ResourceMetrics(
                resource: Resource(),
                scopeMetrics: [
                    ScopeMetrics(
                        scope: scope, metrics: [counter(shell, 1, at: 10, .delta), counter(patch, 1, at: 10, .delta)])
                ]),
            ResourceMetrics(
                resource: Resource(),
                scopeMetrics: [ScopeMetrics(scope: scope, metrics: [counter(shell, 2, at: 20, .delta), histogram])]),
        ]
    }
}

@Suite("Terminal view, plain mode")
struct TerminalViewTests {
    let style = TerminalStyle.plain(width: 80)

    @Test("a trace renders as an indented waterfall with bars on the trace's time axis")
    func waterfall() {
        let lines = TraceWaterfall.render(ViewFixtures.spans, style: style)
        #expect(
            lines == [
                "trace 0af7651916cd43dd8448eb211c80319c  turn  1.00 s  3 spans",
                "  turn                    |==========================================|    1.00 s",
                "    api_request [error]   |=====                                     |  100.0 ms",
                "      * codex.api_request |    *                                     | +100.0 ms",
                "    tool_call             |                     ===========          |  250.0 ms",
            ])
    }

    @Test("without events only spans are listed; traces are separated by a blank line")
    func waterfallWithoutEventsAndTwoTraces() {
        let other = SpanData(
            name: "later", context: SpanContext(traceID: TraceID(high: 0, low: 7), spanID: SpanID(9), traceFlags: []),
            startTime: ViewFixtures.time(milliseconds: 2000), endTime: ViewFixtures.time(milliseconds: 2000),
            instrumentationScope: InstrumentationScope(name: "x"))
        let lines = TraceWaterfall.render(ViewFixtures.spans + [other], style: style, showEvents: false)
        #expect(lines.count == 4 + 1 + 2)
        #expect(lines[4] == "")
        #expect(lines[5] == "trace 00000000000000000000000000000007  later  0 us  1 span")
        #expect(lines[6].hasPrefix("  later      |=") && lines[6].hasSuffix("|      0 us"))
        #expect(lines.allSatisfy { $0.count <= 80 })
    }

    @Test("a span whose parent is missing is a root; a parent cycle does not loop")
    func orphansAndCycles() {
        let scope = InstrumentationScope(name: "x")
        let a = SpanData(
            name: "a", context: ViewFixtures.context(1), parentSpanID: SpanID(2),
            startTime: ViewFixtures.time(milliseconds: 0),
            endTime: ViewFixtures.time(milliseconds: 10), instrumentationScope: scope)
        let b = SpanData(
            name: "b", context: ViewFixtures.context(2), parentSpanID: SpanID(1),
            startTime: ViewFixtures.time(milliseconds: 1),
            endTime: ViewFixtures.time(milliseconds: 5), instrumentationScope: scope)
        let orphan = SpanData(
            name: "orphan", context: ViewFixtures.context(3), parentSpanID: SpanID(99),
            startTime: ViewFixtures.time(milliseconds: 2), endTime: ViewFixtures.time(milliseconds: 3),
            instrumentationScope: scope)
        let lines = TraceWaterfall.render([a, b, orphan], style: style)
        #expect(lines.count == 4)
        #expect(lines[1].hasPrefix("  orphan "))
        #expect(lines[2].hasPrefix("  a "))
        #expect(lines[3].hasPrefix("    b "))
    }

    @Test("log records render as a table of target, severity, event and key fields, cut to the width")
    func logTable() {
        let lines = LogTable.render(ViewFixtures.logRecords, style: style)
        #expect(
            lines == [
                "TARGET                    SEVERITY  EVENT              FIELDS",
                "codex_otel.log_only       INFO      codex.user_prompt  prompt_length=11 promp...",
                "codex_otel.network_proxy  WARN      -                  \"proxy denied\" network...",
            ])
    }

    @Test("a wide table shows every key field; session metadata stays hidden; control characters become spaces")
    func wideLogTable() {
        var records = ViewFixtures.logRecords
        records[0].attributes["output"] = "line 1\nline 2"
        let lines = LogTable.render(records, style: .plain(width: 200))
        #expect(
            lines[1]
                == "codex_otel.log_only       INFO      codex.user_prompt  prompt_length=11 prompt=[REDACTED] "
                + "output=\"line 1 line 2\"")
        #expect(!lines.joined().contains("conversation.id"))
    }

    @Test("metrics: counter totals per series, histogram count, sum and percentiles, common tags once")
    func metricsSummary() {
        let lines = MetricsSummary.render(ViewFixtures.metrics, style: style)
        #expect(
            lines == [
                "  common tags: app.version=1",
                "  codex.tool.call (counter)",
                "    success=false tool=apply_patch  1",
                "    success=true tool=shell         3",
                "  codex.tool.call.duration_ms (histogram, ms)",
                "    success=true tool=shell  count 3  sum 90  p50 31.25  p90 40  p99 40",
            ])
    }

    @Test("cumulative points keep the latest value instead of adding up")
    func cumulativeKeepsLatest() {
        let scope = InstrumentationScope(name: "codex")
        let batches = [5, 8].enumerated().map { index, value in
            ResourceMetrics(
                resource: Resource(),
                scopeMetrics: [
                    ScopeMetrics(
                        scope: scope,
                        metrics: [ViewFixtures.counter(["k": "v"], Int64(value), at: UInt64(10 + index), .cumulative)])
                ])
        }
        #expect(MetricsSummary.render(batches, style: style) == ["  codex.tool.call (counter)", "    k=v  8"])
    }

    @Test("the whole view has a heading per section and says when a section is empty")
    func emptyView() {
        #expect(
            TerminalView.render(spans: [], logRecords: [], metrics: [], style: style) == [
                "== Traces (0 traces, 0 spans) ==", "  (none)", "",
                "== Logs (0 records) ==", "  (none)", "",
                "== Metrics (0 metrics, 0 points) ==", "  (none)",
            ])
    }

    @Test("the whole view counts traces, spans, records, metrics and points")
    func fullViewHeadings() {
        let lines = TerminalView.render(
            spans: ViewFixtures.spans, logRecords: ViewFixtures.logRecords, metrics: ViewFixtures.metrics, style: style)
        #expect(lines.first == "== Traces (1 trace, 3 spans) ==")
        #expect(lines.contains("== Logs (2 records) =="))
        #expect(lines.contains("== Metrics (2 metrics, 4 points) =="))
        #expect(lines.allSatisfy { $0.count <= 80 })
        #expect(!lines.joined().contains("\u{1B}"))
    }
}

@Suite("Terminal view, colour mode")
struct ColourModeTests {
    @Test("colour mode paints with ANSI escapes and draws Unicode bars; plain mode is ASCII")
    func colours() {
        let colour = TerminalView.render(
            spans: ViewFixtures.spans, logRecords: ViewFixtures.logRecords, metrics: ViewFixtures.metrics,
            style: TerminalStyle(width: 80, colors: true))
        let text = colour.joined(separator: "\n")
        #expect(text.contains("\u{1B}[1m== Traces"))
        #expect(text.contains("█"))
        #expect(text.contains("\u{1B}[31m"))  // the failed span in red
        let plain = TerminalView.render(
            spans: ViewFixtures.spans, logRecords: ViewFixtures.logRecords, metrics: ViewFixtures.metrics,
            style: .plain(width: 80))
        #expect(plain.joined().unicodeScalars.allSatisfy { $0.isASCII })
    }

    @Test("a pipe is not a terminal: no colour; the width comes from COLUMNS, else 120")
    func detectOnPipe() {
        var fds: [Int32] = [0, 0]
        #expect(pipe(&fds) == 0)
        defer {
            close(fds[0])
            close(fds[1])
        }
        #expect(TerminalStyle.detect(fileDescriptor: fds[1], environment: ["COLUMNS": "90"]) == .plain(width: 90))
        #expect(TerminalStyle.detect(fileDescriptor: fds[1], environment: [:]) == .plain(width: 120))
    }

    @Test("a terminal gets colour unless NO_COLOR is set")
    func detectOnTerminal() throws {
        // A pseudo-terminal: /dev/ptmx, unlocked (TIOCSPTLCK), its peer /dev/pts/<TIOCGPTN>.
        let master = open("/dev/ptmx", O_RDWR | O_NOCTTY)
        try #require(master >= 0)
        defer { close(master) }
        var unlock: Int32 = 0
        var number: UInt32 = 0
        try #require(ioctl(master, UInt(0x4004_5431), &unlock) == 0)
        try #require(ioctl(master, UInt(0x8004_5430), &number) == 0)
        let terminal = open("/dev/pts/\(number)", O_RDWR | O_NOCTTY)
        try #require(terminal >= 0)
        defer { close(terminal) }
        #expect(isatty(terminal) == 1)
        #expect(TerminalStyle.detect(fileDescriptor: terminal, environment: [:]).colors)
        #expect(!TerminalStyle.detect(fileDescriptor: terminal, environment: ["NO_COLOR": "1"]).colors)
        #expect(TerminalStyle.detect(fileDescriptor: terminal, environment: ["NO_COLOR": ""]).colors)
    }
}
