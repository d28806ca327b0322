import Synchronization

/// Exports on the calling thread, one export at a time: the engine of the simple processors.
///
/// The serialising lock is held while the exporter runs, as the specification requires
/// (exporters are never called concurrently). An export that re-enters from the exporting thread
/// (an exporter that records into its own pipeline) would deadlock on that lock, so it is
/// dropped, counted as failed, and reported instead.
final class SerialExporter<Item: Sendable>: Sendable {
    private let exporter: ExportOperations<Item>
    private let itemName: String
    private let exportTimeout: Duration
    private let exportLock = Mutex<Void>(())
    private let owner = Atomic<UInt>(0)
    private let state = Mutex<(report: DeliveryReport, isShutdown: Bool)>((DeliveryReport(), false))

    init(itemName: String, exportTimeout: Duration, exporter: ExportOperations<Item>) {
        self.itemName = itemName
        self.exportTimeout = exportTimeout
        self.exporter = exporter
    }

    /// What was exported and lost so far.
    var report: DeliveryReport { state.withLock { $0.report } }

    /// Exports `items` now.
    func export(_ items: [Item]) {
        guard !state.withLock({ $0.isShutdown }) else { return }
        let thread = ThreadIdentity.current
        let result: ExportResult
        if owner.load(ordering: .acquiring) == thread {
            result = .failure(reason: "re-entrant export from the exporter's own thread")
        } else {
            result = exportLock.withLock { _ in
                owner.store(thread, ordering: .releasing)
                defer { owner.store(0, ordering: .releasing) }
                let timeout = exportTimeout == .zero ? Duration.seconds(Int64(Int32.max)) : exportTimeout
                var batch = items
                return exporter.export(&batch, MonotonicInstant.now().advanced(by: timeout))
            }
        }
        state.withLock { state in
            switch result {
            case .success:
                state.report.exported += items.count
            case .failure(let reason):
                state.report.droppedExportFailed += items.count
                state.report.lastFailure = reason
            }
        }
        if case .failure(let reason) = result {
            OtelDiagnostics.report(.warning, "export of \(items.count) \(itemName) failed: \(reason)")
        }
    }

    /// Flushes the exporter.
    func forceFlush(deadline: MonotonicInstant) -> DeliveryReport {
        let result = exporter.forceFlush(deadline)
        return state.withLock { state in
            var report = state.report
            if case .failure(let reason) = result { report.lastFailure = reason }
            report.completedInTime = !deadline.hasPassed
            return report
        }
    }

    /// Stops exporting and shuts the exporter down (once).
    func shutdown(deadline: MonotonicInstant) -> DeliveryReport {
        let first = state.withLock { state -> Bool in
            defer { state.isShutdown = true }
            return !state.isShutdown
        }
        let result = first ? exporter.shutdown(deadline) : .success
        return state.withLock { state in
            var report = state.report
            if case .failure(let reason) = result { report.lastFailure = reason }
            report.completedInTime = !deadline.hasPassed
            return report
        }
    }
}
