import Synchronization

/// Keeps exported log records in memory, for tests.
///
/// ```swift
/// let exporter = InMemoryLogRecordExporter()
/// let provider = SDKLoggerProvider(processors: [SimpleLogRecordProcessor(exporter: exporter)])
/// provider.logger(target: "codex_otel.log_only").emit(LogRecord(severity: .info, body: "hello"))
/// #expect(exporter.finishedLogRecords.count == 1)
/// ```
public final class InMemoryLogRecordExporter: LogRecordExporter {
    private let state = Mutex<(records: [LogRecordData], isShutdown: Bool)>(([], false))

    /// Creates an empty exporter.
    public init() {}

    /// The records exported so far, oldest first.
    public var finishedLogRecords: [LogRecordData] { state.withLock { $0.records } }

    /// Whether ``shutdown(deadline:)`` has run.
    public var isShutdown: Bool { state.withLock { $0.isShutdown } }

    /// Forgets the records exported so far.
    public func reset() { state.withLock { $0.records.removeAll() } }

    /// Keeps `records`; fails after shutdown.
    public func export(_ records: [LogRecordData], deadline: MonotonicInstant) -> ExportResult {
        state.withLock { state in
            guard !state.isShutdown else { return .failure(reason: "the in-memory log record exporter is shut down") }
            state.records.append(contentsOf: records)
            return .success
        }
    }

    /// Marks the exporter shut down; the records stay readable.
    public func shutdown(deadline: MonotonicInstant) -> ExportResult {
        state.withLock { $0.isShutdown = true }
        return .success
    }
}
