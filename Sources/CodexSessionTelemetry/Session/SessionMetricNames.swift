/// The names of the metrics Codex records, as the original crate names them.
///
/// The session events record the first group themselves; the turn and thread metrics are
/// recorded by their callers (``SessionTelemetry/counter(_:increment:tags:)``,
/// ``SessionTelemetry/startTimer(_:tags:)``).
public enum SessionMetricNames {
    /// `codex.tool.call`: tool calls (counter).
    public static let toolCallCount = "codex.tool.call"
    /// `codex.tool.call.duration_ms`.
    public static let toolCallDuration = "codex.tool.call.duration_ms"
    /// `codex.api_request`: model API requests (counter).
    public static let apiCallCount = "codex.api_request"
    /// `codex.api_request.duration_ms`.
    public static let apiCallDuration = "codex.api_request.duration_ms"
    /// `codex.sse_event`: server-sent events (counter).
    public static let sseEventCount = "codex.sse_event"
    /// `codex.sse_event.duration_ms`.
    public static let sseEventDuration = "codex.sse_event.duration_ms"
    /// `codex.websocket.request`: requests sent over the websocket (counter).
    public static let websocketRequestCount = "codex.websocket.request"
    /// `codex.websocket.request.duration_ms`.
    public static let websocketRequestDuration = "codex.websocket.request.duration_ms"
    /// `codex.websocket.event`: websocket reads (counter).
    public static let websocketEventCount = "codex.websocket.event"
    /// `codex.websocket.event.duration_ms`.
    public static let websocketEventDuration = "codex.websocket.event.duration_ms"
    /// `codex.responses_api_overhead.duration_ms`.
    public static let responsesAPIOverheadDuration = "codex.responses_api_overhead.duration_ms"
    /// `codex.responses_api_inference_time.duration_ms`.
    public static let responsesAPIInferenceTimeDuration = "codex.responses_api_inference_time.duration_ms"
    /// `codex.responses_api_engine_iapi_ttft.duration_ms`.
    public static let responsesAPIEngineIAPITTFTDuration = "codex.responses_api_engine_iapi_ttft.duration_ms"
    /// `codex.responses_api_engine_service_ttft.duration_ms`.
    public static let responsesAPIEngineServiceTTFTDuration = "codex.responses_api_engine_service_ttft.duration_ms"
    /// `codex.responses_api_engine_iapi_tbt.duration_ms`.
    public static let responsesAPIEngineIAPITBTDuration = "codex.responses_api_engine_iapi_tbt.duration_ms"
    /// `codex.responses_api_engine_service_tbt.duration_ms`.
    public static let responsesAPIEngineServiceTBTDuration = "codex.responses_api_engine_service_tbt.duration_ms"
    /// `codex.turn.e2e_duration_ms`.
    public static let turnE2EDuration = "codex.turn.e2e_duration_ms"
    /// `codex.turn.ttft.duration_ms`: time to first token.
    public static let turnTTFTDuration = "codex.turn.ttft.duration_ms"
    /// `codex.turn.ttfm.duration_ms`: time to first message.
    public static let turnTTFMDuration = "codex.turn.ttfm.duration_ms"
    /// `codex.turn.tool.call`.
    public static let turnToolCall = "codex.turn.tool.call"
    /// `codex.turn.token_usage`.
    public static let turnTokenUsage = "codex.turn.token_usage"
    /// `codex.thread.started`.
    public static let threadStarted = "codex.thread.started"
    /// `codex.startup.phase.duration_ms` (a later upstream addition).
    public static let startupPhaseDuration = "codex.startup.phase.duration_ms"
    /// `codex.plugins.install_elicitation.sent` (a later upstream addition).
    public static let pluginInstallElicitationSent = "codex.plugins.install_elicitation.sent"
    /// `codex.plugins.install_suggestion` (a later upstream addition).
    public static let pluginInstallSuggestion = "codex.plugins.install_suggestion"
}

/// The keys of the session's metadata metric tags.
public enum SessionMetricTagNames {
    /// `app.version`.
    public static let appVersion = "app.version"
    /// `auth_mode`.
    public static let authMode = "auth_mode"
    /// `model`.
    public static let model = "model"
    /// `originator`.
    public static let originator = "originator"
    /// `service_name`.
    public static let serviceName = "service_name"
    /// `session_source`.
    public static let sessionSource = "session_source"
}
