// Sustained export: spans recorded at a fixed 100,000 per second for 10 seconds through the
// default batch processor (queue 2048, batch 512, delay 5 s) and OTLP/HTTP protobuf to the
// embedded receiver on 127.0.0.1, which decodes every request. Custom metrics: spans per second
// achieved, delivered and dropped spans, and resident memory growth after the first second.
import Benchmark
import OtelAPI
import OtelOTLP
import OtelOTLPReceiver
import OtelSDK

#if canImport(Glibc)
import Glibc
#endif

enum SustainedExport {
    static let rate = 100_000
    static let seconds = 10

    static let achieved = BenchmarkMetric.custom("recorded spans/s", polarity: .prefersLarger, useScalingFactor: false)
    static let delivered = BenchmarkMetric.custom("delivered spans", polarity: .prefersLarger, useScalingFactor: false)
    static let dropped = BenchmarkMetric.custom("dropped spans", polarity: .prefersSmaller, useScalingFactor: false)
    static let residentGrowth = BenchmarkMetric.custom(
        "resident growth after 1 s (KiB)", polarity: .prefersSmaller, useScalingFactor: false)

    static func residentKiB() -> Int {
        let descriptor = open("/proc/self/statm", O_RDONLY)
        guard descriptor >= 0 else { return 0 }
        defer { close(descriptor) }
        var buffer = [UInt8](repeating: 0, count: 128)
        let count = read(descriptor, &buffer, buffer.count)
        guard count > 0 else { return 0 }
        let fields = String(decoding: buffer[..<count], as: UTF8.self).split(separator: " ")
        guard fields.count > 1, let pages = Int(fields[1]) else { return 0 }
        return pages * Int(sysconf(Int32(_SC_PAGESIZE))) / 1024
    }

    static func register() {
        let configuration = Benchmark.Configuration(
            metrics: [.wallClock, achieved, delivered, dropped, residentGrowth], timeUnits: .seconds,
            warmupIterations: 0, maxDuration: .seconds(60), maxIterations: 2)
        Benchmark("otlp.sustained.100kSpansPerSecond/ours", configuration: configuration) { benchmark in
            do {
                try run(benchmark)
            } catch {
                benchmark.error("sustained export: \(error)")
            }
        }
    }

    static func run(_ benchmark: Benchmark) throws {
        let receiver = try OTLPHTTPReceiver(configuration: .init(host: "127.0.0.1", port: 0))
        defer { receiver.stop() }
        let exporter = try OTLPSpanExporter(
            configuration: OTLPExporterConfiguration(endpoint: .base(receiver.baseURL), protocol: .httpProtobuf),
            environment: OtelEnvironment([:]))
        let processor = BatchSpanProcessor(exporter: exporter, configuration: .spanDefaults)
        let provider = SDKTracerProvider(
            resource: Resource(attributes: ["service.name": "codex-bench"]), sampler: AlwaysOnSampler(),
            spanProcessors: [processor], environment: OtelEnvironment([:]))
        let tracer = provider.tracer("codex-bench")

        // Bursts of 1,000 spans every 10 ms, each burst started on the clock (not after the last).
        let burst = rate / 100
        let start = MonotonicInstant.now()
        var residentAfterOneSecond = 0
        benchmark.startMeasurement()
        for tick in 0..<(seconds * 100) {
            let due = start.advanced(by: .milliseconds(10 * tick))
            while !due.hasPassed { usleep(200) }
            for index in 0..<burst {
                tracer.startSpan(
                    "codex.turn", kind: .client, parent: .none,
                    attributes: ["model": "gpt-5-codex", "turn": .int(Int64(index)), "success": true]
                ).end()
            }
            if tick == 100 { residentAfterOneSecond = residentKiB() }
        }
        let elapsed = MonotonicInstant.now().nanoseconds - start.nanoseconds
        benchmark.stopMeasurement()
        let residentAtEnd = residentKiB()
        let report = provider.shutdown(timeout: .seconds(30))
        let recorded = seconds * rate
        benchmark.measurement(achieved, Int(Double(recorded) / (Double(elapsed) / 1e9)))
        benchmark.measurement(delivered, receiver.statistics.traces.items)
        benchmark.measurement(dropped, report.droppedQueueFull + report.droppedExportFailed + report.droppedAtShutdown)
        benchmark.measurement(residentGrowth, max(0, residentAtEnd - residentAfterOneSecond))
    }
}
