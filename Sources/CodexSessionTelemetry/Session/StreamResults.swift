/// What one read of the Responses API websocket produced, for
/// ``SessionTelemetry/recordWebSocketEvent(_:duration:)``: the Swift form of the original's
/// `Result<Option<Result<Message, WsError>>, ApiError>`.
public enum WebSocketReadResult: Sendable, Hashable {
    /// A message arrived.
    case message(WebSocketMessage)
    /// The websocket transport failed; the text is the error's description.
    case transportError(String)
    /// The stream ended.
    case endOfStream
    /// The API client failed; the text is the error's description.
    case apiError(String)
}

/// A websocket message, as far as telemetry needs it.
public enum WebSocketMessage: Sendable, Hashable {
    /// A text message: a JSON event of the Responses API.
    case text(String)
    /// A binary message (unexpected).
    case binary
    /// A ping (records nothing).
    case ping
    /// A pong (records nothing).
    case pong
    /// A close frame.
    case close
    /// A raw frame (unexpected).
    case frame
}

/// What one read of a server-sent-event stream produced, for
/// ``SessionTelemetry/logSSEEvent(_:duration:)``: the Swift form of the original's
/// `Result<Option<Result<Event, EventStreamError>>, Elapsed>`.
public enum SSEReadResult: Sendable, Hashable {
    /// An event of type `kind` with its `data`.
    case event(kind: String, data: String)
    /// The stream failed; the text is the error's description.
    case streamError(String)
    /// The stream ended (records nothing).
    case endOfStream
    /// No event arrived within the idle timeout.
    case idleTimeout
}
