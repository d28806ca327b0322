import OtelAPI
import OtelOTLP

extension SessionTelemetry {
    /// Records a websocket connection attempt to the Responses API (a later upstream addition):
    /// `codex.websocket_connect` on both lanes; no metrics.
    ///
    /// Fields: duration_ms, http.response.status_code (omitted when `nil`), success (`"true"`
    /// when there is no error and the status, if any, is 2xx), error.message (omitted when
    /// `nil`), the `auth.*` and `endpoint` fields of `auth`, the `auth.env_*` fields once
    /// ``withAuthEnvironment(_:)`` set them, and auth.connection_reused.
    public func recordWebSocketConnect(
        duration: Duration, status: UInt16?, error: String?, auth: AuthRequestDetails = AuthRequestDetails(),
        connectionReused: Bool
    ) {
        let success = error == nil && (status.map { (200...299).contains($0) } ?? true)
        emitLogAndTraceEvent(
            "codex.websocket_connect",
            common: { fields in
                fields.set("duration_ms", FieldFormat.milliseconds(duration))
                fields.set("http.response.status_code", status.map { .int($0) })
                fields.set("success", FieldFormat.flag(success))
                fields.set("error.message", error.map { .string($0) })
                auth.appendLeadingFields(to: &fields)
                metadata.authEnvironment?.appendFields(to: &fields)
                fields.set("auth.connection_reused", .bool(connectionReused))
                auth.appendTrailingFields(to: &fields)
            })
    }

    /// Records one request sent over the websocket: metrics `codex.websocket.request` (+1) and
    /// `codex.websocket.request.duration_ms` tagged `success`, and `codex.websocket_request` on
    /// both lanes with duration_ms, success (`"true"` / `"false"`) and error.message (omitted
    /// when `nil`); the `auth.env_*` fields once ``withAuthEnvironment(_:)`` set them, and
    /// auth.connection_reused when given (both later upstream additions).
    public func recordWebSocketRequest(duration: Duration, error: String?, connectionReused: Bool? = nil) {
        let success = error == nil
        let tags = [("success", success ? "true" : "false")]
        recordCountAndDuration(
            SessionMetricNames.websocketRequestCount, SessionMetricNames.websocketRequestDuration, duration, tags: tags)
        emitLogAndTraceEvent(
            "codex.websocket_request",
            common: { fields in
                fields.set("duration_ms", FieldFormat.milliseconds(duration))
                fields.set("success", FieldFormat.flag(success))
                fields.set("error.message", error.map { .string($0) })
                metadata.authEnvironment?.appendFields(to: &fields)
                fields.set("auth.connection_reused", connectionReused.map { .bool($0) })
            })
    }

    /// Records one read of the Responses API websocket: metrics `codex.websocket.event` (+1) and
    /// `codex.websocket.event.duration_ms` tagged `kind` and `success`, and
    /// `codex.websocket_event` on both lanes with event.kind, duration_ms, success and
    /// error.message (omitted on success). Pings and pongs record nothing.
    ///
    /// The kind is the JSON message's `type` (`unknown` when it has none, `parse_error` when the
    /// text is not JSON). Failures: `response.failed` (error: the response's `error` JSON, or
    /// "response.failed event received"), unparsable text, binary messages, close and raw
    /// frames, transport and API errors, and the end of the stream. A
    /// `responsesapi.websocket_timing` message also records the `codex.responses_api_*`
    /// durations of its `timing_metrics`.
    public func recordWebSocketEvent(_ result: WebSocketReadResult, duration: Duration) {
        var kind: String?
        var errorMessage: String?
        var success = true
        switch result {
        case .message(.text(let text)):
            switch TelemetryJSON.parse(text) {
            case .success(let value):
                kind = value["type"]?.stringValue
                if kind == Self.websocketTimingKind { recordResponsesWebSocketTiming(value) }
                if kind == "response.failed" {
                    success = false
                    errorMessage =
                        value["response"]?["error"].map(TelemetryJSON.compact) ?? "response.failed event received"
                }
            case .failure(let failure):
                kind = "parse_error"
                errorMessage = failure.description
                success = false
            }
        case .message(.ping), .message(.pong):
            return
        case .message(.binary):
            success = false
            errorMessage = "unexpected binary websocket event"
        case .message(.close):
            success = false
            errorMessage = "websocket closed by server before response.completed"
        case .message(.frame):
            success = false
            errorMessage = "unexpected websocket frame"
        case .transportError(let message), .apiError(let message):
            success = false
            errorMessage = message
        case .endOfStream:
            success = false
            errorMessage = "stream closed before response.completed"
        }

        let kindTag = kind ?? "unknown"
        let tags = [("kind", kindTag), ("success", success ? "true" : "false")]
        recordCountAndDuration(
            SessionMetricNames.websocketEventCount, SessionMetricNames.websocketEventDuration, duration, tags: tags)
        emitLogAndTraceEvent(
            "codex.websocket_event",
            common: { fields in
                fields.set("event.kind", .string(kindTag))
                fields.set("duration_ms", FieldFormat.milliseconds(duration))
                fields.set("success", FieldFormat.flag(success))
                fields.set("error.message", errorMessage.map { .string($0) })
            })
    }

    /// The `type` of the Responses API's timing message.
    static let websocketTimingKind = "responsesapi.websocket_timing"

    /// The `timing_metrics` fields and the duration metric each feeds.
    static let websocketTimingMetrics: [(field: String, metric: String)] = [
        ("responses_duration_excl_engine_and_client_tool_time_ms", SessionMetricNames.responsesAPIOverheadDuration),
        ("engine_service_total_ms", SessionMetricNames.responsesAPIInferenceTimeDuration),
        ("engine_iapi_ttft_total_ms", SessionMetricNames.responsesAPIEngineIAPITTFTDuration),
        ("engine_service_ttft_total_ms", SessionMetricNames.responsesAPIEngineServiceTTFTDuration),
        ("engine_iapi_tbt_across_engine_calls_ms", SessionMetricNames.responsesAPIEngineIAPITBTDuration),
        ("engine_service_tbt_across_engine_calls_ms", SessionMetricNames.responsesAPIEngineServiceTBTDuration),
    ]

    /// Records the durations of a timing message's `timing_metrics`: numbers only, finite and
    /// not negative, rounded to whole milliseconds; with no tags beyond the session's.
    private func recordResponsesWebSocketTiming(_ message: JSONValue) {
        guard let timing = message["timing_metrics"] else { return }
        for (field, metric) in Self.websocketTimingMetrics {
            if let duration = TelemetryJSON.wholeMilliseconds(timing[field]) {
                recordDuration(metric, duration, tags: [])
            }
        }
    }
}
