import Foundation
import OtelOTLP
import OtelSDK
import Testing

@testable import CodexSessionTelemetry

/// A client exporting into memory, reading no process environment.
private func memoryClient() throws -> (MetricsClient, InMemoryMetricExporter) {
    let exporter = InMemoryMetricExporter()
    let client = try MetricsClient(
        .inMemory(
            environment: "test", serviceName: "codex-cli", serviceVersion: "1.0.0", exporter: exporter,
            variables: OtelEnvironment([:])))
    return (client, exporter)
}

/// Names, tags, settings and certificate files a Codex user can get wrong: each gives a typed
/// error that names what is wrong (in a message of bounded size) and records or installs
/// nothing, or is dropped and counted.
@Suite("Hostile input to Codex telemetry")
struct CodexHostileInputTests {
    static let tenMegabytes = String(repeating: "x", count: 10 * 1024 * 1024)
    /// Invalid names and tags are checked byte by byte, several times per call: 1 MB keeps the
    /// debug build quick and is far beyond any real name.
    static let oneMegabyte = String(repeating: "x", count: 1024 * 1024)

    static let invalidNameCases: [String] = [
        " ", "codex turns", "codex/turns", "codex\nturns", "codex\r\nX-Injected: 1", "名前", "a\u{0}b", "emoji🙂",
        "x!" + oneMegabyte,
    ]

    @Test("invalid metric names: a typed error naming the name, and nothing recorded", arguments: invalidNameCases)
    func invalidNames(name: String) throws {
        let (metrics, exporter) = try memoryClient()
        let expected = MetricsError.invalidMetricName(name: name)
        #expect(throws: expected) { try metrics.counter(name, increment: 1) }
        #expect(throws: expected) { try metrics.histogram(name, value: 1) }
        #expect(throws: expected) { try metrics.recordDuration(name, duration: .milliseconds(5)) }
        #expect(throws: expected) { _ = try metrics.startTimer(name) }
        #expect(throws: expected) { try metrics.counter(name, increment: -1, tags: [("", "")]) }
        Self.checkMessage(expected.description, quoting: name)
        try metrics.counter("codex.valid", increment: 1)
        try metrics.shutdown()
        #expect(exporter.metrics(named: name).isEmpty)
        #expect(exporter.allMetrics.map(\.name) == ["codex.valid"])
    }

    @Test("an empty metric name is refused the same way")
    func emptyName() throws {
        let (metrics, exporter) = try memoryClient()
        #expect(throws: MetricsError.emptyMetricName) { try metrics.counter("", increment: 1) }
        #expect(throws: MetricsError.emptyMetricName) { try metrics.recordDuration("", duration: .zero) }
        try metrics.shutdown()
        #expect(exporter.allMetrics.isEmpty)
    }

    static let invalidTagCases: [(tags: [(String, String)], expected: MetricsError)] = [
        ([("", "v")], .emptyTagComponent(.key)),
        ([("k", "")], .emptyTagComponent(.value)),
        ([("bad key", "v")], .invalidTagComponent(.key, value: "bad key")),
        ([("k", "line\nfeed")], .invalidTagComponent(.value, value: "line\nfeed")),
        ([("k", "a\r\nX-Injected: 1")], .invalidTagComponent(.value, value: "a\r\nX-Injected: 1")),
        ([("ключ", "v")], .invalidTagComponent(.key, value: "ключ")),
        ([("k", "v\u{0}")], .invalidTagComponent(.value, value: "v\u{0}")),
        ([("ok", "fine"), ("k", "!" + oneMegabyte)], .invalidTagComponent(.value, value: "!" + oneMegabyte)),
        ([("k" + oneMegabyte + " ", "v")], .invalidTagComponent(.key, value: "k" + oneMegabyte + " ")),
    ]

    @Test(
        "invalid tags: a typed error naming the key or value, and nothing recorded for the call",
        arguments: invalidTagCases.indices)
    func invalidTags(index: Int) throws {
        let (tags, expected) = Self.invalidTagCases[index]
        let (metrics, exporter) = try memoryClient()
        #expect(throws: expected) { try metrics.counter("codex.tagged", increment: 1, tags: tags) }
        #expect(throws: expected) { try metrics.histogram("codex.tagged.histogram", value: 1, tags: tags) }
        #expect(throws: expected) { _ = try metrics.startTimer("codex.tagged.timer", tags: tags) }
        // A series with valid tags exists first: the invalid call still records nothing.
        try metrics.counter("codex.mixed", increment: 1, tags: [("k", "v")])
        #expect(throws: expected) { try metrics.counter("codex.mixed", increment: 100, tags: tags) }
        if case .invalidTagComponent(_, let value) = expected {
            Self.checkMessage(expected.description, quoting: value)
        }
        try metrics.shutdown()
        for name in ["codex.tagged", "codex.tagged.histogram", "codex.tagged.timer"] {
            let points = exporter.metrics(named: name).last?.sum?.points.count ?? 0
            let histogramPoints = exporter.metrics(named: name).last?.histogram?.points.count ?? 0
            #expect(points + histogramPoints == 0, "\(name)")
        }
        let mixed = try #require(exporter.metrics(named: "codex.mixed").last?.sum?.points)
        #expect(mixed.count == 1)
        #expect(mixed.first?.value == .int(1))
    }

    @Test("valid but huge tags: a 10 MB value is recorded whole; 100k distinct values overflow into one series")
    func hugeValidTags() throws {
        let (metrics, exporter) = try memoryClient()
        try metrics.counter("codex.big", increment: 1, tags: [("k", Self.tenMegabytes)])
        for index in 0..<100_000 { try metrics.counter("codex.flood", increment: 1, tags: [("user", "u\(index)")]) }
        let manyTags = (0..<2_000).map { ("key\($0)", "value\($0)") }
        try metrics.histogram("codex.wide", value: 3, tags: manyTags)
        try metrics.shutdown()
        #expect(
            exporter.metrics(named: "codex.big").last?.sum?.points.first?.attributes["k"]
                == .string(Self.tenMegabytes))
        let flood = try #require(exporter.metrics(named: "codex.flood").last?.sum?.points)
        #expect(flood.count == SDKMeterProvider.defaultCardinalityLimit + 1)
        let total = flood.reduce(Int64(0)) { sum, point in
            guard case .int(let value) = point.value else { return sum }
            return sum + value
        }
        #expect(total == 100_000)
        #expect(flood.contains { $0.attributes["otel.metric.overflow"] == .bool(true) })
        let wide = try #require(exporter.metrics(named: "codex.wide").last?.histogram?.points.first)
        #expect(wide.attributes.count >= 2_000)
        #expect(wide.count == 1)
    }

    // MARK: - Settings

    static func settings(
        exporter: OtelExporter = .none, traceExporter: OtelExporter = .none, metricsExporter: OtelExporter = .none,
        codexHome: String = "/tmp"
    ) -> OtelSettings {
        OtelSettings(
            environment: "test", serviceName: "codex-cli", serviceVersion: "1.0.0", codexHome: codexHome,
            exporter: exporter, traceExporter: traceExporter, metricsExporter: metricsExporter)
    }

    static let badEndpointCases: [(String, String)] = [
        ("", "it has no scheme"), ("collector:4318/v1/logs", "it has no scheme"), ("http://", "the host is empty"),
        ("http://collector:99999/v1/logs", "the port must be a number"),
        ("http://exa mple.com/v1/logs", "the host contains whitespace"),
        ("http://collector/v1/lo gs", "a space or a control character"),
        ("http://collector/v1/logs\r\nX-Injected: 1", "a space or a control character"),
        ("ftp://collector", "the scheme must be http or https"),
    ]

    @Test(
        "malformed endpoints in the settings: an error naming the settings field and the reason; nothing installed",
        arguments: badEndpointCases)
    func badEndpoints(endpoint: String, reason: String) throws {
        let cases: [(OtelSettings, String)] = [
            (Self.settings(exporter: .otlpHTTP(endpoint: endpoint, protocol: .binary)), "exporter"),
            (Self.settings(traceExporter: .otlpHTTP(endpoint: endpoint, protocol: .json)), "trace_exporter"),
            (Self.settings(metricsExporter: .otlpHTTP(endpoint: endpoint, protocol: .json)), "metrics_exporter"),
        ]
        for (settings, field) in cases {
            let error = #expect(throws: OtelProviderError.self) {
                _ = try OtelProvider.from(settings, environment: OtelEnvironment([:]), installsGlobalMetrics: false)
            }
            #expect(
                error?.description.hasPrefix("\(field): invalid OTLP endpoint") == true, "\(String(describing: error))")
            #expect(error?.description.contains(reason) == true, "\(String(describing: error))")
        }
        #expect(throws: MetricsError.self) {
            _ = try MetricsConfig.otlp(
                environment: "test", serviceName: "codex-cli", serviceVersion: "1.0.0",
                exporter: .otlpHTTP(endpoint: endpoint, protocol: .json), variables: OtelEnvironment([:]))
        }
    }

    @Test("headers that cannot be sent: an error naming the field and the header, never the value")
    func badHeaders() {
        let cases: [(OtelExporter, OTLPConfigurationError)] = [
            (
                .otlpHTTP(endpoint: "http://h/v1/logs", headers: ["api-key": "v\r\nX-Injected: 1"], protocol: .binary),
                .invalidHeaderValue(name: "api-key")
            ),
            (.otlpGRPC(endpoint: "http://h:4317", headers: ["": "v"]), .invalidHeaderName("")),
            (.otlpGRPC(endpoint: "http://h:4317", headers: ["bad key": "v"]), .invalidHeaderName("bad key")),
        ]
        for (exporter, expected) in cases {
            #expect(throws: OtelProviderError.invalidExporter(field: "exporter", .configuration(expected))) {
                _ = try OtelProvider.from(
                    Self.settings(exporter: exporter), environment: OtelEnvironment([:]), installsGlobalMetrics: false)
            }
        }
    }

    @Test("certificate files that are missing or a directory: an error naming the field, the role and the path")
    func badCertificateFiles() throws {
        let home = FileManager.default.temporaryDirectory.appendingPathComponent("codex-home-\(UUID().uuidString)")
        try FileManager.default.createDirectory(
            at: home.appendingPathComponent("certs"), withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: home) }
        let key = home.appendingPathComponent("key.pem").path
        try "-----BEGIN PRIVATE KEY-----\n".write(toFile: key, atomically: true, encoding: .utf8)
        let cases: [(OtelTlsConfig, String, String)] = [
            (OtelTlsConfig(caCertificate: "missing.pem"), "CA certificate", home.path + "/missing.pem"),
            (OtelTlsConfig(caCertificate: "certs"), "CA certificate", home.path + "/certs"),
            (
                OtelTlsConfig(clientCertificate: "certs", clientPrivateKey: key), "client certificate",
                home.path + "/certs"
            ),
            (
                OtelTlsConfig(clientCertificate: key, clientPrivateKey: "nope/key.pem"), "client private key",
                home.path + "/nope/key.pem"
            ),
        ]
        for (tls, role, path) in cases {
            let settings = Self.settings(
                traceExporter: .otlpGRPC(endpoint: "https://collector:4317", tls: tls), codexHome: home.path + "/")
            #expect(
                throws: OtelProviderError.invalidExporter(
                    field: "trace_exporter", .configuration(.unreadableFile(role: role, path: path)))
            ) {
                _ = try OtelProvider.from(settings, environment: OtelEnvironment([:]), installsGlobalMetrics: false)
            }
        }
        #expect(
            throws: OtelProviderError.invalidExporter(field: "exporter", .configuration(.incompleteClientCertificate))
        ) {
            _ = try OtelProvider.from(
                Self.settings(
                    exporter: .otlpHTTP(
                        endpoint: "https://h/v1/logs", protocol: .binary, tls: OtelTlsConfig(clientPrivateKey: key)),
                    codexHome: home.path),
                environment: OtelEnvironment([:]), installsGlobalMetrics: false)
        }
    }

    /// A message that quotes `value`: whole when short, else its start and size; never huge.
    static func checkMessage(_ message: String, quoting value: String) {
        #expect(message.utf8.count < 1_200, "\(message.utf8.count) bytes")
        if value.unicodeScalars.count <= 256 {
            #expect(message.hasSuffix(value))
        } else {
            #expect(message.hasSuffix("… (\(value.utf8.count) bytes)"))
        }
    }
}
