/// Gives tracers to instrumented code.
public protocol TracerProvider: Sendable {
    /// A tracer for the instrumentation scope `name` (usually the library's module name).
    func tracer(_ name: String, version: String?, schemaURL: String?) -> any Tracer
}

extension TracerProvider {
    /// A tracer for the instrumentation scope `name`.
    public func tracer(_ name: String, version: String? = nil) -> any Tracer {
        tracer(name, version: version, schemaURL: nil)
    }
}

/// Starts spans.
public protocol Tracer: Sendable {
    /// Starts a span. `attributes` is evaluated only when the span records.
    ///
    /// - Parameters:
    ///   - name: the operation's name.
    ///   - kind: the span's kind.
    ///   - parent: where the parent comes from; `.current` by default.
    ///   - attributes: attributes known at start (samplers see them).
    ///   - links: links to other spans.
    ///   - startTime: the start; now by default.
    func startSpan(
        _ name: String,
        kind: SpanKind,
        parent: SpanParent,
        attributes: @autoclosure () -> Attributes,
        links: [SpanLink],
        startTime: Timestamp?
    ) -> any Span
}

extension Tracer {
    /// Starts a span with defaults: internal kind, the current span as parent, now.
    @inlinable
    public func startSpan(
        _ name: String,
        kind: SpanKind = .internal,
        parent: SpanParent = .current,
        attributes: @autoclosure () -> Attributes = Attributes(),
        links: [SpanLink] = [],
        startTime: Timestamp? = nil
    ) -> any Span {
        startSpan(
            name, kind: kind, parent: parent, attributes: attributes(), links: links, startTime: startTime)
    }

    /// Runs `body` inside a new span that is active for its duration and ends when it returns.
    /// A thrown error is recorded on the span, sets its status to error, and is rethrown.
    public func withSpan<T>(
        _ name: String,
        kind: SpanKind = .internal,
        parent: SpanParent = .current,
        attributes: @autoclosure () -> Attributes = Attributes(),
        _ body: (any Span) throws -> T
    ) rethrows -> T {
        let span = startSpan(name, kind: kind, parent: parent, attributes: attributes(), links: [], startTime: nil)
        defer { span.end() }
        do {
            return try OtelContext.with(span: span) { try body(span) }
        } catch {
            if span.isRecording {
                span.recordError(error)
                span.setStatus(.error(description: String(describing: error)))
            }
            throw error
        }
    }

    /// Runs async `body` inside a new span that is active for its duration and ends when it
    /// returns. A thrown error is recorded on the span, sets its status to error, and is rethrown.
    public func withSpan<T>(
        _ name: String,
        kind: SpanKind = .internal,
        parent: SpanParent = .current,
        attributes: @autoclosure () -> Attributes = Attributes(),
        isolation: isolated (any Actor)? = #isolation,
        _ body: (any Span) async throws -> T
    ) async rethrows -> T {
        let span = startSpan(name, kind: kind, parent: parent, attributes: attributes(), links: [], startTime: nil)
        defer { span.end() }
        do {
            return try await OtelContext.with(span: span, isolation: isolation) { try await body(span) }
        } catch {
            if span.isRecording {
                span.recordError(error)
                span.setStatus(.error(description: String(describing: error)))
            }
            throw error
        }
    }
}
