import Foundation
import OtelOTLP
import OtelSDK
import OtelStatsig
import Testing

@Suite("Statsig preset against the loopback receiver", .serialized)
struct StatsigLoopbackTests {
    @Test("posts OTLP/JSON metrics to the endpoint with the statsig-api-key header")
    func statsigWire() throws {
        let receiver = try OTLPReceiver()
        defer { receiver.stop() }
        let preset = try StatsigPreset(
            apiKey: "statsig-client-key", endpoint: receiver.httpURL + "/v1/metrics", environment: OtelEnvironment([:]))
        let exporter = try OTLPMetricExporter(
            configuration: preset.metricsConfiguration, temporalityPreference: .delta, environment: OtelEnvironment([:])
        )
        #expect(
            exporter.export(OTLPMetricWireTests.batch(), deadline: MonotonicInstant.now().advanced(by: .seconds(10)))
                == .success)
        let received = try receiver.received()
        try #require(received.count == 1)
        #expect(received[0]["path"] as? String == "/v1/metrics")
        #expect(received[0]["transport"] as? String == "http-json")
        #expect((received[0]["content_type"] as? String)?.hasPrefix("application/json") == true)
        #expect(jsonValue(received[0], ["headers", "statsig-api-key"]) as? String == "statsig-client-key")
        let names =
            (jsonValue(received[0], ["message", "resourceMetrics", 0, "scopeMetrics", 0, "metrics"]) as? [[String: Any]])?
            .compactMap { $0["name"] as? String }
        #expect(names?.contains("codex.api_request") == true)
        #expect(!String(describing: preset).contains("statsig-client-key"))
        #expect(!exporter.configuration.description.contains("statsig-client-key"))
    }
}
