/// An exporter's three operations over items of one type, as the processors' engines
/// (``BatchExportPipeline``, ``SerialExporter``) call them.
struct ExportOperations<Item: Sendable>: Sendable {
    /// Sends a batch, returning by the deadline. The batch is the caller's to give: the operation
    /// may take the items apart (the caller empties it afterwards).
    var export: @Sendable (inout [Item], MonotonicInstant) -> ExportResult
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
    /// batch is exported (on the exporting thread). A span that only the batch still references
    /// gives its data up instead of copying it (``RecordingSpan/snapshot(releasing:)``).
    init(snapshotting exporter: any SpanExporter) {
        export = { spans, deadline in
            let data = spans.withUnsafeMutableBufferPointer { buffer in
                buffer.indices.map { RecordingSpan.snapshot(releasing: &buffer[$0]) }
            }
            return exporter.export(data, deadline: deadline)
        }
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
