import OtelOTLP
import OtelOTLPReceiver
import OtelSDK
import Synchronization
import Testing

@testable import CodexOtelDemoKit

/// The demo run in-process, over real HTTP to the embedded receiver.
///
/// What the scripted session emits (see `DemoSession`):
/// - 17 spans: session, 3 turns, 6 api_request (2 attempts + 1 in turn 1, 2 in turn 2, 1 in
///   turn 3), 5 response spans, 2 tool calls.
/// - 40 log records: conversation_starts, startup_phase, 3 user_prompt, 6 api_request, 5 × 5
///   sse_event (4 stream events and the completed token counts per response), 2 tool_decision,
///   2 tool_result.
/// - 19 metric points: codex.api_request and its duration (status 200 / 503: 2 + 2), codex.sse_event
///   and its duration (4 kinds: 4 + 4), startup phase 1, thread started 1, codex.tool.call and its
///   duration (shell / apply_patch: 2 + 2), turn e2e duration 1.
@Suite("The demo, end to end")
struct DemoEndToEndTests {
    static let expectedSpans = 17
    static let expectedLogRecords = 40
    static let expectedMetricPoints = 19
    static let pace = 0.05

    @Test("default run: everything emitted arrives at the embedded receiver, and the summary says so")
    func embeddedReceiver() async throws {
        let capture = CapturedConsole()
        let outcome = try await DemoRunner.outcome(
            RunOptions(), environment: OtelEnvironment([:]), console: capture.console(width: 400), pace: Self.pace)
        let summary = outcome.summary
        #expect(summary.isEmbedded)
        #expect(summary.signals.map(\.name) == ["spans", "log records", "metric points"])
        #expect(
            summary.signals.map(\.emitted) == [Self.expectedSpans, Self.expectedLogRecords, Self.expectedMetricPoints])
        #expect(summary.signals.map(\.arrived) == summary.signals.map(\.emitted))
        #expect(summary.signals.map(\.dropped) == [0, 0, 0])
        #expect(summary.problems.isEmpty)
        #expect(outcome.exitStatus == 0)

        let lines = capture.lines
        #expect(lines.contains("OK: delivered spans 17/17, log records 40/40, metric points 19/19"))
        #expect(lines.contains("exporting... spans 17 logs 40 points 19"))
        #expect(lines.contains("== Traces (1 trace, 17 spans) =="))
        #expect(lines.contains("== Logs (40 records) =="))
        #expect(lines.contains { $0.hasPrefix("== Metrics (9 metrics, 19 points) ==") })
        #expect(lines.contains("  spans               17        17         0"))
        // The waterfall: the retried request failed, the failing tool call too.
        #expect(lines.contains { $0.hasPrefix("      api_request [error] ") })
        #expect(lines.contains { $0.hasPrefix("      tool_call apply_patch [error] ") })
        // The metrics summary: one 503, five 200s.
        #expect(lines.contains { $0.hasPrefix("    status=200 success=true") && $0.hasSuffix("  5") })
        #expect(lines.contains { $0.hasPrefix("    status=503 success=false") && $0.hasSuffix("  1") })
        #expect(capture.standardError.isEmpty)
    }

    @Test("prompts are redacted on the log lane unless --log-user-prompts")
    func redaction() async throws {
        let redacted = CapturedConsole()
        _ = try await DemoRunner.outcome(
            RunOptions(), environment: OtelEnvironment([:]), console: redacted.console(width: 400), pace: Self.pace)
        let clear = CapturedConsole()
        _ = try await DemoRunner.outcome(
            RunOptions(logUserPrompts: true), environment: OtelEnvironment([:]), console: clear.console(width: 400),
            pace: Self.pace)

        let redactedPrompts = redacted.lines.filter { $0.contains("codex.user_prompt ") && $0.hasPrefix("codex_otel") }
        #expect(redactedPrompts.count == 3)
        #expect(redactedPrompts.allSatisfy { $0.contains("prompt=[REDACTED]") })
        for prompt in DemoSession.prompts { #expect(!redacted.standardOutput.contains(prompt)) }

        let clearPrompts = clear.lines.filter { $0.contains("codex.user_prompt ") && $0.hasPrefix("codex_otel") }
        #expect(clearPrompts.count == 3)
        for prompt in DemoSession.prompts {
            #expect(clearPrompts.contains { $0.contains("prompt=\"\(prompt)\"") })
        }
        #expect(clear.lines.contains { $0.contains("prompt_length=52 prompt=\"Add a --verbose flag") })
        #expect(redacted.lines.contains { $0.contains("prompt_length=52 prompt=[REDACTED]") })
    }

    @Test("--endpoint and --protocol send all three signals to a collector; the view shows what was sent")
    func collectorOption() async throws {
        let store = OTLPReceiverStore()
        let collector = try OTLPHTTPReceiver(store: store)
        defer { collector.stop() }
        let capture = CapturedConsole()
        let outcome = try await DemoRunner.outcome(
            RunOptions(endpoint: collector.baseURL, protocol: .httpJSON), environment: OtelEnvironment([:]),
            console: capture.console(width: 400), pace: Self.pace)
        #expect(!outcome.summary.isEmbedded)
        #expect(outcome.exitStatus == 0)
        let statistics = store.statistics
        #expect(statistics.spans == Self.expectedSpans)
        #expect(statistics.logRecords == Self.expectedLogRecords)
        #expect(statistics.metricPoints == Self.expectedMetricPoints)
        #expect(statistics.bytes > 0 && statistics.decodeErrors == 0)
        #expect(outcome.summary.signals.map(\.arrived) == [17, 40, 19])
        let lines = capture.lines
        #expect(lines.contains("OK: accepted by the collector spans 17/17, log records 40/40, metric points 19/19"))
        #expect(lines.contains("    traces   http/json      \(collector.baseURL)/v1/traces"))
        #expect(lines.contains("  sent to the collector:"))
        #expect(lines.contains("== Traces (1 trace, 17 spans) =="))
        #expect(lines.contains("== Logs (40 records) =="))
        #expect(lines.contains { $0.hasPrefix("== Metrics (9 metrics, 19 points) ==") })
    }

    @Test("OTEL_EXPORTER_OTLP_ENDPOINT and OTEL_EXPORTER_OTLP_PROTOCOL choose the collector and transport")
    func collectorVariables() async throws {
        let store = OTLPReceiverStore()
        let collector = try OTLPHTTPReceiver(store: store)
        defer { collector.stop() }
        let formats = FormatLog()
        let tracesStore = OTLPReceiverStore()
        let tracesCollector = try OTLPHTTPReceiver(sink: { event in
            tracesStore.record(event)
            if case .received(_, let format, _) = event { formats.add(format) }
        })
        defer { tracesCollector.stop() }
        let environment = OtelEnvironment([
            "OTEL_EXPORTER_OTLP_ENDPOINT": collector.baseURL,
            "OTEL_EXPORTER_OTLP_TRACES_ENDPOINT": tracesCollector.url(for: .traces),
            "OTEL_EXPORTER_OTLP_PROTOCOL": "http/json",
        ])
        let outcome = try await DemoRunner.outcome(
            RunOptions(), environment: environment, console: CapturedConsole().console(), pace: Self.pace)
        #expect(outcome.exitStatus == 0)
        #expect(tracesStore.statistics.spans == Self.expectedSpans)
        #expect(store.statistics.spans == 0)
        #expect(store.statistics.logRecords == Self.expectedLogRecords)
        #expect(store.statistics.metricPoints == Self.expectedMetricPoints)
        #expect(formats.all == Set([.json]))
    }

    @Test("a collector that refuses everything: the summary reports the drops and the exit status is 1")
    func undeliverable() async throws {
        // The receiver answers 404 (not retryable) outside /v1/<signal>.
        let collector = try OTLPHTTPReceiver()
        defer { collector.stop() }
        let capture = CapturedConsole()
        let outcome = try await DemoRunner.outcome(
            RunOptions(endpoint: collector.baseURL + "/nowhere"), environment: OtelEnvironment([:]),
            console: capture.console(width: 200), pace: Self.pace)
        #expect(outcome.exitStatus == 1)
        #expect(outcome.summary.signals.map(\.emitted) == [17, 40, 19])
        #expect(outcome.summary.signals.map(\.arrived) == [0, 0, 0])
        #expect(outcome.summary.signals.map(\.dropped) == [17, 40, 19])
        #expect(
            capture.lines.contains(
                "FAILED: accepted by the collector spans 0/17, log records 0/40, metric points 0/19; 76 dropped"))
        for name in ["spans", "log records", "metric points"] {
            #expect(capture.lines.contains { $0.hasPrefix("  \(name): HTTP 404") })
        }
        #expect(collector.statistics.refusedRequests > 0)
    }

    @Test("setup errors: gRPC without an endpoint exits 2 with the reason on stderr")
    func grpcWithoutEndpoint() async {
        let capture = CapturedConsole()
        let status = await DemoRunner.run(
            RunOptions(protocol: .grpc), environment: OtelEnvironment([:]), console: capture.console(), pace: Self.pace)
        #expect(status == 2)
        #expect(capture.standardError.hasPrefix("codex-otel-demo: the embedded receiver speaks OTLP/HTTP only"))
    }

    @Test("receive: prints each batch as it arrives and stops after --seconds")
    func receiveCommand() async throws {
        let capture = CapturedConsole()
        let run = Task {
            await ReceiveCommand.run(
                ReceiveOptions(port: 0, duration: .milliseconds(1500)), console: capture.console(width: 120),
                handlesSignals: false)
        }
        var baseURL: String?
        for _ in 0..<200 where baseURL == nil {
            try await Task.sleep(for: .milliseconds(10))
            if let line = capture.lines.first(where: { $0.hasPrefix("codex-otel-demo: receiving") }) {
                baseURL = line.split(separator: " ").last.map(String.init)
            }
        }
        let url = try #require(baseURL)
        let exporter = try OTLPSpanExporter(
            configuration: OTLPExporterConfiguration(endpoint: .base(url), protocol: .httpJSON),
            environment: OtelEnvironment([:]))
        let result = exporter.export(ViewFixtures.spans, deadline: .now().advanced(by: .seconds(5)))
        if case .failure(let reason) = result { Issue.record("export failed: \(reason)") }
        #expect(await run.value == 0)
        let lines = capture.lines
        #expect(lines.contains("  POST \(url)/v1/traces"))
        #expect(lines.contains { $0.hasPrefix("-- received traces: 3 spans (json, ") })
        #expect(lines.contains("trace 0af7651916cd43dd8448eb211c80319c  turn  1.00 s  3 spans"))
        #expect(lines.contains { $0.hasPrefix("received spans 3, log records 0, metric points 0 in 1 requests (") })
    }

    @Test("receive: refused requests are shown too")
    func receiveEventLines() {
        let style = TerminalStyle.plain(width: 80)
        #expect(ReceiveCommand.lines(for: .connectionOpened, style: style).isEmpty)
        #expect(
            ReceiveCommand.lines(for: .refused(status: 404, reason: "no route /v2"), style: style)
                == ["-- refused a request (404): no route /v2 --", ""])
        #expect(
            ReceiveCommand.lines(for: .decodeFailed(signal: .logs, bodyBytes: 3, error: "bad\nbody"), style: style)
                == ["-- undecodable logs request (3 bytes): bad body --", ""])
    }
}

/// The body formats a test receiver saw.
final class FormatLog: Sendable {
    private let formats = Mutex(Set<OTLPPayloadFormat>())
    func add(_ format: OTLPPayloadFormat) { formats.withLock { _ = $0.insert(format) } }
    var all: Set<OTLPPayloadFormat> { formats.withLock { $0 } }
}
