import OtelAPI

extension SessionTelemetry {
    /// Records a response-stream event onto the span that handles the response (the original's
    /// `record_responses`); no event is emitted.
    ///
    /// The span is renamed after the event (`created`, `completed`, `text_delta`, …, or the
    /// item's type for output items), which is what `otel.name` does in the original, and
    /// also keeps that name as its `otel.name` attribute. Output items set `from`
    /// (`output_item_done` / `output_item_added`) and, for function calls, `tool_name`. A
    /// completed response with token usage sets `gen_ai.usage.input_tokens`,
    /// `gen_ai.usage.cache_read.input_tokens`, `gen_ai.usage.output_tokens`,
    /// `codex.usage.reasoning_output_tokens` and `codex.usage.total_tokens` (a later upstream
    /// addition).
    ///
    /// - Parameters:
    ///   - event: the stream's event.
    ///   - span: the response span; the active span by default. Nothing happens without one.
    public func recordResponse(_ event: ResponseEvent, on span: (any Span)? = OtelContext.current.span) {
        guard let span, span.isRecording else { return }
        let name = event.telemetryName
        var attributes = Attributes(minimumCapacity: 6)
        attributes["otel.name"] = .string(name)
        switch event {
        case .outputItemDone(let item), .outputItemAdded(let item):
            if case .outputItemDone = event {
                attributes["from"] = "output_item_done"
            } else {
                attributes["from"] = "output_item_added"
            }
            if case .functionCall(let toolName) = item { attributes["tool_name"] = .string(toolName) }
        case .completed(let usage?):
            attributes["gen_ai.usage.input_tokens"] = .int(usage.inputTokens)
            attributes["gen_ai.usage.cache_read.input_tokens"] = .int(usage.cachedInputTokens)
            attributes["gen_ai.usage.output_tokens"] = .int(usage.outputTokens)
            attributes["codex.usage.reasoning_output_tokens"] = .int(usage.reasoningOutputTokens)
            attributes["codex.usage.total_tokens"] = .int(usage.totalTokens)
        default:
            break
        }
        span.updateName(name)
        span.setAttributes(attributes)
    }
}
