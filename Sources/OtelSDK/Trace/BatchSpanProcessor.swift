import OtelAPI

/// Queues sampled spans as they end and exports them in batches from a dedicated background
/// thread: the processor for production.
///
/// Ending a span costs a short, allocation-free append to a bounded queue; the span's snapshot
/// (``SpanData``) is taken on the worker thread. The worker exports when a batch is full or the
/// schedule delay passes, with no lock held while the exporter runs. When the queue is full the
/// newest span is dropped and counted (``droppedSpanCount``, and
/// ``DeliveryReport/droppedQueueFull`` in flush and shutdown reports).
///
/// Releasing the processor without shutting it down starts a shutdown in the background.
public final class BatchSpanProcessor: SpanProcessor {
    private let pipeline: BatchExportPipeline<RecordingSpan>

    /// Creates a processor exporting to `exporter`.
    ///
    /// - Parameters:
    ///   - exporter: receives the batches, on the processor's worker thread.
    ///   - configuration: queue, batch and timing settings; by default the specification's,
    ///     overridden by the `OTEL_BSP_*` variables. Invalid values are reported and replaced.
    public init(
        exporter: any SpanExporter,
        configuration: BatchExportConfiguration = .spans(environment: .process())
    ) {
        pipeline = BatchExportPipeline(
            itemName: "spans", configuration: configuration.validated(defaults: .spanDefaults),
            exporter: ExportOperations(snapshotting: exporter))
    }

    deinit { pipeline.beginShutdown() }

    /// The configuration in force.
    public var configuration: BatchExportConfiguration { pipeline.configuration }

    /// Spans dropped so far because the queue was full.
    public var droppedSpanCount: Int { pipeline.droppedQueueFullCount }

    /// What was exported and lost so far.
    public var report: DeliveryReport { pipeline.report }

    /// Queues the span if it is sampled.
    @inline(__always)
    public func onEnd(_ span: RecordingSpan) {
        guard span.context.isSampled else { return }
        pipeline.enqueue(span)
    }

    /// Exports every span queued before the call, then flushes the exporter, waiting at most until
    /// `deadline`.
    public func forceFlush(deadline: MonotonicInstant) -> DeliveryReport { pipeline.forceFlush(deadline: deadline) }

    /// Exports what is queued and shuts the exporter down, waiting at most until `deadline`;
    /// what is still queued then is reported as unsent and abandoned.
    public func shutdown(deadline: MonotonicInstant) -> DeliveryReport { pipeline.shutdown(deadline: deadline) }
}
