/// A unit of work in a trace. Spans are reference types shared between the code that started
/// them and the context that carries them; all methods are safe to call from any thread.
///
/// Calls after ``end(at:)`` are ignored.
public protocol Span: AnyObject, Sendable {
    /// The span's identity.
    var context: SpanContext { get }
    /// Whether the span records data (false for no-op and sampled-out spans): skip expensive
    /// attribute computation when it is false.
    var isRecording: Bool { get }
    /// Replaces the span's name.
    func updateName(_ name: String)
    /// Sets one attribute (last write wins).
    func setAttribute(_ key: String, _ value: AttributeValue)
    /// Sets several attributes (last write wins).
    func setAttributes(_ attributes: Attributes)
    /// Adds a timestamped event. `timestamp` defaults to now.
    func addEvent(_ name: String, attributes: Attributes, timestamp: Timestamp?)
    /// Adds a link to another span.
    func addLink(_ link: SpanLink)
    /// Records an error as an `exception` event (type and message).
    func recordError(_ error: any Error, attributes: Attributes)
    /// Sets the status. `ok` is final; `error` after `ok` is ignored.
    func setStatus(_ status: SpanStatus)
    /// Ends the span. `time` defaults to now. Only the first call counts.
    func end(at time: Timestamp?)
}

extension Span {
    /// Adds an event stamped now.
    @inlinable
    public func addEvent(_ name: String, attributes: Attributes = [:]) {
        addEvent(name, attributes: attributes, timestamp: nil)
    }

    /// Records an error with no extra attributes.
    @inlinable
    public func recordError(_ error: any Error) { recordError(error, attributes: [:]) }

    /// Ends the span now.
    @inlinable
    public func end() { end(at: nil) }

    /// Sets a trace-safe value.
    @inlinable
    public func setAttribute(_ key: String, _ value: LaneValue<TraceSafe>) {
        setAttribute(key, value.value)
    }

    /// Sets trace-safe fields as attributes.
    @inlinable
    public func setAttributes(_ fields: LaneFields<TraceSafe>) {
        setAttributes(fields.plainAttributes)
    }

    /// Adds a trace-safe event as a span event named after the event, with its fields as
    /// attributes.
    public func addEvent(_ event: LaneEvent<TraceSafe>) {
        addEvent(event.name, attributes: event.fields.plainAttributes, timestamp: event.timestamp)
    }
}

/// The attributes of an `exception` event for `error`, per the semantic conventions.
public enum ExceptionAttributes {
    /// `exception.type` and `exception.message` for `error`.
    public static func of(_ error: any Error) -> Attributes {
        [
            "exception.type": .string(String(reflecting: type(of: error))),
            "exception.message": .string(String(describing: error)),
        ]
    }
}
