import OtelSDK
import Testing

/// The SDK wired as the original crate wires it: both providers exporting synchronously to
/// memory, the log lane over the logger provider, the trace lane.
private struct LaneFixture {
    let spanExporter = InMemorySpanExporter()
    let logExporter = InMemoryLogRecordExporter()
    let tracerProvider: SDKTracerProvider
    let loggerProvider: SDKLoggerProvider
    let traceLane = SDKTraceLane()

    init() {
        tracerProvider = TraceTestSupport.tracerProvider(processors: [SimpleSpanProcessor(exporter: spanExporter)])
        loggerProvider = SDKLoggerProvider(
            resource: TraceTestSupport.resource, processors: [SimpleLogRecordProcessor(exporter: logExporter)],
            environment: OtelEnvironment([:]))
    }

    var providers: OtelProviders {
        OtelProviders(
            tracerProvider: tracerProvider, loggerProvider: loggerProvider,
            logLane: SDKLogLane(loggerProvider: loggerProvider), traceLane: traceLane)
    }

    /// Runs `body` with these providers in force for the current task only.
    func run(_ body: () -> Void) { Otel.withProviders(providers, body) }

    var logTargets: [String] { logExporter.finishedLogRecords.map(\.instrumentationScope.name) }
    var spanEvents: [SpanData.Event] { spanExporter.finishedSpans.flatMap(\.events) }
}

private func traceSafeEvent(_ target: EventTarget, name: String = "codex.event") -> LaneEvent<TraceSafe> {
    LaneEvent(target: target, name: name, fields: ["count": 3])
}

private func logOnlyEvent(_ target: EventTarget, name: String = "codex.event") -> LaneEvent<LogOnly> {
    LaneEvent(target: target, name: name, fields: ["prompt": "secret text"])
}

@Suite("Lane routing")
struct LaneRoutingTests {
    @Test(arguments: [
        ("codex_otel.log_only", true),
        ("codex_otel.network_proxy", true),
        ("codex_otel::provider", true),
        ("codex_otelfoo", true),
        ("codex_otel", true),
        ("codex_otel.trace_safe", false),
        ("codex_otel.trace_safe.debug", false),
        ("codex_otel.trace_safer", false),
        ("codex", false),
        ("other.target", false),
        ("", false),
    ])
    func logExportFilter(target: String, exported: Bool) {
        #expect(LaneRouting.isLogExportTarget(target) == exported)
        #expect(LaneRouting.isLogExportTarget(EventTarget(target)) == exported)
        #expect(SDKLogLane(loggerProvider: NoOpLoggerProvider()).accepts(EventTarget(target)) == exported)
    }

    @Test(arguments: [
        ("codex_otel.trace_safe", true),
        ("codex_otel.trace_safe.summary", true),
        ("codex_otel.trace_safe.debug", true),
        ("codex_otel.log_only", false),
        ("codex_otel.network_proxy", false),
        ("codex_otel", false),
        ("other.trace_safe", false),
        ("", false),
    ])
    func traceSafeFilter(target: String, recorded: Bool) {
        #expect(LaneRouting.isTraceSafeTarget(target) == recorded)
        #expect(SDKTraceLane().accepts(EventTarget(target)) == recorded)
    }

    @Test func logLaneExportsCodexOtelTargetsExceptTheTraceSafeFamily() {
        let fixture = LaneFixture()
        fixture.run {
            for target in [
                "codex_otel.log_only", "codex_otel.network_proxy", "codex_otel::provider", "codex_otelfoo",
                "codex_otel.trace_safe", "codex_otel.trace_safe.debug", "other.target",
            ] {
                Otel.emit(traceSafeEvent(EventTarget(target)))
                Otel.emit(logOnlyEvent(EventTarget(target)))
            }
        }
        let expected = ["codex_otel.log_only", "codex_otel.network_proxy", "codex_otel::provider", "codex_otelfoo"]
        #expect(fixture.logTargets == expected.flatMap { [$0, $0] })
    }

    @Test func traceLaneRecordsOnlyTraceSafeTargetsAsSpanEvents() throws {
        let fixture = LaneFixture()
        fixture.run {
            Otel.tracer("test").withSpan("turn") { _ in
                for target in [
                    "codex_otel.trace_safe", "codex_otel.trace_safe.summary", "codex_otel.log_only",
                    "codex_otel.network_proxy", "other.target",
                ] {
                    Otel.emit(traceSafeEvent(EventTarget(target), name: "event from \(target)"))
                }
            }
        }
        let events = fixture.spanEvents
        #expect(events.map(\.name) == ["event from codex_otel.trace_safe", "event from codex_otel.trace_safe.summary"])
        let first = try #require(events.first)
        #expect(first.attributes["event.name"] == "event from codex_otel.trace_safe")
        #expect(first.attributes["count"] == 3)
        #expect(first.attributes["target"] == "codex_otel.trace_safe")
        #expect(first.attributes.first?.key == "event.name")
    }

    @Test func routingHoldsForMoreTargetsThanTheLanesKeepAnswersFor() {
        // The lanes keep per-target answers for 64 targets; past that they decide on every call.
        let fixture = LaneFixture()
        let targets = (0..<150).map { EventTarget("codex_otel.subsystem_\($0)") }
        let traceSafe = (0..<150).map { EventTarget("codex_otel.trace_safe.part_\($0)") }
        let foreign = (0..<150).map { EventTarget("other.subsystem_\($0)") }
        fixture.run {
            for round in 0..<2 {
                for index in 0..<150 {
                    // A span per event: a span keeps at most 128 events.
                    Otel.tracer("test").withSpan("turn") { _ in
                        Otel.emit(logOnlyEvent(targets[index], name: "log.\(round).\(index)"))
                        Otel.emit(traceSafeEvent(traceSafe[index], name: "trace.\(round).\(index)"))
                        Otel.emit(logOnlyEvent(foreign[index]))
                        Otel.emit(traceSafeEvent(foreign[index]))
                    }
                }
            }
        }
        #expect(fixture.logTargets == (0..<2).flatMap { _ in targets.map(\.name) })
        #expect(fixture.spanEvents.map(\.name) == (0..<2).flatMap { round in (0..<150).map { "trace.\(round).\($0)" } })
    }

    @Test func aNewSubsystemTargetIsVisibleOnTheLogLaneWithoutConfiguration() throws {
        let fixture = LaneFixture()
        fixture.run {
            Otel.emit(
                LaneEvent<LogOnly>(
                    target: "codex_otel.network_proxy", name: "codex.network_proxy.policy_decision",
                    fields: ["network.policy.decision": "deny", "server.address": "example.com"]))
        }
        let record = try #require(fixture.logExporter.finishedLogRecords.first)
        #expect(record.instrumentationScope.name == "codex_otel.network_proxy")
        #expect(record.attributes["network.policy.decision"] == "deny")
        #expect(fixture.spanExporter.finishedSpans.isEmpty)
    }

    @Test func logOnlyEventsNeverReachTraces() {
        let fixture = LaneFixture()
        fixture.run {
            Otel.tracer("test").withSpan("turn") { _ in
                Otel.emit(logOnlyEvent(.traceSafe))
                Otel.emit(logOnlyEvent("codex_otel.trace_safe.summary"))
                Otel.emit(logOnlyEvent(.logOnly))
            }
        }
        #expect(fixture.spanEvents.isEmpty)
        #expect(fixture.spanExporter.finishedSpans.count == 1)
        #expect(fixture.logTargets == ["codex_otel.log_only"])
        let exported = fixture.spanExporter.finishedSpans.flatMap { $0.attributes.map(\.value) }
        #expect(!exported.contains("secret text"))
    }

    @Test func traceSafeEventsOutsideASpanAreLostAndCounted() {
        let fixture = LaneFixture()
        fixture.run {
            Otel.emit(traceSafeEvent(.traceSafe))
            Otel.emit(traceSafeEvent("codex_otel.trace_safe.summary"))
            Otel.emit(traceSafeEvent(.logOnly))  // not a trace-safe target: not counted
            Otel.tracer("test").withSpan("turn") { _ in Otel.emit(traceSafeEvent(.traceSafe)) }
        }
        #expect(fixture.traceLane.eventsOutsideSpanCount == 2)
        #expect(fixture.spanEvents.count == 1)
    }

    @Test func logRecordsOfEventsFollowTheSeedsShape() throws {
        let fixture = LaneFixture()
        var spanContext = SpanContext.invalid
        let timestamp = Timestamp(nanosecondsSinceEpoch: 1_700_000_000_000_000_000)
        fixture.run {
            Otel.tracer("test").withSpan("turn") { span in
                spanContext = span.context
                var fields: LaneFields<LogOnly> = ["prompt": "hello", "event.name": "ignored"]
                fields.set("prompt_length", LaneValue<TraceSafe>.int(5))
                Otel.emit(
                    LaneEvent<LogOnly>(
                        target: .logOnly, name: "codex.user_prompt", fields: fields, timestamp: timestamp))
                Otel.emit(
                    LaneEvent<LogOnly>(
                        target: .logOnly, name: "codex.warning", fields: [:], severity: .warn, timestamp: timestamp))
            }
        }
        let records = fixture.logExporter.finishedLogRecords
        #expect(records.count == 2)
        let record = try #require(records.first)
        #expect(record.severity == .info)
        #expect(record.severity?.number == 9)
        #expect(record.severityText == "INFO")
        #expect(record.body == nil)
        #expect(record.eventName == "codex.user_prompt")
        #expect(record.timestamp == timestamp)
        #expect(Array(record.attributes.map(\.key)) == ["event.name", "prompt", "prompt_length"])
        #expect(record.attributes["event.name"] == "codex.user_prompt")
        #expect(record.attributes["prompt"] == "hello")
        #expect(record.attributes["prompt_length"] == 5)
        #expect(record.traceID == spanContext.traceID)
        #expect(record.spanID == spanContext.spanID)
        #expect(record.instrumentationScope.name == "codex_otel.log_only")
        #expect(records[1].severity == .warn && records[1].severityText == "WARN")
    }

    @Test func eventsWhoseFieldsLeadWithTheNameAreExportedAsBuiltAndAChangeClearsThatPromise() throws {
        let fixture = LaneFixture()
        let leading: LaneFields<TraceSafe> = ["event.name": "codex.tool_result", "tool_name": "shell", "target": "x"]
        fixture.run {
            Otel.tracer("test").withSpan("turn") { _ in
                let event = LaneEvent<TraceSafe>(
                    target: .traceSafe, name: "codex.tool_result", fieldsLeadingWithName: leading)
                var logged = event.widenedToLogLane
                #expect(event.fieldsLeadWithName && logged.fieldsLeadWithName)
                logged.target = .logOnly
                Otel.emit(event)
                Otel.emit(logged)
                // Renamed after it was built: the lanes must not trust the fields' first entry.
                var renamed = logged
                renamed.name = "codex.renamed"
                #expect(!renamed.fieldsLeadWithName)
                Otel.emit(renamed)
                var refilled = event
                refilled.fields.set("call_id", LaneValue<TraceSafe>.string("c1"))
                #expect(!refilled.fieldsLeadWithName)
            }
        }
        let records = fixture.logExporter.finishedLogRecords
        #expect(records.count == 2)
        #expect(records[0].attributes.map(\.key) == ["event.name", "tool_name", "target"])
        #expect(records[0].attributes["event.name"] == "codex.tool_result")
        #expect(records[1].attributes.map(\.key) == ["event.name", "tool_name", "target"])
        #expect(records[1].attributes["event.name"] == "codex.renamed")
        let event = try #require(fixture.spanEvents.first)
        // The trace lane sets `target` in its place.
        #expect(event.attributes.map(\.key) == ["event.name", "tool_name", "target"])
        #expect(event.attributes["target"] == "codex_otel.trace_safe")
    }

    @Test func spansAreNeverFiltered() {
        let fixture = LaneFixture()
        fixture.run {
            Otel.tracer("some.library").withSpan("outside-the-lanes") { _ in }
            Otel.tracer("codex_otel.log_only").withSpan("named-like-a-log-target") { _ in }
        }
        #expect(fixture.spanExporter.finishedSpans.map(\.name) == ["outside-the-lanes", "named-like-a-log-target"])
    }

    @Test func scopedProvidersDoNotLeakIntoOtherTasks() {
        let fixture = LaneFixture()
        fixture.run {}
        Otel.emit(traceSafeEvent(.logOnly))
        #expect(fixture.logExporter.finishedLogRecords.isEmpty)
    }
}
