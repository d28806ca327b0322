/// A span that records nothing but carries a span context, so that a context handed to a
/// no-op tracer still propagates to its children and to outgoing `traceparent` headers.
public final class NonRecordingSpan: Span {
    /// The carried context.
    public let context: SpanContext

    /// The shared span with the invalid context.
    public static let invalid = NonRecordingSpan(context: .invalid)

    /// Creates a span that carries `context`.
    public init(context: SpanContext) { self.context = context }

    /// Always false.
    public var isRecording: Bool { false }
    /// Ignored.
    public func updateName(_ name: String) {}
    /// Ignored.
    public func setAttribute(_ key: String, _ value: AttributeValue) {}
    /// Ignored.
    public func setAttributes(_ attributes: Attributes) {}
    /// Ignored.
    public func addEvent(_ name: String, attributes: Attributes, timestamp: Timestamp?) {}
    /// Ignored.
    public func addLink(_ link: SpanLink) {}
    /// Ignored.
    public func recordError(_ error: any Error, attributes: Attributes) {}
    /// Ignored.
    public func setStatus(_ status: SpanStatus) {}
    /// Ignored.
    public func end(at time: Timestamp?) {}
}

/// The tracer provider in force until an SDK is installed.
public struct NoOpTracerProvider: TracerProvider {
    /// Creates the provider.
    public init() {}
    /// The no-op tracer.
    public func tracer(_ name: String, version: String?, schemaURL: String?) -> any Tracer { NoOpTracer() }
}

/// A tracer that records nothing but propagates the parent it was handed.
public struct NoOpTracer: Tracer {
    /// Creates the tracer.
    public init() {}

    /// Returns a non-recording span with the parent's context (the invalid context when there
    /// is no parent). Allocates nothing unless the parent is a bare span context.
    public func startSpan(
        _ name: String,
        kind: SpanKind,
        parent: SpanParent,
        attributes: @autoclosure () -> Attributes,
        links: [SpanLink],
        startTime: Timestamp?
    ) -> any Span {
        switch parent {
        case .none:
            return NonRecordingSpan.invalid
        case .current:
            return Self.propagating(OtelContext.current.span)
        case .span(let span):
            return Self.propagating(span)
        case .context(let context):
            return context.isValid ? NonRecordingSpan(context: context) : NonRecordingSpan.invalid
        }
    }

    private static func propagating(_ parent: (any Span)?) -> any Span {
        guard let parent else { return NonRecordingSpan.invalid }
        if !parent.isRecording { return parent }
        return NonRecordingSpan(context: parent.context)
    }
}
