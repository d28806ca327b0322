import OtelSDK
import Testing

@testable import OtelOTLP

@Suite("OTLP exporter configuration")
struct OTLPExporterConfigurationTests {
    @Test("defaults: http/protobuf to localhost:4318 with the signal path, 10 s, no compression")
    func defaults() throws {
        let resolved = try OTLPExporterConfiguration().resolved(for: .traces, environment: OtelEnvironment([:]))
        #expect(resolved.protocol == .httpProtobuf)
        #expect(resolved.url.description == "http://localhost:4318/v1/traces")
        #expect(resolved.timeout == .seconds(10))
        #expect(resolved.compression == .uncompressed)
        #expect(resolved.headers.isEmpty)
    }

    @Test("gRPC default endpoint is localhost:4317 without a path")
    func grpcDefault() throws {
        let resolved = try OTLPExporterConfiguration(protocol: .grpc).resolved(
            for: .metrics, environment: OtelEnvironment([:]))
        #expect(resolved.url.description == "http://localhost:4317")
    }

    @Test(
        "the base endpoint gets /v1/<signal> appended; per-signal endpoints are used verbatim",
        arguments: [
            (
                ["OTEL_EXPORTER_OTLP_ENDPOINT": "http://collector:4318"], OTLPSignal.logs,
                "http://collector:4318/v1/logs"
            ),
            (["OTEL_EXPORTER_OTLP_ENDPOINT": "http://collector:4318/"], .logs, "http://collector:4318/v1/logs"),
            (["OTEL_EXPORTER_OTLP_ENDPOINT": "https://h/otlp"], .metrics, "https://h/otlp/v1/metrics"),
            (
                [
                    "OTEL_EXPORTER_OTLP_ENDPOINT": "http://a:1",
                    "OTEL_EXPORTER_OTLP_TRACES_ENDPOINT": "http://b:2/custom",
                ],
                .traces, "http://b:2/custom"
            ),
            (
                [
                    "OTEL_EXPORTER_OTLP_ENDPOINT": "http://a:1",
                    "OTEL_EXPORTER_OTLP_TRACES_ENDPOINT": "http://b:2/custom",
                ],
                .logs, "http://a:1/v1/logs"
            ),
            (["OTEL_EXPORTER_OTLP_TRACES_ENDPOINT": "http://b:2"], .traces, "http://b:2"),
        ])
    func endpointPaths(environment: [String: String], signal: OTLPSignal, expected: String) throws {
        let resolved = try OTLPExporterConfiguration().resolved(for: signal, environment: OtelEnvironment(environment))
        #expect(resolved.url.description == expected)
    }

    @Test("code wins over signal variables, which win over general ones")
    func precedence() throws {
        let environment = OtelEnvironment([
            "OTEL_EXPORTER_OTLP_PROTOCOL": "http/json",
            "OTEL_EXPORTER_OTLP_LOGS_PROTOCOL": "grpc",
            "OTEL_EXPORTER_OTLP_TIMEOUT": "2500",
            "OTEL_EXPORTER_OTLP_LOGS_TIMEOUT": "700",
            "OTEL_EXPORTER_OTLP_COMPRESSION": "gzip",
        ])
        let logs = try OTLPExporterConfiguration().resolved(for: .logs, environment: environment)
        #expect(logs.protocol == .grpc)
        #expect(logs.timeout == .milliseconds(700))
        #expect(logs.compression == .gzip)
        let traces = try OTLPExporterConfiguration().resolved(for: .traces, environment: environment)
        #expect(traces.protocol == .httpJSON)
        #expect(traces.timeout == .milliseconds(2500))
        let explicit = try OTLPExporterConfiguration(
            protocol: .httpProtobuf, timeout: .seconds(1), compression: .uncompressed
        )
        .resolved(for: .logs, environment: environment)
        #expect(explicit.protocol == .httpProtobuf)
        #expect(explicit.timeout == .seconds(1))
        #expect(explicit.compression == .uncompressed)
    }

    @Test("headers are percent-decoded; signal headers replace general ones; code headers win")
    func headers() throws {
        let environment = OtelEnvironment([
            "OTEL_EXPORTER_OTLP_HEADERS": "api-key=secret%20one,tenant=a",
            "OTEL_EXPORTER_OTLP_METRICS_HEADERS": "x-metrics=1",
        ])
        let traces = try OTLPExporterConfiguration(headers: ["tenant": "b"]).resolved(
            for: .traces, environment: environment)
        #expect(traces.headers.map(\.name) == ["api-key", "tenant"])
        #expect(traces.headers.first { $0.name == "api-key" }?.value == "secret one")
        #expect(traces.headers.first { $0.name == "tenant" }?.value == "b")
        let metrics = try OTLPExporterConfiguration().resolved(for: .metrics, environment: environment)
        #expect(metrics.headers.map(\.name) == ["x-metrics"])
    }

    @Test("descriptions name header keys but never values")
    func secretsStayHidden() throws {
        let resolved = try OTLPExporterConfiguration(headers: ["authorization": "Bearer s3cr3t-token"]).resolved(
            for: .traces, environment: OtelEnvironment([:]))
        #expect(resolved.description.contains("authorization"))
        #expect(!resolved.description.contains("s3cr3t"))
        #expect(!String(reflecting: resolved).contains("s3cr3t"))
        var dumped = ""
        dump(resolved, to: &dumped)
        #expect(dumped.contains("authorization") && !dumped.contains("s3cr3t"))
    }

    @Test("a scheme-less gRPC endpoint is TLS unless OTEL_EXPORTER_OTLP_INSECURE=true")
    func grpcWithoutScheme() throws {
        let secure = try OTLPExporterConfiguration(endpoint: .base("collector:4317"), protocol: .grpc).resolved(
            for: .traces, environment: OtelEnvironment([:]))
        #expect(secure.url.description == "https://collector:4317")
        let insecure = try OTLPExporterConfiguration(endpoint: .base("collector:4317"), protocol: .grpc).resolved(
            for: .traces, environment: OtelEnvironment(["OTEL_EXPORTER_OTLP_INSECURE": "true"]))
        #expect(insecure.url.description == "http://collector:4317")
    }

    @Test(
        "bad settings give typed errors",
        arguments: [
            (
                ["OTEL_EXPORTER_OTLP_PROTOCOL": "carrier-pigeon"],
                OTLPConfigurationError.unsupportedProtocol("carrier-pigeon")
            ),
            (["OTEL_EXPORTER_OTLP_COMPRESSION": "brotli"], .unsupportedCompression("brotli")),
            (
                ["OTEL_EXPORTER_OTLP_ENDPOINT": "ftp://x"],
                .malformedEndpoint("ftp://x", reason: "the scheme must be http or https, not ftp")
            ),
            (["OTEL_EXPORTER_OTLP_CLIENT_KEY": "/tmp/key.pem"], .incompleteClientCertificate),
            (
                ["OTEL_EXPORTER_OTLP_CERTIFICATE": "/nonexistent/ca.pem"],
                .unreadableFile(role: "CA certificate", path: "/nonexistent/ca.pem")
            ),
        ])
    func badSettings(environment: [String: String], expected: OTLPConfigurationError) {
        #expect(throws: expected) {
            _ = try OTLPExporterConfiguration().resolved(for: .traces, environment: OtelEnvironment(environment))
        }
    }

    @Test("an invalid header name or value is refused, naming the header only")
    func invalidHeaders() {
        #expect(throws: OTLPConfigurationError.invalidHeaderName("bad header")) {
            _ = try OTLPExporterConfiguration(headers: ["bad header": "v"]).resolved(
                for: .traces, environment: OtelEnvironment([:]))
        }
        let error = #expect(throws: OTLPConfigurationError.self) {
            _ = try OTLPExporterConfiguration(headers: ["api-key": "line\nbreak-secret"]).resolved(
                for: .traces, environment: OtelEnvironment([:]))
        }
        #expect(error == .invalidHeaderValue(name: "api-key"))
        #expect(error.map { !String(describing: $0).contains("secret") } == true)
    }

    @Test("mTLS needs https")
    func mtlsNeedsHTTPS() throws {
        let tls = OTLPTLSConfiguration(clientCertificatePath: "/etc/hostname", clientKeyPath: "/etc/hostname")
        #expect(throws: OTLPConfigurationError.clientCertificateRequiresHTTPS(endpoint: "http://h:1")) {
            _ = try OTLPExporterConfiguration(endpoint: .exact("http://h:1"), tls: tls).resolved(
                for: .traces, environment: OtelEnvironment([:]))
        }
    }
}

@Suite("Endpoint URLs")
struct EndpointURLTests {
    @Test(
        "valid URLs",
        arguments: [
            ("http://localhost:4318", "http", "localhost", 4318, ""),
            ("https://otlp.example.com", "https", "otlp.example.com", 443, ""),
            ("http://[::1]:4317/x", "http", "::1", 4317, "/x"),
            ("HTTP://Host:80/", "http", "Host", 80, ""),
        ])
    func valid(text: String, scheme: String, host: String, port: Int, path: String) throws {
        let url = try EndpointURL(text)
        #expect(url.scheme == scheme)
        #expect(url.host == host)
        #expect(url.port == port)
        #expect(url.path == path)
    }

    @Test(
        "invalid URLs",
        arguments: ["localhost:4318", "http://", "http://:80", "http://h:0", "http://h:99999", "http://u@h"])
    func invalid(text: String) {
        #expect(throws: OTLPConfigurationError.self) { _ = try EndpointURL(text) }
    }
}
