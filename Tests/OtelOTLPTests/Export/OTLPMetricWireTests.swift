import Foundation
import OtelOTLP
import OtelSDK
import Testing

/// Exports every metric point type over each protocol to the independent Python receiver and
/// checks the decoded fields.
@Suite("OTLP metrics on the wire", .serialized)
struct OTLPMetricWireTests {
    static let start = Timestamp(nanosecondsSinceEpoch: 1_700_000_000_000_000_000)
    static let time = Timestamp(nanosecondsSinceEpoch: 1_700_000_060_000_000_000)

    static func batch() -> ResourceMetrics {
        let attributes: Attributes = ["route": "chat", "success": true]
        let counter = MetricData(
            name: "codex.api_request", description: "requests", unit: "1",
            data: .sum(
                SumData(
                    points: [NumberDataPoint(attributes: attributes, startTime: start, time: time, value: .int(7))],
                    aggregationTemporality: .delta, isMonotonic: true)))
        let upDown = MetricData(
            name: "queue.depth", description: "", unit: "",
            data: .sum(
                SumData(
                    points: [NumberDataPoint(attributes: [:], startTime: start, time: time, value: .double(-2.5))],
                    aggregationTemporality: .cumulative, isMonotonic: false)))
        let gauge = MetricData(
            name: "cpu.temp", description: "", unit: "Cel",
            data: .gauge(
                GaugeData(points: [NumberDataPoint(attributes: [:], startTime: start, time: time, value: .double(41.5))]
                )))
        let histogram = MetricData(
            name: "codex.api_request.duration_ms", description: "Duration in milliseconds.", unit: "ms",
            data: .histogram(
                HistogramData(
                    points: [
                        HistogramDataPoint(
                            attributes: attributes, startTime: start, time: time, count: 3, sum: 120, min: 5, max: 90,
                            explicitBounds: [0, 5, 10, 25, 50, 75, 100], bucketCounts: [0, 1, 0, 0, 0, 1, 1, 0])
                    ], aggregationTemporality: .delta)))
        let exponential = MetricData(
            name: "latency.exp", description: "", unit: "s",
            data: .exponentialHistogram(
                ExponentialHistogramData(
                    points: [
                        ExponentialHistogramDataPoint(
                            attributes: [:], startTime: start, time: time, count: 6, sum: 10.5, min: -1, max: 4,
                            scale: -1, zeroCount: 1,
                            positive: ExponentialHistogramBuckets(offset: -2, bucketCounts: [1, 0, 3]),
                            negative: ExponentialHistogramBuckets(offset: 0, bucketCounts: [1]))
                    ], aggregationTemporality: .cumulative)))
        return ResourceMetrics(
            resource: Resource(attributes: ["service.name": "codex-cli", "env": "test"]),
            scopeMetrics: [
                ScopeMetrics(
                    scope: InstrumentationScope(name: "codex", version: "1.0"),
                    metrics: [counter, upDown, gauge, histogram, exponential])
            ])
    }

    @Test("every point type arrives intact", arguments: [OTLPProtocol.httpProtobuf, .httpJSON, .grpc])
    func points(wireProtocol: OTLPProtocol) throws {
        let receiver = try OTLPReceiver()
        defer { receiver.stop() }
        let endpoint: OTLPEndpoint =
            wireProtocol == .grpc ? .base(receiver.grpcURL) : .exact(receiver.httpURL + "/v1/metrics")
        let exporter = try OTLPMetricExporter(
            configuration: OTLPExporterConfiguration(endpoint: endpoint, protocol: wireProtocol, timeout: .seconds(5)),
            environment: OtelEnvironment([:]))
        #expect(exporter.export(Self.batch(), deadline: MonotonicInstant.now().advanced(by: .seconds(10))) == .success)
        let received = try receiver.received()
        try #require(received.count == 1)
        let scope = jsonValue(received[0], ["message", "resourceMetrics", 0, "scopeMetrics", 0])
        #expect(jsonValue(scope, ["scope", "name"]) as? String == "codex")
        let metrics = try #require(jsonValue(scope, ["metrics"]) as? [[String: Any]])
        let byName = Dictionary(uniqueKeysWithValues: metrics.map { ($0["name"] as? String ?? "", $0) })
        #expect(byName.count == 5)

        let sum = byName["codex.api_request"]
        #expect(jsonValue(sum, ["unit"]) as? String == "1")
        #expect(jsonValue(sum, ["sum", "aggregationTemporality"]) as? String == "AGGREGATION_TEMPORALITY_DELTA")
        #expect(jsonValue(sum, ["sum", "isMonotonic"]) as? Bool == true)
        #expect(jsonValue(sum, ["sum", "dataPoints", 0, "asInt"]) as? String == "7")
        #expect(jsonValue(sum, ["sum", "dataPoints", 0, "startTimeUnixNano"]) as? String == "1700000000000000000")
        #expect(jsonValue(sum, ["sum", "dataPoints", 0, "timeUnixNano"]) as? String == "1700000060000000000")
        #expect((jsonValue(sum, ["sum", "dataPoints", 0, "attributes"]) as? [Any])?.count == 2)

        let upDown = byName["queue.depth"]
        #expect((jsonValue(upDown, ["sum", "dataPoints", 0, "asDouble"]) as? NSNumber)?.doubleValue == -2.5)
        #expect(jsonValue(upDown, ["sum", "isMonotonic"]) == nil)
        #expect(
            jsonValue(upDown, ["sum", "aggregationTemporality"]) as? String == "AGGREGATION_TEMPORALITY_CUMULATIVE")

        #expect(
            (jsonValue(byName["cpu.temp"], ["gauge", "dataPoints", 0, "asDouble"]) as? NSNumber)?.doubleValue == 41.5)

        let histogram = jsonValue(byName["codex.api_request.duration_ms"], ["histogram", "dataPoints", 0])
        #expect(jsonValue(histogram, ["count"]) as? String == "3")
        #expect((jsonValue(histogram, ["sum"]) as? NSNumber)?.doubleValue == 120)
        #expect((jsonValue(histogram, ["min"]) as? NSNumber)?.doubleValue == 5)
        #expect((jsonValue(histogram, ["max"]) as? NSNumber)?.doubleValue == 90)
        #expect((jsonValue(histogram, ["bucketCounts"]) as? [String]) == ["0", "1", "0", "0", "0", "1", "1", "0"])
        #expect(
            (jsonValue(histogram, ["explicitBounds"]) as? [NSNumber])?.map(\.doubleValue) == [
                0, 5, 10, 25, 50, 75, 100,
            ])
        #expect(
            jsonValue(byName["codex.api_request.duration_ms"], ["description"]) as? String
                == "Duration in milliseconds.")

        let exponential = jsonValue(byName["latency.exp"], ["exponentialHistogram", "dataPoints", 0])
        #expect((jsonValue(exponential, ["scale"]) as? NSNumber)?.intValue == -1)
        #expect(jsonValue(exponential, ["zeroCount"]) as? String == "1")
        #expect(jsonValue(exponential, ["count"]) as? String == "6")
        #expect((jsonValue(exponential, ["positive", "offset"]) as? NSNumber)?.intValue == -2)
        #expect((jsonValue(exponential, ["positive", "bucketCounts"]) as? [String]) == ["1", "0", "3"])
        #expect((jsonValue(exponential, ["negative", "bucketCounts"]) as? [String]) == ["1"])
        #expect((jsonValue(exponential, ["min"]) as? NSNumber)?.doubleValue == -1)

        let resourceAttributes =
            jsonValue(received[0], ["message", "resourceMetrics", 0, "resource", "attributes"]) as? [[String: Any]]
        #expect(resourceAttributes?.contains { $0["key"] as? String == "env" } == true)
        #expect(exporter.temporality(for: .counter) == .cumulative)
    }

    @Test("the temporality preference decides per instrument kind")
    func temporality() throws {
        let exporter = try OTLPMetricExporter(
            configuration: OTLPExporterConfiguration(endpoint: .exact("http://127.0.0.1:9/v1/metrics")),
            environment: OtelEnvironment(["OTEL_EXPORTER_OTLP_METRICS_TEMPORALITY_PREFERENCE": "delta"]))
        #expect(exporter.temporality(for: .counter) == .delta)
        #expect(exporter.temporality(for: .histogram) == .delta)
        #expect(exporter.temporality(for: .upDownCounter) == .cumulative)
    }
}
