@_exported import CodexSessionTelemetry

/// The original crate's names, for code ported from `codex-otel` (Rust). Everything else is
/// re-exported unchanged from `CodexSessionTelemetry`.
///
/// Name map (Rust → Swift shim → native Swift):
///
/// | codex-otel | shim | native |
/// | --- | --- | --- |
/// | `codex_otel::otel_provider` | `otel_provider` (namespace) | module `CodexSessionTelemetry` |
/// | `otel_provider::OtelProvider::from(&settings)` | `otel_provider.OtelProvider.from(_:)` | `OtelProvider.from(_:)` |
/// | `provider.logger_layer()` | `logger_layer()` | `OtelProvider.logLane` |
/// | `provider.tracing_layer()` | `tracing_layer()` | `OtelProvider.traceLane` |
/// | `otel_provider::traceparent_context_from_env()` | `otel_provider.traceparent_context_from_env()` | `TraceContextEnvironment.processParent` |
/// | `current_span_w3c_trace_context()` | `current_span_w3c_trace_context()` | `W3CTraceContext.current()` |
/// | `current_span_trace_id()` | `current_span_trace_id()` | `OtelContext.currentTraceIDHex()` |
/// | `context_from_w3c_trace_context(ctx)` | `context_from_w3c_trace_context(_:)` | `W3CTraceContext.spanContext()` |
/// | `set_parent_from_w3c_trace_context(span, ctx)` | `set_parent_from_w3c_trace_context(_:)` | `SpanParent.w3c(_:)` |
/// | `sanitize_metric_tag_value(v)` | `sanitize_metric_tag_value(_:)` | `sanitizeMetricTagValue(_:)` |
/// | `start_global_timer(name, tags)` | `start_global_timer(_:_:)` | `MetricsClient.startGlobalTimer(_:tags:)` |
/// | `manager.shutdown_metrics()` | `shutdown_metrics()` | `SessionTelemetry.shutdownMetrics()` |
/// | `manager.user_prompt(&items)` | `user_prompt(_:)` | `SessionTelemetry.userPrompt(_:)` |
public enum otel_provider {
    /// `codex_otel::otel_provider::OtelProvider`.
    public typealias OtelProvider = CodexSessionTelemetry.OtelProvider

    /// `codex_otel::otel_provider::traceparent_context_from_env`: the parent context from
    /// `TRACEPARENT`/`TRACESTATE`, read once per process; `nil` when unset or invalid (an invalid
    /// value is reported as a warning: "TRACEPARENT is set but invalid; ignoring trace context").
    public static func traceparent_context_from_env() -> SpanContext? {
        switch TraceContextEnvironment.processParent {
        case nil: return nil
        case .success(let context)?:
            OtelDiagnostics.report(.debug, "TRACEPARENT detected; continuing trace from parent context")
            return context
        case .failure?:
            OtelDiagnostics.report(.warning, "TRACEPARENT is set but invalid; ignoring trace context")
            return nil
        }
    }
}

extension OtelProvider {
    /// `logger_layer()`: the log lane.
    public func logger_layer() -> any LogLane { logLane }

    /// `tracing_layer()`: the trace lane.
    public func tracing_layer() -> any TraceLane { traceLane }
}

extension SessionTelemetry {
    /// `shutdown_metrics()`.
    public func shutdown_metrics() throws(MetricsError) { try shutdownMetrics() }

    /// `user_prompt(&items)`.
    public func user_prompt(_ items: [UserInput]) { userPrompt(items) }
}

/// `current_span_w3c_trace_context()`.
public func current_span_w3c_trace_context() -> W3CTraceContext? { W3CTraceContext.current() }

/// `current_span_trace_id()`: 32 lowercase hex digits, or `nil`.
public func current_span_trace_id() -> String? { OtelContext.currentTraceIDHex() }

/// `context_from_w3c_trace_context(ctx)`: a remote span context, or `nil` when invalid.
public func context_from_w3c_trace_context(_ context: W3CTraceContext) -> SpanContext? {
    try? context.spanContext().get()
}

/// `set_parent_from_w3c_trace_context`: the parent to start a span with, or `nil` when the
/// context is invalid (Swift spans take their parent at start).
public func set_parent_from_w3c_trace_context(_ context: W3CTraceContext) -> SpanParent? { SpanParent.w3c(context) }

/// `sanitize_metric_tag_value(v)`.
public func sanitize_metric_tag_value(_ value: String) -> String { sanitizeMetricTagValue(value) }

/// `start_global_timer(name, tags)`: fails with "metrics exporter is disabled" without a global client.
public func start_global_timer(_ name: String, _ tags: [(String, String)] = []) throws(MetricsError) -> Timer {
    try MetricsClient.startGlobalTimer(name, tags: tags)
}
