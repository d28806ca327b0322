import CodexSessionTelemetry
import OtelAPI
import OtelSDK
import Testing

@testable import CodexSessionTelemetry

@Suite("Snapshots and the runtime metrics summary")
struct RuntimeMetricsSummaryTests {
    @Test func snapshotsAndTheRuntimeSummary() throws {
        let (client, _) = try makeSessionMetricsClient(runtimeReader: true)
        let session = Sessions.full().withMetrics(client)
        #expect(session.runtimeMetricsSummary() == nil)

        session.toolResult(
            toolName: "shell", callID: "c", arguments: "", duration: .milliseconds(250), success: true, output: "")
        session.toolResult(
            toolName: "read", callID: "d", arguments: "", duration: .milliseconds(50), success: false, output: "")
        session.recordAPIRequest(attempt: 1, status: 200, error: nil, duration: .milliseconds(1200))
        session.logSSEEvent(.event(kind: "response.created", data: "{}"), duration: .milliseconds(2))
        session.recordWebSocketRequest(duration: .milliseconds(30), error: nil)
        session.recordWebSocketEvent(
            .message(
                .text(
                    #"{"type":"responsesapi.websocket_timing","timing_metrics":{"responses_duration_excl_engine_and_client_tool_time_ms":7,"engine_service_total_ms":11,"engine_iapi_ttft_total_ms":13,"engine_service_ttft_total_ms":17,"engine_iapi_tbt_across_engine_calls_ms":19,"engine_service_tbt_across_engine_calls_ms":23}}"#
                )), duration: .milliseconds(4))
        session.recordTurnTTFT(.milliseconds(640))
        session.recordDuration(SessionMetricNames.turnTTFMDuration, .milliseconds(900))

        let snapshot = try session.snapshotMetrics()
        #expect(snapshot.metric(named: "codex.tool.call") != nil)
        let summary = RuntimeMetricsSummary(snapshot: snapshot)
        var expected = RuntimeMetricsSummary()
        expected.toolCalls = RuntimeMetricTotals(count: 2, durationMilliseconds: 300)
        expected.apiCalls = RuntimeMetricTotals(count: 1, durationMilliseconds: 1200)
        expected.streamingEvents = RuntimeMetricTotals(count: 1, durationMilliseconds: 2)
        expected.websocketCalls = RuntimeMetricTotals(count: 1, durationMilliseconds: 30)
        expected.websocketEvents = RuntimeMetricTotals(count: 1, durationMilliseconds: 4)
        expected.responsesAPIOverheadMilliseconds = 7
        expected.responsesAPIInferenceTimeMilliseconds = 11
        expected.responsesAPIEngineIAPITTFTMilliseconds = 13
        expected.responsesAPIEngineServiceTTFTMilliseconds = 17
        expected.responsesAPIEngineIAPITBTMilliseconds = 19
        expected.responsesAPIEngineServiceTBTMilliseconds = 23
        expected.turnTTFTMilliseconds = 640
        expected.turnTTFMMilliseconds = 900
        #expect(summary == expected)

        // The runtime reader is delta: the next summary sees only what came after.
        session.recordAPIRequest(attempt: 2, status: 500, error: nil, duration: .milliseconds(10))
        let next = try #require(session.runtimeMetricsSummary())
        #expect(next.apiCalls == RuntimeMetricTotals(count: 1, durationMilliseconds: 10))
        #expect(next.toolCalls.isEmpty)

        session.recordTurnTTFT(.milliseconds(1))
        session.resetRuntimeMetrics()
        #expect(session.runtimeMetricsSummary() == nil)
        try client.shutdown()
    }

    @Test func summariesMergeSaturating() {
        var a = RuntimeMetricsSummary()
        a.toolCalls = RuntimeMetricTotals(count: .max, durationMilliseconds: 1)
        a.turnTTFTMilliseconds = 5
        var b = RuntimeMetricsSummary()
        b.toolCalls = RuntimeMetricTotals(count: 1, durationMilliseconds: 2)
        b.turnTTFTMilliseconds = 6
        a.merge(b)
        #expect(a.toolCalls == RuntimeMetricTotals(count: .max, durationMilliseconds: 3))
        #expect(a.turnTTFTMilliseconds == 11)
        #expect(!a.isEmpty)
        #expect(RuntimeMetricsSummary().isEmpty)
    }

    @Test func snapshotWithoutARuntimeReaderIsAnError() throws {
        let (client, _) = try makeSessionMetricsClient()
        let session = Sessions.full().withMetrics(client)
        #expect(throws: MetricsError.runtimeSnapshotUnavailable) { try session.snapshotMetrics() }
        #expect(session.runtimeMetricsSummary() == nil)
        try client.shutdown()
    }
}
