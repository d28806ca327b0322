import OtelAPI
import Synchronization
import Testing

/// A span that records what is done to it. Shared by the API tests.
final class RecordingTestSpan: Span {
    struct Event: Sendable, Equatable {
        var name: String
        var attributes: Attributes
    }

    struct State: Sendable {
        var name: String
        var attributes: Attributes
        var events: [Event] = []
        var errors: [String] = []
        var status: SpanStatus = .unset
        var endCount = 0
    }

    let context: SpanContext
    /// The parent context the tracer resolved at start, `nil` for a root span.
    let parentContext: SpanContext?
    private let state: Mutex<State>

    init(name: String, context: SpanContext, parentContext: SpanContext?, attributes: Attributes) {
        self.context = context
        self.parentContext = parentContext
        self.state = Mutex(State(name: name, attributes: attributes))
    }

    var snapshot: State { state.withLock { $0 } }
    var isRecording: Bool { state.withLock { $0.endCount == 0 } }
    func updateName(_ name: String) { state.withLock { $0.name = name } }
    func setAttribute(_ key: String, _ value: AttributeValue) { state.withLock { $0.attributes[key] = value } }
    func setAttributes(_ attributes: Attributes) { state.withLock { $0.attributes.merge(attributes) } }
    func addEvent(_ name: String, attributes: Attributes, timestamp: Timestamp?) {
        state.withLock { $0.events.append(Event(name: name, attributes: attributes)) }
    }
    func addLink(_ link: SpanLink) {}
    func recordError(_ error: any Error, attributes: Attributes) {
        state.withLock { $0.errors.append(String(describing: error)) }
    }
    func setStatus(_ status: SpanStatus) { state.withLock { $0.status = status } }
    func end(at time: Timestamp?) { state.withLock { $0.endCount += 1 } }
}

/// A tracer that creates ``RecordingTestSpan``s: a child keeps its parent's trace id, a root
/// span gets a fresh one; span ids count up from 1.
final class RecordingTestTracer: Tracer, TracerProvider {
    private let nextID = Atomic<UInt64>(0)
    private let spans = Mutex<[RecordingTestSpan]>([])

    var started: [RecordingTestSpan] { spans.withLock { $0 } }

    func tracer(_ name: String, version: String?, schemaURL: String?) -> any Tracer { self }

    func startSpan(
        _ name: String,
        kind: SpanKind,
        parent: SpanParent,
        attributes: @autoclosure () -> Attributes,
        links: [SpanLink],
        startTime: Timestamp?
    ) -> any Span {
        let id = nextID.wrappingAdd(1, ordering: .relaxed).newValue
        let parentContext = parent.resolvedContext
        let traceID = parentContext?.traceID ?? TraceID(high: 0x5157_0000_0000_0000, low: id)
        let context = SpanContext(traceID: traceID, spanID: SpanID(id), traceFlags: .sampled)
        let span = RecordingTestSpan(
            name: name, context: context, parentContext: parentContext, attributes: attributes())
        spans.withLock { $0.append(span) }
        return span
    }
}

private struct Boom: Error, CustomStringConvertible {
    var description: String { "boom" }
}

private func currentSpanID() -> SpanID? { OtelContext.current.span?.context.spanID }

@Suite("Context and withSpan")
struct ContextTests {
    let tracer = RecordingTestTracer()
    let marker = NonRecordingSpan(
        context: SpanContext(traceID: TraceID(high: 1, low: 2), spanID: SpanID(3), traceFlags: .sampled))

    @Test func withSpanMakesTheSpanCurrentInSyncCodeAndRestoresAfterwards() throws {
        var inside: (any Span)?
        var handed: (any Span)?
        OtelContext.with(span: marker) {
            tracer.withSpan("op") { span in
                handed = span
                inside = OtelContext.current.span
                #expect((span as? RecordingTestSpan)?.snapshot.endCount == 0)
            }
            #expect(OtelContext.current.span === marker)
        }
        let span = try #require(handed as? RecordingTestSpan)
        #expect(inside === span)
        #expect(span.snapshot.endCount == 1)
        #expect(OtelContext.current.span == nil)
    }

    @Test func withSpanMakesTheSpanCurrentInAsyncCodeAndChildTasks() async throws {
        let outcome = await OtelContext.with(span: marker) {
            let result = await tracer.withSpan("op") { span in
                await Task.yield()
                let afterSuspension = OtelContext.current.span
                async let fromAsyncLet = currentSpanID()
                let groupIDs = await withTaskGroup(of: SpanID?.self) { group in
                    for _ in 0..<4 { group.addTask { currentSpanID() } }
                    var ids: [SpanID?] = []
                    for await id in group { ids.append(id) }
                    return ids
                }
                let unstructured = await Task { currentSpanID() }.value
                return (span, afterSuspension, await fromAsyncLet, groupIDs, unstructured)
            }
            #expect(OtelContext.current.span === marker)
            return result
        }
        let (span, afterSuspension, fromAsyncLet, groupIDs, unstructured) = outcome
        #expect(afterSuspension === span)
        #expect(fromAsyncLet == span.context.spanID)
        #expect(groupIDs == Array(repeating: span.context.spanID, count: 4))
        #expect(unstructured == span.context.spanID)
        #expect((span as? RecordingTestSpan)?.snapshot.endCount == 1)
        #expect(OtelContext.current.span == nil)
    }

    @Test func withSpanRecordsAThrownErrorEndsTheSpanAndRethrows() throws {
        var handed: (any Span)?
        #expect(throws: Boom.self) {
            try tracer.withSpan("failing") { span in
                handed = span
                throw Boom()
            }
        }
        let span = try #require(handed as? RecordingTestSpan)
        let state = span.snapshot
        #expect(state.errors == ["boom"])
        #expect(state.status == .error(description: "boom"))
        #expect(state.endCount == 1)
        #expect(OtelContext.current.span == nil)
    }

    @Test func asyncWithSpanRecordsAThrownErrorEndsTheSpanAndRethrows() async throws {
        let handed = Mutex<(any Span)?>(nil)
        await #expect(throws: Boom.self) {
            try await tracer.withSpan("failing") { span in
                handed.withLock { $0 = span }
                await Task.yield()
                throw Boom()
            }
        }
        let span = try #require(handed.withLock { $0 } as? RecordingTestSpan)
        #expect(span.snapshot.errors == ["boom"])
        #expect(span.snapshot.status == .error(description: "boom"))
        #expect(span.snapshot.endCount == 1)
    }

    @Test func aSuccessfulWithSpanRecordsNoErrorAndReturnsTheValue() {
        let value = tracer.withSpan("ok") { _ in 42 }
        #expect(value == 42)
        let span = tracer.started[0]
        #expect(span.snapshot.errors.isEmpty)
        #expect(span.snapshot.status == .unset)
    }

    @Test func nestedSpansTakeTheCurrentSpanAsImplicitParent() throws {
        tracer.withSpan("outer") { outer in
            tracer.withSpan("inner") { inner in
                let child = tracer.startSpan("leaf")
                #expect((inner as? RecordingTestSpan)?.parentContext == outer.context)
                #expect(inner.context.traceID == outer.context.traceID)
                #expect(inner.context.spanID != outer.context.spanID)
                #expect((child as? RecordingTestSpan)?.parentContext == inner.context)
                child.end()
            }
            #expect(OtelContext.current.span === outer)
        }
        #expect((tracer.started[0]).parentContext == nil)
    }

    @Test func noneParentIgnoresTheCurrentSpan() throws {
        tracer.withSpan("outer") { outer in
            let root = tracer.startSpan("root", parent: .none)
            let recorded = root as? RecordingTestSpan
            #expect(recorded?.parentContext == nil)
            #expect(root.context.traceID != outer.context.traceID)
            tracer.withSpan("root2", parent: .none) { span in
                #expect((span as? RecordingTestSpan)?.parentContext == nil)
                #expect(OtelContext.current.span === span)
            }
        }
    }

    @Test func explicitParentOverridesTheCurrentSpan() {
        let remote = SpanContext(
            traceID: TraceID(high: 0xAA, low: 0xBB), spanID: SpanID(0xCC), traceFlags: .sampled, isRemote: true)
        let other = tracer.startSpan("other", parent: .none)
        tracer.withSpan("outer") { _ in
            let fromContext = tracer.startSpan("a", parent: .context(remote)) as? RecordingTestSpan
            #expect(fromContext?.parentContext == remote)
            #expect(fromContext?.context.traceID == remote.traceID)

            let fromSpan = tracer.startSpan("b", parent: .span(other)) as? RecordingTestSpan
            #expect(fromSpan?.parentContext == other.context)
            #expect(fromSpan?.context.traceID == other.context.traceID)

            tracer.withSpan("c", parent: .context(remote)) { span in
                #expect((span as? RecordingTestSpan)?.parentContext == remote)
            }
        }
    }

    @Test func anInvalidExplicitParentIsNoParent() {
        let child = tracer.startSpan("a", parent: .context(.invalid)) as? RecordingTestSpan
        #expect(child?.parentContext == nil)
        let fromSpan = tracer.startSpan("b", parent: .span(NonRecordingSpan.invalid)) as? RecordingTestSpan
        #expect(fromSpan?.parentContext == nil)
    }

    @Test func withSpanKeepsTheBaggageAndWithContextReplacesIt() {
        var baggage = Baggage()
        baggage["user.tier"] = "pro"
        OtelContext.with(OtelContext(baggage: baggage)) {
            tracer.withSpan("op") { _ in
                #expect(OtelContext.current.baggage["user.tier"] == "pro")
            }
            OtelContext.with(OtelContext()) {
                #expect(OtelContext.current.baggage.isEmpty)
            }
            #expect(OtelContext.current.baggage["user.tier"] == "pro")
        }
        #expect(OtelContext.current.baggage.isEmpty)
    }

    @Test func spanContextOfTheCurrentContextIsNilWhenInvalid() {
        #expect(OtelContext.current.spanContext == nil)
        OtelContext.with(span: NonRecordingSpan.invalid) {
            #expect(OtelContext.current.span != nil)
            #expect(OtelContext.current.spanContext == nil)
        }
        OtelContext.with(span: marker) {
            #expect(OtelContext.current.spanContext == marker.context)
        }
    }

    @Test func baggageLastWriteWinsAndNilRemoves() {
        var baggage = Baggage()
        baggage["a"] = "1"
        baggage["b"] = "2"
        baggage["a"] = "3"
        #expect(baggage.entries.map(\.name) == ["a", "b"])
        #expect(baggage["a"] == "3")
        baggage["a"] = nil
        #expect(baggage.entries.map(\.name) == ["b"])
        #expect(baggage["a"] == nil)
    }
}
