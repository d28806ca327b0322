import CodexSessionTelemetry
import OtelAPI
import OtelSDK
import Testing

@Suite("Websocket events")
struct WebSocketEventTests {
    @Test func connectSuccess() throws {
        let harness = LaneHarness()
        let session = Sessions.full()
        harness.run {
            session.recordWebSocketConnect(
                duration: .milliseconds(88), status: 101, error: nil,
                auth: AuthRequestDetails(headerAttached: true, headerName: "authorization", endpoint: "responses"),
                connectionReused: false)
        }
        // 101 is not 2xx: a status outside 200...299 makes the connect a failure, as in the original.
        let fields: [Attribute] = [
            Attribute("duration_ms", "88"), Attribute("http.response.status_code", 101), Attribute("success", "false"),
            Attribute("auth.header_attached", true), Attribute("auth.header_name", "authorization"),
            Attribute("auth.retry_after_unauthorized", false), Attribute("endpoint", "responses"),
            Attribute("auth.connection_reused", false),
        ]
        let record = try onlyLogRecord(harness)
        #expect(
            normalized(record.attributes)
                == Expected.log("codex.websocket_connect", fields, session: session, account: true))
        let event = try onlySpanEvent(harness)
        #expect(normalized(event.attributes) == Expected.trace("codex.websocket_connect", fields, session: session))
    }

    @Test func connectWithoutStatusIsASuccessUnlessThereIsAnError() throws {
        let harness = LaneHarness()
        let session = Sessions.minimal().withAuthEnvironment(AuthEnvironmentMetadata(providerKeyName: "OPENAI_API_KEY"))
        harness.run {
            session.recordWebSocketConnect(duration: .milliseconds(3), status: nil, error: nil, connectionReused: true)
            session.recordWebSocketConnect(
                duration: .milliseconds(4), status: nil, error: "handshake failed",
                auth: AuthRequestDetails(requestID: "req_1", errorCode: "bad"), connectionReused: false)
        }
        let records = harness.logRecords
        try #require(records.count == 2)
        let env: [Attribute] = [
            Attribute("auth.env_openai_api_key_present", false), Attribute("auth.env_codex_api_key_present", false),
            Attribute("auth.env_codex_api_key_enabled", false),
            Attribute("auth.env_provider_key_name", "OPENAI_API_KEY"),
            Attribute("auth.env_refresh_token_url_override_present", false),
        ]
        let first: [Attribute] =
            [
                Attribute("duration_ms", "3"), Attribute("success", "true"), Attribute("auth.header_attached", false),
                Attribute("auth.retry_after_unauthorized", false), Attribute("endpoint", "unknown"),
            ] + env + [Attribute("auth.connection_reused", true)]
        #expect(
            normalized(records[0].attributes)
                == Expected.log("codex.websocket_connect", first, session: session, account: false))
        let second: [Attribute] =
            [
                Attribute("duration_ms", "4"), Attribute("success", "false"),
                Attribute("error.message", "handshake failed"), Attribute("auth.header_attached", false),
                Attribute("auth.retry_after_unauthorized", false), Attribute("endpoint", "unknown"),
            ] + env + [
                Attribute("auth.connection_reused", false), Attribute("auth.request_id", "req_1"),
                Attribute("auth.error_code", "bad"),
            ]
        let events = harness.spanEvents
        try #require(events.count == 2)
        #expect(normalized(events[1].attributes) == Expected.trace("codex.websocket_connect", second, session: session))
    }

    @Test func requestSuccessAndFailure() throws {
        let harness = LaneHarness()
        let session = Sessions.full()
        harness.run {
            session.recordWebSocketRequest(duration: .milliseconds(15), error: nil)
            session.recordWebSocketRequest(duration: .milliseconds(2), error: "send failed", connectionReused: true)
        }
        let ok: [Attribute] = [Attribute("duration_ms", "15"), Attribute("success", "true")]
        let failed: [Attribute] = [
            Attribute("duration_ms", "2"), Attribute("success", "false"), Attribute("error.message", "send failed"),
            Attribute("auth.connection_reused", true),
        ]
        let records = harness.logRecords
        try #require(records.count == 2)
        #expect(
            normalized(records[0].attributes)
                == Expected.log("codex.websocket_request", ok, session: session, account: true))
        #expect(
            normalized(records[1].attributes)
                == Expected.log("codex.websocket_request", failed, session: session, account: true))
        let events = harness.spanEvents
        try #require(events.count == 2)
        #expect(normalized(events[0].attributes) == Expected.trace("codex.websocket_request", ok, session: session))
        #expect(normalized(events[1].attributes) == Expected.trace("codex.websocket_request", failed, session: session))
    }

    @Test(arguments: [
        (
            WebSocketReadResult.message(.text(#"{"type":"response.output_text.delta","delta":"hi"}"#)),
            "response.output_text.delta", nil as String?
        ),
        (.message(.text(#"{"delta":"no type"}"#)), "unknown", nil),
        (.message(.text("not json")), "parse_error", "unexpected character at line 1 column 1"),
        (
            .message(
                .text(
                    #"{"type":"response.failed","response":{"error":{"code":"rate_limit","message":"slow \"down\""}}}"#)
            ),
            "response.failed", #"{"code":"rate_limit","message":"slow \"down\""}"#
        ),
        (.message(.text(#"{"type":"response.failed"}"#)), "response.failed", "response.failed event received"),
        (.message(.binary), "unknown", "unexpected binary websocket event"),
        (.message(.close), "unknown", "websocket closed by server before response.completed"),
        (.message(.frame), "unknown", "unexpected websocket frame"),
        (.transportError("IO error: broken pipe"), "unknown", "IO error: broken pipe"),
        (.apiError("stream disconnected"), "unknown", "stream disconnected"),
        (.endOfStream, "unknown", "stream closed before response.completed"),
    ])
    func eventKindsAndErrors(result: WebSocketReadResult, kind: String, error: String?) throws {
        let harness = LaneHarness()
        let session = Sessions.full()
        harness.run { session.recordWebSocketEvent(result, duration: .milliseconds(9)) }
        var fields: [Attribute] = [
            Attribute("event.kind", .string(kind)), Attribute("duration_ms", "9"),
            Attribute("success", error == nil ? "true" : "false"),
        ]
        if let error { fields.append(Attribute("error.message", .string(error))) }
        let record = try onlyLogRecord(harness)
        #expect(
            normalized(record.attributes)
                == Expected.log("codex.websocket_event", fields, session: session, account: true))
        let event = try onlySpanEvent(harness)
        #expect(normalized(event.attributes) == Expected.trace("codex.websocket_event", fields, session: session))
    }

    @Test(arguments: [WebSocketMessage.ping, .pong])
    func pingsAndPongsRecordNothing(message: WebSocketMessage) {
        let harness = LaneHarness()
        harness.run { Sessions.full().recordWebSocketEvent(.message(message), duration: .milliseconds(1)) }
        #expect(harness.logRecords.isEmpty)
        #expect(harness.spanEvents.isEmpty)
    }

    @Test func timingMessageIsAnOrdinarySuccessEvent() throws {
        let harness = LaneHarness()
        let session = Sessions.minimal()
        let message = #"""
            {"type":"responsesapi.websocket_timing","timing_metrics":{"engine_service_total_ms":12.4}}
            """#
        harness.run { session.recordWebSocketEvent(.message(.text(message)), duration: .zero) }
        let record = try onlyLogRecord(harness)
        #expect(record.attributes["event.kind"] == "responsesapi.websocket_timing")
        #expect(record.attributes["success"] == "true")
    }
}
