/// Receives log records as loggers emit them: the hook between recording and exporting.
///
/// `onEmit` runs synchronously on the emitting thread, so it must be fast and must not block;
/// processors that export hand records to a background thread (``BatchLogRecordProcessor``).
public protocol LogRecordProcessor: Sendable {
    /// Called for each emitted record; changes are seen by the processors after this one.
    func onEmit(_ record: inout LogRecordData)
    /// Exports every record emitted before the call, waiting at most until `deadline`.
    func forceFlush(deadline: MonotonicInstant) -> DeliveryReport
    /// Exports what is pending and shuts the exporter down, waiting at most until `deadline`.
    /// Later records are ignored.
    func shutdown(deadline: MonotonicInstant) -> DeliveryReport
}
