import OtelAPI

/// Exports each sampled span synchronously, on the thread that ends it.
///
/// For tests and debugging: ending a span waits for the exporter. Use ``BatchSpanProcessor`` in
/// production. Exports are serialised; a span ended by the exporter itself while it exports is
/// dropped rather than deadlocking.
public final class SimpleSpanProcessor: SpanProcessor {
    private let exporter: SerialExporter<SpanData>

    /// Creates a processor that exports to `exporter`, each export limited to `exportTimeout`
    /// (zero for no limit).
    public init(exporter: any SpanExporter, exportTimeout: Duration = .seconds(30)) {
        self.exporter = SerialExporter(
            itemName: "spans", exportTimeout: exportTimeout, exporter: ExportOperations(exporter))
    }

    /// What was exported and lost so far.
    public var report: DeliveryReport { exporter.report }

    /// Exports the span if it is sampled.
    public func onEnd(_ span: RecordingSpan) {
        guard span.context.isSampled else { return }
        exporter.export([span.spanData])
    }

    /// Flushes the exporter.
    public func forceFlush(deadline: MonotonicInstant) -> DeliveryReport { exporter.forceFlush(deadline: deadline) }

    /// Shuts the exporter down; later spans are ignored.
    public func shutdown(deadline: MonotonicInstant) -> DeliveryReport { exporter.shutdown(deadline: deadline) }
}
