import Foundation
import OtelAPI
import Testing

private let traceHex = "4bf92f3577b34da6a3ce929d0e0e4736"
private let spanHex = "00f067aa0ba902b7"
private let header = "00-\(traceHex)-\(spanHex)-01"

private func span(flags: UInt8, state: String? = nil, trace: String = traceHex) -> NonRecordingSpan {
    var context = SpanContext(
        traceID: TraceID(hex: trace)!, spanID: SpanID(hex: spanHex)!, traceFlags: TraceFlags(rawValue: flags))
    if let state { context.traceState = try! TraceState.parse(state).get() }
    return NonRecordingSpan(context: context)
}

/// A `traceparent` that must never crash and never become a parent, and the reason it is rejected.
struct InvalidTraceparent: Sendable, CustomTestStringConvertible {
    var name: String
    var traceparent: String
    var reason: TraceContextError
    var testDescription: String { name }
}

private let invalidTraceparents: [InvalidTraceparent] = [
    InvalidTraceparent(name: "empty", traceparent: "", reason: .missing),
    InvalidTraceparent(name: "blank", traceparent: "   ", reason: .missing),
    InvalidTraceparent(name: "garbage", traceparent: "garbage", reason: .uppercaseOrNonHex(.version)),
    InvalidTraceparent(
        name: "uppercase trace id", traceparent: "00-\(traceHex.uppercased())-\(spanHex)-01",
        reason: .uppercaseOrNonHex(.traceID)),
    InvalidTraceparent(
        name: "zero trace id", traceparent: "00-\(String(repeating: "0", count: 32))-\(spanHex)-01",
        reason: .invalidTraceID),
    InvalidTraceparent(
        name: "zero span id", traceparent: "00-\(traceHex)-0000000000000000-01", reason: .invalidSpanID),
    InvalidTraceparent(name: "version ff", traceparent: "ff-\(traceHex)-\(spanHex)-01", reason: .invalidVersion),
    InvalidTraceparent(
        name: "trailing data", traceparent: "00-\(traceHex)-\(spanHex)-01-extra", reason: .trailingDataForVersion00),
    InvalidTraceparent(name: "no flags", traceparent: "00-\(traceHex)-\(spanHex)", reason: .wrongLength(52)),
    InvalidTraceparent(
        name: "emoji", traceparent: "00-😀\(traceHex.dropFirst())-\(spanHex)-01", reason: .uppercaseOrNonHex(.traceID)),
    InvalidTraceparent(
        name: "10 000 dashes", traceparent: String(repeating: "-", count: 10_000), reason: .uppercaseOrNonHex(.version)),
]

@Suite("Current trace context")
struct CurrentTraceContextTests {
    let tracer = RecordingTestTracer()

    // MARK: W3CTraceContext.current() and the current trace id

    @Test func noActiveSpanMeansNoContext() {
        #expect(W3CTraceContext.current() == nil)
        #expect(OtelContext.currentTraceIDHex() == nil)
    }

    @Test func anInvalidActiveSpanMeansNoContext() {
        OtelContext.with(span: NonRecordingSpan.invalid) {
            #expect(W3CTraceContext.current() == nil)
            #expect(OtelContext.currentTraceIDHex() == nil)
        }
        // Half-valid contexts are invalid too.
        let noSpanID = SpanContext(traceID: TraceID(high: 1, low: 1), spanID: .invalid, traceFlags: .sampled)
        OtelContext.with(span: NonRecordingSpan(context: noSpanID)) {
            #expect(W3CTraceContext.current() == nil)
            #expect(OtelContext.currentTraceIDHex() == nil)
        }
    }

    @Test(arguments: [(0x00, "00"), (0x01, "01"), (0x02, "00"), (0x03, "01"), (0xFF, "01")] as [(UInt8, String)])
    func traceparentOfTheActiveSpanKeepsOnlyTheSampledFlag(_ flags: UInt8, _ expected: String) {
        OtelContext.with(span: span(flags: flags)) {
            let current = W3CTraceContext.current()
            #expect(current?.traceparent == "00-\(traceHex)-\(spanHex)-\(expected)")
            #expect(current?.tracestate == nil)
        }
    }

    @Test func tracestateOfTheActiveSpanIsPropagated() {
        OtelContext.with(span: span(flags: 1, state: "rojo=00f067aa0ba902b7,congo=t61rcWkgMzE")) {
            let current = W3CTraceContext.current()
            #expect(current?.traceparent == header)
            #expect(current?.tracestate == "rojo=00f067aa0ba902b7,congo=t61rcWkgMzE")
        }
    }

    @Test func currentFollowsWithSpan() throws {
        try tracer.withSpan("op") { span in
            let current = try #require(W3CTraceContext.current())
            #expect(current.traceparent == "00-\(span.context.traceID.hexString)-\(span.context.spanID.hexString)-01")
            #expect(OtelContext.currentTraceIDHex() == span.context.traceID.hexString)
            // The header round-trips to the active span's identity.
            let parsed = try current.spanContext().get()
            #expect(parsed.traceID == span.context.traceID)
            #expect(parsed.spanID == span.context.spanID)
        }
        #expect(W3CTraceContext.current() == nil)
    }

    @Test func traceIDHexIsLowercaseAndKeepsLeadingZeros() {
        let trace = "000000000000000000000000000000ab"
        OtelContext.with(span: span(flags: 0, trace: trace)) {
            #expect(OtelContext.currentTraceIDHex() == trace)
            #expect(OtelContext.current.traceIDHex == trace)
        }
        OtelContext.with(span: span(flags: 0, trace: "ABCDEF0123456789abcdef0123456789".lowercased())) {
            #expect(OtelContext.currentTraceIDHex() == "abcdef0123456789abcdef0123456789")
        }
    }

    // MARK: SpanParent from W3C

    @Test func aValidW3CContextIsARemoteParent() throws {
        let w3c = W3CTraceContext(traceparent: header, tracestate: "rojo=1,congo=2")
        let parent = try #require(SpanParent.w3c(w3c))
        guard case .context(let context) = parent else {
            Issue.record("expected a span context parent, got \(parent)")
            return
        }
        #expect(context.isRemote)
        #expect(context.traceID.hexString == traceHex)
        #expect(context.spanID.hexString == spanHex)
        #expect(context.isSampled)
        #expect(context.traceState.header == "rojo=1,congo=2")
        #expect(try SpanParent(w3c: w3c).resolvedContext == context)

        // A span started with it continues the remote trace.
        let child = tracer.startSpan("server", kind: .server, parent: parent) as? RecordingTestSpan
        #expect(child?.parentContext == context)
        #expect(child?.context.traceID == context.traceID)
        #expect(child?.context.spanID != context.spanID)
    }

    @Test func anInvalidTracestateAloneIsDiscarded() throws {
        let parent = try SpanParent(w3c: W3CTraceContext(traceparent: header, tracestate: "UPPER=1"))
        #expect(parent.resolvedContext?.traceState.isEmpty == true)
        #expect(parent.resolvedContext?.spanID.hexString == spanHex)
    }

    @Test(arguments: invalidTraceparents)
    func anInvalidW3CContextIsNoParentAndSaysWhy(_ vector: InvalidTraceparent) {
        let w3c = W3CTraceContext(traceparent: vector.traceparent, tracestate: "rojo=1")
        #expect(SpanParent.w3c(w3c) == nil)
        #expect(throws: vector.reason) { try SpanParent(w3c: w3c) }
    }

    // MARK: withRemoteParent

    @Test func withRemoteParentMakesTheRemoteContextActive() throws {
        let w3c = W3CTraceContext(traceparent: header, tracestate: "rojo=1")
        let outer = tracer.startSpan("outer", parent: .none)
        var baggage = Baggage()
        baggage["tenant"] = "t1"
        let result = OtelContext.with(OtelContext(span: outer, baggage: baggage)) {
            let value = OtelContext.withRemoteParent(w3c) { status in
                #expect(status.isApplied)
                #expect(status.error == nil)
                let active = OtelContext.current.span
                #expect(active is NonRecordingSpan)
                #expect(active?.isRecording == false)
                #expect(active?.context == status.spanContext)
                #expect(active?.context.isRemote == true)
                #expect(OtelContext.current.baggage["tenant"] == "t1")
                // Outgoing propagation continues the remote trace.
                #expect(W3CTraceContext.current() == w3c)
                #expect(OtelContext.currentTraceIDHex() == traceHex)
                // A span started here is a child of the remote parent.
                let child = tracer.startSpan("child") as? RecordingTestSpan
                #expect(child?.parentContext?.spanID.hexString == spanHex)
                #expect(child?.context.traceID.hexString == traceHex)
                // The no-op tracer propagates it unchanged.
                #expect(NoOpTracer().startSpan("noop").context == status.spanContext)
                return 7
            }
            #expect(OtelContext.current.span === outer)
            return value
        }
        #expect(result == 7)
        #expect(OtelContext.current.span == nil)
    }

    @Test(arguments: invalidTraceparents)
    func withRemoteParentIgnoresInvalidInputAndReportsTheReason(_ vector: InvalidTraceparent) {
        let outer = tracer.startSpan("outer", parent: .none)
        var ran = false
        OtelContext.with(span: outer) {
            OtelContext.withRemoteParent(W3CTraceContext(traceparent: vector.traceparent)) { status in
                ran = true
                #expect(status == .rejected(vector.reason))
                #expect(status.error == vector.reason)
                #expect(!status.isApplied)
                #expect(status.spanContext == nil)
                #expect(OtelContext.current.span === outer)
            }
        }
        #expect(ran)
    }

    @Test func asyncWithRemoteParentReachesChildTasks() async throws {
        let w3c = W3CTraceContext(traceparent: header)
        let seen = await OtelContext.withRemoteParent(w3c) { status in
            #expect(status.isApplied)
            await Task.yield()
            async let fromChild = OtelContext.currentTraceIDHex()
            let spanID = await withTaskGroup(of: String?.self) { group in
                group.addTask { OtelContext.current.spanContext?.spanID.hexString }
                return await group.next() ?? nil
            }
            return (await fromChild, spanID)
        }
        #expect(seen.0 == traceHex)
        #expect(seen.1 == spanHex)
        #expect(OtelContext.current.span == nil)

        let rejected = await OtelContext.withRemoteParent(W3CTraceContext(traceparent: "nope")) { status in
            await Task.yield()
            return (status, OtelContext.current.span == nil)
        }
        #expect(rejected.0 == .rejected(.uppercaseOrNonHex(.version)))
        #expect(rejected.1)
    }

    @Test func withRemoteParentRethrowsAndRestores() {
        struct Failure: Error {}
        #expect(throws: Failure.self) {
            try OtelContext.withRemoteParent(W3CTraceContext(traceparent: header)) { _ in throw Failure() }
        }
        #expect(OtelContext.current.span == nil)
    }

    @Test func withRemoteParentOfAParsedResult() {
        OtelContext.withRemoteParent(nil as Result<SpanContext, TraceContextError>?) { status in
            #expect(status == .absent)
            #expect(!status.isApplied)
            #expect(status.error == nil)
            #expect(OtelContext.current.span == nil)
        }
        let local = SpanContext(traceID: TraceID(high: 0, low: 9), spanID: SpanID(8), traceFlags: [])
        OtelContext.withRemoteParent(.success(local)) { status in
            var expected = local
            expected.isRemote = true
            #expect(status == .applied(expected))
            #expect(OtelContext.current.spanContext == expected)
        }
        OtelContext.withRemoteParent(.success(.invalid)) { status in
            #expect(status == .rejected(.invalidTraceID))
            #expect(OtelContext.current.span == nil)
        }
        let noSpan = SpanContext(traceID: TraceID(high: 0, low: 9), spanID: .invalid, traceFlags: [])
        OtelContext.withRemoteParent(.success(noSpan)) { status in
            #expect(status == .rejected(.invalidSpanID))
        }
        let environment = TraceContextEnvironment.read(from: ["TRACEPARENT": header, "TRACESTATE": "k=v"])
        OtelContext.withRemoteParent(environment) { status in
            #expect(status.spanContext?.traceState.header == "k=v")
            #expect(W3CTraceContext.current() == W3CTraceContext(traceparent: header, tracestate: "k=v"))
        }
    }

    // MARK: withProcessParent

    @Test func withProcessParentAppliesTheProcessEnvironment() async {
        let expected: RemoteParentStatus
        switch TraceContextEnvironment.read(from: ProcessInfo.processInfo.environment) {
        case nil: expected = .absent
        case .failure(let error): expected = .rejected(error)
        case .success(let context): expected = .applied(context)
        }
        OtelContext.withProcessParent { status in
            #expect(status == expected)
            #expect(OtelContext.current.spanContext == expected.spanContext)
        }
        await OtelContext.withProcessParent { status in
            await Task.yield()
            #expect(status == expected)
            #expect(OtelContext.current.spanContext == expected.spanContext)
        }
    }
}
