import OtelAPI

/// The SDK's span: records attributes, events, links and status until it ends, then hands
/// itself to the provider's span processors.
///
/// All methods are thread-safe (a small lock guards the mutable part) and calls after
/// ``end(at:)`` are ignored. Limits (``SpanLimits``) apply as data arrives; what they drop is
/// counted in the span's ``SpanData``.
///
/// Processors receive the span itself in ``SpanProcessor/onEnd(_:)`` and take its snapshot,
/// ``spanData``, when they need it: the snapshot shares the span's arrays instead of copying
/// them, and a batch processor takes it on its worker thread, off the recording path.
///
/// Safe to share (`@unchecked Sendable`): the immutable properties are `Sendable` values, and
/// `state`, the only mutable one, is read and written only inside ``locked(_:)``, which holds
/// `lock`. (A ``SpinLock`` rather than `Mutex`: on Linux an uncontended `Mutex` round trip
/// costs several times a span's whole recording budget, and these critical sections are a few
/// stores that never block.)
public final class RecordingSpan: Span, @unchecked Sendable {
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
    let origin: TelemetryOrigin
    let core: TracerProviderCore
    private let lock = SpinLock()
    /// Guarded by `lock`: touched only inside ``locked(_:)``. The lock is what makes accesses
    /// exclusive, so the runtime's dynamic exclusivity check (two calls per access) is off.
    @exclusivity(unchecked) private var state: State

    /// The part that changes while the span runs.
    struct State {
        var name: String
        var attributes: Attributes
        var events: [SpanData.Event] = []
        var links: [SpanData.Link]
        var status: SpanStatus = .unset
        var endTime: Timestamp?
        var droppedAttributes: Int
        var droppedEvents = 0
        var droppedLinks: Int
    }

    init(
        name: String,
        context: SpanContext,
        parentSpanID: SpanID?,
        isParentRemote: Bool,
        kind: SpanKind,
        startTime: Timestamp,
        attributes: Attributes,
        droppedAttributes: Int,
        links: [SpanData.Link],
        droppedLinks: Int,
        origin: TelemetryOrigin,
        core: TracerProviderCore
    ) {
        self.context = context
        self.parentSpanID = parentSpanID
        self.isParentRemote = isParentRemote
        self.kind = kind
        self.startTime = startTime
        self.origin = origin
        self.core = core
        self.state = State(
            name: name, attributes: attributes, links: links, droppedAttributes: droppedAttributes,
            droppedLinks: droppedLinks)
    }

    /// Runs `body` on the state, holding the lock.
    @inline(__always)
    private func locked<Result>(_ body: (inout State) -> Result) -> Result {
        lock.lock()
        defer { lock.unlock() }
        return body(&state)
    }

    /// The scope of the tracer that started the span.
    public var instrumentationScope: InstrumentationScope { origin.scope }

    /// The resource of the provider that started the span.
    public var resource: Resource { origin.resource }

    /// The span's current name.
    public var name: String { locked { $0.name } }

    /// Whether ``end(at:)`` has been called.
    public var hasEnded: Bool { locked { $0.endTime != nil } }

    /// True until the span ends.
    public var isRecording: Bool { locked { $0.endTime == nil } }

    /// A snapshot of the span. A span still running reports a zero end time and
    /// ``SpanData/hasEnded`` false.
    public var spanData: SpanData {
        locked { state in
            SpanData(
                name: state.name, context: context, parentSpanID: parentSpanID, isParentRemote: isParentRemote,
                kind: kind, startTime: startTime, endTime: state.endTime ?? Timestamp(nanosecondsSinceEpoch: 0),
                hasEnded: state.endTime != nil, attributes: state.attributes, events: state.events,
                links: state.links, status: state.status, droppedAttributesCount: state.droppedAttributes,
                droppedEventsCount: state.droppedEvents, droppedLinksCount: state.droppedLinks, origin: origin)
        }
    }

    /// Replaces the name.
    public func updateName(_ name: String) {
        locked { state in
            if state.endTime == nil { state.name = name }
        }
    }

    /// Sets one attribute; a new key beyond the count limit is dropped and counted.
    public func setAttribute(_ key: String, _ value: AttributeValue) {
        let limits = core.spanAttributeLimits
        locked { state in
            guard state.endTime == nil else { return }
            if !limits.set(key, value, in: &state.attributes) { state.droppedAttributes += 1 }
        }
    }

    /// Sets several attributes; new keys beyond the count limit are dropped and counted.
    public func setAttributes(_ attributes: Attributes) {
        let limits = core.spanAttributeLimits
        locked { state in
            guard state.endTime == nil else { return }
            for attribute in attributes {
                if !limits.set(attribute.key, attribute.value, in: &state.attributes) { state.droppedAttributes += 1 }
            }
        }
    }

    /// Adds an event. Beyond the event count limit the oldest event makes room (and is counted
    /// as dropped).
    public func addEvent(_ name: String, attributes: Attributes, timestamp: Timestamp?) {
        let (limited, dropped) = core.eventAttributeLimits.apply(attributes)
        let event = SpanData.Event(
            name: name, timestamp: timestamp ?? .now(), attributes: limited, droppedAttributesCount: dropped)
        let eventCountLimit = core.limits.eventCountLimit
        locked { state in
            guard state.endTime == nil else { return }
            if state.events.count >= eventCountLimit {
                state.droppedEvents += 1
                guard !state.events.isEmpty else { return }
                state.events.removeFirst()
            }
            state.events.append(event)
        }
    }

    /// Adds a link; beyond the link count limit it is dropped and counted.
    public func addLink(_ link: SpanLink) {
        let data = core.linkData(link)
        let linkCountLimit = core.limits.linkCountLimit
        locked { state in
            guard state.endTime == nil else { return }
            if state.links.count < linkCountLimit {
                state.links.append(data)
            } else {
                state.droppedLinks += 1
            }
        }
    }

    /// Adds an `exception` event with `exception.type` and `exception.message` (then
    /// `attributes`). The status is left alone: set it if the error fails the operation.
    public func recordError(_ error: any Error, attributes: Attributes) {
        var exception = ExceptionAttributes.of(error)
        exception.merge(attributes)
        addEvent("exception", attributes: exception, timestamp: nil)
    }

    /// Sets the status: `ok` is final, `unset` is ignored, a later `error` replaces an earlier one.
    public func setStatus(_ status: SpanStatus) {
        locked { state in
            guard state.endTime == nil else { return }
            switch (state.status, status) {
            case (.ok, _), (_, .unset): return
            default: state.status = status
            }
        }
    }

    /// Ends the span (the first call only) and hands it to the processors.
    public func end(at time: Timestamp?) {
        let endTime = time ?? .now()
        let isFirstEnd = locked { state in
            guard state.endTime == nil else { return false }
            state.endTime = endTime
            return true
        }
        guard isFirstEnd else { return }
        if let sole = core.soleBatchProcessor {
            sole.onEnd(self)
            return
        }
        // An index loop: iterating an array of existentials allocates in unoptimised builds.
        let processors = core.processors
        var index = 0
        while index < processors.count {
            processors[index].onEnd(self)
            index += 1
        }
    }
}
