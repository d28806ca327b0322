/// Sends finished spans somewhere: an OTLP endpoint, memory, standard output.
///
/// Processors call an exporter from one thread at a time (a batch processor's worker thread,
/// or the ending thread for ``SimpleSpanProcessor``), never from Swift's cooperative pool, so
/// `export` may block on I/O, but it must return by `deadline`.
public protocol SpanExporter: Sendable {
    /// Sends `spans`, returning by `deadline`.
    func export(_ spans: [SpanData], deadline: MonotonicInstant) -> ExportResult
    /// Sends anything the exporter buffers, returning by `deadline`.
    func forceFlush(deadline: MonotonicInstant) -> ExportResult
    /// Releases the exporter's resources, returning by `deadline`; later exports fail.
    func shutdown(deadline: MonotonicInstant) -> ExportResult
}

extension SpanExporter {
    /// Nothing buffered: succeeds.
    public func forceFlush(deadline: MonotonicInstant) -> ExportResult { .success }
    /// Nothing to release: succeeds.
    public func shutdown(deadline: MonotonicInstant) -> ExportResult { .success }
}
