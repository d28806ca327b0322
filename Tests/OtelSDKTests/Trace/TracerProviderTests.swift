import OtelSDK
import Testing

@Suite("Tracer provider")
struct TracerProviderTests {
    @Test func afterShutdownSpansAreNoOpsPropagatingTheParent() {
        let (provider, exporter) = TraceTestSupport.simpleProvider()
        let tracer = provider.tracer("test")
        let report = provider.shutdown(timeout: .seconds(5))
        #expect(report.completedInTime)
        #expect(provider.isShutdown)
        #expect(exporter.isShutdown)

        let root = tracer.startSpan("after")
        #expect(!root.isRecording)
        #expect(!root.context.isValid)
        let remote = SpanContext(
            traceID: TraceID(high: 1, low: 2), spanID: SpanID(3), traceFlags: .sampled, isRemote: true)
        let child = tracer.startSpan("child", parent: .context(remote))
        #expect(!child.isRecording)
        #expect(child.context == remote)
        child.end()
        root.end()
        #expect(exporter.finishedSpans.isEmpty)
        #expect(provider.shutdown(timeout: .seconds(1)) == DeliveryReport())
    }

    @Test func spanStartedBeforeShutdownAndEndedAfterIsNotExported() {
        let (provider, exporter) = TraceTestSupport.simpleProvider()
        let span = provider.tracer("test").startSpan("straddling")
        _ = provider.shutdown()
        span.end()
        #expect(exporter.finishedSpans.isEmpty)
    }

    @Test func flushAndShutdownAddUpTheProcessorsReports() {
        let first = InMemorySpanExporter()
        let second = InMemorySpanExporter()
        let provider = TraceTestSupport.tracerProvider(processors: [
            BatchSpanProcessor(exporter: first, configuration: BatchExportConfiguration(scheduleDelay: .seconds(3600))),
            SimpleSpanProcessor(exporter: second),
        ])
        let tracer = provider.tracer("test")
        for _ in 0..<3 { tracer.startSpan("span").end() }
        let flush = provider.forceFlush(timeout: .seconds(10))
        #expect(flush.completedInTime)
        #expect(flush.exported == 6)
        #expect(first.finishedSpans.count == 3 && second.finishedSpans.count == 3)
        tracer.startSpan("last").end()
        let shutdown = provider.shutdown(timeout: .seconds(10))
        #expect(shutdown.exported == 8)
        #expect(shutdown.dropped == 0)
        #expect(first.isShutdown && second.isShutdown)
    }

    @Test func releasingTheProviderShutsItDownBestEffort() {
        let exporter = GatedSpanExporter()
        do {
            let provider = TraceTestSupport.tracerProvider(processors: [
                BatchSpanProcessor(
                    exporter: exporter, configuration: BatchExportConfiguration(scheduleDelay: .seconds(3600)))
            ])
            provider.tracer("test").startSpan("queued").end()
        }
        // The provider is gone: its shutdown flushed the queue and shut the exporter down.
        #expect(exporter.spans.map(\.name) == ["queued"])
        #expect(exporter.shutdownCalls == 1)
    }

    @Test func tracersKeepTheirProviderAlive() {
        let exporter = InMemorySpanExporter()
        let tracer = TraceTestSupport.tracerProvider(processors: [SimpleSpanProcessor(exporter: exporter)])
            .tracer("test")
        tracer.startSpan("still-working").end()
        #expect(exporter.finishedSpans.map(\.name) == ["still-working"])
    }

    @Test func tracersOfOneScopeShareTheirScope() throws {
        let (provider, exporter) = TraceTestSupport.simpleProvider()
        provider.tracer("lib", version: "2", schemaURL: "https://opentelemetry.io/schemas/1.26.0")
            .startSpan("a").end()
        provider.tracer("lib", version: "2", schemaURL: "https://opentelemetry.io/schemas/1.26.0")
            .startSpan("b").end()
        let spans = exporter.finishedSpans
        #expect(spans.count == 2)
        #expect(spans[0].instrumentationScope == spans[1].instrumentationScope)
        #expect(spans[0].instrumentationScope.schemaURL == "https://opentelemetry.io/schemas/1.26.0")
        #expect(spans[0].instrumentationScope.version == "2")
    }

    @Test func droppedSpansReuseTheParentOrTheSharedInvalidSpan() {
        let provider = TraceTestSupport.tracerProvider(sampler: AlwaysOffSampler(), processors: [])
        let tracer = provider.tracer("test")
        let root = tracer.startSpan("root")
        #expect(root === NonRecordingSpan.invalid)
        let parent = NonRecordingSpan(
            context: SpanContext(traceID: TraceID(high: 1, low: 1), spanID: SpanID(1), traceFlags: []))
        OtelContext.with(span: parent) {
            #expect(tracer.startSpan("child") === parent)
        }
        let sampledParent = NonRecordingSpan(
            context: SpanContext(traceID: TraceID(high: 1, low: 1), spanID: SpanID(1), traceFlags: .sampled))
        let child = tracer.startSpan("child", parent: .span(sampledParent))
        #expect(child.context.traceID == sampledParent.context.traceID)
        #expect(!child.context.isSampled)
    }

    @Test func environmentConfiguresLimits() {
        let provider = SDKTracerProvider(
            resource: TraceTestSupport.resource,
            environment: OtelEnvironment(["OTEL_SPAN_ATTRIBUTE_COUNT_LIMIT": "5", "OTEL_SPAN_EVENT_COUNT_LIMIT": "6"]))
        #expect(provider.spanLimits.attributeCountLimit == 5)
        #expect(provider.spanLimits.eventCountLimit == 6)
    }
}
