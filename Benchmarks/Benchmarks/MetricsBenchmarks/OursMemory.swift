// Memory of the record path, read from /proc/self/statm around the recording (custom metrics, in
// KiB of resident memory): one million records over 2,000 series that already exist, and 200,000
// distinct attribute sets recorded into an instrument whose cardinality limit is 2,000.
import Benchmark
import OtelAPI
import OtelSDK

#if canImport(Glibc)
import Glibc
#endif

enum OursMemory {
    static let residentGrowth = BenchmarkMetric.custom(
        "resident growth (KiB)", polarity: .prefersSmaller, useScalingFactor: false)
    static let seriesExported = BenchmarkMetric.custom(
        "series collected", polarity: .prefersSmaller, useScalingFactor: false)

    /// Resident memory now, in KiB.
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

    static var configuration: Benchmark.Configuration {
        Benchmark.Configuration(
            metrics: [.wallClock, residentGrowth, seriesExported], timeUnits: .milliseconds, warmupIterations: 0,
            maxDuration: .seconds(20), maxIterations: 5)
    }

    static func register() {
        let names = (0..<2000).map { "series-\($0)" }
        Benchmark("memory.1Mrecords.2000series/ours", configuration: configuration) { benchmark in
            let reader = ManualMetricReader()
            let provider = SDKMeterProvider(resource: Resource(), readers: [reader])
            let counter = provider.meter("memory").counter("codex.turns")
            let attributes: [Attributes] = names.map { ["name": .string($0)] }
            for set in attributes { counter.add(1, attributes: set) }  // every series exists
            let before = residentKiB()
            benchmark.startMeasurement()
            for index in 0..<1_000_000 { counter.add(1, attributes: attributes[index % 2000]) }
            benchmark.stopMeasurement()
            benchmark.measurement(residentGrowth, max(0, residentKiB() - before))
            let points = ((try? reader.collect())?.scopeMetrics ?? []).flatMap(\.metrics).compactMap(\.sum).flatMap(
                \.points)
            benchmark.measurement(seriesExported, points.count)
            blackHole(provider)
        }

        Benchmark("memory.pastCardinalityLimit.200kSets/ours", configuration: configuration) { benchmark in
            let reader = ManualMetricReader()
            let provider = SDKMeterProvider(resource: Resource(), readers: [reader])
            let counter = provider.meter("memory").counter("codex.requests")
            for index in 0..<2000 { counter.add(1, attributes: ["request": .int(Int64(index))]) }
            let before = residentKiB()
            benchmark.startMeasurement()
            for index in 2000..<200_000 { counter.add(1, attributes: ["request": .int(Int64(index))]) }
            benchmark.stopMeasurement()
            benchmark.measurement(residentGrowth, max(0, residentKiB() - before))
            let points = ((try? reader.collect())?.scopeMetrics ?? []).flatMap(\.metrics).compactMap(\.sum).flatMap(
                \.points)
            benchmark.measurement(seriesExported, points.count)
            blackHole(provider)
        }
    }
}
