/// The part of a span that is propagated across process boundaries: its trace and span
/// identifiers, trace flags and trace state, plus whether it was received from a remote peer.
public struct SpanContext: Sendable, Hashable {
    /// The identifier of the trace the span belongs to.
    public var traceID: TraceID

    /// The identifier of the span.
    public var spanID: SpanID

    /// The W3C trace flags, such as ``TraceFlags/sampled``.
    public var traceFlags: TraceFlags

    /// The vendor-specific W3C trace state.
    public var traceState: TraceState

    /// Whether the context was extracted from a remote parent (for example an incoming header).
    public var isRemote: Bool

    /// Creates a span context.
    ///
    /// - Parameters:
    ///   - traceID: The identifier of the trace.
    ///   - spanID: The identifier of the span.
    ///   - traceFlags: The trace flags.
    ///   - traceState: The trace state; empty by default.
    ///   - isRemote: Whether the context came from a remote parent; `false` by default.
    public init(
        traceID: TraceID,
        spanID: SpanID,
        traceFlags: TraceFlags,
        traceState: TraceState = TraceState(),
        isRemote: Bool = false
    ) {
        self.traceID = traceID
        self.spanID = spanID
        self.traceFlags = traceFlags
        self.traceState = traceState
        self.isRemote = isRemote
    }

    /// The context with all-zero identifiers, no flags and an empty trace state.
    public static let invalid = SpanContext(traceID: .invalid, spanID: .invalid, traceFlags: [])

    /// Whether both the trace identifier and the span identifier are valid (non-zero).
    public var isValid: Bool {
        traceID.isValid && spanID.isValid
    }

    /// Whether the ``TraceFlags/sampled`` flag is set.
    public var isSampled: Bool {
        traceFlags.contains(.sampled)
    }
}
