import OtelOTLP
import OtelSDK
import Testing

@testable import OtelStatsig

@Suite("Statsig preset")
struct StatsigPresetTests {
    @Test("resolves to OTLP/HTTP JSON at Statsig's metrics endpoint with the key header")
    func resolves() throws {
        let preset = try StatsigPreset(apiKey: "client-key-123", environment: OtelEnvironment([:]))
        let resolved = try preset.metricsConfiguration.resolved(for: .metrics, environment: OtelEnvironment([:]))
        #expect(resolved.protocol == .httpJSON)
        #expect(resolved.url.description == "https://ab.chatgpt.com/otlp/v1/metrics")
        #expect(resolved.headers.count == 1)
        #expect(resolved.headers.first?.name == "statsig-api-key")
        #expect(resolved.headers.first?.value == "client-key-123")
    }

    @Test("the key falls back to STATSIG_SERVER_SDK_SECRET")
    func keyFromEnvironment() throws {
        let preset = try StatsigPreset(
            apiKey: nil, environment: OtelEnvironment(["STATSIG_SERVER_SDK_SECRET": "env-key-456"]))
        let resolved = try preset.metricsConfiguration.resolved(for: .metrics, environment: OtelEnvironment([:]))
        #expect(resolved.headers.first?.value == "env-key-456")
    }

    @Test("a missing or empty key is a typed error")
    func missingKey() {
        #expect(throws: StatsigPreset.Error.missingAPIKey) {
            _ = try StatsigPreset(apiKey: nil, environment: OtelEnvironment([:]))
        }
        #expect(throws: StatsigPreset.Error.emptyAPIKey) {
            _ = try StatsigPreset(apiKey: "  ", environment: OtelEnvironment([:]))
        }
        #expect(throws: StatsigPreset.Error.emptyAPIKey) {
            _ = try StatsigPreset(apiKey: nil, environment: OtelEnvironment(["STATSIG_SERVER_SDK_SECRET": ""]))
        }
    }

    @Test("the key never appears in descriptions, debug descriptions or reflection")
    func keyHidden() throws {
        let preset = try StatsigPreset(apiKey: "very-secret-key", environment: OtelEnvironment([:]))
        var dumped = ""
        dump(preset, to: &dumped)
        for text in [String(describing: preset), String(reflecting: preset), dumped] {
            #expect(!text.contains("very-secret-key"), "leaked in: \(text)")
        }
    }
}
