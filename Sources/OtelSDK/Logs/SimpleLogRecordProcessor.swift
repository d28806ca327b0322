/// Exports each log record synchronously, on the emitting thread.
///
/// For tests and debugging: emitting waits for the exporter. Use ``BatchLogRecordProcessor``
/// in production. Exports are serialised; a record emitted by the exporter itself while it
/// exports is dropped rather than deadlocking.
public final class SimpleLogRecordProcessor: LogRecordProcessor {
    private let exporter: SerialExporter<LogRecordData>

    /// Creates a processor that exports to `exporter`, each export limited to `exportTimeout`
    /// (zero for no limit).
    public init(exporter: any LogRecordExporter, exportTimeout: Duration = .seconds(30)) {
        self.exporter = SerialExporter(
            itemName: "log records", exportTimeout: exportTimeout, exporter: ExportOperations(exporter))
    }

    /// What was exported and lost so far.
    public var report: DeliveryReport { exporter.report }

    /// Exports the record now.
    public func onEmit(_ record: inout LogRecordData) { exporter.export([record]) }

    /// Flushes the exporter.
    public func forceFlush(deadline: MonotonicInstant) -> DeliveryReport { exporter.forceFlush(deadline: deadline) }

    /// Shuts the exporter down; later records are ignored.
    public func shutdown(deadline: MonotonicInstant) -> DeliveryReport { exporter.shutdown(deadline: deadline) }
}
