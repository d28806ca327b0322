import OtelAPI

/// Receives spans as they start and end: the hook between recording and exporting.
///
/// `onStart` and `onEnd` run synchronously on the thread that starts or ends the span, so they
/// must be fast and must not block; processors that export hand spans to a background thread
/// (``BatchSpanProcessor``).
public protocol SpanProcessor: Sendable {
    /// Called when a recording span starts; the span may still be changed.
    func onStart(_ span: RecordingSpan, parentContext: SpanContext?)
    /// Called once when a recording span ends; take ``RecordingSpan/spanData`` to read it.
    func onEnd(_ span: RecordingSpan)
    /// Exports every span that ended before the call, waiting at most until `deadline`.
    func forceFlush(deadline: MonotonicInstant) -> DeliveryReport
    /// Exports what is pending and shuts the exporter down, waiting at most until `deadline`.
    /// Later spans are ignored.
    func shutdown(deadline: MonotonicInstant) -> DeliveryReport
}

extension SpanProcessor {
    /// Does nothing.
    public func onStart(_ span: RecordingSpan, parentContext: SpanContext?) {}
}
