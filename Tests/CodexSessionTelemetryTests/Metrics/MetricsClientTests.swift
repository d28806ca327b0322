import CodexSessionTelemetry
import OtelAPI
import OtelSDK
import Testing

/// A client exporting into memory, reading no process environment.
private func makeClient(
    _ configure: (MetricsConfig) throws -> MetricsConfig = { $0 }
) throws -> (MetricsClient, InMemoryMetricExporter) {
    let exporter = InMemoryMetricExporter()
    let config = try configure(
        .inMemory(
            environment: "test", serviceName: "codex-cli", serviceVersion: "1.2.3", exporter: exporter,
            variables: OtelEnvironment([:])))
    return (try MetricsClient(config), exporter)
}

@Suite("Metrics client")
struct MetricsClientTests {
    @Test func countersAreExportedOnShutdown() throws {
        let (metrics, exporter) = try makeClient()
        try metrics.counter("codex.turns", increment: 1, tags: [("model", "gpt-5.1")])
        try metrics.counter("codex.turns", increment: 2, tags: [("model", "gpt-5.1")])
        try metrics.counter("codex.turns", increment: 4, tags: [("model", "other")])
        #expect(exporter.exportedBatches.isEmpty)
        try metrics.shutdown()
        let metric = try #require(exporter.metrics(named: "codex.turns").last)
        let sum = try #require(metric.sum)
        #expect(sum.isMonotonic)
        #expect(sum.aggregationTemporality == .cumulative)
        #expect(sum.points.first { $0.attributes == ["model": "gpt-5.1"] }?.value == .int(3))
        #expect(sum.points.first { $0.attributes == ["model": "other"] }?.value == .int(4))
        #expect(exporter.exportedBatches.last?.scopeMetrics.first?.scope.name == "codex")
    }

    @Test func untaggedCountersAddUpThroughTheirBoundSeries() throws {
        // The first call binds the series with no attributes; later ones add into it directly.
        let (metrics, exporter) = try makeClient()
        for increment in [1, 2, 4] as [Int64] { try metrics.counter("codex.untagged", increment: increment) }
        #expect(throws: MetricsError.negativeCounterIncrement(name: "codex.untagged", increment: -8)) {
            try metrics.counter("codex.untagged", increment: -8)
        }
        try metrics.counter("codex.untagged", increment: 16, tags: [("model", "o3")])
        try metrics.shutdown()
        let sum = try #require(exporter.metrics(named: "codex.untagged").last?.sum)
        #expect(sum.points.first { $0.attributes.isEmpty }?.value == .int(7))
        #expect(sum.points.first { $0.attributes == ["model": "o3"] }?.value == .int(16))
    }

    @Test func secondShutdownFails() throws {
        let (metrics, exporter) = try makeClient()
        try metrics.shutdown()
        #expect(exporter.isShutdown)
        #expect(throws: MetricsError.providerShutdown(reason: "the meter provider is already shut down")) {
            try metrics.shutdown()
        }
    }

    @Test func resourceCarriesServiceEnvironmentAndSystem() throws {
        let (metrics, exporter) = try makeClient()
        try metrics.counter("codex.turns", increment: 1)
        try metrics.shutdown()
        let resource = try #require(exporter.exportedBatches.last?.resource)
        #expect(resource.attributes["service.name"] == "codex-cli")
        #expect(resource.attributes["service.version"] == "1.2.3")
        #expect(resource.attributes["env"] == "test")
        #expect(resource.attributes["os"] != nil)
        #expect(resource.attributes["os_version"] != nil)
        #expect(resource.attributes["telemetry.sdk.language"] == "swift")
    }

    @Test func environmentResourceAttributesYieldToTheConfiguration() throws {
        let exporter = InMemoryMetricExporter()
        let variables = OtelEnvironment([
            "OTEL_RESOURCE_ATTRIBUTES": "team=codex,service.name=from-attributes",
            "OTEL_SERVICE_NAME": "from-variable",
        ])
        let metrics = try MetricsClient(
            .inMemory(
                environment: "e", serviceName: "explicit", serviceVersion: "1", exporter: exporter, variables: variables
            ))
        #expect(metrics.provider.resource.attributes["service.name"] == "explicit")
        #expect(metrics.provider.resource.attributes["team"] == "codex")
        try metrics.shutdown()
    }

    @Test func durationsGoToAMillisecondHistogramOfTheirOwn() throws {
        let (metrics, exporter) = try makeClient()
        try metrics.recordDuration("codex.request", duration: .milliseconds(15), tags: [("route", "chat")])
        try metrics.histogram("codex.request", value: -3)
        try metrics.shutdown()
        let metrics15 = exporter.metrics(named: "codex.request")
        let duration = try #require(metrics15.first { $0.unit == "ms" })
        #expect(duration.description == "Duration in milliseconds.")
        let point = try #require(duration.histogram?.points.first)
        #expect(point.sum == 15)
        #expect(point.count == 1)
        #expect(point.explicitBounds == [0, 5, 10, 25, 50, 75, 100, 250, 500, 750, 1000, 2500, 5000, 7500, 10000])
        let plain = try #require(metrics15.first { $0.unit.isEmpty })
        #expect(plain.description.isEmpty)
        #expect(plain.histogram?.points.first?.sum == -3)
        #expect(plain.histogram?.points.first?.min == -3)
    }

    @Test func durationsRecordWholeMilliseconds() throws {
        let (metrics, exporter) = try makeClient()
        try metrics.recordDuration("d", duration: .microseconds(15_999))
        try metrics.recordDuration("d", duration: .seconds(-1))
        try metrics.shutdown()
        let point = try #require(exporter.metrics(named: "d").last?.histogram?.points.first)
        #expect(point.sum == 15)
        #expect(point.count == 2)
    }

    @Test func timerRecordsOnRecordAndAgainWhenReleased() throws {
        let (metrics, exporter) = try makeClient()
        do {
            let timer = try metrics.startTimer("codex.turn.e2e_duration_ms", tags: [("model", "m")])
            try timer.record([("model", "ignored"), ("success", "true")])
        }
        try metrics.shutdown()
        let points = try #require(exporter.metrics(named: "codex.turn.e2e_duration_ms").last?.histogram?.points)
        #expect(points.reduce(0) { $0 + $1.count } == 2)
        #expect(points.contains { $0.attributes == ["model": "m", "success": "true"] && $0.count == 1 })
        #expect(points.contains { $0.attributes == ["model": "m"] && $0.count == 1 })
        #expect(points.allSatisfy { $0.explicitBounds.count == 15 })
    }

    @Test func defaultTagsComeFirstAndCallerTagsWin() throws {
        let (metrics, exporter) = try makeClient {
            try $0.withTag("service", "default").withTag("region", "eu").withTag("region", "us")
        }
        #expect(metrics.config.defaultTags.map(\.0) == ["service", "region"])
        // Untagged calls record into the series of the default tags alone (a path of its own).
        try metrics.counter("c", increment: 1)
        try metrics.counter("c", increment: 2)
        try metrics.counter("c", increment: 1, tags: [("service", "override")])
        try metrics.counter("c", increment: 1, tags: [("service", "override")])
        try metrics.histogram("h", value: 5)
        try metrics.histogram("h", value: 7)
        try metrics.shutdown()
        let points = try #require(exporter.metrics(named: "c").last?.sum?.points)
        #expect(points.count == 2)
        let canonical = { (point: NumberDataPoint) in Set(point.attributes.map { "\($0.key)=\($0.value)" }) }
        #expect(points.contains { canonical($0) == ["service=default", "region=us"] && $0.value == .int(3) })
        #expect(points.contains { canonical($0) == ["service=override", "region=us"] && $0.value == .int(2) })
        let histogram = try #require(exporter.metrics(named: "h").last?.histogram?.points)
        #expect(histogram.count == 1)
        #expect(
            histogram.first.map { Set($0.attributes.map { "\($0.key)=\($0.value)" }) } == [
                "service=default", "region=us",
            ])
        #expect(histogram.first?.count == 2 && histogram.first?.sum == 12)
    }

    @Test func snapshotWithoutShutdown() throws {
        let (metrics, exporter) = try makeClient { $0.withRuntimeReader() }
        try metrics.counter("codex.tool.call", increment: 2, tags: [("tool", "shell")])
        let snapshot = try metrics.snapshot()
        let sum = try #require(snapshot.metric(named: "codex.tool.call")?.sum)
        #expect(sum.points.first?.value == .int(2))
        #expect(sum.aggregationTemporality == .delta)
        #expect(exporter.exportedBatches.isEmpty)
        try metrics.counter("codex.tool.call", increment: 1, tags: [("tool", "shell")])
        #expect(try metrics.snapshot().metric(named: "codex.tool.call")?.sum?.points.first?.value == .int(1))
        try metrics.shutdown()
        #expect(exporter.metrics(named: "codex.tool.call").last?.sum?.points.first?.value == .int(3))
        #expect(throws: MetricsError.runtimeSnapshotCollect(reason: MetricReaderError.shutDown.description)) {
            try metrics.snapshot()
        }
    }

    @Test func snapshotNeedsTheRuntimeReader() throws {
        let (metrics, _) = try makeClient()
        #expect(throws: MetricsError.runtimeSnapshotUnavailable) { try metrics.snapshot() }
        #expect(MetricsError.runtimeSnapshotUnavailable.description == "runtime metrics snapshot reader is not enabled")
        try metrics.shutdown()
    }

    @Test func exportIntervalComesFromTheConfigurationOrTheEnvironment() throws {
        let exporter = InMemoryMetricExporter()
        let fromEnvironment = try MetricsClient(
            .inMemory(
                environment: "e", serviceName: "s", serviceVersion: "1", exporter: exporter,
                variables: OtelEnvironment(["OTEL_METRIC_EXPORT_INTERVAL": "2500"])))
        let reader = try #require(fromEnvironment.provider.readers.first as? PeriodicExportingMetricReader)
        #expect(reader.interval == .milliseconds(2500))
        let (explicit, _) = try makeClient { $0.withExportInterval(.seconds(5)) }
        #expect((explicit.provider.readers.first as? PeriodicExportingMetricReader)?.interval == .seconds(5))
        let (defaulted, _) = try makeClient()
        #expect((defaulted.provider.readers.first as? PeriodicExportingMetricReader)?.interval == .seconds(60))
        try fromEnvironment.shutdown()
        try explicit.shutdown()
        try defaulted.shutdown()
    }

    @Test func concurrentRecordingKeepsExactTotals() async throws {
        let (metrics, exporter) = try makeClient()
        await withTaskGroup(of: Void.self) { group in
            for task in 0..<8 {
                group.addTask {
                    for _ in 0..<1_000 {
                        try? metrics.counter(
                            "codex.turns", increment: 1,
                            tags: [("model", "m"), ("task", task.isMultiple(of: 2) ? "even" : "odd")])
                        try? metrics.histogram("codex.tokens", value: 3)
                    }
                }
            }
        }
        try metrics.shutdown()
        let points = try #require(exporter.metrics(named: "codex.turns").last?.sum?.points)
        #expect(points.compactMap { if case .int(let value) = $0.value { value } else { nil } }.reduce(0, +) == 8_000)
        #expect(points.count == 2)
        #expect(exporter.metrics(named: "codex.tokens").last?.histogram?.points.first?.count == 8_000)
    }
}
