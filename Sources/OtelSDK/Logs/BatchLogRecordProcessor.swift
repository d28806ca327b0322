/// Queues log records as they are emitted and exports them in batches from a dedicated
/// background thread: the processor for production.
///
/// It shares its engine with ``BatchSpanProcessor``: emitting costs a short, allocation-free
/// append to a bounded queue; the worker exports when a batch is full or the schedule delay
/// passes, with no lock held while the exporter runs. When the queue is full the newest record is
/// dropped and counted (``droppedLogRecordCount``, and ``DeliveryReport/droppedQueueFull`` in
/// flush and shutdown reports).
///
/// Releasing the processor without shutting it down starts a shutdown in the background.
public final class BatchLogRecordProcessor: LogRecordProcessor {
    private let pipeline: BatchExportPipeline<LogRecordData>

    /// Creates a processor exporting to `exporter`.
    ///
    /// - Parameters:
    ///   - exporter: receives the batches, on the processor's worker thread.
    ///   - configuration: queue, batch and timing settings; by default the specification's for
    ///     logs (delay 1000 ms), overridden by the `OTEL_BLRP_*` variables. Invalid values are
    ///     reported and replaced.
    public init(
        exporter: any LogRecordExporter,
        configuration: BatchExportConfiguration = .logs(environment: .process())
    ) {
        pipeline = BatchExportPipeline(
            itemName: "log records", configuration: configuration.validated(defaults: .logDefaults),
            exporter: ExportOperations(exporter))
    }

    deinit { pipeline.beginShutdown() }

    /// The configuration in force.
    public var configuration: BatchExportConfiguration { pipeline.configuration }

    /// Records dropped so far because the queue was full.
    public var droppedLogRecordCount: Int { pipeline.droppedQueueFullCount }

    /// What was exported and lost so far.
    public var report: DeliveryReport { pipeline.report }

    /// Queues the record.
    @inline(__always)
    public func onEmit(_ record: inout LogRecordData) { pipeline.enqueue(record) }

    /// Queues the record, moving it into the queue (for a provider whose only processor this is).
    @inline(__always)
    func enqueue(_ record: consuming LogRecordData) { pipeline.enqueue(consume record) }

    /// Exports every record queued before the call, then flushes the exporter, waiting at most
    /// until `deadline`.
    public func forceFlush(deadline: MonotonicInstant) -> DeliveryReport { pipeline.forceFlush(deadline: deadline) }

    /// Exports what is queued and shuts the exporter down, waiting at most until `deadline`;
    /// what is still queued then is reported as unsent and abandoned.
    public func shutdown(deadline: MonotonicInstant) -> DeliveryReport { pipeline.shutdown(deadline: deadline) }
}
