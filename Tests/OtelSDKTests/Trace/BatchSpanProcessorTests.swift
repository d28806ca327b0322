import OtelSDK
import Synchronization
import Testing

@Suite("Batch span processor")
struct BatchSpanProcessorTests {
    private static let hour = Duration.seconds(3600)

    private func pipeline(
        _ exporter: any SpanExporter,
        queue: Int = 2048,
        batch: Int = 512,
        delay: Duration = hour
    ) -> (SDKTracerProvider, BatchSpanProcessor, any Tracer) {
        let processor = BatchSpanProcessor(
            exporter: exporter,
            configuration: BatchExportConfiguration(
                maxQueueSize: queue, scheduleDelay: delay, maxExportBatchSize: batch))
        let provider = TraceTestSupport.tracerProvider(processors: [processor])
        return (provider, processor, provider.tracer("test"))
    }

    @Test func defaultsAreTheSpecifications() {
        let defaults = BatchExportConfiguration.spans(environment: OtelEnvironment([:]))
        #expect(defaults.maxQueueSize == 2048)
        #expect(defaults.scheduleDelay == .milliseconds(5000))
        #expect(defaults.exportTimeout == .milliseconds(30000))
        #expect(defaults.maxExportBatchSize == 512)
    }

    @Test func environmentOverridesEachSetting() {
        let configuration = BatchExportConfiguration.spans(
            environment: OtelEnvironment([
                "OTEL_BSP_MAX_QUEUE_SIZE": "100", "OTEL_BSP_SCHEDULE_DELAY": "250",
                "OTEL_BSP_EXPORT_TIMEOUT": "1500", "OTEL_BSP_MAX_EXPORT_BATCH_SIZE": "10",
                "OTEL_BLRP_MAX_QUEUE_SIZE": "7",
            ]))
        #expect(
            configuration
                == BatchExportConfiguration(
                    maxQueueSize: 100, scheduleDelay: .milliseconds(250), exportTimeout: .milliseconds(1500),
                    maxExportBatchSize: 10))
    }

    @Test func invalidSettingsAreReplaced() {
        let oversizedBatch = BatchExportConfiguration.spans(
            environment: OtelEnvironment(["OTEL_BSP_MAX_QUEUE_SIZE": "64", "OTEL_BSP_MAX_EXPORT_BATCH_SIZE": "512"]))
        #expect(oversizedBatch.maxExportBatchSize == 64)
        let zeros = BatchExportConfiguration.spans(
            environment: OtelEnvironment(["OTEL_BSP_MAX_QUEUE_SIZE": "0", "OTEL_BSP_SCHEDULE_DELAY": "soon"]))
        #expect(zeros.maxQueueSize == 2048)
        #expect(zeros.scheduleDelay == .milliseconds(5000))
        let processor = BatchSpanProcessor(
            exporter: InMemorySpanExporter(),
            configuration: BatchExportConfiguration(maxQueueSize: 0, maxExportBatchSize: 0))
        #expect(processor.configuration.maxQueueSize == 2048 && processor.configuration.maxExportBatchSize == 512)
        _ = processor.shutdown(deadline: .now().advanced(by: .seconds(5)))
    }

    @Test func fullQueueDropsTheNewestSpansAndCountsThemExactly() {
        let exporter = GatedSpanExporter(open: false)
        let (provider, processor, tracer) = pipeline(exporter, queue: 4, batch: 4)
        for index in 0..<4 { tracer.startSpan("s\(index)").end() }
        // The full batch woke the worker, which took it and is stuck exporting it: the queue is
        // empty again, with room for 4.
        #expect(TraceTestSupport.eventually { exporter.exportCalls == 1 })
        for index in 4..<10 { tracer.startSpan("s\(index)").end() }
        #expect(processor.droppedSpanCount == 2)
        exporter.open()
        let report = provider.forceFlush(timeout: .seconds(10))
        #expect(report.completedInTime)
        #expect(exporter.spans.map(\.name) == (0..<8).map { "s\($0)" })
        #expect(report.droppedQueueFull == 2)
        #expect(report.exported == 8)
        let shutdown = provider.shutdown(timeout: .seconds(10))
        #expect(shutdown.droppedQueueFull == 2)
    }

    @Test func aFullBatchIsExportedWithoutWaitingForTheDelay() {
        let exporter = GatedSpanExporter()
        let (provider, _, tracer) = pipeline(exporter, queue: 100, batch: 3)
        tracer.startSpan("a").end()
        tracer.startSpan("b").end()
        TraceTestSupport.sleep(milliseconds: 200)
        #expect(exporter.exportCalls == 0)
        tracer.startSpan("c").end()
        #expect(TraceTestSupport.eventually { exporter.batches.count == 1 })
        #expect(exporter.batches.first?.map(\.name) == ["a", "b", "c"])
        _ = provider.shutdown()
    }

    @Test func aPartialBatchIsExportedWhenTheDelayPasses() {
        let exporter = GatedSpanExporter()
        let (provider, _, tracer) = pipeline(exporter, delay: .milliseconds(50))
        tracer.startSpan("lonely").end()
        #expect(TraceTestSupport.eventually { exporter.spans.count == 1 })
        #expect(exporter.flushCalls == 0)
        _ = provider.shutdown()
    }

    @Test func largeQueuesAreExportedInBatchesOfTheMaximumSize() {
        let exporter = GatedSpanExporter()
        let (provider, _, tracer) = pipeline(exporter, queue: 100, batch: 4)
        let sizes = Mutex<[Int]>([])
        exporter.setOnExport { spans in sizes.withLock { $0.append(spans.count) } }
        for index in 0..<10 { tracer.startSpan("s\(index)").end() }
        #expect(provider.forceFlush(timeout: .seconds(10)).completedInTime)
        #expect(exporter.spans.map(\.name) == (0..<10).map { "s\($0)" })
        #expect(sizes.withLock { $0 }.allSatisfy { $0 <= 4 })
        _ = provider.shutdown()
    }

    @Test func exportedSpansCarryAllTheirDataWhetherOrNotTheRecorderStillHoldsThem() throws {
        let exporter = InMemorySpanExporter()
        let (provider, _, tracer) = pipeline(exporter, queue: 100, batch: 2)
        let linked = SpanContext(
            traceID: TraceID(high: 1, low: 2), spanID: SpanID(3), traceFlags: [.sampled], isRemote: true)
        func record(_ name: String) -> any Span {
            let span = tracer.startSpan(name, parent: .none, attributes: ["k": "v"], links: [SpanLink(linked)])
            span.addEvent("e", attributes: ["n": 1])
            span.setStatus(.error(description: "bad"))
            span.end()
            return span
        }
        // Given up at once (the batch is then the span's only owner, and takes its data), and
        // still held by its recorder (the data is copied).
        _ = record("released")
        let held = record("held")
        #expect(provider.forceFlush(timeout: .seconds(10)).completedInTime)
        let spans = exporter.finishedSpans
        #expect(spans.map(\.name) == ["released", "held"])
        for span in spans {
            #expect(span.attributes["k"] == "v")
            #expect(span.events.map(\.name) == ["e"])
            #expect(span.events.first?.attributes["n"] == 1)
            #expect(span.links.map(\.context) == [linked])
            #expect(span.status == .error(description: "bad"))
            #expect(span.hasEnded)
        }
        // The recorder can still read what it recorded.
        let data = try #require(held as? RecordingSpan).spanData
        #expect(data.name == "held" && data.attributes["k"] == "v" && data.events.count == 1)
        #expect(data.links.count == 1 && data.status == .error(description: "bad"))
        _ = provider.shutdown()
    }

    @Test func segmentsKeepTheOrderOfSpansAndTheQueueBound() {
        let exporter = GatedSpanExporter(open: false)
        let (provider, processor, tracer) = pipeline(exporter, queue: 10, batch: 3)
        // The first full segment goes to the worker, which blocks in the exporter; then 10 more
        // fill the queue (three full segments and one of one) and 5 are dropped.
        for index in 0..<3 { tracer.startSpan("s\(index)").end() }
        #expect(TraceTestSupport.eventually { exporter.exportCalls == 1 })
        for index in 3..<18 { tracer.startSpan("s\(index)").end() }
        #expect(processor.droppedSpanCount == 5)
        exporter.open()
        let report = provider.forceFlush(timeout: .seconds(10))
        #expect(report.completedInTime)
        #expect(exporter.spans.map(\.name) == (0..<13).map { "s\($0)" })
        #expect(exporter.batches.allSatisfy { $0.count <= 3 })
        #expect(report.exported == 13 && report.droppedQueueFull == 5)
        _ = provider.shutdown()
    }

    /// Exported segments go back to the queue still holding their spans, for a recording thread to
    /// free (see `BatchExportPipeline`); at most a queue's worth stay alive that way.
    @Test func exportedSpansKeptForRecordingThreadsToFreeStayWithinTheQueueSize() throws {
        let exporter = InMemorySpanExporter()
        let (provider, processor, tracer) = pipeline(exporter, queue: 10, batch: 2)
        var spans: [WeakSpan] = []
        // Full batches (a recording thread frees an exported segment each time it fills one),
        // then single spans flushed one by one (each flush exports a segment of one span, and no
        // recording thread fills a segment to free them).
        for index in 0..<250 {
            let span = try #require(tracer.startSpan("s\(index)", parent: .none) as? RecordingSpan)
            spans.append(WeakSpan(span))
            span.end()
            if index % 8 == 7 || index >= 200 {
                #expect(processor.forceFlush(deadline: .now().advanced(by: .seconds(10))).completedInTime)
            }
        }
        #expect(exporter.finishedSpans.map(\.name) == (0..<250).map { "s\($0)" })
        let alive = spans.filter { $0.span != nil }.count
        #expect(alive <= 10, "\(alive) exported spans still alive")
        // A span refers to its provider's processors, which hold those segments: shutdown frees
        // them, or they would keep each other alive forever.
        _ = provider.shutdown()
        #expect(TraceTestSupport.eventually { spans.allSatisfy { $0.span == nil } })
    }

    @Test func forceFlushExportsEverythingQueuedBeforeIt() {
        let exporter = InMemorySpanExporter()
        let (provider, processor, tracer) = pipeline(exporter)
        for _ in 0..<100 { tracer.startSpan("queued").end() }
        let report = provider.forceFlush(timeout: .seconds(10))
        #expect(report.completedInTime)
        #expect(exporter.finishedSpans.count == 100)
        #expect(report.exported == 100)
        #expect(processor.report.exported == 100)
        _ = provider.shutdown()
    }

    @Test func forceFlushReturnsAtItsDeadlineWhenTheExporterIsSlow() {
        let exporter = GatedSpanExporter(open: false)
        let (provider, _, tracer) = pipeline(exporter)
        tracer.startSpan("stuck").end()
        var report = DeliveryReport()
        let elapsed = TraceTestSupport.elapsed { report = provider.forceFlush(timeout: .milliseconds(200)) }
        #expect(!report.completedInTime)
        #expect(elapsed >= .milliseconds(190) && elapsed < .seconds(2))
        exporter.open()
        #expect(provider.forceFlush(timeout: .seconds(10)).completedInTime)
        #expect(exporter.spans.count == 1)
        _ = provider.shutdown()
    }

    @Test func shutdownReturnsWithinItsDeadlineAndReportsUnsentSpans() {
        let exporter = GatedSpanExporter(open: false)
        let (provider, _, tracer) = pipeline(exporter, queue: 100, batch: 2)
        for _ in 0..<10 { tracer.startSpan("unsent").end() }
        // The worker is stuck in its first export (whose own deadline is 30 s away).
        #expect(TraceTestSupport.eventually { exporter.exportCalls == 1 })
        var report = DeliveryReport()
        let elapsed = TraceTestSupport.elapsed { report = provider.shutdown(timeout: .milliseconds(300)) }
        #expect(elapsed < .seconds(2))
        #expect(!report.completedInTime)
        #expect(report.droppedAtShutdown == 10)
        #expect(report.exported == 0)
        // The worker gives up once its current export returns, and shuts the exporter down.
        exporter.open()
        #expect(TraceTestSupport.eventually { exporter.shutdownCalls == 1 })
        #expect(exporter.spans.count <= 2)
    }

    @Test func shutdownInTimeExportsEverythingAndShutsTheExporterDown() {
        let exporter = GatedSpanExporter()
        let (provider, processor, tracer) = pipeline(exporter)
        for _ in 0..<5 { tracer.startSpan("span").end() }
        let report = provider.shutdown(timeout: .seconds(10))
        #expect(report.completedInTime)
        #expect(report.exported == 5 && report.dropped == 0)
        #expect(exporter.shutdownCalls == 1)
        tracer.startSpan("ignored").end()
        #expect(processor.report.exported == 5)
    }

    @Test func anExporterThatRecordsIntoTheSameProcessorDoesNotDeadlock() {
        let exporter = GatedSpanExporter()
        let (provider, _, tracer) = pipeline(exporter)
        let recorded = Mutex(false)
        exporter.setOnExport { spans in
            guard spans.contains(where: { $0.name == "app" }) else { return }
            recorded.withLock { $0 = true }
            tracer.startSpan("from-exporter").end()
        }
        tracer.startSpan("app").end()
        #expect(provider.forceFlush(timeout: .seconds(10)).completedInTime)
        #expect(recorded.withLock { $0 })
        #expect(provider.forceFlush(timeout: .seconds(10)).completedInTime)
        #expect(exporter.spans.map(\.name) == ["app", "from-exporter"])
        _ = provider.shutdown()
    }

    @Test func aSimpleProcessorDropsSpansItsExporterRecordsWhileExporting() {
        let exporter = GatedSpanExporter()
        let processor = SimpleSpanProcessor(exporter: exporter)
        let provider = TraceTestSupport.tracerProvider(processors: [processor])
        let tracer = provider.tracer("test")
        exporter.setOnExport { spans in
            if spans.contains(where: { $0.name == "app" }) { tracer.startSpan("re-entrant").end() }
        }
        tracer.startSpan("app").end()
        #expect(exporter.spans.map(\.name) == ["app"])
        #expect(processor.report.droppedExportFailed == 1)
        #expect(processor.report.exported == 1)
    }

    @Test func recordingDoesNotWaitForASlowExport() {
        let exporter = GatedSpanExporter(open: false)
        let (provider, _, tracer) = pipeline(exporter, queue: 1000, batch: 1)
        tracer.startSpan("first").end()
        #expect(TraceTestSupport.eventually { exporter.exportCalls == 1 })
        let elapsed = TraceTestSupport.elapsed {
            for _ in 0..<100 { tracer.startSpan("while-exporting").end() }
        }
        #expect(elapsed < .milliseconds(500))
        exporter.open()
        #expect(provider.shutdown(timeout: .seconds(10)).exported == 101)
    }

    @Test func releasingTheProcessorShutsItsExporterDown() {
        let exporter = GatedSpanExporter()
        do {
            let processor = BatchSpanProcessor(exporter: exporter, configuration: BatchExportConfiguration())
            _ = processor.configuration
        }
        #expect(TraceTestSupport.eventually { exporter.shutdownCalls == 1 })
    }
}

/// A weak reference to a span, to see when it is freed.
private final class WeakSpan {
    weak var span: RecordingSpan?
    init(_ span: RecordingSpan) { self.span = span }
}
