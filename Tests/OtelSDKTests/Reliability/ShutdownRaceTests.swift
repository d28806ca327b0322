import Foundation
import OtelSDK
import Synchronization
import Testing

/// Threads that record, and the bookkeeping of what each had finished recording at a moment.
///
/// Each thread runs `record(thread, sequence)` for sequence 0, 1, 2, … and publishes how many
/// calls it finished; ``snapshot()`` taken just before a shutdown begins says which calls
/// finished strictly before it.
final class RecordingThreads: Sendable {
    private final class Progress: Sendable {
        let finished = Atomic<Int>(0)
    }

    private let progress: [Progress]
    private let stop = Atomic<Bool>(false)
    private let done = DispatchGroup()

    /// Starts `count` threads, each recording at most `limit` times.
    init(count: Int, limit: Int, record: @escaping @Sendable (_ thread: Int, _ sequence: Int) -> Void) {
        progress = (0..<count).map { _ in Progress() }
        for thread in 0..<count {
            done.enter()
            Thread {
                var sequence = 0
                while sequence < limit, !self.stop.load(ordering: .relaxed) {
                    record(thread, sequence)
                    sequence += 1
                    self.progress[thread].finished.store(sequence, ordering: .releasing)
                }
                self.done.leave()
            }.start()
        }
    }

    /// How many calls each thread has finished.
    func snapshot() -> [Int] { progress.map { $0.finished.load(ordering: .acquiring) } }

    /// Waits until the threads have finished `total` calls together (or `timeout` passes).
    func waitForTotal(_ total: Int, timeout: Duration = .seconds(10)) {
        let deadline = MonotonicInstant.now().advanced(by: timeout)
        while snapshot().reduce(0, +) < total, !deadline.hasPassed { usleep(200) }
    }

    /// Stops the threads and waits for them; false when they did not stop within `timeout`.
    func stopAndJoin(timeout: Duration = .seconds(10)) -> Bool {
        stop.store(true, ordering: .relaxed)
        return done.wait(timeout: .now() + .milliseconds(Int(timeout.components.seconds) * 1000)) == .success
    }
}

/// Runs `operations` on threads of their own at once; returns their results, or nil when they
/// did not all return within `timeout` (a deadlock: the watchdog fails instead of hanging).
func runConcurrently<Result: Sendable>(
    timeout: Duration = .seconds(15), _ operations: [@Sendable () -> Result]
) -> [Result]? {
    let results = Mutex<[Int: Result]>([:])
    let done = DispatchGroup()
    for (index, operation) in operations.enumerated() {
        done.enter()
        Thread {
            let result = operation()
            results.withLock { $0[index] = result }
            done.leave()
        }.start()
    }
    guard done.wait(timeout: .now() + .milliseconds(Int(timeout.components.seconds) * 1000)) == .success else {
        return nil
    }
    let collected = results.withLock { $0 }
    return operations.indices.compactMap { collected[$0] }
}

/// Many threads record spans, log records and metrics while the providers shut down.
///
/// Asserted, over ``iterations`` runs of ``threads`` threads: no crash; no deadlock (shutdown and
/// the threads return within a watchdog's time); every span, record and increment whose call
/// finished before shutdown began is exported — the queues are sized to hold everything, so none
/// may be dropped; nothing started after shutdown returned is exported; and a second shutdown
/// racing the first returns without effect.
@Suite("Shutdown races: SDK providers", .timeLimit(.minutes(3)))
struct ShutdownRaceTests {
    static let iterations = 20
    static let threads = 12
    static let limitPerThread = 2_000

    @Test("spans, logs and metrics recorded before shutdown are all exported; later ones are no-ops")
    func recordingWhileShuttingDown() throws {
        var overlapping = 0
        for iteration in 0..<Self.iterations {
            if try Self.iteration(iteration) { overlapping += 1 }
        }
        // The threads did record while shutdown ran (else this would test nothing).
        #expect(overlapping >= Self.iterations / 2, "\(overlapping) of \(Self.iterations) iterations overlapped")
    }

    /// One run; returns whether recording went on while shutdown ran.
    static func iteration(_ iteration: Int) throws -> Bool {
        let capacity = threads * limitPerThread
        let batch = BatchExportConfiguration(
            maxQueueSize: capacity, scheduleDelay: .milliseconds(2), exportTimeout: .seconds(5), maxExportBatchSize: 256
        )
        let spanExporter = InMemorySpanExporter()
        let logExporter = InMemoryLogRecordExporter()
        let metricExporter = InMemoryMetricExporter()
        let empty = OtelEnvironment([:])
        let tracerProvider = SDKTracerProvider(
            sampler: AlwaysOnSampler(),
            spanProcessors: [BatchSpanProcessor(exporter: spanExporter, configuration: batch)],
            environment: empty)
        let loggerProvider = SDKLoggerProvider(
            processors: [BatchLogRecordProcessor(exporter: logExporter, configuration: batch)], environment: empty)
        let meterProvider = SDKMeterProvider(
            readers: [
                PeriodicExportingMetricReader(exporter: metricExporter, interval: .milliseconds(3), environment: empty)
            ], environment: empty)
        let tracer = tracerProvider.tracer("race")
        let logger = loggerProvider.logger(target: "race")
        let counter = meterProvider.meter("race").counter("race.calls")

        let recorders = RecordingThreads(count: threads, limit: limitPerThread) { thread, sequence in
            let attributes: Attributes = ["thread": .int(Int64(thread)), "sequence": .int(Int64(sequence))]
            tracer.startSpan("race", parent: .none, attributes: attributes).end()
            logger.emit(LogRecord(severity: .info, body: "race", attributes: attributes))
            counter.add(1, attributes: ["thread": .int(Int64(thread))])
        }
        // Shut down at a different moment each time, while every thread is still recording.
        recorders.waitForTotal(100 + (iteration * 997) % (capacity / 3))
        let before = recorders.snapshot()
        let shutdowns: [@Sendable () -> DeliveryReport] = [
            { tracerProvider.shutdown(timeout: .seconds(5)) },
            { loggerProvider.shutdown(timeout: .seconds(5)) },
            { meterProvider.shutdown(timeout: .seconds(5)) },
            { tracerProvider.shutdown(timeout: .seconds(5)) },
            { loggerProvider.shutdown(timeout: .seconds(5)) },
        ]
        let reports = runConcurrently(shutdowns)
        let after = recorders.snapshot()
        usleep(2_000)  // recording after shutdown: must do nothing, and not crash
        let joined = recorders.stopAndJoin()
        guard let reports else {
            Issue.record("iteration \(iteration): shutdown did not return within 15 s (deadlock)")
            return false
        }
        #expect(joined, "iteration \(iteration): recording threads did not stop (deadlock)")
        #expect(reports.allSatisfy { $0.dropped == 0 && $0.completedInTime }, "iteration \(iteration): \(reports)")
        #expect(reports[0].exported + reports[3].exported == spanExporter.finishedSpans.count)

        try expectComplete(
            "spans", spanExporter.finishedSpans.map(\.attributes), before: before, after: after, iteration: iteration)
        try expectComplete(
            "log records", logExporter.finishedLogRecords.map(\.attributes), before: before, after: after,
            iteration: iteration)

        // Cumulative sums: the last export holds each thread's total at shutdown.
        let points = try #require(metricExporter.exportedBatches.last?.metric(named: "race.calls")?.sum?.points)
        for thread in 0..<threads {
            let exported = points.first { $0.attributes["thread"] == .int(Int64(thread)) }?.value.doubleValue ?? 0
            #expect(
                Int(exported) >= before[thread] && Int(exported) <= after[thread] + 1,
                "iteration \(iteration), thread \(thread): \(exported) exported, \(before[thread]) before shutdown")
        }
        return after.reduce(0, +) > before.reduce(0, +)
    }

    /// Every call finished before shutdown is exported once; none started after it returned is.
    static func expectComplete(
        _ what: String, _ exported: [Attributes], before: [Int], after: [Int], iteration: Int
    ) throws {
        var seen = Array(repeating: Set<Int>(), count: before.count)
        for attributes in exported {
            guard case .int(let thread)? = attributes["thread"], case .int(let sequence)? = attributes["sequence"]
            else {
                Issue.record("\(what): an exported item without its thread and sequence: \(attributes)")
                continue
            }
            let (inserted, _) = seen[Int(thread)].insert(Int(sequence))
            #expect(inserted, "\(what): thread \(thread) sequence \(sequence) exported twice")
        }
        for thread in before.indices {
            let missing = (0..<before[thread]).filter { !seen[thread].contains($0) }
            let place = "iteration \(iteration), \(what), thread \(thread)"
            #expect(missing.isEmpty, "\(place): lost \(missing.count) of \(before[thread]), \(missing.prefix(5))")
            let late = seen[thread].filter { $0 > after[thread] }
            #expect(late.isEmpty, "\(place): exported \(late.count) started after shutdown returned")
        }
    }
}
