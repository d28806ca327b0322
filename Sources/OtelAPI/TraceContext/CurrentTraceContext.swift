/// What became of a remote parent offered to `OtelContext.withRemoteParent(_:_:)`
/// and its relatives.
///
/// Invalid input never fails the work: the scope runs without the parent and the reason is here,
/// so the caller can log it (Codex warns "TRACEPARENT is set but invalid; ignoring trace context").
public enum RemoteParentStatus: Sendable, Hashable {
    /// No parent was offered, for example `TRACEPARENT` is not set. Nothing was applied.
    case absent
    /// The remote context is the active span's context for the scope: spans started there with
    /// the default `.current` parent continue its trace.
    case applied(SpanContext)
    /// The parent was invalid and ignored; nothing was applied.
    case rejected(TraceContextError)

    /// Whether the remote context is active for the scope.
    public var isApplied: Bool {
        if case .applied = self { return true }
        return false
    }

    /// The applied remote context, or `nil`.
    public var spanContext: SpanContext? {
        if case .applied(let context) = self { return context }
        return nil
    }

    /// Why the parent was ignored, or `nil` when it was applied or absent.
    public var error: TraceContextError? {
        if case .rejected(let error) = self { return error }
        return nil
    }

    /// Validates a parsed parent: a valid context is marked remote, an invalid one is rejected.
    init(_ parent: Result<SpanContext, TraceContextError>?) {
        switch parent {
        case nil:
            self = .absent
        case .failure(let error):
            self = .rejected(error)
        case .success(var context):
            if !context.traceID.isValid {
                self = .rejected(.invalidTraceID)
            } else if !context.spanID.isValid {
                self = .rejected(.invalidSpanID)
            } else {
                context.isRemote = true
                self = .applied(context)
            }
        }
    }
}

extension W3CTraceContext {
    /// The W3C context of the active span of ``OtelContext/current``, to hand to a child process
    /// or an outgoing request; `nil` when there is no active span or its context is invalid.
    ///
    /// `traceparent` is `00-<trace id>-<span id>-<flags>` where only the sampled bit of the flags
    /// is kept (`01` or `00`); `tracestate` is the span's trace state, `nil` when it is empty.
    public static func current() -> W3CTraceContext? {
        OtelContext.current.w3cTraceContext
    }
}

extension OtelContext {
    /// The W3C context of this context's active span; `nil` when there is no active span or its
    /// context is invalid. See ``W3CTraceContext/current()``.
    public var w3cTraceContext: W3CTraceContext? {
        guard var context = spanContext else { return nil }
        context.traceFlags = TraceFlags(rawValue: context.traceFlags.rawValue & TraceFlags.sampled.rawValue)
        return W3CTraceContext(context)
    }

    /// The trace id of this context's active span as 32 lowercase hex characters; `nil` when
    /// there is no active span or its context is invalid.
    public var traceIDHex: String? {
        spanContext?.traceID.hexString
    }

    /// The trace id of the active span of ``current`` as 32 lowercase hex characters; `nil` when
    /// there is no active span or its context is invalid.
    public static func currentTraceIDHex() -> String? {
        current.traceIDHex
    }

    /// Runs `body` with the remote context of `w3c` as the active span's context, so that spans
    /// started inside with the default `.current` parent continue the remote trace.
    ///
    /// The active span for the scope is a ``NonRecordingSpan`` carrying the remote context; the
    /// baggage is kept. An invalid `traceparent` never fails: `body` runs in the unchanged
    /// context and receives ``RemoteParentStatus/rejected(_:)`` with the reason. An invalid
    /// `tracestate` alone is discarded and the parent still applies.
    ///
    /// ```swift
    /// OtelContext.withRemoteParent(W3CTraceContext(traceparent: header)) { status in
    ///     if let error = status.error { logger.warning("ignoring trace context: \(error)") }
    ///     tracer.withSpan("handle") { _ in ... }
    /// }
    /// ```
    public static func withRemoteParent<T>(
        _ w3c: W3CTraceContext,
        _ body: (RemoteParentStatus) throws -> T
    ) rethrows -> T {
        try withRemoteParent(w3c.spanContext(), body)
    }

    /// Runs async `body` with the remote context of `w3c` as the active span's context. See
    /// the synchronous `withRemoteParent(_:_:)` taking a `W3CTraceContext`.
    public static func withRemoteParent<T>(
        _ w3c: W3CTraceContext,
        isolation: isolated (any Actor)? = #isolation,
        _ body: (RemoteParentStatus) async throws -> T
    ) async rethrows -> T {
        try await withRemoteParent(w3c.spanContext(), isolation: isolation, body)
    }

    /// Runs `body` with a parsed parent (the result of ``W3CTraceContext/spanContext()`` or
    /// ``TraceContextEnvironment/read(from:)``) as the active span's context, when it is valid.
    ///
    /// `nil` runs `body` unchanged with ``RemoteParentStatus/absent``; a failure or an invalid
    /// context runs it unchanged with ``RemoteParentStatus/rejected(_:)``.
    public static func withRemoteParent<T>(
        _ parent: Result<SpanContext, TraceContextError>?,
        _ body: (RemoteParentStatus) throws -> T
    ) rethrows -> T {
        let status = RemoteParentStatus(parent)
        guard case .applied(let context) = status else { return try body(status) }
        return try with(span: NonRecordingSpan(context: context)) { try body(status) }
    }

    /// Runs async `body` with a parsed parent as the active span's context, when it is valid.
    /// See the synchronous `withRemoteParent(_:_:)` taking a parsed parent.
    public static func withRemoteParent<T>(
        _ parent: Result<SpanContext, TraceContextError>?,
        isolation: isolated (any Actor)? = #isolation,
        _ body: (RemoteParentStatus) async throws -> T
    ) async rethrows -> T {
        let status = RemoteParentStatus(parent)
        guard case .applied(let context) = status else { return try await body(status) }
        return try await with(span: NonRecordingSpan(context: context), isolation: isolation) {
            try await body(status)
        }
    }

    /// Runs `body` as the continuation of the trace of the process that started this one, read
    /// once from `TRACEPARENT`/`TRACESTATE` (``TraceContextEnvironment/processParent``).
    ///
    /// Made for command-line tools started by another traced process. `body` receives
    /// ``RemoteParentStatus/absent`` when `TRACEPARENT` is not set and
    /// ``RemoteParentStatus/rejected(_:)`` when it is invalid; either way it runs.
    ///
    /// ```swift
    /// try await OtelContext.withProcessParent { status in
    ///     try await tracer.withSpan("codex.exec") { _ in try await run() }
    /// }
    /// ```
    public static func withProcessParent<T>(_ body: (RemoteParentStatus) throws -> T) rethrows -> T {
        try withRemoteParent(TraceContextEnvironment.processParent, body)
    }

    /// Runs async `body` as the continuation of the trace of the process that started this one.
    /// See the synchronous `withProcessParent(_:)`.
    public static func withProcessParent<T>(
        isolation: isolated (any Actor)? = #isolation,
        _ body: (RemoteParentStatus) async throws -> T
    ) async rethrows -> T {
        try await withRemoteParent(TraceContextEnvironment.processParent, isolation: isolation, body)
    }
}

extension SpanParent {
    /// A remote parent from W3C header values, for a span that continues a trace started
    /// elsewhere: `tracer.startSpan("handle", parent: .w3c(headers) ?? .current)`.
    ///
    /// - Returns: `.context` with a remote context, or `nil` when `traceparent` is invalid (use
    ///   ``init(w3c:)`` to learn why). An invalid `tracestate` alone is discarded.
    public static func w3c(_ context: W3CTraceContext) -> SpanParent? {
        try? SpanParent(w3c: context)
    }

    /// A remote parent from W3C header values.
    ///
    /// - Throws: why `traceparent` is invalid; an invalid `tracestate` alone is discarded.
    public init(w3c context: W3CTraceContext) throws(TraceContextError) {
        switch RemoteParentStatus(context.spanContext()) {
        case .applied(let remote): self = .context(remote)
        case .rejected(let error): throw error
        case .absent: throw .missing
        }
    }
}
