import Synchronization

/// The batching engine behind ``BatchSpanProcessor`` and ``BatchLogRecordProcessor``: a
/// bounded queue that recording threads append to, and a dedicated worker thread that exports
/// it in batches.
///
/// Recording never waits for an export. The queue is a list of *segments*, arrays of one export
/// batch's size that are reused forever: `enqueue` holds a lock only to append to the segment
/// being filled (no allocation per item), and when that segment is full it moves to the list of
/// full ones, a spare takes its place, and the worker is signalled. The worker takes whole
/// segments and exports each with no lock held, so an exporter may record into the same
/// processor without deadlocking, and each batch it hands over is an array that nothing else
/// references. The queue holds at most ``BatchExportConfiguration/maxQueueSize`` items waiting
/// for export; when it is full, the newest item is dropped and counted. Items the worker has
/// taken no longer count (as in the specification's reference implementations).
///
/// Where items are freed matters as much as where they are made: memory allocated on a recording
/// thread and freed on the worker makes both threads contend for the allocator's arena and
/// pass cache lines back and forth on every item (measured when this design came in: a sampled
/// span took 430–750 ns that way, 265–300 ns this way). So the worker hands most exported
/// segments back *still holding their items* (as many as the queue holds segments; it empties
/// any more itself), and the recording thread that next fills a segment empties one of them,
/// outside the lock: the items die on the kind of thread that made them, and the recording
/// thread's allocator cache refills. For the same reason a span's export snapshot shares the
/// span's arrays rather than taking them (see `ExportOperations.init(snapshotting:)`). Memory
/// stays bounded: the queue, what the worker holds, and at most a queue's worth of exported
/// items. The worker empties them all when it finishes.
///
/// The worker wakes when a batch is full, when the schedule delay passes (it then exports the
/// segment being filled too), or for a flush or shutdown (everything queued). Flush and shutdown
/// callers wait on their own sleeper, at most until their deadline.
///
/// Safe to share (`@unchecked Sendable`): the immutable properties are `Sendable`, and `state`,
/// the only mutable one, is read and written only inside ``locked(_:)``, which holds `lock`.
/// (A ``SpinLock`` rather than `Mutex`: every recorded item takes it, an uncontended `Mutex` round
/// trip on Linux costs more than the rest of the append, and no critical section here blocks,
/// allocates on the recording path or calls out: exports and wake-ups happen outside it.)
final class BatchExportPipeline<Item: Sendable>: @unchecked Sendable {
    private struct Waiter {
        var generation: UInt64
        var sleeper: WakeableSleeper
    }

    private struct State {
        /// The segment being filled.
        var current: [Item]
        /// Full segments waiting for the worker, oldest first.
        var full: [[Item]]
        /// Empty segments (with their capacity) to reuse.
        var spares: [[Item]] = []
        /// Exported segments still holding their items, for a recording thread to empty.
        var dirtySpares: [[Item]] = []
        /// Items in `current` and `full`.
        var queued = 0
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

    /// The least time between two reports of queue-full drops.
    private static var dropReportInterval: Duration { .seconds(60) }

    /// The generation that means "the worker has finished".
    private static var finishedGeneration: UInt64 { .max }

    let configuration: BatchExportConfiguration
    private let itemName: String
    private let exporter: ExportOperations<Item>
    private let lock = SpinLock()
    /// Guarded by `lock`: touched only inside ``locked(_:)``. The lock is what makes accesses
    /// exclusive, so the runtime's dynamic exclusivity check (two calls per access) is off.
    @exclusivity(unchecked) private var state: State
    private let wakeup = WakeableSleeper()
    private let workerThread = Atomic<UInt>(0)
    /// The most exported segments the worker hands back unemptied: as many as the queue holds.
    private let maxDirtySpares: Int

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
        // How many full segments the queue holds.
        let queueSegments = configuration.maxQueueSize / max(1, configuration.maxExportBatchSize)
        maxDirtySpares = max(1, queueSegments)
        var full: [[Item]] = []
        full.reserveCapacity(queueSegments + 2)
        state = State(current: Self.segment(capacity: configuration.maxExportBatchSize), full: full)
        BackgroundThread.start(name: "otel-batch-\(itemName)") { [self] in run() }
    }

    /// Runs `body` on the state, holding the lock.
    @inline(__always)
    private func locked<Result>(_ body: (inout State) -> Result) -> Result {
        lock.lock()
        defer { lock.unlock() }
        return body(&state)
    }

    /// An empty segment with room for `capacity` items.
    private static func segment(capacity: Int) -> [Item] {
        var segment: [Item] = []
        segment.reserveCapacity(capacity)
        return segment
    }

    /// A snapshot of what the pipeline has delivered and lost so far.
    var report: DeliveryReport { locked { $0.report } }

    /// Items dropped because the queue was full.
    var droppedQueueFullCount: Int { locked { $0.report.droppedQueueFull } }

    /// Queues `item` for export. Returns false when the queue is full (the item is dropped and
    /// counted) or the pipeline is shutting down (the item is ignored).
    @discardableResult
    func enqueue(_ item: consuming Item) -> Bool {
        let capacity = configuration.maxQueueSize
        let batchSize = configuration.maxExportBatchSize
        // Locked by hand rather than in a closure, so that the item is moved into the queue.
        lock.lock()
        if state.shutdownDeadline != nil {
            lock.unlock()
            return false
        }
        if state.queued >= capacity {
            state.report.droppedQueueFull += 1
            lock.unlock()
            return false
        }
        state.current.append(consume item)
        state.queued += 1
        guard state.current.count >= batchSize else {
            lock.unlock()
            return true
        }
        // A spare has its capacity already; a new one is made only until enough circulate.
        var segment = state.spares.popLast() ?? Self.segment(capacity: batchSize)
        swap(&segment, &state.current)
        state.full.append(segment)
        let wake = !state.wakeRequested
        state.wakeRequested = true
        var exported = state.dirtySpares.popLast()
        lock.unlock()
        if wake { wakeup.signal() }
        if var segment = exported.take() {
            // Exported items die here, on a recording thread, with no lock held (see above).
            segment.removeAll(keepingCapacity: true)
            lock.lock()
            state.spares.append(segment)
            lock.unlock()
        }
        return true
    }

    /// Exports everything queued before the call, then flushes the exporter, waiting at most
    /// until `deadline`.
    func forceFlush(deadline: MonotonicInstant) -> DeliveryReport {
        let sleeper = WakeableSleeper()
        let generation = locked { state -> UInt64 in
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
        return locked { state in
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
        locked { state in
            if state.shutdownDeadline == nil { state.shutdownDeadline = deadline }
            state.waiters.append(Waiter(generation: Self.finishedGeneration, sleeper: sleeper))
        }
        wakeup.signal()
        let completed = wait(for: Self.finishedGeneration, on: sleeper, until: deadline)
        var abandonedSegments: [[Item]] = []
        var abandonedCurrent: [Item] = []
        let report = locked { state -> DeliveryReport in
            if !completed && !state.finished && !state.abandoned {
                state.abandoned = true
                state.report.droppedAtShutdown += state.queued + state.inFlight
                state.queued = 0
                state.inFlight = 0
                swap(&abandonedSegments, &state.full)
                swap(&abandonedCurrent, &state.current)
            }
            var report = state.report
            report.completedInTime = completed || state.finished
            return report
        }
        // Released outside the lock.
        abandonedSegments.removeAll()
        abandonedCurrent.removeAll()
        return report
    }

    /// Starts a shutdown without waiting for it (for a processor being released).
    func beginShutdown() {
        let deadline = configuration.exportDeadline(startingAt: .now())
        let started = locked { state -> Bool in
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
            if locked({ $0.flushCompleted >= generation }) { return true }
            if onWorker || deadline.hasPassed { break }
            sleeper.wait(until: deadline)
        }
        locked { state in state.waiters.removeAll { $0.sleeper === sleeper } }
        return false
    }

    // MARK: - Worker

    private func run() {
        workerThread.store(ThreadIdentity.current, ordering: .releasing)
        let batchSize = configuration.maxExportBatchSize
        let delay = configuration.effectiveScheduleDelay
        var taken: [[Item]] = []
        taken.reserveCapacity(configuration.maxQueueSize / max(1, batchSize) + 2)
        var completedFlush: UInt64 = 0
        var reportedDrops = 0
        var lastDropReport: MonotonicInstant?
        var nextExport = MonotonicInstant.now().advanced(by: delay)
        while true {
            let isDue = locked { state in
                !state.full.isEmpty || state.flushRequested > state.flushCompleted || state.shutdownDeadline != nil
            }
            if !isDue && !nextExport.hasPassed { wakeup.wait(until: nextExport) }

            let timerFired = nextExport.hasPassed
            let take = locked { state -> Take in
                swap(&taken, &state.full)
                // The segment being filled goes too when it is time, or everything is wanted.
                let wantsAll =
                    timerFired || state.flushRequested > state.flushCompleted || state.shutdownDeadline != nil
                if wantsAll && !state.current.isEmpty {
                    // (An exported segment would do, but its items would die in the lock.)
                    var segment = state.spares.popLast() ?? []
                    swap(&segment, &state.current)
                    taken.append(segment)
                    if state.current.capacity < batchSize { state.current.reserveCapacity(batchSize) }
                }
                var count = 0
                for segment in taken { count += segment.count }
                state.queued -= count
                state.inFlight += count
                state.wakeRequested = false
                return Take(
                    flushGeneration: state.flushRequested, flushDeadline: state.flushDeadline,
                    shutdownDeadline: state.shutdownDeadline, droppedQueueFull: state.report.droppedQueueFull)
            }
            let now = MonotonicInstant.now()
            if timerFired { nextExport = now.advanced(by: delay) }
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
            let abandoned = export(&taken, shutdownDeadline: take.shutdownDeadline)

            if take.flushGeneration > completedFlush {
                completedFlush = take.flushGeneration
                if !abandoned { _ = exporter.forceFlush(take.flushDeadline) }
                complete(generation: take.flushGeneration)
            }
            if take.shutdownDeadline != nil || abandoned {
                _ = exporter.shutdown(abandoned ? .now() : take.shutdownDeadline ?? .now())
                // Exported items still held go now: a span refers to its provider, which refers
                // to this pipeline.
                var exported: [[Item]] = []
                locked { state in swap(&exported, &state.dirtySpares) }
                exported.removeAll()
                complete(generation: Self.finishedGeneration)
                return
            }
        }
    }

    /// Exports each segment of `segments` (one batch each), empties them and gives them back as
    /// spares, leaving `segments` empty. Returns whether shutdown abandoned the rest meanwhile.
    private func export(_ segments: inout [[Item]], shutdownDeadline: MonotonicInstant?) -> Bool {
        var abandoned = false
        for index in segments.indices {
            let count = segments[index].count
            if abandoned || count == 0 {
                segments[index].removeAll(keepingCapacity: true)
                continue
            }
            var deadline = configuration.exportDeadline(startingAt: .now())
            if let shutdownDeadline { deadline = min(deadline, shutdownDeadline) }
            let result = exporter.export(&segments[index], deadline)
            abandoned = locked { state -> Bool in
                if state.abandoned { return true }
                state.inFlight -= count
                switch result {
                case .success:
                    state.report.exported += count
                case .failure(let reason):
                    state.report.droppedExportFailed += count
                    state.report.lastFailure = reason
                }
                return false
            }
            if case .failure(let reason) = result {
                OtelDiagnostics.report(.warning, "export of \(count) \(itemName) failed: \(reason)")
            }
        }
        // Back to the spares, keeping their capacity (an exporter that kept a copy of its batch
        // makes the array reallocate on the next append; that is all). Up to `maxDirtySpares`
        // keep their items for a recording thread to free; the worker empties the rest, with no
        // lock held.
        // (Only the worker adds exported segments, so the room measured here can only grow.)
        var dirtyRoom = locked { state in maxDirtySpares - state.dirtySpares.count }
        for index in segments.indices where !segments[index].isEmpty {
            if dirtyRoom > 0 {
                dirtyRoom -= 1
            } else {
                segments[index].removeAll(keepingCapacity: true)
            }
        }
        return locked { state in
            while let segment = segments.popLast() {
                if segment.isEmpty {
                    state.spares.append(segment)
                } else {
                    state.dirtySpares.append(segment)
                }
            }
            return state.abandoned
        }
    }

    /// Records that `generation` is complete and wakes its waiters.
    private func complete(generation: UInt64) {
        let sleepers = locked { state -> [WakeableSleeper] in
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
