import OtelOTLPReceiver
import Testing

@testable import CodexSessionTelemetry

@Suite("OtelProvider.from")
struct OtelProviderTests {
    static let empty = OtelEnvironment([:])

    static func settings(
        exporter: OtelExporter = .none, traceExporter: OtelExporter = .none, metricsExporter: OtelExporter = .none,
        codexHome: String = "/tmp"
    ) -> OtelSettings {
        OtelSettings(
            environment: "test", serviceName: "codex-cli", serviceVersion: "9.9.9", codexHome: codexHome,
            exporter: exporter, traceExporter: traceExporter, metricsExporter: metricsExporter)
    }

    static let http = OtelExporter.otlpHTTP(endpoint: "http://127.0.0.1:9/v1/x", protocol: .binary)
    static let json = OtelExporter.otlpHTTP(endpoint: "http://127.0.0.1:9/v1/x", protocol: .json)
    static let grpc = OtelExporter.otlpGRPC(endpoint: "http://127.0.0.1:9")

    @Test("every exporter none gives no provider")
    func allNone() throws {
        #expect(try OtelProvider.from(Self.settings(), environment: Self.empty, installsGlobalMetrics: false) == nil)
    }

    @Test(
        "each combination of exporters turns on exactly its signals",
        arguments: [
            (http, OtelExporter.none, OtelExporter.none), (.none, grpc, .none), (.none, .none, json),
            (json, grpc, http), (grpc, http, grpc), (http, .none, grpc),
        ])
    func combinations(logs: OtelExporter, traces: OtelExporter, metrics: OtelExporter) throws {
        let provider = try #require(
            try OtelProvider.from(
                Self.settings(exporter: logs, traceExporter: traces, metricsExporter: metrics), environment: Self.empty,
                installsGlobalMetrics: false))
        defer { provider.shutdown(timeout: .seconds(2)) }
        #expect((provider.loggerProvider != nil) == !logs.isNone)
        #expect((provider.tracerProvider != nil) == !traces.isNone)
        #expect((provider.metrics != nil) == !metrics.isNone)
        #expect((provider.logLane is SDKLogLane) == !logs.isNone)
        #expect((provider.traceLane is SDKTraceLane) == !traces.isNone)
    }

    @Test("resources: logs carry host.name, traces do not; the explicit service name wins over OTEL_SERVICE_NAME")
    func resources() throws {
        let environment = OtelEnvironment(["OTEL_SERVICE_NAME": "from-env", "OTEL_RESOURCE_ATTRIBUTES": "team=core"])
        let provider = try #require(
            try OtelProvider.from(
                Self.settings(exporter: Self.http, traceExporter: Self.http), environment: environment,
                installsGlobalMetrics: false))
        defer { provider.shutdown(timeout: .seconds(2)) }
        let logs = try #require(provider.loggerProvider?.resource.attributes)
        let traces = try #require(provider.tracerProvider?.resource.attributes)
        for attributes in [logs, traces] {
            #expect(attributes["service.name"] == "codex-cli")
            #expect(attributes["service.version"] == "9.9.9")
            #expect(attributes["env"] == "test")
            #expect(attributes["team"] == "core")
            #expect(attributes["telemetry.sdk.language"] == "swift")
        }
        #expect((logs["host.name"] != nil) == (Resource.hostName != nil))
        #expect(traces["host.name"] == nil)
    }

    @Test("the installed lanes route as the seed says, and shutdown flushes everything to the collector")
    func routingAndFlush() async throws {
        let store = OTLPReceiverStore()
        let receiver = try OTLPHTTPReceiver(store: store)
        defer { receiver.stop() }
        let provider = try #require(
            try OtelProvider.from(
                Self.settings(
                    exporter: .otlpHTTP(endpoint: receiver.url(for: .logs), protocol: .binary),
                    traceExporter: .otlpHTTP(endpoint: receiver.url(for: .traces), protocol: .json)),
                environment: Self.empty, installsGlobalMetrics: false))
        Otel.withProviders(provider.providers) {
            Otel.tracer("codex").withSpan("turn") { _ in
                Otel.emit(LaneEvent<LogOnly>(target: .logOnly, name: "codex.user_prompt", fields: ["prompt": "secret"]))
                Otel.emit(LaneEvent<TraceSafe>(target: .traceSafe, name: "codex.api_request", fields: ["attempt": 1]))
                Otel.emit(
                    LaneEvent<TraceSafe>(
                        target: "codex_otel.network_proxy", name: "codex.network_proxy.policy_decision", fields: [:]))
                Otel.emit(LaneEvent<TraceSafe>(target: "other_crate", name: "ignored", fields: [:]))
                Otel.emit(LaneEvent<LogOnly>(target: .traceSafe, name: "never.exported", fields: ["prompt": "secret"]))
            }
        }
        let report = provider.shutdown(timeout: .seconds(10))
        #expect(!report.lostAnything, "\(report)")
        #expect(store.wait(timeout: .seconds(5)) { $0.spans >= 1 && $0.logRecords >= 2 })
        let scopes = Set(store.logRecords.map(\.instrumentationScope.name))
        #expect(scopes == ["codex_otel.log_only", "codex_otel.network_proxy"])
        #expect(store.logRecords.count == 2)
        let span = try #require(store.spans.first)
        #expect(store.spans.count == 1)
        #expect(span.name == "turn")
        #expect(span.events.map(\.name) == ["codex.api_request"])
        #expect(span.resource.attributes["service.name"] == "codex-cli")
    }

    @Test("a second shutdown reports nothing new")
    func secondShutdown() throws {
        let provider = try #require(
            try OtelProvider.from(
                Self.settings(exporter: Self.http), environment: Self.empty, installsGlobalMetrics: false))
        _ = provider.shutdown(timeout: .seconds(2))
        #expect(provider.shutdown(timeout: .seconds(2)).logs == nil)
    }

    @Test(
        "bad settings give an error naming the field",
        arguments: [
            (
                settings(exporter: .otlpHTTP(endpoint: "not a url", protocol: .binary)),
                OtelProviderError.invalidExporter(
                    field: "exporter",
                    .configuration(
                        .malformedEndpoint(
                            "not a url", reason: "it has no scheme; write http://host:port or https://host:port")))
            ),
            (
                settings(
                    traceExporter: .otlpGRPC(
                        endpoint: "https://h:4317", tls: OtelTlsConfig(caCertificate: "missing-ca.pem")),
                    codexHome: "/nonexistent/home"),
                .invalidExporter(
                    field: "trace_exporter",
                    .configuration(.unreadableFile(role: "CA certificate", path: "/nonexistent/home/missing-ca.pem")))
            ),
            (
                settings(
                    exporter: .otlpHTTP(
                        endpoint: "https://h/v1/logs", protocol: .json,
                        tls: OtelTlsConfig(clientCertificate: "/etc/hostname"))),
                .invalidExporter(field: "exporter", .configuration(.incompleteClientCertificate))
            ),
            (
                settings(
                    traceExporter: .otlpHTTP(
                        endpoint: "http://h/v1/traces", protocol: .binary,
                        tls: OtelTlsConfig(clientCertificate: "/etc/hostname", clientPrivateKey: "/etc/hostname"))),
                .invalidExporter(
                    field: "trace_exporter",
                    .configuration(.clientCertificateRequiresHTTPS(endpoint: "http://h/v1/traces")))
            ),
            (settings(metricsExporter: .statsig(apiKey: "  ")), .statsig(field: "metrics_exporter", .emptyAPIKey)),
            (settings(metricsExporter: .statsig(apiKey: nil)), .statsig(field: "metrics_exporter", .missingAPIKey)),
            (settings(exporter: .statsig(apiKey: "k")), .statsigOnlySupportsMetrics(field: "exporter")),
            (
                settings(
                    exporter: .otlpHTTP(endpoint: "http://h/v1/logs", headers: ["bad header": "v"], protocol: .binary)),
                .invalidExporter(field: "exporter", .configuration(.invalidHeaderName("bad header")))
            ),
        ])
    func badSettings(settings: OtelSettings, expected: OtelProviderError) {
        #expect(throws: expected) {
            _ = try OtelProvider.from(settings, environment: Self.empty, installsGlobalMetrics: false)
        }
        #expect(expected.description.contains("exporter"))
    }

    @Test("descriptions of exporters never show header values or the Statsig key")
    func secretsHidden() {
        let exporters: [OtelExporter] = [
            .otlpHTTP(endpoint: "https://h", headers: ["authorization": "Bearer tok-123"], protocol: .binary),
            .otlpGRPC(endpoint: "https://h", headers: ["x-api-key": "tok-123"]),
            .statsig(apiKey: "tok-123"),
        ]
        for exporter in exporters {
            var dumped = ""
            dump(exporter, to: &dumped)
            for text in [String(describing: exporter), String(reflecting: exporter), dumped] {
                #expect(!text.contains("tok-123"), "leaked: \(text)")
            }
        }
    }
}
