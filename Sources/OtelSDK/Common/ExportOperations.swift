/// An exporter's three operations over items of one type, as the processors' engines
/// (``BatchExportPipeline``, ``SerialExporter``) call them.
struct ExportOperations<Item: Sendable>: Sendable {
    /// Sends a batch, returning by the deadline.
    var export: @Sendable ([Item], MonotonicInstant) -> ExportResult
    /// Flushes the exporter, returning by the deadline.
    var forceFlush: @Sendable (MonotonicInstant) -> ExportResult
    /// Shuts the exporter down, returning by the deadline.
    var shutdown: @Sendable (MonotonicInstant) -> ExportResult
}

extension ExportOperations where Item == SpanData {
    /// The operations of a span exporter.
    init(_ exporter: any SpanExporter) {
        export = { spans, deadline in exporter.export(spans, deadline: deadline) }
        forceFlush = { deadline in exporter.forceFlush(deadline: deadline) }
        shutdown = { deadline in exporter.shutdown(deadline: deadline) }
    }
}

extension ExportOperations where Item == RecordingSpan {
    /// The operations of a span exporter over ended spans, whose snapshots are taken as the
    /// batch is exported (on the exporting thread).
    init(snapshotting exporter: any SpanExporter) {
        export = { spans, deadline in exporter.export(spans.map(\.spanData), deadline: deadline) }
        forceFlush = { deadline in exporter.forceFlush(deadline: deadline) }
        shutdown = { deadline in exporter.shutdown(deadline: deadline) }
    }
}

extension ExportOperations where Item == LogRecordData {
    /// The operations of a log record exporter.
    init(_ exporter: any LogRecordExporter) {
        export = { records, deadline in exporter.export(records, deadline: deadline) }
        forceFlush = { deadline in exporter.forceFlush(deadline: deadline) }
        shutdown = { deadline in exporter.shutdown(deadline: deadline) }
    }
}
