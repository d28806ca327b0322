import OtelAPI
import OtelOTLP

extension SessionTelemetry {
    /// Records one read of a server-sent-event stream (the original's `log_sse_event`).
    ///
    /// - `[DONE]` or any JSON data: a success of the event's kind.
    /// - `response.failed`: a failure whose error is the data's JSON.
    /// - `response.output_item.done` whose data is not a response item (a JSON object with a
    ///   string `type`): a failure, "failed to parse response.output_item.done".
    /// - data that is not JSON: a failure whose error says why.
    /// - a stream error: a failure without a kind.
    /// - the idle timeout: a failure without a kind, "idle timeout waiting for SSE".
    /// - the end of the stream: nothing.
    public func logSSEEvent(_ result: SSEReadResult, duration: Duration) {
        switch result {
        case .event(let kind, let data):
            if data.trimmingASCIIWhitespace == "[DONE]" {
                sseEvent(kind: kind, duration: duration)
                return
            }
            switch TelemetryJSON.parse(data) {
            case .success(let value) where kind == "response.failed":
                sseEventFailed(kind: kind, duration: duration, error: TelemetryJSON.compact(value))
            case .success(let value) where kind == "response.output_item.done":
                if Self.isResponseItem(value) {
                    sseEvent(kind: kind, duration: duration)
                } else {
                    sseEventFailed(kind: kind, duration: duration, error: "failed to parse response.output_item.done")
                }
            case .success:
                sseEvent(kind: kind, duration: duration)
            case .failure(let failure):
                sseEventFailed(kind: kind, duration: duration, error: failure.description)
            }
        case .streamError(let message):
            sseEventFailed(kind: nil, duration: duration, error: message)
        case .endOfStream:
            return
        case .idleTimeout:
            sseEventFailed(kind: nil, duration: duration, error: "idle timeout waiting for SSE")
        }
    }

    /// A successful server-sent event: metrics `codex.sse_event` (+1) and
    /// `codex.sse_event.duration_ms` tagged `kind` and `success` = `true`, and a log-only
    /// `codex.sse_event` with event.kind and duration_ms.
    func sseEvent(kind: String, duration: Duration) {
        let tags = [("kind", kind), ("success", "true")]
        recordCountAndDuration(
            SessionMetricNames.sseEventCount, SessionMetricNames.sseEventDuration, duration, tags: tags)
        emitLogEvent("codex.sse_event") { fields in
            fields.set("event.kind", .string(kind))
            fields.set("duration_ms", FieldFormat.milliseconds(duration))
        }
    }

    /// A failed server-sent event: metrics tagged with the kind (`unknown` when there is none)
    /// and `success` = `false`; `codex.sse_event` on the log lane (event.kind only when known,
    /// duration_ms, error.message) and on the trace lane (event.kind or `unknown`, duration_ms,
    /// error.message).
    public func sseEventFailed(kind: String?, duration: Duration, error: String) {
        let kindTag = kind ?? "unknown"
        let tags = [("kind", kindTag), ("success", "false")]
        recordCountAndDuration(
            SessionMetricNames.sseEventCount, SessionMetricNames.sseEventDuration, duration, tags: tags)
        emitLogEvent("codex.sse_event") { fields in
            fields.set("event.kind", kind.map { .string($0) })
            fields.set("duration_ms", FieldFormat.milliseconds(duration))
            fields.set("error.message", .string(error))
        }
        emitTraceEvent("codex.sse_event") { fields in
            fields.set("event.kind", .string(kindTag))
            fields.set("duration_ms", FieldFormat.milliseconds(duration))
            fields.set("error.message", .string(error))
        }
    }

    /// Records a completed response's token counts: `codex.sse_event` of kind
    /// `response.completed` on both lanes, with input_token_count, output_token_count and
    /// tool_token_count (display strings) and cached_token_count and reasoning_token_count
    /// (integers, omitted when `nil`).
    public func sseEventCompleted(
        inputTokenCount: Int64, outputTokenCount: Int64, cachedTokenCount: Int64?, reasoningTokenCount: Int64?,
        toolTokenCount: Int64
    ) {
        emitLogAndTraceEvent(
            "codex.sse_event",
            common: { fields in
                fields.set("event.kind", "response.completed")
                fields.set("input_token_count", FieldFormat.display(inputTokenCount))
                fields.set("output_token_count", FieldFormat.display(outputTokenCount))
                fields.set("cached_token_count", cachedTokenCount.map { .int($0) })
                fields.set("reasoning_token_count", reasoningTokenCount.map { .int($0) })
                fields.set("tool_token_count", FieldFormat.display(toolTokenCount))
            })
    }

    /// Records that a completed response could not be read: `codex.sse_event` of kind
    /// `response.completed` on both lanes with error.message. (The original spells this
    /// method `see_event_completed_failed`.)
    public func sseEventCompletedFailed(error: String) {
        emitLogAndTraceEvent(
            "codex.sse_event",
            common: { fields in
                fields.set("event.kind", "response.completed")
                fields.set("error.message", .string(error))
            })
    }

    /// Whether `value` reads as a response item: an object with a string `type` (unknown types
    /// are the original's catch-all `other` item).
    static func isResponseItem(_ value: JSONValue) -> Bool {
        guard case .object = value else { return false }
        return value["type"]?.stringValue != nil
    }
}

extension String {
    /// The string without leading and trailing ASCII whitespace (Rust's `str::trim` for the
    /// ASCII range, enough for `[DONE]`).
    fileprivate var trimmingASCIIWhitespace: Substring {
        let isSpace: (Character) -> Bool = { $0 == " " || $0 == "\n" || $0 == "\r" || $0 == "\t" || $0 == "\r\n" }
        let trimmed = drop(while: isSpace)
        var end = trimmed.endIndex
        while end > trimmed.startIndex, isSpace(trimmed[trimmed.index(before: end)]) {
            end = trimmed.index(before: end)
        }
        return trimmed[..<end]
    }
}
