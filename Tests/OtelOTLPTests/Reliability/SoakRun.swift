import Foundation
import OtelOTLP
import Synchronization

/// The soak's settings: rates, phases, timeouts. The duration is ``SoakPlan/phases``' total:
/// 60 seconds.
enum SoakPlan {
    /// One fault phase: a receiver mode (see scripts/otlp_receiver.py) held for some seconds.
    struct Phase {
        let name: String
        let seconds: Int
        let mode: String
    }

    static let normal = #"{"mode": "ok"}"#
    /// Slower than any attempt's timeout; the receiver then hangs up without answering or counting,
    /// so that a timed-out request is never also counted as delivered.
    static let slow = #"{"delay_ms": 5000, "discard": true}"#

    /// normal → down → normal → 503 with Retry-After → slow → garbage → normal, then slow again so
    /// that shutdown meets full queues and a receiver that never answers.
    static let phases: [Phase] = [
        Phase(name: "normal", seconds: 8, mode: normal),
        Phase(name: "down", seconds: 8, mode: #"{"mode": "down"}"#),
        Phase(name: "normal-2", seconds: 8, mode: normal),
        Phase(name: "503-retry-after", seconds: 8, mode: #"{"mode": "status", "status": 503, "retry_after": "1"}"#),
        Phase(name: "slow", seconds: 8, mode: slow),
        Phase(name: "garbage-body", seconds: 4, mode: #"{"garbage": true}"#),
        Phase(name: "garbage-bytes", seconds: 4, mode: #"{"garbage_bytes": true}"#),
        Phase(name: "normal-3", seconds: 8, mode: normal),
        Phase(name: "slow-at-shutdown", seconds: 4, mode: slow),
    ]

    static var duration: Duration { .seconds(phases.reduce(0) { $0 + $1.seconds }) }

    /// Producer threads; each records its share of every rate.
    static let producers = 2
    /// Records per second over all producers.
    static let spansPerSecond = 2_000
    static let logsPerSecond = 2_000
    static let metricRecordsPerSecond = 10_000
    /// Producers record in ticks of 10 ms.
    static let ticksPerSecond = 100

    /// Each attempt of an OTLP request; a batch export (retries included) gets ``exportTimeout``.
    static let attemptTimeout: Duration = .milliseconds(1500)
    static let exportTimeout: Duration = .seconds(3)
    static let shutdownDeadline: Duration = .seconds(5)
    /// The header every exporter sends; it must never be printed.
    static let apiKey = "soak-api-key-5f0c1d2e-never-print-me"

    static let counterName = "soak.records"
    static let histogramName = "soak.duration"
}

/// The figures one soak run measured, written by the child process as JSON.
struct SoakFigures: Codable {
    struct Latency: Codable {
        var calls: Int
        var worstNanoseconds: UInt64
        var p999Nanoseconds: UInt64
        var p99Nanoseconds: UInt64
        var medianNanoseconds: UInt64
        /// The worst call in each phase (phase name → nanoseconds).
        var worstByPhase: [String: UInt64]
    }

    /// Spans or log records: what was recorded, what the receiver counted, what the processor says.
    struct Books: Codable {
        var emitted: Int
        var delivered: Int
        var exported: Int
        var droppedQueueFull: Int
        var droppedExportFailed: Int
        var droppedAtShutdown: Int
        var dropped: Int { droppedQueueFull + droppedExportFailed + droppedAtShutdown }
    }

    /// Measurements of one instrument: recorded, counted by the receiver, in exports that succeeded
    /// and in exports that failed (delta temporality: a failed export loses its interval).
    struct MetricBooks: Codable {
        var emitted: Int
        var delivered: Int
        var exported: Int
        var dropped: Int
    }

    struct Exporter: Codable {
        var requests: Int
        var retries: Int
        var batchesSucceeded: Int
        var batchesFailed: Int
        var itemsDropped: Int
    }

    struct Phase: Codable {
        var name: String
        var seconds: Double
        /// Spans, log records and counter increments the receiver accepted during the phase.
        var deliveredSpans: Int
        var deliveredLogs: Int
        var deliveredCounter: Int
        /// Span, log and metric batches the exporters gave up on during the phase.
        var failedBatches: Int
    }

    var durationSeconds: Double
    var producers: Int
    var rates: [String: Int]
    var phases: [Phase]
    var latency: [String: Latency]
    var rssStartBytes: UInt64
    var rssMaxBytes: UInt64
    var rssEndBytes: UInt64
    var rssSamples: Int
    var spans: Books
    var logs: Books
    var metrics: [String: MetricBooks]
    var exporters: [String: Exporter]
    var shutdownSeconds: [String: Double]
    var shutdownDeadlineSeconds: Double
    var diagnostics: Int
    var diagnosticSamples: [String]
    var secretLeaks: [String]
}

/// Resident memory of this process, from /proc/self/statm.
enum ResidentMemory {
    static func bytes() -> UInt64 {
        guard let text = try? String(contentsOfFile: "/proc/self/statm", encoding: .utf8) else { return 0 }
        let fields = text.split(separator: " ")
        guard fields.count > 1, let pages = UInt64(fields[1]) else { return 0 }
        return pages * UInt64(sysconf(Int32(_SC_PAGESIZE)))
    }
}

/// Wraps the OTLP metric exporter to count, per instrument, the measurements in exports that
/// succeeded and in exports that failed (a counter's increments, a histogram's count).
final class CountingMetricExporter: MetricExporter {
    struct Tallies {
        var exported: [String: Int] = [:]
        var dropped: [String: Int] = [:]
        var inFlight = 0
    }

    let inner: OTLPMetricExporter
    let tallies = Mutex(Tallies())

    init(_ inner: OTLPMetricExporter) { self.inner = inner }

    func export(_ metrics: ResourceMetrics, deadline: MonotonicInstant) -> ExportResult {
        var totals: [String: Int] = [:]
        for metric in metrics.allMetrics {
            switch metric.data {
            case .sum(let sum):
                totals[metric.name, default: 0] += sum.points.reduce(0) { $0 + Int($1.value.doubleValue) }
            case .histogram(let histogram):
                totals[metric.name, default: 0] += histogram.points.reduce(0) { $0 + Int($1.count) }
            default: continue
            }
        }
        tallies.withLock { $0.inFlight += 1 }
        let result = inner.export(metrics, deadline: deadline)
        tallies.withLock { tallies in
            tallies.inFlight -= 1
            for (name, total) in totals {
                if result.isSuccess {
                    tallies.exported[name, default: 0] += total
                } else {
                    tallies.dropped[name, default: 0] += total
                }
            }
        }
        return result
    }

    func forceFlush(deadline: MonotonicInstant) -> ExportResult { inner.forceFlush(deadline: deadline) }
    func shutdown(deadline: MonotonicInstant) -> ExportResult { inner.shutdown(deadline: deadline) }
    func temporality(for kind: InstrumentKind) -> AggregationTemporality { inner.temporality(for: kind) }
}

/// What the run's threads share: the current phase, results, samples, diagnostics.
final class SoakShared: Sendable {
    /// The index of the phase in force.
    let phase = Atomic<Int>(0)
    let results = Mutex<[ProducerResult]>([])
    let stopSampling = Atomic<Bool>(false)
    let rss = Mutex<(samples: Int, max: UInt64)>((0, 0))
    let shutdownSeconds = Mutex<[String: Double]>([:])
    /// Diagnostics reported: how many, the first distinct ones, and any holding the API key.
    let diagnostics = Mutex<(count: Int, samples: [String], leaks: [String])>((0, [], []))
}

/// Why the soak could not finish.
struct SoakFailure: Error, CustomStringConvertible {
    let description: String
}

/// One producer's measurements: every call's duration in nanoseconds, per signal.
struct ProducerResult: Sendable {
    var spans: [UInt32] = []
    var logs: [UInt32] = []
    var metrics: [UInt32] = []
    var counterAdds = 0
    var histogramRecords = 0
    /// The worst call per phase, per signal: [span, log, metric][phase].
    var worstByPhase: [[UInt64]]
}

/// Runs the soak: real SDK pipelines exporting over OTLP/HTTP protobuf to scripts/otlp_receiver.py
/// while it goes through the fault phases, with producers recording at fixed rates.
struct SoakRun {
    let receiver: OTLPReceiver

    init() throws {
        receiver = try OTLPReceiver(arguments: ["--data-port", "0", "--count-only", "--max-seconds", "400"])
    }

    func execute() throws -> SoakFigures {
        let shared = SoakShared()
        OtelDiagnostics.setHandler(minimumLevel: .debug) { _, message in
            shared.diagnostics.withLock { state in
                state.count += 1
                if state.samples.count < 12, !state.samples.contains(message) { state.samples.append(message) }
                if message.contains(SoakPlan.apiKey) { state.leaks.append(message) }
            }
        }
        defer { OtelDiagnostics.setHandler(nil) }

        let configuration = OTLPExporterConfiguration(
            endpoint: .base(receiver.dataURL), protocol: .httpProtobuf, headers: ["x-api-key": SoakPlan.apiKey],
            timeout: SoakPlan.attemptTimeout)
        let empty = OtelEnvironment([:])
        let batch = BatchExportConfiguration(
            maxQueueSize: 2048, scheduleDelay: .milliseconds(500), exportTimeout: SoakPlan.exportTimeout,
            maxExportBatchSize: 512)
        let resource = Resource(attributes: ["service.name": "soak"])
        let spanExporter = try OTLPSpanExporter(configuration: configuration, environment: empty)
        let logExporter = try OTLPLogRecordExporter(configuration: configuration, environment: empty)
        let metricExporter = CountingMetricExporter(
            try OTLPMetricExporter(configuration: configuration, temporalityPreference: .delta, environment: empty))
        let spanProcessor = BatchSpanProcessor(exporter: spanExporter, configuration: batch)
        let logProcessor = BatchLogRecordProcessor(exporter: logExporter, configuration: batch)
        let tracerProvider = SDKTracerProvider(
            resource: resource, sampler: AlwaysOnSampler(), spanProcessors: [spanProcessor], environment: empty)
        let loggerProvider = SDKLoggerProvider(resource: resource, processors: [logProcessor], environment: empty)
        let meterProvider = SDKMeterProvider(
            resource: resource,
            readers: [
                PeriodicExportingMetricReader(
                    exporter: metricExporter, interval: .seconds(1), timeout: SoakPlan.exportTimeout,
                    environment: empty)
            ], environment: empty)

        let phaseCount = SoakPlan.phases.count
        let callsPerProducer = Int(SoakPlan.duration.components.seconds) * SoakPlan.ticksPerSecond
        let tracer = tracerProvider.tracer("soak")
        let logger = loggerProvider.logger(target: "soak")
        let meter = meterProvider.meter("soak")
        let counter = meter.counter(SoakPlan.counterName)
        let histogram = meter.histogram(SoakPlan.histogramName)

        let rssStart = ResidentMemory.bytes()
        let sampler = Thread {
            while !shared.stopSampling.load(ordering: .acquiring) {
                let bytes = ResidentMemory.bytes()
                shared.rss.withLock { $0 = ($0.samples + 1, max($0.max, bytes)) }
                usleep(250_000)
            }
        }
        sampler.start()

        let start = MonotonicInstant.now()
        let producersDone = DispatchGroup()
        for index in 0..<SoakPlan.producers {
            producersDone.enter()
            let thread = Thread {
                let result = Self.produce(
                    index: index, start: start, ticks: callsPerProducer, phases: phaseCount, shared: shared,
                    tracer: tracer, logger: logger, counter: counter, histogram: histogram)
                shared.results.withLock { $0.append(result) }
                producersDone.leave()
            }
            thread.start()
        }

        // The phases, on this thread: set the mode, hold it, count what the receiver accepted.
        var phases: [SoakFigures.Phase] = []
        var previous = try receiver.counts()
        var previousFailures = 0
        for (index, phase) in SoakPlan.phases.enumerated() {
            let phaseStart = MonotonicInstant.now()
            try receiver.setMode(phase.mode)
            shared.phase.store(index, ordering: .releasing)
            let phaseEnd = start.advanced(by: .seconds(SoakPlan.phases[...index].reduce(0) { $0 + $1.seconds }))
            while !phaseEnd.hasPassed { usleep(UInt32(min(phaseEnd.remaining.nanosecondsClamped / 1000, 100_000))) }
            let counts = try receiver.counts()
            let failures =
                spanExporter.statistics.batchesFailed + logExporter.statistics.batchesFailed
                + metricExporter.inner.statistics.batchesFailed
            phases.append(
                SoakFigures.Phase(
                    name: phase.name,
                    seconds: Double(MonotonicInstant.now().nanoseconds - phaseStart.nanoseconds) / 1e9,
                    deliveredSpans: counts.traces.items - previous.traces.items,
                    deliveredLogs: counts.logs.items - previous.logs.items,
                    deliveredCounter: Int(
                        (counts.metrics.values?[SoakPlan.counterName] ?? 0)
                            - (previous.metrics.values?[SoakPlan.counterName] ?? 0)),
                    failedBatches: failures - previousFailures))
            previous = counts
            previousFailures = failures
        }
        producersDone.wait()
        let elapsed = Double(MonotonicInstant.now().nanoseconds - start.nanoseconds) / 1e9

        // Shutdown, the three providers at once, each with the same deadline, against a receiver
        // that never answers.
        let shutdownsDone = DispatchGroup()
        let shutdowns: [(String, @Sendable () -> Void)] = [
            ("traces", { _ = tracerProvider.shutdown(timeout: SoakPlan.shutdownDeadline) }),
            ("logs", { _ = loggerProvider.shutdown(timeout: SoakPlan.shutdownDeadline) }),
            ("metrics", { _ = meterProvider.shutdown(timeout: SoakPlan.shutdownDeadline) }),
        ]
        for (name, shutdown) in shutdowns {
            shutdownsDone.enter()
            Thread {
                let began = MonotonicInstant.now()
                shutdown()
                let seconds = Double(MonotonicInstant.now().nanoseconds - began.nanoseconds) / 1e9
                shared.shutdownSeconds.withLock { $0[name] = seconds }
                shutdownsDone.leave()
            }.start()
        }
        if shutdownsDone.wait(timeout: .now() + .seconds(30)) == .timedOut {
            throw SoakFailure(description: "the providers' shutdown did not return within 30 s")
        }
        // Exports abandoned at the deadline end with their current attempt (at most one attempt
        // timeout later); wait for them before the receiver's final count.
        let settled = MonotonicInstant.now().advanced(by: SoakPlan.attemptTimeout + .milliseconds(500))
        while !settled.hasPassed || metricExporter.tallies.withLock({ $0.inFlight }) > 0 {
            usleep(50_000)
            if MonotonicInstant.now() > settled.advanced(by: .seconds(10)) { break }
        }
        shared.stopSampling.store(true, ordering: .releasing)
        let rssEnd = ResidentMemory.bytes()
        let counts = try receiver.counts()

        let results = shared.results.withLock { $0 }
        let names = SoakPlan.phases.map(\.name)
        let spanReport = spanProcessor.report
        let logReport = logProcessor.report
        let tallies = metricExporter.tallies.withLock { $0 }
        let counterAdds = results.reduce(0) { $0 + $1.counterAdds }
        let histogramRecords = results.reduce(0) { $0 + $1.histogramRecords }
        let diagnostics = shared.diagnostics.withLock { $0 }
        return SoakFigures(
            durationSeconds: elapsed, producers: SoakPlan.producers,
            rates: [
                "spans": SoakPlan.spansPerSecond, "logs": SoakPlan.logsPerSecond,
                "metrics": SoakPlan.metricRecordsPerSecond,
            ],
            phases: phases,
            latency: [
                "span": Self.latency(results.map(\.spans), worst: results.map { $0.worstByPhase[0] }, phases: names),
                "log": Self.latency(results.map(\.logs), worst: results.map { $0.worstByPhase[1] }, phases: names),
                "metric": Self.latency(
                    results.map(\.metrics), worst: results.map { $0.worstByPhase[2] }, phases: names),
            ],
            rssStartBytes: rssStart, rssMaxBytes: max(shared.rss.withLock { $0.max }, rssEnd), rssEndBytes: rssEnd,
            rssSamples: shared.rss.withLock { $0.samples },
            spans: SoakFigures.Books(
                emitted: results.reduce(0) { $0 + $1.spans.count }, delivered: counts.traces.items,
                exported: spanReport.exported, droppedQueueFull: spanReport.droppedQueueFull,
                droppedExportFailed: spanReport.droppedExportFailed, droppedAtShutdown: spanReport.droppedAtShutdown),
            logs: SoakFigures.Books(
                emitted: results.reduce(0) { $0 + $1.logs.count }, delivered: counts.logs.items,
                exported: logReport.exported, droppedQueueFull: logReport.droppedQueueFull,
                droppedExportFailed: logReport.droppedExportFailed, droppedAtShutdown: logReport.droppedAtShutdown),
            metrics: [
                SoakPlan.counterName: SoakFigures.MetricBooks(
                    emitted: counterAdds, delivered: Int(counts.metrics.values?[SoakPlan.counterName] ?? 0),
                    exported: tallies.exported[SoakPlan.counterName] ?? 0,
                    dropped: tallies.dropped[SoakPlan.counterName] ?? 0),
                SoakPlan.histogramName: SoakFigures.MetricBooks(
                    emitted: histogramRecords, delivered: Int(counts.metrics.values?[SoakPlan.histogramName] ?? 0),
                    exported: tallies.exported[SoakPlan.histogramName] ?? 0,
                    dropped: tallies.dropped[SoakPlan.histogramName] ?? 0),
            ],
            exporters: [
                "traces": Self.figures(spanExporter.statistics), "logs": Self.figures(logExporter.statistics),
                "metrics": Self.figures(metricExporter.inner.statistics),
            ],
            shutdownSeconds: shared.shutdownSeconds.withLock { $0 },
            shutdownDeadlineSeconds: Double(SoakPlan.shutdownDeadline.components.seconds),
            diagnostics: diagnostics.count, diagnosticSamples: diagnostics.samples, secretLeaks: diagnostics.leaks)
    }

    /// One producer: every 10 ms tick records its share of spans, log records and metric
    /// measurements, timing each call; a late tick is caught up at once (the rate is fixed).
    static func produce(
        index: Int, start: MonotonicInstant, ticks: Int, phases: Int, shared: SoakShared, tracer: any Tracer,
        logger: any Logger, counter: any Counter<Int64>, histogram: any Histogram<Double>
    ) -> ProducerResult {
        let spansPerTick = SoakPlan.spansPerSecond / SoakPlan.ticksPerSecond / SoakPlan.producers
        let logsPerTick = SoakPlan.logsPerSecond / SoakPlan.ticksPerSecond / SoakPlan.producers
        let metricsPerTick = SoakPlan.metricRecordsPerSecond / SoakPlan.ticksPerSecond / SoakPlan.producers
        var result = ProducerResult(worstByPhase: Array(repeating: Array(repeating: 0, count: phases), count: 3))
        result.spans.reserveCapacity(ticks * spansPerTick + 16)
        result.logs.reserveCapacity(ticks * logsPerTick + 16)
        result.metrics.reserveCapacity(ticks * metricsPerTick + 16)
        let spanAttributes: Attributes = ["soak.producer": .int(Int64(index)), "soak.signal": "span"]
        let logAttributes: Attributes = ["soak.producer": .int(Int64(index)), "soak.signal": "log"]
        let routes: [Attributes] = ["a", "b", "c", "d"].map { ["route": .string($0)] }
        let tickNanoseconds = UInt64(1_000_000_000 / SoakPlan.ticksPerSecond)
        var done = 0
        var metricIndex = 0

        @inline(__always)
        func timed(_ signal: Int, _ phase: Int, _ call: () -> Void) -> UInt32 {
            let before = MonotonicInstant.now().nanoseconds
            call()
            let nanoseconds = MonotonicInstant.now().nanoseconds - before
            if nanoseconds > result.worstByPhase[signal][phase] { result.worstByPhase[signal][phase] = nanoseconds }
            return UInt32(clamping: nanoseconds)
        }

        while done < ticks {
            let due = min(ticks, Int((MonotonicInstant.now().nanoseconds - start.nanoseconds) / tickNanoseconds) + 1)
            while done < due {
                let phase = shared.phase.load(ordering: .relaxed)
                for _ in 0..<spansPerTick {
                    result.spans.append(
                        timed(0, phase) {
                            tracer.startSpan("soak.operation", parent: .none, attributes: spanAttributes).end()
                        })
                }
                for _ in 0..<logsPerTick {
                    result.logs.append(
                        timed(1, phase) {
                            logger.emit(LogRecord(severity: .info, body: "soak record", attributes: logAttributes))
                        })
                }
                for _ in 0..<metricsPerTick {
                    let route = routes[metricIndex & 3]
                    if metricIndex & 1 == 0 {
                        result.metrics.append(timed(2, phase) { counter.add(1, attributes: route) })
                        result.counterAdds += 1
                    } else {
                        result.metrics.append(
                            timed(2, phase) { histogram.record(Double(metricIndex % 250), attributes: route) })
                        result.histogramRecords += 1
                    }
                    metricIndex += 1
                }
                done += 1
            }
            let next = start.nanoseconds + UInt64(done) * tickNanoseconds
            let now = MonotonicInstant.now().nanoseconds
            if done < ticks, next > now { usleep(UInt32((next - now) / 1000)) }
        }
        return result
    }

    static func latency(_ samples: [[UInt32]], worst: [[UInt64]], phases: [String]) -> SoakFigures.Latency {
        var all = samples.flatMap { $0 }
        all.sort()
        func percentile(_ fraction: Double) -> UInt64 {
            guard !all.isEmpty else { return 0 }
            return UInt64(all[min(all.count - 1, Int(Double(all.count) * fraction))])
        }
        var byPhase: [String: UInt64] = [:]
        for (index, name) in phases.enumerated() { byPhase[name] = worst.map { $0[index] }.max() ?? 0 }
        return SoakFigures.Latency(
            calls: all.count, worstNanoseconds: worst.flatMap { $0 }.max() ?? 0, p999Nanoseconds: percentile(0.999),
            p99Nanoseconds: percentile(0.99), medianNanoseconds: percentile(0.5), worstByPhase: byPhase)
    }

    static func figures(_ statistics: OTLPExportStatistics) -> SoakFigures.Exporter {
        SoakFigures.Exporter(
            requests: statistics.requests, retries: statistics.retries, batchesSucceeded: statistics.batchesSucceeded,
            batchesFailed: statistics.batchesFailed, itemsDropped: statistics.itemsDropped)
    }
}
