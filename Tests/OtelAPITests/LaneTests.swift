import OtelAPI
import Synchronization
import Testing

/// What a test lane received.
struct LaneRecord: Sendable, Equatable {
    var lane: String
    var target: EventTarget
    var name: String
    var attributes: Attributes
    var severity: Severity
    var timestamp: Timestamp
}

/// The shared, lock-protected log of what the test lanes received.
final class LaneRecorder: Sendable {
    private let records = Mutex<[LaneRecord]>([])

    var all: [LaneRecord] { records.withLock { $0 } }
    func records(of lane: String) -> [LaneRecord] { all.filter { $0.lane == lane } }

    func append(_ lane: String, _ event: LaneEvent<some TelemetryLane>) {
        // Inside the package a lane implementation may read the values; these tests do the same.
        let record = LaneRecord(
            lane: lane, target: event.target, name: event.name, attributes: event.fields.attributes,
            severity: event.severity, timestamp: event.timestamp)
        records.withLock { $0.append(record) }
    }
}

/// A log lane that records what its filter accepts.
struct RecordingLogLane: LogLane {
    let recorder: LaneRecorder
    let filter: @Sendable (EventTarget) -> Bool
    func accepts(_ target: EventTarget) -> Bool { filter(target) }
    func record(_ event: LaneEvent<LogOnly>) { recorder.append("log", event) }
}

/// A trace lane that records what its filter accepts.
struct RecordingTraceLane: TraceLane {
    let recorder: LaneRecorder
    let filter: @Sendable (EventTarget) -> Bool
    func accepts(_ target: EventTarget) -> Bool { filter(target) }
    func record(_ event: LaneEvent<TraceSafe>) { recorder.append("trace", event) }
}

private let secret = "sk-hunter2-SECRET"

private func lanes(
    _ recorder: LaneRecorder,
    log: @escaping @Sendable (EventTarget) -> Bool = { _ in true },
    trace: @escaping @Sendable (EventTarget) -> Bool = { _ in true }
) -> OtelProviders {
    OtelProviders(
        logLane: RecordingLogLane(recorder: recorder, filter: log),
        traceLane: RecordingTraceLane(recorder: recorder, filter: trace))
}

private func intValue(_ value: LaneValue<TraceSafe>) -> Int64? {
    if case .int(let n) = value.value { return n }
    return nil
}

@Suite("Lanes")
struct LaneTests {
    @Test func utf8LengthAndUnicodeScalarCountMeasureWithoutContent() {
        let prompt = LaneValue<LogOnly>.string("h\u{E9}llo e\u{301}")
        #expect(intValue(prompt.utf8Length) == 10)
        #expect(intValue(prompt.unicodeScalarCount) == 8)
        #expect(intValue(LaneValue<LogOnly>.string("").utf8Length) == 0)
        #expect(intValue(LaneValue<LogOnly>.int(12345).utf8Length) == 5)
        #expect(intValue(LaneValue<LogOnly>.bool(true).unicodeScalarCount) == 4)
    }

    @Test(arguments: [
        ("a\nb", 2), ("", 0), ("a\n", 1), ("\n", 1), ("a", 1), ("a\n\nb", 3), ("\n\n", 2), ("a\nb\n", 2),
    ])
    func lineCountFollowsRustLines(_ text: String, _ expected: Int64) {
        #expect(intValue(LaneValue<LogOnly>.string(text).lineCount) == expected)
    }

    @Test func elementCountCountsArraysAndBytes() {
        #expect(intValue(LaneValue<LogOnly>(.stringArray(["a", "b", "c"])).elementCount) == 3)
        #expect(intValue(LaneValue<LogOnly>(.intArray([])).elementCount) == 0)
        #expect(intValue(LaneValue<LogOnly>(.boolArray([true, false])).elementCount) == 2)
        #expect(intValue(LaneValue<LogOnly>(.doubleArray([1])).elementCount) == 1)
        #expect(intValue(LaneValue<LogOnly>(.bytes([1, 2, 3, 4])).elementCount) == 4)
        #expect(intValue(LaneValue<LogOnly>.string("a long string").elementCount) == 1)
        #expect(intValue(LaneValue<LogOnly>(.stringArray(["x"])).measured { _ in 99 }) == 99)
    }

    @Test func declassifyCarriesTheValueOntoTheTraceLane() {
        let email = LaneValue<LogOnly>.string("someone@example.com")
        let declassified = email.declassify("reviewed: test fixture")
        #expect(declassified.value == .string("someone@example.com"))
        #expect(declassified.description == "someone@example.com")
    }

    @Test func traceSafeValuesWidenOntoTheLogLane() {
        let safe: LaneValue<TraceSafe> = 42
        let widened = LaneValue<LogOnly>(safe)
        #expect(widened.attribute == .int(42))
        #expect(safe.value == .int(42))
        let literal: LaneValue<TraceSafe> = "x"
        #expect(literal.value == .string("x"))
    }

    @Test func logOnlyValuesPrintRedacted() {
        let value = LaneValue<LogOnly>.string(secret)
        var dumped = ""
        dump(value, to: &dumped)
        let renderings = ["\(value)", String(describing: value), String(reflecting: value), dumped]
        for rendering in renderings {
            #expect(!rendering.contains(secret), "leaked: \(rendering)")
            #expect(!rendering.contains("hunter2"), "leaked: \(rendering)")
        }
        #expect(value.description == "<log-only>")
        #expect(Mirror(reflecting: value).children.isEmpty)
        // The fence is lane-specific: trace-safe values print as themselves.
        #expect("\(LaneValue<TraceSafe>.string(secret))" == secret)
    }

    @Test func logOnlyFieldsAndEventsPrintRedacted() {
        let fields: LaneFields<LogOnly> = ["prompt": .string(secret), "arguments": .string("--token=\(secret)")]
        let event = LaneEvent<LogOnly>(target: .logOnly, name: "codex.user_prompt", fields: fields)
        var dumpedFields = ""
        dump(fields, to: &dumpedFields)
        var dumpedEvent = ""
        dump(event, to: &dumpedEvent)
        let renderings = [
            "\(fields)", String(describing: fields), String(reflecting: fields), dumpedFields,
            "\(event)", String(reflecting: event), dumpedEvent,
        ]
        for rendering in renderings {
            #expect(!rendering.contains("hunter2"), "leaked: \(rendering)")
        }
        #expect(fields.description == "<log-only: prompt, arguments>")
        #expect(Mirror(reflecting: fields).children.isEmpty)
        let safe: LaneFields<TraceSafe> = ["n": 1]
        #expect(safe.description == "[n=1]")
    }

    @Test func logOnlyFieldsAbsorbTraceSafeFields() {
        let prompt = LaneValue<LogOnly>.string(secret)
        let trace: LaneFields<TraceSafe> = ["prompt_length": prompt.unicodeScalarCount, "model": "gpt-5.1"]
        var log: LaneFields<LogOnly> = ["prompt": prompt, "model": "old"]
        log.append(contentsOf: trace)
        #expect(log.keys == ["prompt", "model", "prompt_length"])
        #expect(log.attributes["model"] == .string("gpt-5.1"))
        #expect(log.attributes["prompt_length"] == .int(Int64(secret.unicodeScalars.count)))
        #expect(log.attributes["prompt"] == .string(secret))
        #expect(log.count == 3)

        let widened = LaneFields<LogOnly>(trace)
        #expect(widened.attributes == trace.plainAttributes)
    }

    @Test func fieldSettersFollowLastWriteWinsAndNilRules() {
        var fields = LaneFields<LogOnly>()
        #expect(fields.isEmpty)
        fields.set("a", .string("1"))
        fields.set("a", .string("2"))
        fields.set("absent", nil as LaneValue<LogOnly>?)
        fields.set("safe", LaneValue<TraceSafe>.int(7))
        #expect(fields.keys == ["a", "safe"])
        #expect(fields["a"] == .string("2"))
        #expect(fields["safe"] == LaneValue<LogOnly>(LaneValue<TraceSafe>.int(7)))
        fields["a"] = nil
        #expect(fields.keys == ["safe"])

        var trace = LaneFields<TraceSafe>(["x": 1])
        trace.append(contentsOf: ["x": 2, "y": true])
        #expect(trace.plainAttributes == ["x": 2, "y": true])
    }

    @Test func widenedEventKeepsEverything() {
        let event = LaneEvent<TraceSafe>(
            target: .traceSafe, name: "codex.tool_result", fields: ["duration_ms": 12], severity: .warn,
            timestamp: Timestamp(nanosecondsSinceEpoch: 77))
        let widened = event.widenedToLogLane
        #expect(widened.target == event.target)
        #expect(widened.name == event.name)
        #expect(widened.fields.attributes == ["duration_ms": 12])
        #expect(widened.severity == .warn)
        #expect(widened.timestamp == Timestamp(nanosecondsSinceEpoch: 77))
    }

    @Test func logOnlyEventsNeverReachTheTraceLane() {
        let recorder = LaneRecorder()
        Otel.withProviders(lanes(recorder)) {
            // Even with a target that looks trace-safe and a trace lane that accepts everything.
            Otel.emit(LaneEvent<LogOnly>(target: .traceSafe, name: "codex.user_prompt", fields: ["prompt": "p"]))
            Otel.emit(LaneEvent<LogOnly>(target: .logOnly, name: "codex.user_prompt", fields: ["prompt": "q"]))
        }
        #expect(recorder.records(of: "trace").isEmpty)
        #expect(recorder.records(of: "log").map(\.target) == [.traceSafe, .logOnly])
        #expect(recorder.records(of: "log").map(\.attributes) == [["prompt": "p"], ["prompt": "q"]])
    }

    @Test func traceSafeEventsReachBothLanesWhenBothAccept() {
        let recorder = LaneRecorder()
        let event = LaneEvent<TraceSafe>(
            target: .traceSafe, name: "codex.api_request", fields: ["attempt": 1, "status": 200],
            timestamp: Timestamp(nanosecondsSinceEpoch: 5))
        Otel.withProviders(lanes(recorder)) { Otel.emit(event) }
        let log = recorder.records(of: "log")
        let trace = recorder.records(of: "trace")
        #expect(log.count == 1)
        #expect(trace.count == 1)
        let expected = LaneRecord(
            lane: "log", target: .traceSafe, name: "codex.api_request", attributes: ["attempt": 1, "status": 200],
            severity: .info, timestamp: Timestamp(nanosecondsSinceEpoch: 5))
        #expect(log.first == expected)
        #expect(trace.first?.attributes == ["attempt": 1, "status": 200])
    }

    @Test func eachLaneFilterDecidesOnItsOwn() {
        let recorder = LaneRecorder()
        let providers = lanes(recorder, log: { $0 == .logOnly }, trace: { $0 == .traceSafe })
        Otel.withProviders(providers) {
            Otel.emit(LaneEvent<TraceSafe>(target: .traceSafe, name: "to-trace", fields: [:]))
            Otel.emit(LaneEvent<TraceSafe>(target: .logOnly, name: "to-log", fields: [:]))
            Otel.emit(LaneEvent<TraceSafe>(target: "codex_otel.network_proxy", name: "nowhere", fields: [:]))
            Otel.emit(LaneEvent<LogOnly>(target: .traceSafe, name: "dropped", fields: [:]))
        }
        #expect(recorder.records(of: "trace").map(\.name) == ["to-trace"])
        #expect(recorder.records(of: "log").map(\.name) == ["to-log"])
    }

    @Test func emitOutsideTheScopeUsesTheDefaultLanes() {
        let recorder = LaneRecorder()
        Otel.withProviders(lanes(recorder)) {}
        Otel.emit(LaneEvent<TraceSafe>(target: .traceSafe, name: "outside", fields: [:]))
        #expect(recorder.all.isEmpty)
    }

    @Test func laneNamesAndTargets() {
        #expect(TraceSafe.laneName == "trace_safe")
        #expect(LogOnly.laneName == "log_only")
        #expect(EventTarget.logOnly.name == "codex_otel.log_only")
        #expect(EventTarget.traceSafe.description == "codex_otel.trace_safe")
        #expect(EventTarget("codex_otel.network_proxy") == "codex_otel.network_proxy")
    }
}
