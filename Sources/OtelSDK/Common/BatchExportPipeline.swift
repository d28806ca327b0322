import Synchronization

/// The batching engine behind ``BatchSpanProcessor`` and ``BatchLogRecordProcessor``: a
/// bounded queue that recording threads append to, and a dedicated worker thread that exports
/// it in batches.
///
/// Recording never waits for an export. `enqueue` holds a mutex only to append to a buffer
/// preallocated at the queue's full capacity (no allocation per item), and signals the worker
/// once when a batch fills up. The worker swaps that buffer for its own empty one and exports
/// from it with no lock held, so an exporter may record into the same processor without
/// deadlocking. The queue holds at most ``BatchExportConfiguration/maxQueueSize`` items waiting
/// for export; when it is full, the newest item is dropped and counted. Items the worker has
/// taken no longer count (as in the specification's reference implementations), so memory stays
/// bounded by twice the queue size.
///
/// The worker wakes when a batch is full, when the schedule delay passes, or for a flush or
/// shutdown. Flush and shutdown callers wait on their own sleeper, at most until their deadline.
final class BatchExportPipeline<Item: Sendable>: Sendable {
    private struct Waiter {
        var generation: UInt64
        var sleeper: WakeableSleeper
    }

    private struct State {
        var pending: [Item]
        var inFlight = 0
        var wakeRequested = false
        var flushRequested: UInt64 = 0
        var flushCompleted: UInt64 = 0
        var flushDeadline = MonotonicInstant(nanoseconds: 0)
        var waiters: [Waiter] = []
        var shutdownDeadline: MonotonicInstant?
        var abandoned = false
        var finished = false
        var report = DeliveryReport()
    }

    /// What the worker took from the queue, and what it must do after exporting it.
    private struct Take {
        var flushGeneration: UInt64
        var flushDeadline: MonotonicInstant
        var shutdownDeadline: MonotonicInstant?
        var droppedQueueFull: Int
    }

    private enum EnqueueOutcome {
        case queued, queuedAndWake, dropped
    }

    /// The least time between two reports of queue-full drops.
    private static var dropReportInterval: Duration { .seconds(60) }

    /// The generation that means "the worker has finished".
    private static var finishedGeneration: UInt64 { .max }

    let configuration: BatchExportConfiguration
    private let itemName: String
    private let exporter: ExportOperations<Item>
    private let state: Mutex<State>
    private let wakeup = WakeableSleeper()
    private let workerThread = Atomic<UInt>(0)

    /// Creates the pipeline and starts its worker thread.
    ///
    /// - Parameters:
    ///   - itemName: what an item is, plural, for diagnostics (`spans`, `log records`).
    ///   - configuration: a validated configuration.
    ///   - exporter: the exporter's operations.
    init(itemName: String, configuration: BatchExportConfiguration, exporter: ExportOperations<Item>) {
        self.itemName = itemName
        self.configuration = configuration
        self.exporter = exporter
        var pending: [Item] = []
        pending.reserveCapacity(configuration.maxQueueSize)
        state = Mutex(State(pending: pending))
        BackgroundThread.start(name: "otel-batch-\(itemName)") { [self] in run() }
    }

    /// A snapshot of what the pipeline has delivered and lost so far.
    var report: DeliveryReport { state.withLock { $0.report } }

    /// Items dropped because the queue was full.
    var droppedQueueFullCount: Int { state.withLock { $0.report.droppedQueueFull } }

    /// Queues `item` for export. Returns false when the queue is full (the item is dropped and
    /// counted) or the pipeline is shutting down (the item is ignored).
    @discardableResult
    func enqueue(_ item: Item) -> Bool {
        let capacity = configuration.maxQueueSize
        let batchSize = configuration.maxExportBatchSize
        let outcome = state.withLock { state -> EnqueueOutcome in
            if state.shutdownDeadline != nil { return .dropped }
            if state.pending.count >= capacity {
                state.report.droppedQueueFull += 1
                return .dropped
            }
            state.pending.append(item)
            if state.pending.count >= batchSize && !state.wakeRequested {
                state.wakeRequested = true
                return .queuedAndWake
            }
            return .queued
        }
        switch outcome {
        case .queued: return true
        case .queuedAndWake:
            wakeup.signal()
            return true
        case .dropped: return false
        }
    }

    /// Exports everything queued before the call, then flushes the exporter, waiting at most
    /// until `deadline`.
    func forceFlush(deadline: MonotonicInstant) -> DeliveryReport {
        let sleeper = WakeableSleeper()
        let generation = state.withLock { state -> UInt64 in
            if state.shutdownDeadline != nil {
                state.waiters.append(Waiter(generation: Self.finishedGeneration, sleeper: sleeper))
                return Self.finishedGeneration
            }
            state.flushRequested += 1
            state.flushDeadline = max(state.flushDeadline, deadline)
            state.waiters.append(Waiter(generation: state.flushRequested, sleeper: sleeper))
            return state.flushRequested
        }
        wakeup.signal()
        let completed = wait(for: generation, on: sleeper, until: deadline)
        return state.withLock { state in
            var report = state.report
            report.completedInTime = completed
            return report
        }
    }

    /// Stops accepting items, exports what is queued and shuts the exporter down, waiting at most
    /// until `deadline`. What is still queued or being exported at the deadline is counted as
    /// unsent (``DeliveryReport/droppedAtShutdown``) and abandoned: the worker exports nothing
    /// more and shuts the exporter down as soon as its current export returns.
    func shutdown(deadline: MonotonicInstant) -> DeliveryReport {
        let sleeper = WakeableSleeper()
        state.withLock { state in
            if state.shutdownDeadline == nil { state.shutdownDeadline = deadline }
            state.waiters.append(Waiter(generation: Self.finishedGeneration, sleeper: sleeper))
        }
        wakeup.signal()
        let completed = wait(for: Self.finishedGeneration, on: sleeper, until: deadline)
        var abandonedItems: [Item] = []
        let report = state.withLock { state -> DeliveryReport in
            if !completed && !state.finished && !state.abandoned {
                state.abandoned = true
                state.report.droppedAtShutdown += state.pending.count + state.inFlight
                state.inFlight = 0
                swap(&abandonedItems, &state.pending)
            }
            var report = state.report
            report.completedInTime = completed || state.finished
            return report
        }
        abandonedItems.removeAll()
        return report
    }

    /// Starts a shutdown without waiting for it (for a processor being released).
    func beginShutdown() {
        let deadline = configuration.exportDeadline(startingAt: .now())
        let started = state.withLock { state -> Bool in
            guard state.shutdownDeadline == nil else { return false }
            state.shutdownDeadline = deadline
            return true
        }
        if started { wakeup.signal() }
    }

    /// Waits until the worker completes `generation` or `deadline` passes; returns whether it
    /// completed. Never waits on the worker thread itself (an exporter calling flush).
    private func wait(for generation: UInt64, on sleeper: WakeableSleeper, until deadline: MonotonicInstant) -> Bool {
        let onWorker = workerThread.load(ordering: .acquiring) == ThreadIdentity.current
        while true {
            if state.withLock({ $0.flushCompleted >= generation }) { return true }
            if onWorker || deadline.hasPassed { break }
            sleeper.wait(until: deadline)
        }
        state.withLock { state in state.waiters.removeAll { $0.sleeper === sleeper } }
        return false
    }

    // MARK: - Worker

    private func run() {
        workerThread.store(ThreadIdentity.current, ordering: .releasing)
        let batchSize = configuration.maxExportBatchSize
        let delay = configuration.effectiveScheduleDelay
        var batch: [Item] = []
        batch.reserveCapacity(configuration.maxQueueSize)
        var completedFlush: UInt64 = 0
        var reportedDrops = 0
        var lastDropReport: MonotonicInstant?
        var nextExport = MonotonicInstant.now().advanced(by: delay)
        while true {
            let isDue = state.withLock { state in
                state.pending.count >= batchSize || state.flushRequested > state.flushCompleted
                    || state.shutdownDeadline != nil
            }
            if !isDue && !nextExport.hasPassed { wakeup.wait(until: nextExport) }

            let take = state.withLock { state -> Take in
                swap(&state.pending, &batch)
                state.inFlight += batch.count
                state.wakeRequested = false
                return Take(
                    flushGeneration: state.flushRequested, flushDeadline: state.flushDeadline,
                    shutdownDeadline: state.shutdownDeadline, droppedQueueFull: state.report.droppedQueueFull)
            }
            let now = MonotonicInstant.now()
            nextExport = now.advanced(by: delay)
            // Drops are counted on the recording path and reported from here, at most once a minute.
            if take.droppedQueueFull > reportedDrops
                && (lastDropReport.map { now >= $0.advanced(by: Self.dropReportInterval) } ?? true)
            {
                OtelDiagnostics.report(
                    .warning,
                    "batch queue full (\(configuration.maxQueueSize) \(itemName)): dropped "
                        + "\(take.droppedQueueFull - reportedDrops) \(itemName) (\(take.droppedQueueFull) in total)")
                reportedDrops = take.droppedQueueFull
                lastDropReport = now
            }
            let abandoned = export(&batch, batchSize: batchSize, shutdownDeadline: take.shutdownDeadline)

            if take.flushGeneration > completedFlush {
                completedFlush = take.flushGeneration
                if !abandoned { _ = exporter.forceFlush(take.flushDeadline) }
                complete(generation: take.flushGeneration)
            }
            if take.shutdownDeadline != nil || abandoned {
                _ = exporter.shutdown(abandoned ? .now() : take.shutdownDeadline ?? .now())
                complete(generation: Self.finishedGeneration)
                return
            }
        }
    }

    /// Exports `batch` in chunks of `batchSize`, then empties it (keeping its capacity). Returns
    /// whether shutdown abandoned the rest meanwhile.
    private func export(_ batch: inout [Item], batchSize: Int, shutdownDeadline: MonotonicInstant?) -> Bool {
        defer { batch.removeAll(keepingCapacity: true) }
        var start = 0
        while start < batch.count {
            let end = min(start + batchSize, batch.count)
            let chunk = start == 0 && end == batch.count ? batch : Array(batch[start..<end])
            var deadline = configuration.exportDeadline(startingAt: .now())
            if let shutdownDeadline { deadline = min(deadline, shutdownDeadline) }
            let result = exporter.export(chunk, deadline)
            let abandoned = state.withLock { state -> Bool in
                if state.abandoned { return true }
                state.inFlight -= chunk.count
                switch result {
                case .success:
                    state.report.exported += chunk.count
                case .failure(let reason):
                    state.report.droppedExportFailed += chunk.count
                    state.report.lastFailure = reason
                }
                return false
            }
            if case .failure(let reason) = result {
                OtelDiagnostics.report(.warning, "export of \(chunk.count) \(itemName) failed: \(reason)")
            }
            if abandoned { return true }
            start = end
        }
        return state.withLock { $0.abandoned }
    }

    /// Records that `generation` is complete and wakes its waiters.
    private func complete(generation: UInt64) {
        let sleepers = state.withLock { state -> [WakeableSleeper] in
            state.flushCompleted = max(state.flushCompleted, generation)
            if generation == Self.finishedGeneration { state.finished = true }
            var woken: [WakeableSleeper] = []
            state.waiters.removeAll { waiter in
                guard waiter.generation <= generation else { return false }
                woken.append(waiter.sleeper)
                return true
            }
            return woken
        }
        for sleeper in sleepers { sleeper.signal() }
    }
}
