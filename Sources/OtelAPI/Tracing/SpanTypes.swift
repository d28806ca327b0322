/// The relationship of a span to its peers.
public enum SpanKind: Int, Sendable, Hashable, CaseIterable {
    /// An internal operation (the default).
    case `internal` = 1
    /// The server side of a synchronous call.
    case server = 2
    /// The client side of a synchronous call.
    case client = 3
    /// The sender of an asynchronous message.
    case producer = 4
    /// The receiver of an asynchronous message.
    case consumer = 5
}

/// The outcome of a span's operation.
public enum SpanStatus: Sendable, Hashable {
    /// Not set (the default).
    case unset
    /// Explicitly successful. Final: later `error` statuses are ignored.
    case ok
    /// Failed, with a description.
    case error(description: String)
}

/// A link from a span to another span context, such as a batch's members.
public struct SpanLink: Sendable, Hashable {
    /// The linked span's context.
    public var context: SpanContext
    /// Attributes describing the link.
    public var attributes: Attributes

    /// Creates a link.
    public init(_ context: SpanContext, attributes: Attributes = [:]) {
        self.context = context
        self.attributes = attributes
    }
}

/// Where a new span takes its parent from.
public enum SpanParent: Sendable {
    /// The active span of ``OtelContext/current``, if any (the default).
    case current
    /// No parent: the span starts a new trace.
    case none
    /// This span.
    case span(any Span)
    /// This span context, usually a remote one parsed from `traceparent`.
    case context(SpanContext)

    /// The parent's span context, resolving `.current` against the task-local context.
    public var resolvedContext: SpanContext? {
        switch self {
        case .current: return OtelContext.current.spanContext
        case .none: return nil
        case .span(let span):
            let context = span.context
            return context.isValid ? context : nil
        case .context(let context): return context.isValid ? context : nil
        }
    }

    /// The parent as a span object, when one exists without allocating.
    public var resolvedSpan: (any Span)? {
        switch self {
        case .current: return OtelContext.current.span
        case .none, .context: return nil
        case .span(let span): return span
        }
    }
}
