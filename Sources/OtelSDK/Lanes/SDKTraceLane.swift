import OtelAPI
import Synchronization

/// The trace lane: records each accepted trace-safe event as an event of the active span
/// (``OtelContext/current``).
///
/// It accepts the targets of ``LaneRouting/isTraceSafeTarget(_:)-(String)``. The span event is
/// named after the event and carries `event.name`, the fields, and `target`, at the event's
/// timestamp. Spans themselves are not filtered: the trace pipeline exports all spans.
///
/// An event emitted outside any span is lost, as in the original crate; such events are counted
/// in ``eventsOutsideSpanCount`` so that the loss is visible. (On a span that is not recording,
/// because the sampler dropped it, the event is discarded with the span, and not counted.)
public final class SDKTraceLane: TraceLane {
    private let outsideSpan = Atomic<Int>(0)
    private let targets = TargetTable<Bool>()

    /// Creates the lane.
    public init() {}

    /// Trace-safe events emitted while no span was active, and therefore lost.
    public var eventsOutsideSpanCount: Int { outsideSpan.load(ordering: .relaxed) }

    /// Whether `target` is a trace-safe target.
    public func accepts(_ target: EventTarget) -> Bool {
        targets.value(for: target.name, make: LaneRouting.isTraceSafeTarget)
    }

    /// Adds `event` to the active span; events of other targets are ignored.
    public func record(_ event: LaneEvent<TraceSafe>) {
        guard accepts(event.target) else { return }
        guard let span = OtelContext.current.span else {
            outsideSpan.wrappingAdd(1, ordering: .relaxed)
            return
        }
        guard span.isRecording else { return }
        let target = AttributeValue.string(event.target.name)
        var attributes: Attributes
        if event.fieldsLeadWithName {
            attributes = event.fields.plainAttributes.withAttribute("target", target)
        } else {
            // One copy (with the name first), then `target` set in it: not a second copy.
            attributes = event.fields.plainAttributes.withLeadingAttribute("event.name", .string(event.name))
            attributes["target"] = target
        }
        span.addEvent(event.name, attributes: attributes, timestamp: event.timestamp)
    }
}
