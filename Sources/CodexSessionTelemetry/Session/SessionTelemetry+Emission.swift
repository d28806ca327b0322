import OtelAPI

/// How session events reach the lanes: the port of the original's `log_event!`,
/// `trace_event!` and `log_and_trace_event!` macros.
///
/// Every builder receives a field set of its lane's type, so a `LaneValue<LogOnly>` placed in
/// a trace builder does not compile. Fields come first, in the original's order, then
/// `event.timestamp` and the session metadata of the lane. Nothing is built when no lane takes
/// the target.
extension SessionTelemetry {
    /// The number of metadata fields a lane appends, for capacity planning.
    private static let metadataCapacity = 10

    /// Emits a log-only event (the original's `log_event!`).
    func emitLogEvent(_ name: String, _ build: (inout EventFields<LogOnly>) -> Void) {
        guard Otel.withCurrentProviders({ $0.logLane.accepts(.logOnly) }) else { return }
        let now = Timestamp.now()
        var fields = EventFields<LogOnly>(named: name, minimumCapacity: 12 + Self.metadataCapacity)
        build(&fields)
        appendLogMetadata(to: &fields, timestamp: RFC3339Timestamp.millisecondsUTC(now))
        Otel.emit(
            LaneEvent<LogOnly>(target: .logOnly, name: name, fieldsLeadingWithName: fields.fields, timestamp: now))
    }

    /// Emits a trace-safe event on the trace lane (the original's `trace_event!`).
    func emitTraceEvent(_ name: String, _ build: (inout EventFields<TraceSafe>) -> Void) {
        guard Otel.withCurrentProviders({ $0.traceLane.accepts(.traceSafe) }) else { return }
        let now = Timestamp.now()
        var fields = EventFields<TraceSafe>(named: name, minimumCapacity: 12 + Self.metadataCapacity)
        build(&fields)
        appendTraceMetadata(to: &fields, timestamp: RFC3339Timestamp.millisecondsUTC(now))
        Otel.emit(
            LaneEvent<TraceSafe>(target: .traceSafe, name: name, fieldsLeadingWithName: fields.fields, timestamp: now))
    }

    /// Emits an event on both lanes (the original's `log_and_trace_event!`): `common` fields on
    /// both, then `log` fields on the log lane only and `trace` fields on the trace lane only.
    func emitLogAndTraceEvent(
        _ name: String,
        common: (inout EventFields<TraceSafe>) -> Void,
        log: (inout EventFields<LogOnly>) -> Void = { _ in },
        trace: (inout EventFields<TraceSafe>) -> Void = { _ in }
    ) {
        let (toLog, toTrace) = Otel.withCurrentProviders {
            ($0.logLane.accepts(.logOnly), $0.traceLane.accepts(.traceSafe))
        }
        guard toLog || toTrace else { return }
        let now = Timestamp.now()
        let timestamp = RFC3339Timestamp.millisecondsUTC(now)
        var commonFields = EventFields<TraceSafe>(named: name, minimumCapacity: 24 + Self.metadataCapacity)
        common(&commonFields)
        if toLog {
            var fields = EventFields<LogOnly>(commonFields)
            log(&fields)
            appendLogMetadata(to: &fields, timestamp: timestamp)
            Otel.emit(
                LaneEvent<LogOnly>(target: .logOnly, name: name, fieldsLeadingWithName: fields.fields, timestamp: now))
        }
        if toTrace {
            var fields = commonFields
            trace(&fields)
            appendTraceMetadata(to: &fields, timestamp: timestamp)
            Otel.emit(
                LaneEvent<TraceSafe>(
                    target: .traceSafe, name: name, fieldsLeadingWithName: fields.fields, timestamp: now))
        }
    }

    /// `event.timestamp`, then conversation.id, app.version, auth_mode?, originator,
    /// user.account_id?, user.email?, terminal.type, model, slug.
    private func appendLogMetadata(to fields: inout EventFields<LogOnly>, timestamp: String) {
        fields.set("event.timestamp", .string(timestamp))
        fields.append(contentsOf: logMetadataFields)
    }

    /// `event.timestamp`, then the same as the log lane without user.account_id and user.email.
    private func appendTraceMetadata(to fields: inout EventFields<TraceSafe>, timestamp: String) {
        fields.set("event.timestamp", .string(timestamp))
        fields.append(contentsOf: traceMetadataFields)
    }
}

/// Field renderings shared by the events.
enum FieldFormat {
    /// Whole milliseconds of `duration` as a string, as the original's `%duration.as_millis()`;
    /// negative durations count as zero.
    static func milliseconds(_ duration: Duration) -> LaneValue<TraceSafe> {
        .string(String(wholeMilliseconds(duration)))
    }

    /// Whole milliseconds of `duration`, clamped to `0...Int64.max`.
    static func wholeMilliseconds(_ duration: Duration) -> Int64 {
        let (seconds, attoseconds) = duration.components
        guard seconds >= 0 else { return 0 }
        let (product, overflow) = seconds.multipliedReportingOverflow(by: 1000)
        if overflow { return Int64.max }
        let (sum, overflowed) = product.addingReportingOverflow(attoseconds / 1_000_000_000_000_000)
        return overflowed ? Int64.max : sum
    }

    /// A display-formatted integer (the original's `%value`): its decimal string.
    static func display(_ value: some BinaryInteger) -> LaneValue<TraceSafe> { .string(String(value)) }

    /// A trace-safe integer derivative rendered for display (`prompt_length` is a string).
    static func display(_ value: LaneValue<TraceSafe>) -> LaneValue<TraceSafe> {
        .string(value.value.displayString)
    }

    /// `"true"` or `"false"`: the original's `success` strings.
    static func flag(_ value: Bool) -> LaneValue<TraceSafe> { .string(value ? "true" : "false") }
}
