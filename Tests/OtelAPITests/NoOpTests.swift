import AllocationCounter
import OtelAPI
import Synchronization
import Testing

private let remote = SpanContext(
    traceID: TraceID(high: 0x4BF9_2F35_77B3_4DA6, low: 0xA3CE_929D_0E0E_4736), spanID: SpanID(0x00F0_67AA_0BA9_02B7),
    traceFlags: .sampled, isRemote: true)
private let remoteTraceparent = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01"

@inline(never)
private func blackHole<T>(_ value: T) {}

/// Runs `body` once to warm up (lazily initialised statics, the task allocator's slabs), then
/// returns the number of heap allocations this thread makes while running it `iterations` times.
private func allocations(iterations: Int = 10, _ body: () -> Void) -> Int64 {
    body()
    allocation_counter_start()
    for _ in 0..<iterations { body() }
    return allocation_counter_stop()
}

/// Counts how often a log record was built.
private let recordsBuilt = Atomic<Int>(0)

private func builtRecord() -> LogRecord {
    recordsBuilt.add(1, ordering: .relaxed)
    return LogRecord(severity: .info, body: "built")
}

@Suite("No-op defaults")
struct NoOpTests {
    // MARK: Behaviour

    @Test func defaultProvidersAreNoOps() {
        // `RegistryTests` installs providers whose tracer, logger and meter are the defaults.
        #expect(Otel.providers.tracerProvider is NoOpTracerProvider)
        #expect(Otel.providers.loggerProvider is NoOpLoggerProvider)
        #expect(Otel.providers.meterProvider is NoOpMeterProvider)
        #expect(Otel.tracer("t") is NoOpTracer)
        #expect(Otel.meter("m") is NoOpMeter)
        #expect(Otel.logger(target: "codex_otel.log_only").target == "codex_otel.log_only")
    }

    @Test func spansWithoutParentAreNonRecordingAndInvalid() {
        let tracer = Otel.tracer("NoOpTests")
        let span = tracer.startSpan("op")
        #expect(!span.isRecording)
        #expect(span is NonRecordingSpan)
        #expect(span.context == .invalid)
        #expect(tracer.startSpan("root", parent: .none).context == .invalid)
        // Every call is accepted and ignored.
        span.updateName("renamed")
        span.setAttribute("k", "v")
        span.setAttributes(["a": 1])
        span.addEvent("e")
        span.addLink(SpanLink(remote))
        span.recordError(CancellationError())
        span.setStatus(.ok)
        span.end()
        span.end()
        #expect(!span.isRecording)
    }

    @Test func anExplicitParentContextPropagates() {
        let span = Otel.tracer("NoOpTests").startSpan("child", parent: .context(remote))
        #expect(!span.isRecording)
        #expect(span.context.traceID == remote.traceID)
        #expect(span.context.spanID == remote.spanID)
        #expect(span.context == remote)
        #expect(Otel.tracer("NoOpTests").startSpan("bad", parent: .context(.invalid)).context == .invalid)
    }

    @Test func anImplicitNonRecordingParentPropagatesWithoutNewIDs() {
        let parent = NonRecordingSpan(context: remote)
        OtelContext.with(span: parent) {
            let tracer = Otel.tracer("NoOpTests")
            let child = tracer.startSpan("child")
            #expect(child.context.traceID == remote.traceID)
            #expect(child.context.spanID == remote.spanID)
            #expect(child === parent)
            tracer.withSpan("nested") { span in
                #expect(span.context == remote)
                // An outgoing request made here carries the handed-in context.
                #expect(W3CTraceContext.current()?.traceparent == remoteTraceparent)
            }
        }
    }

    @Test func aRecordingParentPropagatesAsANonRecordingSpan() {
        let sdk = RecordingTestTracer()
        let recording = sdk.startSpan("sdk", parent: .none)
        let tracer = NoOpTracer()
        let explicit = tracer.startSpan("a", parent: .span(recording))
        #expect(!explicit.isRecording)
        #expect(explicit.context == recording.context)
        OtelContext.with(span: recording) {
            let implicit = tracer.startSpan("b")
            #expect(!implicit.isRecording)
            #expect(implicit !== recording)
            #expect(implicit.context == recording.context)
        }
    }

    @Test func noOpLoggerNeverBuildsTheRecord() {
        let logger = Otel.logger(target: "codex_otel.log_only")
        #expect(!logger.isEnabled(severity: .fatal))
        let before = recordsBuilt.load(ordering: .relaxed)
        logger.emit(builtRecord())
        let after = recordsBuilt.load(ordering: .relaxed)
        #expect(after == before)
    }

    @Test func noOpMetricsAcceptEverything() {
        let meter = Otel.meter("NoOpTests")
        meter.counter("c").add(1)
        meter.doubleCounter("d").add(0.5, attributes: ["k": "v"])
        meter.upDownCounter("u").add(-3)
        meter.histogram("h", boundaries: [1, 2]).record(1.5)
        meter.intHistogram("ih").bind(["k": "v"]).record(2)
        meter.gauge("g").record(3)
        let called = Atomic<Bool>(false)
        let registration = meter.observableGauge("og") { _ in called.store(true, ordering: .relaxed) }
        registration.unregister()
        let wasCalled = called.load(ordering: .relaxed)
        #expect(!wasCalled)
    }

    // MARK: Allocations

    @Test func theAllocationCounterCounts() {
        let count = allocations { blackHole(Array(repeating: 7, count: 32)) }
        #expect(count >= 10)
    }

    @Test func startingAndEndingANoOpSpanAllocatesNothing() {
        let tracer = Otel.tracer("NoOpTests")
        let count = allocations {
            let span = tracer.startSpan("op")
            span.end()
            let root = tracer.startSpan("root", kind: .client, parent: .none)
            root.end()
        }
        #expect(count == 0)
    }

    @Test func startingAChildOfAnImplicitNonRecordingParentAllocatesNothing() {
        let tracer = Otel.tracer("NoOpTests")
        OtelContext.with(span: NonRecordingSpan(context: remote)) {
            let count = allocations {
                let span = tracer.startSpan("child")
                span.end()
            }
            #expect(count == 0)
        }
    }

    @Test func lookingUpNoOpProvidersAllocatesNothing() {
        let count = allocations {
            blackHole(Otel.tracer("NoOpTests"))
            blackHole(Otel.logger(target: "codex_otel.log_only"))
            blackHole(Otel.meter("NoOpTests"))
        }
        #expect(count == 0)
    }

    @Test func withSpanAllocatesNothing() {
        let tracer = Otel.tracer("NoOpTests")
        let count = allocations {
            let value = tracer.withSpan("op", attributes: ["k": "v"]) { span in
                span.setAttribute("inside", true)
                return 1
            }
            blackHole(value)
        }
        #expect(count == 0)
    }

    @Test func setAttributeWithALiteralAllocatesNothing() {
        let span = Otel.tracer("NoOpTests").startSpan("op")
        let count = allocations {
            span.setAttribute("k", "v")
            span.setAttribute("n", 1)
            span.setAttribute("x", 0.5)
            span.setAttribute("flag", true)
        }
        #expect(count == 0)
    }

    @Test func noOpInstrumentsAllocateNothing() {
        let meter = Otel.meter("NoOpTests")
        let counter = meter.counter("c")
        let histogram = meter.histogram("h")
        let bound = counter.bind(["k": "v"])
        let boundHistogram = histogram.bind(["k": "v"])
        let attributes: Attributes = ["k": "v"]
        let count = allocations {
            counter.add(1)
            counter.add(2, attributes: attributes)
            histogram.record(1.5)
            histogram.record(2.5, attributes: attributes)
            bound.add(1)
            boundHistogram.record(3)
        }
        #expect(count == 0)
    }

    @Test func loggerEmitOfALiteralRecordAllocatesNothing() {
        let logger = Otel.logger(target: "codex_otel.log_only")
        let count = allocations {
            logger.emit(
                LogRecord(
                    severity: .info, body: "a body long enough not to be a small string",
                    attributes: ["k": "v", "n": 1, "flag": true], eventName: "codex.event"))
        }
        #expect(count == 0)
    }

    @Test func emitWithNoLanesInstalledAllocatesNothing() {
        let traceSafe = LaneEvent<TraceSafe>(target: .traceSafe, name: "codex.api_request", fields: ["attempt": 1])
        let logOnly = LaneEvent<LogOnly>(target: .logOnly, name: "codex.user_prompt", fields: ["prompt": "p"])
        let count = allocations {
            Otel.emit(traceSafe)
            Otel.emit(logOnly)
        }
        #expect(count == 0)
    }
}
