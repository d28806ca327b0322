import OtelAPI

/// A log record as exporters receive it: what the logger was given, stamped with the observed
/// time, correlated with a span, limited, and tagged with its resource and scope.
///
/// Every field of the OTLP `LogRecord` message is here; the resource and the scope (named after
/// the logger's target) are shared with the other records of the same logger.
public struct LogRecordData: Sendable, Hashable {
    /// When the event happened, if the source said so.
    public var timestamp: Timestamp?
    /// When the SDK received the record.
    public var observedTimestamp: Timestamp
    /// The severity number, if any.
    public var severity: Severity?
    /// The severity text: the source's, or the severity number's name (`INFO`).
    public var severityText: String?
    /// The body, usually a message; `nil` for events, whose data is in the attributes.
    public var body: AttributeValue?
    /// The attributes, within the limits.
    public var attributes: Attributes
    /// Attributes dropped by the count limit.
    public var droppedAttributesCount: Int
    /// The event's name, for records that are events.
    public var eventName: String?
    /// The trace of the span the record belongs to, if any.
    public var traceID: TraceID?
    /// The span the record belongs to, if any.
    public var spanID: SpanID?
    /// That span's trace flags (empty when there is no span).
    public var traceFlags: TraceFlags
    package let origin: TelemetryOrigin

    /// The resource of the provider that recorded the log.
    public var resource: Resource { origin.resource }
    /// The scope of the logger: its name is the logger's target.
    public var instrumentationScope: InstrumentationScope { origin.scope }
}

// The initialisers are in an extension so that the struct keeps its synthesised memberwise
// initialiser (internal), which the SDK uses: it builds the record in its destination, where an
// explicit initialiser assigning each field built it in a temporary and copied it (Swift 6.3).
extension LogRecordData {
    /// Creates a record, for exporter tests and bridges.
    public init(
        timestamp: Timestamp? = nil,
        observedTimestamp: Timestamp,
        severity: Severity? = nil,
        severityText: String? = nil,
        body: AttributeValue? = nil,
        attributes: Attributes = [:],
        droppedAttributesCount: Int = 0,
        eventName: String? = nil,
        traceID: TraceID? = nil,
        spanID: SpanID? = nil,
        traceFlags: TraceFlags = [],
        resource: Resource = Resource(),
        instrumentationScope: InstrumentationScope
    ) {
        self.init(
            timestamp: timestamp, observedTimestamp: observedTimestamp, severity: severity, severityText: severityText,
            body: body, attributes: attributes, droppedAttributesCount: droppedAttributesCount, eventName: eventName,
            traceID: traceID, spanID: spanID, traceFlags: traceFlags,
            origin: TelemetryOrigin(resource: resource, scope: instrumentationScope))
    }
}
