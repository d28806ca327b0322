import OtelSDK
import Testing

@Suite("Recording spans")
struct RecordingSpanTests {
    @Test func snapshotCarriesEveryField() throws {
        let (provider, exporter) = TraceTestSupport.simpleProvider()
        let tracer = provider.tracer("codex", version: "1.2.3")
        let remote = SpanContext(
            traceID: TraceID(high: 0xabc, low: 0xdef), spanID: SpanID(0x42), traceFlags: .sampled,
            traceState: TraceState().setting("vendor", "v") ?? TraceState(), isRemote: true)
        let start = Timestamp(nanosecondsSinceEpoch: 1_000)
        let span = tracer.startSpan(
            "request", kind: .server, parent: .context(remote), attributes: ["http.method": "GET"], startTime: start)
        span.updateName("GET /")
        span.addEvent("received", attributes: ["bytes": 12], timestamp: Timestamp(nanosecondsSinceEpoch: 1_500))
        span.setStatus(.error(description: "bad"))
        span.end(at: Timestamp(nanosecondsSinceEpoch: 2_000))

        let data = try #require(exporter.finishedSpans.first)
        #expect(data.name == "GET /")
        #expect(data.kind == .server)
        #expect(data.context.traceID == remote.traceID)
        #expect(data.context.spanID != remote.spanID)
        #expect(data.context.isSampled)
        #expect(!data.context.isRemote)
        #expect(data.context.traceState["vendor"] == "v")
        #expect(data.parentSpanID == remote.spanID)
        #expect(data.isParentRemote)
        #expect(data.startTime == start)
        #expect(data.endTime == Timestamp(nanosecondsSinceEpoch: 2_000))
        #expect(data.hasEnded)
        #expect(data.attributes == ["http.method": "GET"])
        #expect(
            data.events == [
                SpanData.Event(
                    name: "received", timestamp: Timestamp(nanosecondsSinceEpoch: 1_500), attributes: ["bytes": 12])
            ])
        #expect(data.status == .error(description: "bad"))
        #expect(data.instrumentationScope == InstrumentationScope(name: "codex", version: "1.2.3"))
        #expect(data.resource == TraceTestSupport.resource)
    }

    @Test func endCountsOnceAndLaterChangesAreIgnored() throws {
        let (provider, exporter) = TraceTestSupport.simpleProvider()
        let span = provider.tracer("test").startSpan("once")
        #expect(span.isRecording)
        span.end(at: Timestamp(nanosecondsSinceEpoch: 5))
        #expect(!span.isRecording)
        span.end(at: Timestamp(nanosecondsSinceEpoch: 9))
        span.setAttribute("late", 1)
        span.addEvent("late")
        span.updateName("renamed")
        span.setStatus(.ok)
        #expect(exporter.finishedSpans.count == 1)
        let data = try #require(exporter.finishedSpans.first)
        #expect(data.endTime == Timestamp(nanosecondsSinceEpoch: 5))
        #expect(data.name == "once" && data.attributes.isEmpty && data.events.isEmpty && data.status == .unset)
        let recording = try #require(span as? RecordingSpan)
        #expect(recording.spanData == data)
    }

    @Test func okIsFinalAndUnsetIsIgnored() {
        let (provider, _) = TraceTestSupport.simpleProvider()
        let tracer = provider.tracer("test")
        func status(after statuses: [SpanStatus]) -> SpanStatus? {
            let span = tracer.startSpan("status")
            for status in statuses { span.setStatus(status) }
            return (span as? RecordingSpan)?.spanData.status
        }
        #expect(status(after: [.ok, .error(description: "late")]) == .ok)
        #expect(status(after: [.error(description: "first"), .unset]) == .error(description: "first"))
        #expect(
            status(after: [.error(description: "first"), .error(description: "second")])
                == .error(description: "second"))
        #expect(status(after: [.error(description: "first"), .ok]) == .ok)
    }

    @Test func recordErrorAddsAnExceptionEvent() throws {
        let (provider, exporter) = TraceTestSupport.simpleProvider()
        let span = provider.tracer("test").startSpan("failing")
        span.recordError(TraceTestError.boom, attributes: ["attempt": 2])
        span.end()
        let event = try #require(exporter.finishedSpans.first?.events.first)
        #expect(event.name == "exception")
        #expect(event.attributes["exception.message"] == "boom happened")
        #expect(event.attributes["exception.type"]?.displayString.hasSuffix("TraceTestError") == true)
        #expect(event.attributes["attempt"] == 2)
    }

    @Test func withSpanRecordsAThrownErrorAndRethrows() throws {
        let (provider, exporter) = TraceTestSupport.simpleProvider()
        #expect(throws: TraceTestError.self) {
            try provider.tracer("test").withSpan("throws") { _ in throw TraceTestError.boom }
        }
        let data = try #require(exporter.finishedSpans.first)
        #expect(data.name == "throws")
        #expect(data.status == .error(description: "boom happened"))
        #expect(data.events.map(\.name) == ["exception"])
        #expect(data.events.first?.attributes["exception.message"] == "boom happened")
    }

    @Test func withSpanMakesTheSpanActiveForChildren() async throws {
        let (provider, exporter) = TraceTestSupport.simpleProvider()
        let tracer = provider.tracer("test")
        await tracer.withSpan("outer") { _ in
            await tracer.withSpan("inner") { _ in await Task.yield() }
        }
        let spans = exporter.finishedSpans
        let inner = try #require(spans.first { $0.name == "inner" })
        let outer = try #require(spans.first { $0.name == "outer" })
        #expect(inner.parentSpanID == outer.context.spanID)
        #expect(inner.context.traceID == outer.context.traceID)
        #expect(!inner.isParentRemote)
    }

    @Test func explicitParentsWin() throws {
        let (provider, exporter) = TraceTestSupport.simpleProvider()
        let tracer = provider.tracer("test")
        let other = tracer.startSpan("other")
        tracer.withSpan("active") { _ in
            tracer.startSpan("root", parent: .none).end()
            tracer.startSpan("child-of-other", parent: .span(other)).end()
        }
        other.end()
        let spans = exporter.finishedSpans
        #expect(try #require(spans.first { $0.name == "root" }).parentSpanID == nil)
        #expect(try #require(spans.first { $0.name == "child-of-other" }).parentSpanID == other.context.spanID)
    }

    @Test func spansAreSafeToShareBetweenThreads() async throws {
        let (provider, exporter) = TraceTestSupport.simpleProvider()
        let span = provider.tracer("test").startSpan("shared")
        await withTaskGroup(of: Void.self) { group in
            for task in 0..<8 {
                group.addTask {
                    for index in 0..<50 {
                        span.setAttribute("k\(task)-\(index)", .int(Int64(index)))
                        span.addEvent("e")
                    }
                }
            }
        }
        span.end()
        let data = try #require(exporter.finishedSpans.first)
        #expect(data.attributes.count + data.droppedAttributesCount == 400)
        #expect(data.events.count + data.droppedEventsCount == 400)
        #expect(data.attributes.count == 128 && data.events.count == 128)
    }
}
