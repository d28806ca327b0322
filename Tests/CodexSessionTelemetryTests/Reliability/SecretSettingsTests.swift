import Foundation
import OtelOTLP
import OtelSDK
import Testing

@testable import CodexSessionTelemetry

/// The secrets of these tests; each holds ``marker``, so a text holding the marker leaked (a part
/// of) one of them.
private enum Secret {
    static let marker = "s3cr3tQ"
    static let apiKey = "sk-s3cr3tQ-codex-0123456789"
    static let bearerToken = "tok-s3cr3tQ-bearer-55555"
    static let statsigKey = "statsig-s3cr3tQ-777"
    static let environmentKey = "env-s3cr3tQ-4242"

    static let headers = ["api-key": apiKey, "authorization": "Bearer \(bearerToken)"]
    static let environment = OtelEnvironment([
        "OTEL_EXPORTER_OTLP_HEADERS": "x-env-key=\(environmentKey)",
        "STATSIG_SERVER_SDK_SECRET": statsigKey,
    ])
}

/// Every rendering of `value`: description, debug description and `dump`.
private func renderings(_ value: Any) -> [String] {
    var dumped = ""
    dump(value, to: &dumped)
    return [String(describing: value), String(reflecting: value), dumped]
}

/// Every rendering of `error`, its localized description included.
private func errorRenderings(_ error: any Error) -> [String] {
    renderings(error) + [error.localizedDescription]
}

/// The texts of `texts` that hold a secret.
private func leaks(_ texts: [String]) -> [String] {
    texts.filter { $0.contains(Secret.marker) }.map { String($0.prefix(500)) }
}

/// `OtelSettings`, `OtelExporter`, `OtelProvider`, `MetricsConfig`, `MetricsClient` and their
/// errors never show exporter header values or the Statsig key (the OTLP exporters' own
/// diagnostics are scanned by OtelOTLPTests' `SecretHeadersTests`).
@Suite("Secret settings never leak")
struct SecretSettingsTests {
    static func settings(
        exporter: OtelExporter = .none, traceExporter: OtelExporter = .none, metricsExporter: OtelExporter = .none
    ) -> OtelSettings {
        OtelSettings(
            environment: "test", serviceName: "codex-cli", serviceVersion: "1.0.0", codexHome: "/tmp",
            exporter: exporter, traceExporter: traceExporter, metricsExporter: metricsExporter)
    }

    @Test("settings, exporters, the provider and the metrics client describe and dump without secrets")
    func descriptions() throws {
        let port = try closedPort()
        let exporters: [OtelExporter] = [
            .otlpHTTP(endpoint: "http://127.0.0.1:\(port)/v1/logs", headers: Secret.headers, protocol: .binary),
            .otlpHTTP(
                endpoint: "http://127.0.0.1:\(port)/v1/traces", headers: Secret.headers, protocol: .json,
                tls: OtelTlsConfig(caCertificate: "ca.pem")),
            .otlpGRPC(endpoint: "http://127.0.0.1:\(port)", headers: Secret.headers),
            .otlpGRPC(endpoint: "http://h", headers: ["api-key: \(Secret.apiKey)": ""]),
            .statsig(apiKey: Secret.statsigKey),
            .statsig(apiKey: nil),
        ]
        var texts = exporters.flatMap(renderings)
        let settings = Self.settings(
            exporter: exporters[0], traceExporter: exporters[2], metricsExporter: .statsig(apiKey: Secret.statsigKey))
        texts += renderings(settings)

        let provider = try #require(
            try OtelProvider.from(
                Self.settings(
                    exporter: exporters[0], traceExporter: exporters[2],
                    metricsExporter: .otlpHTTP(
                        endpoint: "http://127.0.0.1:\(port)/v1/metrics", headers: Secret.headers, protocol: .json)),
                environment: Secret.environment, installsGlobalMetrics: false))
        texts += renderings(provider)
        texts += renderings(provider.providers)
        let metrics = try #require(provider.metrics)
        texts += renderings(metrics)
        texts += renderings(metrics.config)
        texts += renderings(provider.shutdown(timeout: .seconds(3)))

        let config = try MetricsConfig.otlp(
            environment: "test", serviceName: "codex-cli", serviceVersion: "1.0.0", exporter: exporters[2],
            variables: Secret.environment)
        texts += renderings(config)

        #expect(texts.count >= 30)
        #expect(leaks(texts).isEmpty, "\(leaks(texts).joined(separator: "\n"))")
        // The descriptions still say which headers are set.
        #expect(String(describing: exporters[0]).contains("api-key"))
        #expect(String(describing: exporters[3]).contains("api-key"))
    }

    @Test(
        "errors from settings built around a secret name the field and never the secret",
        arguments: [
            (
                settings(
                    exporter: .otlpHTTP(
                        endpoint: "http://h/v1/logs", headers: ["api-key": "\(Secret.apiKey)\r\nX-Injected: 1"],
                        protocol: .binary)), "exporter"
            ),
            (
                settings(
                    traceExporter: .otlpGRPC(
                        endpoint: "http://h:4317", headers: ["authorization: Bearer \(Secret.bearerToken)": ""])),
                "trace_exporter"
            ),
            (
                settings(
                    metricsExporter: .otlpHTTP(
                        endpoint: "https://user:\(Secret.apiKey)@h/v1/metrics", headers: Secret.headers,
                        protocol: .json)), "metrics_exporter"
            ),
            (settings(exporter: .statsig(apiKey: Secret.statsigKey)), "exporter"),
            (settings(traceExporter: .statsig(apiKey: nil)), "trace_exporter"),
            (
                settings(
                    exporter: .otlpHTTP(
                        endpoint: "http://h/v1/logs", headers: Secret.headers, protocol: .binary,
                        tls: OtelTlsConfig(caCertificate: "/nonexistent/ca.pem"))), "exporter"
            ),
        ])
    func errors(settings: OtelSettings, field: String) {
        let error = #expect(throws: OtelProviderError.self) {
            _ = try OtelProvider.from(settings, environment: Secret.environment, installsGlobalMetrics: false)
        }
        guard let error else { return }
        #expect(error.description.hasPrefix("\(field): "), "\(error)")
        let texts = errorRenderings(error)
        #expect(leaks(texts).isEmpty, "\(leaks(texts).joined(separator: "\n"))")
    }

    @Test("header values from OTEL_EXPORTER_OTLP_HEADERS that cannot be sent give an error without the value")
    func environmentHeaders() {
        let variables = OtelEnvironment([
            "OTEL_EXPORTER_OTLP_HEADERS": "api-key=\(Secret.apiKey)%0D%0AX-Injected:%201",
            "OTEL_EXPORTER_OTLP_TRACES_HEADERS": "authorization: Bearer \(Secret.bearerToken)==",
        ])
        let logs = #expect(throws: OtelProviderError.self) {
            _ = try OtelProvider.from(
                Self.settings(exporter: .otlpHTTP(endpoint: "http://h/v1/logs", protocol: .binary)),
                environment: variables, installsGlobalMetrics: false)
        }
        #expect(logs == .invalidExporter(field: "exporter", .configuration(.invalidHeaderValue(name: "api-key"))))
        let traces = #expect(throws: OtelProviderError.self) {
            _ = try OtelProvider.from(
                Self.settings(traceExporter: .otlpGRPC(endpoint: "http://h:4317")), environment: variables,
                installsGlobalMetrics: false)
        }
        #expect(traces?.description.contains("'authorization…'") == true, "\(String(describing: traces))")
        let metrics = #expect(throws: MetricsError.self) {
            _ = try MetricsConfig.otlp(
                environment: "test", serviceName: "codex-cli", serviceVersion: "1.0.0",
                exporter: .otlpGRPC(endpoint: "http://h:4317"), variables: variables)
        }
        let texts = [logs, traces].compactMap { $0 }.flatMap(errorRenderings) + (metrics.map(errorRenderings) ?? [])
        #expect(texts.count == 12)
        #expect(leaks(texts).isEmpty, "\(leaks(texts).joined(separator: "\n"))")
    }

    @Test(
        "a collector that quotes the headers back: the shutdown report and the metrics error hold no secret",
        .timeLimit(.minutes(2)), arguments: ["binary", "json", "grpc"])
    func quotingCollector(transport: String) throws {
        let collector = try QuotingCollector()
        defer { collector.stop() }
        let exporter: (String) -> OtelExporter = { path in
            switch transport {
            case "grpc": return .otlpGRPC(endpoint: "http://127.0.0.1:\(collector.grpcPort)", headers: Secret.headers)
            default:
                return .otlpHTTP(
                    endpoint: "http://127.0.0.1:\(collector.httpPort)\(path)", headers: Secret.headers,
                    protocol: transport == "json" ? .json : .binary)
            }
        }
        try collector.setMode(
            transport == "grpc"
                ? #"{"mode": "status", "grpc_code": 3, "grpc_message": "no", "echo_headers": true}"#
                : #"{"mode": "status", "status": 400, "message": "no", "echo_headers": true}"#)
        let provider = try #require(
            try OtelProvider.from(
                Self.settings(
                    exporter: exporter("/v1/logs"), traceExporter: exporter("/v1/traces"),
                    metricsExporter: exporter("/v1/metrics")),
                environment: Secret.environment, installsGlobalMetrics: false))
        provider.loggerProvider?.logger(target: "codex_otel.log_only").emit(LogRecord(body: "hello"))
        provider.tracerProvider?.tracer("codex").startSpan("turn").end()
        try provider.metrics?.counter("codex.turns", increment: 1)
        let report = provider.shutdown(timeout: .seconds(10))

        // The collector did quote the headers, and what it said was kept without them.
        #expect(report.logs?.lastFailure?.contains("<redacted>") == true, "\(report)")
        #expect(report.traces?.lastFailure?.contains("<redacted>") == true, "\(report)")
        #expect(report.metricsError?.contains("<redacted>") == true, "\(report)")
        let texts = renderings(report) + [report.logs?.lastFailure, report.traces?.lastFailure].compactMap { $0 }
        #expect(leaks(texts).isEmpty, "\(leaks(texts).joined(separator: "\n"))")
    }

    /// A port nothing listens on.
    func closedPort() throws -> Int {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        try #require(fd >= 0)
        defer { close(fd) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafeMutablePointer(to: &address) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { generic in
                bind(fd, generic, length) == 0 && getsockname(fd, generic, &length) == 0
            }
        }
        try #require(bound)
        return Int(UInt16(bigEndian: address.sin_port))
    }
}

/// scripts/otlp_receiver.py, the independent collector whose `echo_headers` fault quotes the
/// request's header values in its error messages.
private final class QuotingCollector {
    struct Failure: Error, CustomStringConvertible {
        let description: String
    }

    private struct Ports: Decodable {
        let http: Int
        let grpc: Int
    }

    let httpPort: Int
    let grpcPort: Int
    private let process = Process()
    private let input = Pipe()

    init() throws {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().deletingLastPathComponent()
        let setup = Process()
        setup.executableURL = URL(fileURLWithPath: "/bin/bash")
        setup.arguments = [root.appendingPathComponent("scripts/setup-venv.sh").path]
        setup.currentDirectoryURL = root
        setup.standardOutput = FileHandle.nullDevice
        try setup.run()
        setup.waitUntilExit()
        guard setup.terminationStatus == 0 else { throw Failure(description: "scripts/setup-venv.sh failed") }

        let output = Pipe()
        process.executableURL = root.appendingPathComponent(".venv/bin/python")
        process.arguments = [root.appendingPathComponent("scripts/otlp_receiver.py").path, "--max-seconds", "110"]
        process.standardInput = input
        process.standardOutput = output
        try process.run()
        var line = Data()
        while !line.contains(UInt8(ascii: "\n")) {
            let chunk = output.fileHandleForReading.availableData
            guard !chunk.isEmpty else { throw Failure(description: "the receiver exited before it was ready") }
            line.append(chunk)
        }
        let ports = try JSONDecoder().decode(Ports.self, from: Data(line.prefix { $0 != UInt8(ascii: "\n") }))
        httpPort = ports.http
        grpcPort = ports.grpc
    }

    /// Sets the receiver's fault mode (a JSON object, see scripts/otlp_receiver.py).
    func setMode(_ json: String) throws {
        let response = try CurlHTTPClient().send(
            HTTPRequest(
                url: "http://127.0.0.1:\(httpPort)/mode", headers: [("Content-Type", "application/json")],
                body: Array(json.utf8)))
        guard response.status == 200 else { throw Failure(description: "POST /mode answered \(response.status)") }
    }

    /// Closes the receiver's standard input (it exits), and waits for it.
    func stop() {
        try? input.fileHandleForWriting.close()
        process.waitUntilExit()
    }
}
