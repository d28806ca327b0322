import CodexSessionTelemetry
import OtelAPI
import OtelSDK
import Testing

@testable import CodexSessionTelemetry

@Suite("SessionTelemetry metrics")
struct SessionMetricsTests {
    @Test func sessionTagsComeFirstInTheOriginalsOrder() throws {
        let (client, _) = try makeSessionMetricsClient()
        let session = Sessions.full().withMetricsServiceName("codex desktop").withMetrics(client)
        let tags = session.taggedWithMetadata([("status", "200"), ("success", "true")])
        #expect(
            tags.map(\.0) == [
                "auth_mode", "session_source", "originator", "service_name", "model", "app.version", "status",
                "success",
            ])
        #expect(
            tags.map(\.1) == [
                "Chatgpt", "cli", "codex_cli_rs", "codex_desktop", "gpt-5.1", CodexSessionTelemetryVersion.current,
                "200",
                "true",
            ])
        try client.shutdown()
    }

    @Test func optionalSessionTagsAreSkipped() throws {
        let (client, _) = try makeSessionMetricsClient()
        let session = Sessions.minimal().withMetrics(client)
        let tags = session.taggedWithMetadata([])
        #expect(tags.map(\.0) == ["session_source", "originator", "model", "app.version"])
        #expect(tags.map(\.1) == ["exec", "codex_exec", "o3", CodexSessionTelemetryVersion.current])
        try client.shutdown()
    }

    @Test func metadataTagsCanBeLeftOut() throws {
        let (client, exporter) = try makeSessionMetricsClient()
        let session = Sessions.full().withMetricsWithoutMetadataTags(client)
        #expect(!session.metricsUseMetadataTags)
        #expect(session.taggedWithMetadata([("k", "v")]).map(\.0) == ["k"])
        session.recordWebSocketRequest(duration: .milliseconds(4), error: nil)
        try client.shutdown()
        #expect(counterPoints(exporter, "codex.websocket.request").map(\.0) == [["success": "true"]])
        // withMetrics turns them back on.
        #expect(session.withMetrics(client).metricsUseMetadataTags)
    }

    @Test func apiRequestMetrics() throws {
        let (client, exporter) = try makeSessionMetricsClient()
        let session = Sessions.full().withMetrics(client)
        session.recordAPIRequest(attempt: 1, status: 200, error: nil, duration: .milliseconds(120))
        session.recordAPIRequest(attempt: 2, status: 200, error: "body truncated", duration: .milliseconds(30))
        session.recordAPIRequest(attempt: 3, status: nil, error: "timeout", duration: .milliseconds(5))
        try client.shutdown()
        let ok = dictionary(fullSessionTags + [("status", "200"), ("success", "true")])
        let failed = dictionary(fullSessionTags + [("status", "200"), ("success", "false")])
        let none = dictionary(fullSessionTags + [("status", "none"), ("success", "false")])
        let counts = counterPoints(exporter, "codex.api_request")
        #expect(counts.count == 3)
        #expect(counts.first { $0.0 == ok }?.1 == 1)
        #expect(counts.first { $0.0 == failed }?.1 == 1)
        #expect(counts.first { $0.0 == none }?.1 == 1)
        let durations = durationPoints(exporter, "codex.api_request.duration_ms")
        #expect(durations.first { $0.0 == ok }?.1 == 1)
        #expect(durations.first { $0.0 == ok }?.2 == 120)
        #expect(durations.first { $0.0 == none }?.2 == 5)
        #expect(durations.first { $0.0 == failed }?.2 == 30)
    }

    @Test func websocketMetrics() throws {
        let (client, exporter) = try makeSessionMetricsClient()
        let session = Sessions.minimal().withMetrics(client)
        session.recordWebSocketRequest(duration: .milliseconds(8), error: "closed")
        session.recordWebSocketEvent(.message(.text(#"{"type":"response.created"}"#)), duration: .milliseconds(2))
        session.recordWebSocketEvent(.message(.binary), duration: .milliseconds(3))
        session.recordWebSocketEvent(.message(.ping), duration: .milliseconds(3))
        session.recordWebSocketConnect(duration: .milliseconds(50), status: 200, error: nil, connectionReused: false)
        try client.shutdown()
        let base: [(String, String)] = [
            ("session_source", "exec"), ("originator", "codex_exec"), ("model", "o3"),
            ("app.version", CodexSessionTelemetryVersion.current),
        ]
        #expect(
            counterPoints(exporter, "codex.websocket.request").map(\.0) == [dictionary(base + [("success", "false")])])
        #expect(durationPoints(exporter, "codex.websocket.request.duration_ms").map(\.2) == [8])
        let events = counterPoints(exporter, "codex.websocket.event")
        #expect(events.count == 2)
        #expect(events.contains { $0.0 == dictionary(base + [("kind", "response.created"), ("success", "true")]) })
        #expect(events.contains { $0.0 == dictionary(base + [("kind", "unknown"), ("success", "false")]) })
        #expect(durationPoints(exporter, "codex.websocket.event.duration_ms").map(\.1).reduce(0, +) == 2)
        // The connect event records no metric.
        #expect(exporter.allMetrics.allSatisfy { !$0.name.contains("connect") })
    }

    @Test func websocketTimingMetrics() throws {
        let (client, exporter) = try makeSessionMetricsClient()
        let session = Sessions.full().withMetrics(client)
        let message = #"""
            {"type":"responsesapi.websocket_timing","timing_metrics":{
              "responses_duration_excl_engine_and_client_tool_time_ms": 12.4,
              "engine_service_total_ms": 12.5,
              "engine_iapi_ttft_total_ms": 300,
              "engine_service_ttft_total_ms": -1,
              "engine_iapi_tbt_across_engine_calls_ms": "17",
              "engine_service_tbt_across_engine_calls_ms": 0
            }}
            """#
        session.recordWebSocketEvent(.message(.text(message)), duration: .milliseconds(1))
        session.recordWebSocketEvent(
            .message(.text(#"{"type":"responsesapi.websocket_timing"}"#)), duration: .milliseconds(1))
        try client.shutdown()
        let sessionOnly = dictionary(fullSessionTags)
        func recorded(_ name: String) -> [Double] {
            durationPoints(exporter, name).filter { $0.0 == sessionOnly }.map(\.2)
        }
        #expect(recorded("codex.responses_api_overhead.duration_ms") == [12])
        #expect(recorded("codex.responses_api_inference_time.duration_ms") == [13])
        #expect(recorded("codex.responses_api_engine_iapi_ttft.duration_ms") == [300])
        #expect(recorded("codex.responses_api_engine_service_ttft.duration_ms").isEmpty)
        #expect(recorded("codex.responses_api_engine_iapi_tbt.duration_ms").isEmpty)
        #expect(recorded("codex.responses_api_engine_service_tbt.duration_ms") == [0])
        let kinds = counterPoints(exporter, "codex.websocket.event")
        #expect(kinds.map(\.1) == [2])
    }

    @Test func sseMetrics() throws {
        let (client, exporter) = try makeSessionMetricsClient()
        let session = Sessions.full().withMetrics(client)
        session.logSSEEvent(.event(kind: "response.output_text.delta", data: "{}"), duration: .milliseconds(2))
        session.logSSEEvent(.event(kind: "response.failed", data: "{}"), duration: .milliseconds(3))
        session.logSSEEvent(.idleTimeout, duration: .milliseconds(4))
        session.logSSEEvent(.endOfStream, duration: .milliseconds(5))
        session.sseEventCompleted(
            inputTokenCount: 1, outputTokenCount: 1, cachedTokenCount: nil, reasoningTokenCount: nil, toolTokenCount: 0)
        try client.shutdown()
        let counts = counterPoints(exporter, "codex.sse_event")
        #expect(counts.count == 3)
        for (kind, success) in [
            ("response.output_text.delta", "true"), ("response.failed", "false"), ("unknown", "false"),
        ] {
            #expect(
                counts.first { $0.0 == dictionary(fullSessionTags + [("kind", kind), ("success", success)]) }?.1 == 1)
        }
        #expect(durationPoints(exporter, "codex.sse_event.duration_ms").map(\.2).reduce(0, +) == 9)
    }

    @Test func toolMetricsCarryToolSuccessThenExtraTags() throws {
        let (client, exporter) = try makeSessionMetricsClient()
        let session = Sessions.full().withMetrics(client)
        session.toolResult(
            toolName: "shell", callID: "c", arguments: "{}", duration: .milliseconds(250), success: true, output: "ok",
            extraTags: [("sandbox", "seatbelt"), ("mcp_server", "none")])
        session.logToolFailed(toolName: "shell", error: "boom")
        try client.shutdown()
        let tags = dictionary(
            fullSessionTags + [("tool", "shell"), ("success", "true"), ("sandbox", "seatbelt"), ("mcp_server", "none")])
        #expect(counterPoints(exporter, "codex.tool.call").map(\.0) == [tags])
        #expect(counterPoints(exporter, "codex.tool.call").map(\.1) == [1])
        #expect(durationPoints(exporter, "codex.tool.call.duration_ms").map(\.2) == [250])
        #expect(
            session.taggedWithMetadata([("tool", "shell"), ("success", "true"), ("x", "y")]).suffix(3).map(\.0) == [
                "tool", "success", "x",
            ])
    }

    @Test func lifecycleMetrics() throws {
        let (client, exporter) = try makeSessionMetricsClient()
        let session = Sessions.minimal().withMetrics(client)
        session.recordStartupPhase("load_config", duration: .milliseconds(7), status: "ok")
        session.recordStartupPhase("auth", duration: .milliseconds(9))
        session.recordTurnTTFT(.milliseconds(640))
        session.recordPluginInstallElicitationSent(toolType: "connector", toolID: "gh", toolName: "GitHub")
        session.recordPluginInstallSuggestion(
            toolType: "plugin", toolID: "p", toolName: "P", responseAction: "dismiss", userConfirmed: false,
            completed: true)
        try client.shutdown()
        let base: [(String, String)] = [
            ("session_source", "exec"), ("originator", "codex_exec"), ("model", "o3"),
            ("app.version", CodexSessionTelemetryVersion.current),
        ]
        let phases = durationPoints(exporter, "codex.startup.phase.duration_ms")
        #expect(
            phases.contains { $0.0 == dictionary(base + [("phase", "load_config"), ("status", "ok")]) && $0.2 == 7 })
        #expect(phases.contains { $0.0 == dictionary(base + [("phase", "auth")]) && $0.2 == 9 })
        #expect(durationPoints(exporter, "codex.turn.ttft.duration_ms").map(\.0) == [dictionary(base)])
        #expect(durationPoints(exporter, "codex.turn.ttft.duration_ms").map(\.2) == [640])
        #expect(
            counterPoints(exporter, "codex.plugins.install_elicitation.sent").map(\.0) == [
                dictionary(base + [("tool_type", "connector")])
            ])
        #expect(
            counterPoints(exporter, "codex.plugins.install_suggestion").map(\.0) == [
                dictionary(base + [("tool_type", "plugin"), ("response_action", "dismiss"), ("completed", "true")])
            ])
    }

    @Test func aMetricFailureIsAWarningAndTheEventStillHappens() throws {
        let (client, exporter) = try makeSessionMetricsClient()
        let session = Sessions.full().withMetrics(client)
        let harness = LaneHarness()
        let warnings = WarningCollector()
        SessionTelemetry.$warningSink.withValue({ warnings.record($0) }) {
            harness.run {
                session.toolResult(
                    toolName: "bad tool!", callID: "c", arguments: "", duration: .milliseconds(1), success: true,
                    output: "")
                session.counter("", increment: 1)
                session.counter("codex.turns", increment: -1)
                session.histogram("codex.bad name", value: 1)
            }
        }
        #expect(
            warnings.all == [
                "metrics counter [codex.tool.call] failed: tag value contains invalid characters: bad tool!",
                "metrics duration [codex.tool.call.duration_ms] failed: tag value contains invalid characters: bad tool!",
                "metrics counter [] failed: metric name cannot be empty",
                "metrics counter [codex.turns] failed: counter increment must be non-negative for codex.turns: -1",
                "metrics histogram [codex.bad name] failed: metric name contains invalid characters: codex.bad name",
            ])
        #expect(harness.logRecords.count == 1)
        #expect(harness.spanEvents.count == 1)
        try client.shutdown()
        #expect(counterPoints(exporter, "codex.tool.call").isEmpty)
    }

    @Test func aBadSessionTagFailsEveryMetricOfTheSession() throws {
        let (client, _) = try makeSessionMetricsClient()
        let session = SessionTelemetry(
            conversationID: "c", model: "model with spaces", slug: "s", accountID: nil, accountEmail: nil,
            authMode: nil, originator: "o", logUserPrompts: false, terminalType: "t", sessionSource: .cli
        ).withMetrics(client)
        let warnings = WarningCollector()
        SessionTelemetry.$warningSink.withValue({ warnings.record($0) }) {
            session.recordTurnTTFT(.milliseconds(1))
        }
        #expect(
            warnings.all == [
                "metrics duration [codex.turn.ttft.duration_ms] failed: tag value contains invalid characters: "
                    + "model with spaces"
            ])
        try client.shutdown()
    }

    @Test func withoutAClientMetricsAreSilentAndTheRestReportsDisabled() throws {
        let bare = Sessions.full()
        // A session picks up the process-global client; this test needs a process without one.
        guard bare.metrics == nil else { return }
        let warnings = WarningCollector()
        SessionTelemetry.$warningSink.withValue({ warnings.record($0) }) {
            bare.counter("codex.turns", increment: 1)
            bare.histogram("codex.size", value: 1)
            bare.recordDuration("codex.turn.e2e_duration_ms", .seconds(1))
        }
        #expect(warnings.all.isEmpty)
        #expect(throws: MetricsError.exporterDisabled) { try bare.startTimer("codex.turn.e2e_duration_ms") }
        #expect(throws: MetricsError.exporterDisabled) { try bare.snapshotMetrics() }
        try bare.shutdownMetrics()
        bare.resetRuntimeMetrics()
        #expect(bare.runtimeMetricsSummary() == nil)
    }

    @Test func timersCarryTheSessionTags() throws {
        let (client, exporter) = try makeSessionMetricsClient()
        let session = Sessions.full().withMetrics(client)
        do {
            let timer = try session.startTimer("codex.turn.e2e_duration_ms", tags: [("turn", "first")])
            try timer.record([("result", "ok")])
        }
        try client.shutdown()
        let points = durationPoints(exporter, "codex.turn.e2e_duration_ms")
        #expect(points.map(\.1).reduce(0, +) == 2)
        #expect(points.contains { $0.0 == dictionary(fullSessionTags + [("turn", "first"), ("result", "ok")]) })
        #expect(points.contains { $0.0 == dictionary(fullSessionTags + [("turn", "first")]) })
        #expect(throws: MetricsError.invalidMetricName(name: "bad name")) { try session.startTimer("bad name") }
    }

    @Test func shutdownMetricsFlushesAndASecondShutdownFails() throws {
        let (client, exporter) = try makeSessionMetricsClient()
        let session = Sessions.full().withMetrics(client)
        session.counter("codex.thread.started", increment: 1)
        try session.shutdownMetrics()
        #expect(counterPoints(exporter, "codex.thread.started").map(\.1) == [1])
        #expect(throws: MetricsError.self) { try session.shutdownMetrics() }
    }

    @Test func withMetricsConfigBuildsAClient() throws {
        let exporter = InMemoryMetricExporter()
        let session = try Sessions.full().withMetricsConfig(
            .inMemory(
                environment: "test", serviceName: "codex-cli", serviceVersion: "1", exporter: exporter,
                variables: OtelEnvironment([:])))
        #expect(session.metricsUseMetadataTags)
        session.recordTurnTTFT(.milliseconds(3))
        try session.shutdownMetrics()
        #expect(durationPoints(exporter, "codex.turn.ttft.duration_ms").map(\.2) == [3])
    }

    @Test func withProviderMetricsTakesTheProvidersClient() throws {
        let (client, exporter) = try makeSessionMetricsClient()
        let provider = OtelProvider(loggerProvider: nil, tracerProvider: nil, metrics: client)
        let session = Sessions.full().withMetricsWithoutMetadataTags(client).withProviderMetrics(provider)
        #expect(session.metrics === client)
        #expect(session.metricsUseMetadataTags)
        session.recordTurnTTFT(.milliseconds(2))
        // The provider shuts its metrics client down, which flushes it.
        #expect(provider.shutdown().metricsError == nil)
        #expect(durationPoints(exporter, "codex.turn.ttft.duration_ms").map(\.0) == [dictionary(fullSessionTags)])
    }

    @Test func withProviderMetricsWithoutAClientChangesNothing() throws {
        let (client, _) = try makeSessionMetricsClient()
        let provider = OtelProvider(loggerProvider: nil, tracerProvider: nil, metrics: nil)
        let session = Sessions.full().withMetricsWithoutMetadataTags(client)
        let unchanged = session.withProviderMetrics(provider)
        #expect(unchanged.metrics === client)
        #expect(!unchanged.metricsUseMetadataTags)
        try client.shutdown()
    }
}
