/// The pair of W3C Trace Context header values, `traceparent` and `tracestate`.
public struct W3CTraceContext: Sendable, Hashable {
    /// The `traceparent` header value.
    public var traceparent: String

    /// The `tracestate` header value, or `nil` when there is none.
    public var tracestate: String?

    /// Creates the pair from raw header values.
    ///
    /// - Parameters:
    ///   - traceparent: The `traceparent` header value.
    ///   - tracestate: The `tracestate` header value, if any.
    public init(traceparent: String, tracestate: String? = nil) {
        self.traceparent = traceparent
        self.tracestate = tracestate
    }

    /// Creates the header values that propagate `context`.
    ///
    /// - Parameter context: The span context to propagate. `tracestate` is `nil` when its trace
    ///   state is empty.
    public init(_ context: SpanContext) {
        traceparent = TraceParent.format(context)
        tracestate = context.traceState.isEmpty ? nil : context.traceState.header
    }

    /// Parses the header values into a remote span context.
    ///
    /// `traceparent` decides the outcome. An invalid `tracestate` does not fail the parse: the
    /// recommendation lets a vendor discard it, so the result then has an empty trace state.
    ///
    /// - Returns: The remote span context, or the reason `traceparent` is invalid.
    public func spanContext() -> Result<SpanContext, TraceContextError> {
        TraceParent.parse(traceparent).map { parsed in
            var context = parsed
            if let tracestate, case .success(let state) = TraceState.parse(tracestate) {
                context.traceState = state
            }
            return context
        }
    }
}
