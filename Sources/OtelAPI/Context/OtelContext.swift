/// The context that travels with the work being done: the active span and the baggage.
///
/// It lives in a task-local value, so it follows structured concurrency (child tasks inherit
/// it) and synchronous code alike. Use ``Tracer/withSpan(_:kind:attributes:_:)`` or
/// ``OtelContext/with(span:_:)`` to make a span active for a scope.
public struct OtelContext: Sendable {
    /// The active span, if any.
    public var span: (any Span)?
    /// The active baggage.
    public var baggage: Baggage

    /// Creates a context.
    public init(span: (any Span)? = nil, baggage: Baggage = Baggage()) {
        self.span = span
        self.baggage = baggage
    }

    /// The context of the current task or thread.
    @TaskLocal public static var current = OtelContext()

    /// The active span's context, when there is a valid one.
    public var spanContext: SpanContext? {
        guard let context = span?.context, context.isValid else { return nil }
        return context
    }

    /// Runs `body` with `span` active (the baggage is kept).
    public static func with<T>(span: any Span, _ body: () throws -> T) rethrows -> T {
        var context = current
        context.span = span
        return try $current.withValue(context, operation: body)
    }

    /// Runs `body` with `span` active (the baggage is kept).
    public static func with<T>(
        span: any Span,
        isolation: isolated (any Actor)? = #isolation,
        _ body: () async throws -> T
    ) async rethrows -> T {
        var context = current
        context.span = span
        return try await $current.withValue(context, operation: body, isolation: isolation)
    }

    /// Runs `body` with `context` as the current context.
    public static func with<T>(_ context: OtelContext, _ body: () throws -> T) rethrows -> T {
        try $current.withValue(context, operation: body)
    }

    /// Runs `body` with `context` as the current context.
    public static func with<T>(
        _ context: OtelContext,
        isolation: isolated (any Actor)? = #isolation,
        _ body: () async throws -> T
    ) async rethrows -> T {
        try await $current.withValue(context, operation: body, isolation: isolation)
    }
}
