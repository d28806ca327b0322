import Foundation
import OtelSDK
import Synchronization
import Testing

@testable import CodexSessionTelemetry

/// Tasks that record in a loop, yielding now and then, each publishing how many calls it finished
/// (under one lock, so that a snapshot is a consistent cut).
private final class RecordingTasks: Sendable {
    let finished: Mutex<[Int]>
    let stop = Atomic<Bool>(false)
    /// Recording calls that threw.
    let failures = Atomic<Int>(0)

    init(count: Int) { finished = Mutex(Array(repeating: 0, count: count)) }

    /// Runs `record(task, sequence)` from `count` tasks until stopped or `limit` calls each.
    func run(count: Int, limit: Int, _ record: @escaping @Sendable (Int, Int) async -> Void) async {
        await withTaskGroup(of: Void.self) { group in
            for task in 0..<count {
                group.addTask {
                    for sequence in 0..<limit {
                        if self.stop.load(ordering: .relaxed) { return }
                        await record(task, sequence)
                        self.finished.withLock { $0[task] = sequence + 1 }
                        if sequence % 8 == 7 { await Task.yield() }
                    }
                }
            }
        }
    }

    var total: Int { finished.withLock { $0.reduce(0, +) } }
}

/// A value handed from a thread to a waiting task.
private final class Outcome<Value: Sendable>: Sendable {
    let value = Mutex<Value?>(nil)
}

/// Runs `operation` on a thread of its own, and waits for it without blocking the task, at most
/// `timeout`: nil then (a deadlock; the test fails instead of hanging).
private func onThread<Value: Sendable>(
    timeout: Duration = .seconds(20), _ operation: @escaping @Sendable () -> Value
) async -> Value? {
    let outcome = Outcome<Value>()
    Thread {
        let value = operation()
        outcome.value.withLock { $0 = value }
    }.start()
    let giveUp = ContinuousClock.now + timeout
    while ContinuousClock.now < giveUp {
        if let value = outcome.value.withLock({ $0 }) { return value }
        try? await Task.sleep(for: .milliseconds(2))
    }
    return nil
}

/// `OtelProvider.shutdown(timeout:)` and `MetricsClient.shutdown()` while many tasks record:
/// no crash, no deadlock, and nothing whose recording call finished before shutdown began is
/// lost (the batch queues are sized to hold everything the tasks can record).
@Suite("Shutdown races: OtelProvider and MetricsClient", .timeLimit(.minutes(3)))
struct CodexShutdownRaceTests {
    static let iterations = 20
    static let tasks = 12
    static let limit = 1_500

    @Test("OtelProvider.shutdown(timeout:) twice at once while tasks record spans, log records and metrics")
    func otelProvider() async throws {
        var overlapping = 0
        for iteration in 0..<Self.iterations {
            let spans = InMemorySpanExporter()
            let logs = InMemoryLogRecordExporter()
            let metricExporter = InMemoryMetricExporter()
            let queue = "\(Self.tasks * Self.limit)"
            let environment = OtelEnvironment([
                "OTEL_BSP_MAX_QUEUE_SIZE": queue, "OTEL_BLRP_MAX_QUEUE_SIZE": queue, "OTEL_BSP_SCHEDULE_DELAY": "2",
                "OTEL_BLRP_SCHEDULE_DELAY": "2", "OTEL_METRIC_EXPORT_INTERVAL": "3",
            ])
            let metrics = try MetricsClient(
                .inMemory(
                    environment: "test", serviceName: "codex", serviceVersion: "1", exporter: metricExporter,
                    variables: environment))
            let provider = OtelProvider.assemble(
                settings: OtelSettings(environment: "test", serviceName: "codex", serviceVersion: "1", codexHome: "/"),
                environment: environment, logExporter: logs, spanExporter: spans, metrics: metrics)
            let tracer = try #require(provider.tracerProvider).tracer("codex")
            let logger = try #require(provider.loggerProvider).logger(target: "codex_otel.log_only")
            let recorders = RecordingTasks(count: Self.tasks)
            let recording = Task {
                await recorders.run(count: Self.tasks, limit: Self.limit) { task, sequence in
                    let attributes: Attributes = ["task": .int(Int64(task)), "sequence": .int(Int64(sequence))]
                    tracer.startSpan("race", parent: .none, attributes: attributes).end()
                    logger.emit(LogRecord(severity: .info, body: "race", attributes: attributes))
                    do {
                        try metrics.counter("codex.race", increment: 1, tags: [("task", "t\(task)")])
                    } catch {
                        recorders.failures.add(1, ordering: .relaxed)
                    }
                }
            }
            let trigger = 50 + (iteration * 631) % (Self.tasks * Self.limit / 3)
            while recorders.total < trigger { try await Task.sleep(for: .microseconds(200)) }

            let before = recorders.finished.withLock { $0 }
            async let first = onThread { provider.shutdown(timeout: .seconds(5)) }
            async let second = onThread { provider.shutdown(timeout: .seconds(5)) }
            let reports = await [first, second]
            let after = recorders.finished.withLock { $0 }
            try await Task.sleep(for: .milliseconds(2))  // recording after shutdown does nothing
            recorders.stop.store(true, ordering: .relaxed)
            await recording.value

            guard let one = reports[0], let other = reports[1] else {
                Issue.record("iteration \(iteration): OtelProvider.shutdown did not return within 20 s (deadlock)")
                return
            }
            // One call shut everything down; the other found it done and reports nothing.
            let full = one.logs != nil ? one : other
            #expect((one.logs == nil) != (other.logs == nil), "iteration \(iteration): \(one) / \(other)")
            #expect(!full.lostAnything, "iteration \(iteration): \(full)")
            #expect(recorders.failures.load(ordering: .relaxed) == 0)

            Self.expectComplete(spans.finishedSpans.map(\.attributes), before: before, after: after, "spans")
            Self.expectComplete(logs.finishedLogRecords.map(\.attributes), before: before, after: after, "logs")
            let points = try #require(metricExporter.exportedBatches.last?.metric(named: "codex.race")?.sum?.points)
            for task in 0..<Self.tasks {
                let value = points.first { $0.attributes["task"] == .string("t\(task)") }?.value.doubleValue ?? 0
                #expect(Int(value) >= before[task] && Int(value) <= after[task] + 1, "task \(task): \(value)")
            }
            if after.reduce(0, +) > before.reduce(0, +) { overlapping += 1 }
        }
        #expect(overlapping >= Self.iterations / 2, "\(overlapping) of \(Self.iterations) iterations overlapped")
    }

    @Test("MetricsClient.shutdown() twice at once while tasks record: one succeeds, nothing is lost")
    func metricsClient() async throws {
        var overlapping = 0
        for iteration in 0..<Self.iterations {
            let exporter = InMemoryMetricExporter()
            let metrics = try MetricsClient(
                .inMemory(
                    environment: "test", serviceName: "codex", serviceVersion: "1", exporter: exporter,
                    variables: OtelEnvironment(["OTEL_METRIC_EXPORT_INTERVAL": "3"])))
            let recorders = RecordingTasks(count: Self.tasks)
            let recording = Task {
                await recorders.run(count: Self.tasks, limit: Self.limit) { task, sequence in
                    try? metrics.counter("codex.race", increment: 1, tags: [("task", "t\(task)")])
                    try? metrics.histogram("codex.race.size", value: Int64(sequence), tags: [("task", "t\(task)")])
                }
            }
            let trigger = 50 + (iteration * 631) % (Self.tasks * Self.limit / 3)
            while recorders.total < trigger { try await Task.sleep(for: .microseconds(200)) }

            let before = recorders.finished.withLock { $0 }
            async let first = onThread { Result { () throws(MetricsError) in try metrics.shutdown() } }
            async let second = onThread { Result { () throws(MetricsError) in try metrics.shutdown() } }
            let results = await [first, second]
            let after = recorders.finished.withLock { $0 }
            let batchesAtShutdown = exporter.exportedBatches.count
            try await Task.sleep(for: .milliseconds(5))
            recorders.stop.store(true, ordering: .relaxed)
            await recording.value

            guard let one = results[0], let other = results[1] else {
                Issue.record("iteration \(iteration): MetricsClient.shutdown did not return within 20 s (deadlock)")
                return
            }
            let succeeded = [one, other].filter { if case .success = $0 { return true } else { return false } }
            #expect(succeeded.count == 1, "iteration \(iteration): \(one) / \(other)")
            for case .failure(let error) in [one, other] {
                #expect(error == .providerShutdown(reason: MeterProviderError.alreadyShutDown.description))
            }
            // Nothing is exported after shutdown, however much is recorded.
            #expect(exporter.exportedBatches.count == batchesAtShutdown)
            let last = try #require(exporter.exportedBatches.last)
            let sums = try #require(last.metric(named: "codex.race")?.sum?.points)
            let histograms = try #require(last.metric(named: "codex.race.size")?.histogram?.points)
            for task in 0..<Self.tasks {
                let attributes: Attributes = ["task": .string("t\(task)")]
                let count = Int(sums.first { $0.attributes == attributes }?.value.doubleValue ?? 0)
                let recorded = Int(histograms.first { $0.attributes == attributes }?.count ?? 0)
                #expect(count >= before[task] && count <= after[task] + 1, "task \(task): \(count)")
                #expect(recorded >= before[task] && recorded <= after[task] + 1, "task \(task): \(recorded)")
            }
            if after.reduce(0, +) > before.reduce(0, +) { overlapping += 1 }
        }
        #expect(overlapping >= Self.iterations / 2, "\(overlapping) of \(Self.iterations) iterations overlapped")
    }

    /// Every item whose call finished before shutdown began was exported, exactly once, and none
    /// whose call began after shutdown returned.
    static func expectComplete(_ exported: [Attributes], before: [Int], after: [Int], _ what: String) {
        var seen = Array(repeating: Set<Int>(), count: before.count)
        for attributes in exported {
            guard case .int(let task)? = attributes["task"], case .int(let sequence)? = attributes["sequence"] else {
                continue
            }
            #expect(seen[Int(task)].insert(Int(sequence)).inserted, "\(what): \(task)/\(sequence) exported twice")
        }
        for task in before.indices {
            let lost = (0..<before[task]).filter { !seen[task].contains($0) }.count
            #expect(lost == 0, "\(what): task \(task) lost \(lost) of \(before[task]) recorded before shutdown")
            #expect(seen[task].allSatisfy { $0 <= after[task] }, "\(what): task \(task) exported after shutdown")
        }
    }
}
