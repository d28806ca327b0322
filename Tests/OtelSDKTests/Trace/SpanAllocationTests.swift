import AllocationCounter
import OtelSDK
import Testing

/// Heap allocations on the recording path, counted on the calling thread.
@Suite("Span allocations")
struct SpanAllocationTests {
    /// The allocations of the calling thread while `body` runs.
    private func allocations(_ body: () -> Void) -> Int64 {
        allocation_counter_start()
        body()
        return allocation_counter_stop()
    }

    @Test func aDroppedRootSpanAllocatesNothing() {
        let provider = TraceTestSupport.tracerProvider(
            sampler: AlwaysOffSampler(), processors: [BatchSpanProcessor(exporter: InMemorySpanExporter())])
        let tracer = provider.tracer("test")
        tracer.startSpan("warm-up").end()
        let count = allocations {
            for _ in 0..<1000 {
                let span = tracer.startSpan("dropped", attributes: ["key": "value"])
                span.setAttribute("ignored", 1)
                span.end()
            }
        }
        #expect(count == 0)
        _ = provider.shutdown()
    }

    @Test func aDroppedChildOfANonRecordingParentAllocatesNothing() {
        let provider = TraceTestSupport.tracerProvider(
            sampler: ParentBasedSampler(root: AlwaysOnSampler()),
            processors: [BatchSpanProcessor(exporter: InMemorySpanExporter())])
        let tracer = provider.tracer("test")
        let parent = NonRecordingSpan(
            context: SpanContext(traceID: TraceID(high: 1, low: 2), spanID: SpanID(3), traceFlags: [], isRemote: true))
        OtelContext.with(span: parent) {
            tracer.startSpan("warm-up").end()
            let count = allocations {
                for _ in 0..<1000 { tracer.startSpan("dropped").end() }
            }
            #expect(count == 0)
        }
        _ = provider.shutdown()
    }

    @Test func aSampledSpanAllocatesAtMostTwiceWithABatchProcessor() {
        let exporter = InMemorySpanExporter()
        let provider = TraceTestSupport.tracerProvider(processors: [
            BatchSpanProcessor(
                exporter: exporter, configuration: BatchExportConfiguration(scheduleDelay: .seconds(3600)))
        ])
        let tracer = provider.tracer("test")
        tracer.startSpan("warm-up").end()
        let spans = 500
        let count = allocations {
            for _ in 0..<spans { tracer.startSpan("sampled").end() }
        }
        #expect(count <= Int64(2 * spans), "\(count) allocations for \(spans) spans")
        #expect(provider.shutdown(timeout: .seconds(10)).exported == spans + 1)
    }
}
