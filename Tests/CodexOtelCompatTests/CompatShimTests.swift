import CodexOtelCompat
import Testing

@Suite("codex-otel compatibility names")
struct CompatShimTests {
    @Test("the shim names answer like the native ones")
    func names() throws {
        #expect(sanitize_metric_tag_value("  bad value!! ") == sanitizeMetricTagValue("  bad value!! "))
        #expect(sanitize_metric_tag_value("???") == "unspecified")
        #expect(current_span_w3c_trace_context() == nil)
        #expect(current_span_trace_id() == nil)
        let w3c = W3CTraceContext(traceparent: "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01")
        let context = try #require(context_from_w3c_trace_context(w3c))
        #expect(context.isRemote && context.isSampled)
        #expect(context_from_w3c_trace_context(W3CTraceContext(traceparent: "garbage")) == nil)
        #expect(set_parent_from_w3c_trace_context(w3c) != nil)
        #expect(set_parent_from_w3c_trace_context(W3CTraceContext(traceparent: "00-00")) == nil)
        let parent = try #require(set_parent_from_w3c_trace_context(w3c))
        Otel.tracer("compat").withSpan("child", parent: parent) { _ in
            #expect(current_span_trace_id() == "0af7651916cd43dd8448eb211c80319c")
            #expect(
                current_span_w3c_trace_context()?.traceparent.hasPrefix("00-0af7651916cd43dd8448eb211c80319c-") == true)
        }
    }

    @Test("the provider shim exposes the lanes under their Rust names")
    func providerShim() throws {
        let settings = OtelSettings(
            environment: "t", serviceName: "s", serviceVersion: "1", codexHome: "/tmp",
            exporter: .otlpHTTP(endpoint: "http://127.0.0.1:9/v1/logs", protocol: .binary))
        let provider = try #require(
            try otel_provider.OtelProvider.from(
                settings, environment: OtelEnvironment([:]), installsGlobalMetrics: false))
        defer { provider.shutdown(timeout: .seconds(1)) }
        #expect(provider.logger_layer() is SDKLogLane)
        #expect(provider.tracing_layer() is NoOpTraceLane)
    }

    @Test("start_global_timer fails with the original's message when no global client exists")
    func globalTimer() {
        if MetricsClient.global == nil {
            #expect(throws: MetricsError.exporterDisabled) { _ = try start_global_timer("codex.x") }
        }
    }
}
