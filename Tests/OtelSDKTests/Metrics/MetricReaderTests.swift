import OtelAPI
import Synchronization
import Testing

@testable import OtelSDK

/// An exporter that counts its calls and can be told to fail.
final class RecordingMetricExporter: MetricExporter {
    private let state = Mutex<(batches: [ResourceMetrics], shutdowns: Int, flushes: Int)>(([], 0, 0))
    let result: ExportResult

    init(result: ExportResult = .success) { self.result = result }

    var batches: [ResourceMetrics] { state.withLock { $0.batches } }
    var shutdowns: Int { state.withLock { $0.shutdowns } }
    var flushes: Int { state.withLock { $0.flushes } }

    func export(_ metrics: ResourceMetrics, deadline: MonotonicInstant) -> ExportResult {
        state.withLock { $0.batches.append(metrics) }
        return result
    }

    func forceFlush(deadline: MonotonicInstant) -> ExportResult {
        state.withLock { $0.flushes += 1 }
        return .success
    }

    func shutdown(deadline: MonotonicInstant) -> ExportResult {
        state.withLock { $0.shutdowns += 1 }
        return .success
    }
}

@Suite("Metric readers")
struct MetricReaderTests {
    @Test func periodicReaderExportsOnItsInterval() async throws {
        let exporter = InMemoryMetricExporter()
        let provider = SDKMeterProvider(
            resource: Resource(),
            readers: [PeriodicExportingMetricReader(exporter: exporter, interval: .milliseconds(20))],
            environment: OtelEnvironment([:]))
        provider.meter("p").counter("ticks").add(1)
        #expect(await eventually { exporter.exportedBatches.count >= 3 })
        let values = exporter.metrics(named: "ticks").compactMap { $0.sum?.points.first?.value }
        #expect(values.allSatisfy { $0 == .int(1) })
        _ = provider.shutdown()
    }

    @Test func shutdownExportsWhatIsLeftOnceAndShutsTheExporterDown() throws {
        let exporter = RecordingMetricExporter()
        let provider = SDKMeterProvider(
            resource: Resource(),
            readers: [PeriodicExportingMetricReader(exporter: exporter, interval: .seconds(3600))],
            environment: OtelEnvironment([:]))
        let counter = provider.meter("p").counter("final")
        counter.add(4, attributes: ["a": "1"])
        counter.add(1, attributes: ["a": "2"])
        #expect(exporter.batches.isEmpty)
        let report = provider.shutdown(timeout: .seconds(5))
        #expect(report.exported == 2)
        #expect(report.completedInTime)
        #expect(report.lastFailure == nil)
        #expect(exporter.batches.count == 1)
        #expect(exporter.batches.first?.metric(named: "final")?.sum?.points.count == 2)
        #expect(exporter.shutdowns == 1)
        let second = provider.shutdown()
        #expect(second.lastFailure == MeterProviderError.alreadyShutDown.description)
        #expect(exporter.shutdowns == 1)
        #expect(provider.isShutdown)
    }

    @Test func forceFlushExportsNowAndFlushesTheExporter() throws {
        let exporter = RecordingMetricExporter()
        let provider = SDKMeterProvider(
            resource: Resource(),
            readers: [PeriodicExportingMetricReader(exporter: exporter, interval: .seconds(3600))],
            environment: OtelEnvironment([:]))
        provider.meter("p").counter("now").add(1)
        let report = provider.forceFlush(timeout: .seconds(5))
        #expect(report.exported == 1)
        #expect(exporter.batches.count == 1)
        #expect(exporter.flushes == 1)
        _ = provider.shutdown()
    }

    @Test func failedExportsAreCounted() throws {
        let exporter = RecordingMetricExporter(result: .failure(reason: "collector unreachable"))
        let provider = SDKMeterProvider(
            resource: Resource(),
            readers: [PeriodicExportingMetricReader(exporter: exporter, interval: .seconds(3600))],
            environment: OtelEnvironment([:]))
        provider.meter("p").counter("lost").add(1)
        let report = provider.shutdown()
        #expect(report.exported == 0)
        #expect(report.droppedExportFailed == 1)
        #expect(report.lastFailure == "collector unreachable")
    }

    @Test func intervalAndTimeoutComeFromTheEnvironment() {
        let environment = OtelEnvironment(["OTEL_METRIC_EXPORT_INTERVAL": "1500", "OTEL_METRIC_EXPORT_TIMEOUT": "250"])
        let reader = PeriodicExportingMetricReader(exporter: InMemoryMetricExporter(), environment: environment)
        #expect(reader.interval == .milliseconds(1500))
        #expect(reader.timeout == .milliseconds(250))
        let defaults = PeriodicExportingMetricReader(
            exporter: InMemoryMetricExporter(), environment: OtelEnvironment([:]))
        #expect(defaults.interval == .seconds(60))
        #expect(defaults.timeout == .seconds(30))
        let invalid = PeriodicExportingMetricReader(
            exporter: InMemoryMetricExporter(), environment: OtelEnvironment(["OTEL_METRIC_EXPORT_INTERVAL": "0"]))
        #expect(invalid.interval == .seconds(60))
        let explicit = PeriodicExportingMetricReader(
            exporter: InMemoryMetricExporter(), interval: .seconds(2), environment: environment)
        #expect(explicit.interval == .seconds(2))
    }

    @Test func manualReaderCollectsOnDemandOnly() throws {
        let reader = ManualMetricReader()
        #expect(throws: MetricReaderError.notRegistered) { try reader.collect() }
        let provider = SDKMeterProvider(resource: Resource(), readers: [reader], environment: OtelEnvironment([:]))
        provider.meter("m").counter("c").add(2)
        let collected = try reader.collect()
        #expect(collected.resource == Resource())
        #expect(collected.scopeMetrics.map(\.scope.name) == ["m"])
        #expect(collected.metric(named: "c")?.sum?.points.first?.value == .int(2))
        _ = provider.shutdown()
        #expect(throws: MetricReaderError.shutDown) { try reader.collect() }
    }

    @Test func releasingTheProviderShutsItDown() throws {
        let exporter = RecordingMetricExporter()
        do {
            let provider = SDKMeterProvider(
                resource: Resource(),
                readers: [PeriodicExportingMetricReader(exporter: exporter, interval: .seconds(3600))],
                environment: OtelEnvironment([:]))
            provider.meter("p").counter("released").add(1)
        }
        #expect(exporter.shutdowns == 1)
        #expect(exporter.batches.first?.metric(named: "released") != nil)
    }
}
