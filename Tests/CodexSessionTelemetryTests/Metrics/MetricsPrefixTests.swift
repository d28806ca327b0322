import OtelAPI
import OtelSDK
import Testing

@testable import CodexSessionTelemetry

/// The session's path: a prefix of tags (its metadata) recorded without building `prefix + tags`.
@Suite("Metrics client, prefix tags")
struct MetricsPrefixTests {
    @Test func aPrefixAndTagsRecordInTheSeriesOfTheirConcatenation() throws {
        let (client, exporter) = try makeSessionMetricsClient()
        let prefix = [("model", "gpt-5.1"), ("originator", "codex_cli_rs")]
        try client.counter("codex.tool.call", increment: 1, prefix: prefix, tags: [("tool", "shell")])
        try client.counter("codex.tool.call", increment: 2, tags: prefix + [("tool", "shell")])
        // A tag of the same key as a prefix tag wins, as in the concatenation.
        try client.counter("codex.tool.call", increment: 4, prefix: prefix, tags: [("model", "o3")])
        try client.counter("codex.tool.call", increment: 8, tags: prefix + [("model", "o3")])
        try client.recordDuration("codex.tool.call.duration_ms", duration: .milliseconds(7), prefix: prefix, tags: [])
        try client.histogram("codex.tokens", value: 12, prefix: prefix, tags: [("kind", "input")])
        try client.shutdown()
        let counts = counterPoints(exporter, "codex.tool.call")
        #expect(counts.count == 2)
        #expect(counts.first { $0.0 == dictionary(prefix + [("tool", "shell")]) }?.1 == 3)
        #expect(counts.first { $0.0 == ["model": "o3", "originator": "codex_cli_rs"] }?.1 == 12)
        #expect(durationPoints(exporter, "codex.tool.call.duration_ms").map(\.0) == [dictionary(prefix)])
        let tokens = try #require(exporter.metrics(named: "codex.tokens").last?.histogram?.points)
        #expect(tokens.map { dictionary($0.attributes) } == [dictionary(prefix + [("kind", "input")])])
    }

    @Test func prefixesOfOneSizeFreedAndRemadeNeverShareASeries() throws {
        // Each prefix array is freed after its call, so the next one of the same size may get
        // its address: a binding kept by address would record the second into the first's series.
        let (client, exporter) = try makeSessionMetricsClient()
        for model in ["a", "b", "c", "d"] {
            let prefix = [("model", String(repeating: model, count: 20))]
            try client.counter("codex.turns", increment: 1, prefix: prefix, tags: [])
        }
        try client.shutdown()
        let counts = counterPoints(exporter, "codex.turns")
        #expect(counts.count == 4)
        #expect(counts.allSatisfy { $0.1 == 1 })
    }

    @Test func anInvalidPrefixTagIsNamedAndNothingIsRecorded() throws {
        let (client, exporter) = try makeSessionMetricsClient()
        #expect(throws: MetricsError.invalidTagComponent(.key, value: "bad key")) {
            try client.counter("codex.turns", increment: 1, prefix: [("bad key", "v")], tags: [("bad too", "v")])
        }
        #expect(throws: MetricsError.invalidTagComponent(.value, value: "bad value")) {
            try client.recordDuration(
                "codex.turns.duration_ms", duration: .seconds(1), prefix: [("model", "o3")], tags: [("k", "bad value")])
        }
        #expect(throws: MetricsError.negativeCounterIncrement(name: "codex.turns", increment: -1)) {
            try client.counter("codex.turns", increment: -1, prefix: [("model", "o3")], tags: [])
        }
        try client.shutdown()
        #expect(counterPoints(exporter, "codex.turns").isEmpty)
        #expect(durationPoints(exporter, "codex.turns.duration_ms").isEmpty)
    }

    @Test func withDefaultTagsTheClientsTagsComeFirst() throws {
        let (client, exporter) = try makeSessionMetricsClient(defaultTags: [("region", "eu"), ("model", "default")])
        try client.counter("codex.turns", increment: 1, prefix: [("model", "gpt-5.1")], tags: [("tool", "shell")])
        try client.shutdown()
        #expect(
            counterPoints(exporter, "codex.turns").map(\.0) == [
                ["region": "eu", "model": "gpt-5.1", "tool": "shell"]
            ])
    }
}
