import CodexSessionTelemetry
import OtelSDK
import Testing

@Suite("Metrics validation")
struct MetricsValidationTests {
    private static func client() throws -> MetricsClient {
        try MetricsClient(
            .inMemory(
                environment: "test", serviceName: "codex", serviceVersion: "1", exporter: InMemoryMetricExporter(),
                variables: OtelEnvironment([:])))
    }

    @Test func messagesMatchTheOriginal() {
        #expect(MetricsError.emptyMetricName.description == "metric name cannot be empty")
        #expect(
            MetricsError.invalidMetricName(name: "a b").description == "metric name contains invalid characters: a b")
        #expect(MetricsError.emptyTagComponent(.key).description == "tag key cannot be empty")
        #expect(MetricsError.emptyTagComponent(.value).description == "tag value cannot be empty")
        #expect(
            MetricsError.invalidTagComponent(.key, value: "a b").description
                == "tag key contains invalid characters: a b")
        #expect(
            MetricsError.invalidTagComponent(.value, value: "x!").description
                == "tag value contains invalid characters: x!")
        #expect(MetricsError.exporterDisabled.description == "metrics exporter is disabled")
        #expect(
            MetricsError.negativeCounterIncrement(name: "codex.turns", increment: -1).description
                == "counter increment must be non-negative for codex.turns: -1")
    }

    @Test func invalidNames() throws {
        let metrics = try Self.client()
        #expect(throws: MetricsError.emptyMetricName) { try metrics.counter("", increment: 1) }
        #expect(throws: MetricsError.invalidMetricName(name: "codex turns")) {
            try metrics.counter("codex turns", increment: 1)
        }
        #expect(throws: MetricsError.invalidMetricName(name: "codex/turns")) {
            try metrics.histogram("codex/turns", value: 1)
        }
        #expect(throws: MetricsError.invalidMetricName(name: "é")) { try metrics.recordDuration("é", duration: .zero) }
        #expect(throws: MetricsError.emptyMetricName) { try metrics.startTimer("") }
        try metrics.counter("Codex.turns-2_b", increment: 1)
        try metrics.shutdown()
    }

    @Test func invalidTags() throws {
        let metrics = try Self.client()
        #expect(throws: MetricsError.emptyTagComponent(.key)) {
            try metrics.counter("c", increment: 1, tags: [("", "v")])
        }
        #expect(throws: MetricsError.emptyTagComponent(.value)) {
            try metrics.counter("c", increment: 1, tags: [("k", "")])
        }
        #expect(throws: MetricsError.invalidTagComponent(.key, value: "bad key")) {
            try metrics.counter("c", increment: 1, tags: [("bad key", "v")])
        }
        #expect(throws: MetricsError.invalidTagComponent(.value, value: "bad value!")) {
            try metrics.histogram("h", value: 1, tags: [("ok", "fine/path-1.2_x"), ("k", "bad value!")])
        }
        #expect(throws: MetricsError.invalidTagComponent(.value, value: "a b")) {
            try metrics.startTimer("t", tags: [("k", "a b")])
        }
        // A valid series first, then the same name with an invalid value: still refused.
        try metrics.counter("c", increment: 1, tags: [("k", "v")])
        #expect(throws: MetricsError.invalidTagComponent(.value, value: "v v")) {
            try metrics.counter("c", increment: 1, tags: [("k", "v v")])
        }
        try metrics.shutdown()
    }

    @Test func checksComeInTheOriginalOrder() throws {
        let metrics = try Self.client()
        #expect(throws: MetricsError.invalidMetricName(name: "bad name")) {
            try metrics.counter("bad name", increment: -1, tags: [("", "")])
        }
        #expect(throws: MetricsError.negativeCounterIncrement(name: "c", increment: -5)) {
            try metrics.counter("c", increment: -5, tags: [("", "")])
        }
        try metrics.shutdown()
    }

    @Test func defaultTagsAreValidated() throws {
        let exporter = InMemoryMetricExporter()
        let config = MetricsConfig.inMemory(
            environment: "e", serviceName: "s", serviceVersion: "1", exporter: exporter, variables: OtelEnvironment([:])
        )
        #expect(throws: MetricsError.emptyTagComponent(.key)) { try config.withTag("", "v") }
        #expect(throws: MetricsError.invalidTagComponent(.value, value: "a b")) { try config.withTag("k", "a b") }
        #expect(try config.withTag("k", "v").defaultTags.count == 1)
    }

    @Test(arguments: [
        ("gpt-5.1", "gpt-5.1"), ("gpt 5.1 (beta)", "gpt_5.1__beta"), ("__x__", "x"), ("???", "unspecified"),
        ("", "unspecified"), ("./-", "unspecified"), ("é-mail", "-mail"), ("a/b", "a/b"),
    ])
    func sanitizing(_ input: String, _ expected: String) {
        #expect(sanitizeMetricTagValue(input) == expected)
    }

    @Test func sanitizingTruncatesTo256Bytes() {
        let long = String(repeating: "a", count: 300)
        #expect(sanitizeMetricTagValue(long).utf8.count == 256)
    }
}
