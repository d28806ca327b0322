import OtelAPI

/// An immutable snapshot of a span: what exporters receive.
///
/// Every field of the OTLP `Span` message is here (the encoder maps them one to one); the
/// resource and the instrumentation scope are shared with the other spans of the same tracer.
/// The arrays are those the span built while it ran, shared rather than copied.
public struct SpanData: Sendable, Hashable {
    /// A timestamped event of a span, such as an `exception`.
    public struct Event: Sendable, Hashable {
        /// The event's name.
        public let name: String
        /// When it happened.
        public let timestamp: Timestamp
        /// Its attributes, within the per-event limit.
        public let attributes: Attributes
        /// Attributes dropped by the per-event limit.
        public let droppedAttributesCount: Int

        /// Creates an event.
        public init(name: String, timestamp: Timestamp, attributes: Attributes = [:], droppedAttributesCount: Int = 0) {
            self.name = name
            self.timestamp = timestamp
            self.attributes = attributes
            self.droppedAttributesCount = droppedAttributesCount
        }
    }

    /// A link of a span to another span.
    public struct Link: Sendable, Hashable {
        /// The linked span's context.
        public let context: SpanContext
        /// The link's attributes, within the per-link limit.
        public let attributes: Attributes
        /// Attributes dropped by the per-link limit.
        public let droppedAttributesCount: Int

        /// Creates a link.
        public init(context: SpanContext, attributes: Attributes = [:], droppedAttributesCount: Int = 0) {
            self.context = context
            self.attributes = attributes
            self.droppedAttributesCount = droppedAttributesCount
        }
    }

    /// The span's name.
    public let name: String
    /// The span's identity, flags and trace state.
    public let context: SpanContext
    /// The parent span's identifier; `nil` for a root span.
    public let parentSpanID: SpanID?
    /// Whether the parent came from another process.
    public let isParentRemote: Bool
    /// The span's kind.
    public let kind: SpanKind
    /// When the span started.
    public let startTime: Timestamp
    /// When the span ended; zero while ``hasEnded`` is false.
    public let endTime: Timestamp
    /// Whether the span had ended when the snapshot was taken (always true for exported spans).
    public let hasEnded: Bool
    /// The span's attributes, within the limits.
    public let attributes: Attributes
    /// The span's events, within the limits.
    public let events: [Event]
    /// The span's links, within the limits.
    public let links: [Link]
    /// The span's status.
    public let status: SpanStatus
    /// Attributes dropped by the count limit.
    public let droppedAttributesCount: Int
    /// Events dropped by the count limit.
    public let droppedEventsCount: Int
    /// Links dropped by the count limit.
    public let droppedLinksCount: Int
    package let origin: TelemetryOrigin

    /// The resource of the provider that recorded the span.
    public var resource: Resource { origin.resource }
    /// The scope of the tracer that recorded the span.
    public var instrumentationScope: InstrumentationScope { origin.scope }

    /// Creates a snapshot, for exporter tests and bridges.
    public init(
        name: String,
        context: SpanContext,
        parentSpanID: SpanID? = nil,
        isParentRemote: Bool = false,
        kind: SpanKind = .internal,
        startTime: Timestamp,
        endTime: Timestamp,
        hasEnded: Bool = true,
        attributes: Attributes = [:],
        events: [Event] = [],
        links: [Link] = [],
        status: SpanStatus = .unset,
        droppedAttributesCount: Int = 0,
        droppedEventsCount: Int = 0,
        droppedLinksCount: Int = 0,
        resource: Resource = Resource(),
        instrumentationScope: InstrumentationScope
    ) {
        self.init(
            name: name, context: context, parentSpanID: parentSpanID, isParentRemote: isParentRemote, kind: kind,
            startTime: startTime, endTime: endTime, hasEnded: hasEnded, attributes: attributes, events: events,
            links: links, status: status, droppedAttributesCount: droppedAttributesCount,
            droppedEventsCount: droppedEventsCount, droppedLinksCount: droppedLinksCount,
            origin: TelemetryOrigin(resource: resource, scope: instrumentationScope))
    }

    init(
        name: String,
        context: SpanContext,
        parentSpanID: SpanID?,
        isParentRemote: Bool,
        kind: SpanKind,
        startTime: Timestamp,
        endTime: Timestamp,
        hasEnded: Bool,
        attributes: Attributes,
        events: [Event],
        links: [Link],
        status: SpanStatus,
        droppedAttributesCount: Int,
        droppedEventsCount: Int,
        droppedLinksCount: Int,
        origin: TelemetryOrigin
    ) {
        self.name = name
        self.context = context
        self.parentSpanID = parentSpanID
        self.isParentRemote = isParentRemote
        self.kind = kind
        self.startTime = startTime
        self.endTime = endTime
        self.hasEnded = hasEnded
        self.attributes = attributes
        self.events = events
        self.links = links
        self.status = status
        self.droppedAttributesCount = droppedAttributesCount
        self.droppedEventsCount = droppedEventsCount
        self.droppedLinksCount = droppedLinksCount
        self.origin = origin
    }
}
