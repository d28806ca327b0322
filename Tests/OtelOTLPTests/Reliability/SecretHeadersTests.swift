import Foundation
import OtelOTLP
import OtelSDK
import OtelStatsig
import Synchronization
import Testing

/// The secret header values of the scan. Each holds ``marker``, so a captured string that holds
/// the marker leaked (a part of) one of them.
enum SecretHeaderValues {
    static let marker = "s3cr3tZ"
    /// `api-key`, given in code.
    static let apiKey = "sk-s3cr3tZ-api-0123456789abcdef"
    /// The token of `authorization: Bearer …`, given in code.
    static let bearerToken = "tok-s3cr3tZ-bearer-9876543210"
    /// `x-env-key`, from OTEL_EXPORTER_OTLP_HEADERS.
    static let environmentKey = "env-s3cr3tZ-general-4242"
    /// `x-signal-key`, from OTEL_EXPORTER_OTLP_TRACES_HEADERS.
    static let signalKey = "sig-s3cr3tZ-traces-7777"
    /// `statsig-api-key`, from STATSIG_SERVER_SDK_SECRET.
    static let statsigKey = "statsig-s3cr3tZ-5555"

    static let codeHeaders = ["api-key": apiKey, "authorization": "Bearer \(bearerToken)"]
    static let environment = OtelEnvironment([
        "OTEL_EXPORTER_OTLP_HEADERS": "x-env-key=\(environmentKey)",
        "OTEL_EXPORTER_OTLP_TRACES_HEADERS": "x-signal-key=\(signalKey),x-env-key=\(environmentKey)",
        "STATSIG_SERVER_SDK_SECRET": statsigKey,
    ])
}

/// What the scan found: written by the child run, checked by ``SecretHeadersTests``.
struct SecretScanReport: Codable {
    /// Captured strings, per origin ("diagnostic", "export result", "dump", "error", …).
    var scannedByOrigin: [String: Int] = [:]
    /// Captured strings holding `<redacted>` (a collector quoted a header and it was removed),
    /// per protocol.
    var redactedByProtocol: [String: Int] = [:]
    /// Requests the receiver decoded that carried the secret headers (they really were sent).
    var requestsCarryingSecrets = 0
    /// Failed exports per protocol (each fault did fail the export it should fail).
    var failedExportsByProtocol: [String: Int] = [:]
    /// Captured strings that hold the marker: "origin: text".
    var leaks: [String] = []
    /// A few diagnostics from which a quoted secret was removed, to show what they look like.
    var redactedSamples: [String] = []
}

/// Exporter headers (API keys, bearer tokens, the Statsig key) never appear in a diagnostic, an
/// export result, a statistic, an error or a description, even when the collector quotes them
/// back (the receiver's `echo_headers` fault: in HTTP error bodies, partial-success messages and
/// gRPC status messages).
///
/// The scan runs in a child process of the test binary (``SecretHeadersChildRun``) because it
/// captures `OtelDiagnostics` with a process-wide handler, which other suites of this binary
/// install too.
@Suite("Secret headers never leak", .timeLimit(.minutes(4)))
struct SecretHeadersTests {
    @Test("through http/protobuf, http/json and gRPC, in every fault mode of the receiver")
    func scan() async throws {
        let report = try await ChildTestRun.run(
            suite: "SecretHeadersChildRun", variable: SecretScanChild.reportVariable, as: SecretScanReport.self)
        let total = report.scannedByOrigin.values.reduce(0, +)
        print(
            "secret scan: \(total) strings \(report.scannedByOrigin.sorted { $0.key < $1.key }), "
                + "redacted \(report.redactedByProtocol), failed exports \(report.failedExportsByProtocol), "
                + "\(report.requestsCarryingSecrets) requests carried the secrets, \(report.leaks.count) leaks; e.g.\n  "
                + report.redactedSamples.joined(separator: "\n  "))
        #expect(report.leaks.isEmpty, "secret header values leaked:\n\(report.leaks.joined(separator: "\n"))")

        // The scan is not vacuous: the secrets were sent, the faults happened, the collector
        // quoted the secrets back on every protocol, and there was much to scan.
        #expect(report.requestsCarryingSecrets >= 10)
        for wireProtocol in OTLPProtocol.allCases.map(\.rawValue) {
            #expect((report.redactedByProtocol[wireProtocol] ?? 0) > 0, "nothing echoed over \(wireProtocol)")
            #expect((report.failedExportsByProtocol[wireProtocol] ?? 0) >= 15, "\(wireProtocol): \(report)")
        }
        #expect((report.scannedByOrigin["diagnostic"] ?? 0) >= 50)
        #expect((report.scannedByOrigin["export result"] ?? 0) >= 50)
        #expect((report.scannedByOrigin["error"] ?? 0) >= 20)
        #expect((report.scannedByOrigin["description"] ?? 0) >= 20)
        #expect(!report.redactedSamples.isEmpty)
    }
}

/// Where the child writes its report: set by the parent in the child's environment.
enum SecretScanChild {
    static let reportVariable = "OTEL_SECRET_SCAN_REPORT"
    static var reportPath: String? { ProcessInfo.processInfo.environment[reportVariable] }
}

/// Runs this test binary again with only one suite, which writes a JSON file the parent reads.
enum ChildTestRun {
    struct Failure: Error, CustomStringConvertible {
        let description: String
    }

    static func run<Report: Decodable>(
        suite: String, variable: String, as: Report.Type, timeout: Duration = .seconds(200)
    ) async throws -> Report {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("otel-child-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let reportURL = directory.appendingPathComponent("report.json")
        let logURL = directory.appendingPathComponent("child.log")
        _ = FileManager.default.createFile(atPath: logURL.path, contents: nil)
        let log = try FileHandle(forWritingTo: logURL)
        defer { try? log.close() }

        let process = Process()
        process.executableURL = URL(
            fileURLWithPath: try FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe"))
        process.arguments = ["--testing-library", "swift-testing", "--filter", suite]
        var environment = ProcessInfo.processInfo.environment
        environment[variable] = reportURL.path
        process.environment = environment
        process.standardInput = FileHandle.nullDevice
        process.standardOutput = log
        process.standardError = log
        try process.run()
        defer {
            if process.isRunning {
                process.terminate()
                process.waitUntilExit()
            }
        }
        let giveUp = ContinuousClock.now + timeout
        while process.isRunning {
            guard ContinuousClock.now < giveUp else { throw Failure(description: "\(suite) ran past \(timeout)") }
            try await Task.sleep(for: .milliseconds(100))
        }
        guard process.terminationStatus == 0, let data = try? Data(contentsOf: reportURL) else {
            let output = (try? String(contentsOf: logURL, encoding: .utf8)) ?? ""
            throw Failure(
                description:
                    "\(suite) exited with \(process.terminationStatus) without a report:\n\(output.suffix(8000))")
        }
        return try JSONDecoder().decode(Report.self, from: data)
    }
}

/// Collects every string the scan looks at, with where it came from.
final class SecretScanCapture: Sendable {
    private struct State {
        var report = SecretScanReport()
    }
    private let state = Mutex(State())

    /// Records `text`, seen at `origin` while exercising `wireProtocol` (if any).
    func add(_ origin: String, _ text: String, wireProtocol: String? = nil) {
        state.withLock { state in
            state.report.scannedByOrigin[origin, default: 0] += 1
            if text.contains(SecretHeaderValues.marker) {
                state.report.leaks.append("\(origin): \(text.prefix(600))")
            }
            if text.contains("<redacted>") {
                if let wireProtocol { state.report.redactedByProtocol[wireProtocol, default: 0] += 1 }
                if origin == "diagnostic", state.report.redactedSamples.count < 4 {
                    state.report.redactedSamples.append(String(text.prefix(300)))
                }
            }
        }
    }

    /// Records every rendering of `value`: description, debug description, and `dump`.
    func addRenderings(_ origin: String, of value: Any) {
        add(origin, String(describing: value))
        add(origin, String(reflecting: value))
        var dumped = ""
        dump(value, to: &dumped)
        add(origin, dumped)
    }

    /// Records every rendering of `error`, its localized description included.
    func addError(_ error: any Error) {
        addRenderings("error", of: error)
        add("error", error.localizedDescription)
        add("error", (error as any CustomDebugStringConvertible).debugDescription)
    }

    func update(_ body: (inout SecretScanReport) -> Void) { state.withLock { body(&$0.report) } }
    var report: SecretScanReport { state.withLock { $0.report } }
}

/// The scan itself: enabled only in the child process ``SecretHeadersTests`` starts.
@Suite("Secret headers: the scan (child process only)", .enabled(if: SecretScanChild.reportPath != nil))
struct SecretHeadersChildRun {
    /// A fault of the receiver, and whether an export meeting it must fail.
    struct Fault {
        let name: String
        let mode: String
        let fails: Bool
        let http: Bool
        let grpc: Bool
    }

    static let faults: [Fault] = [
        Fault(name: "ok", mode: #"{"mode": "ok"}"#, fails: false, http: true, grpc: true),
        Fault(
            name: "400 quoting the headers",
            mode: #"{"mode": "status", "status": 400, "message": "bad request", "echo_headers": true}"#, fails: true,
            http: true, grpc: false),
        Fault(
            name: "401 quoting the headers", mode: #"{"mode": "status", "status": 401, "echo_headers": true}"#,
            fails: true, http: true, grpc: false),
        Fault(
            name: "503 quoting the headers (retried)",
            mode: #"{"mode": "status", "status": 503, "message": "busy", "echo_headers": true}"#, fails: true,
            http: true, grpc: false),
        Fault(
            name: "partial success quoting the headers",
            mode: #"{"mode": "ok", "partial_success": {"rejected": 1, "message": "rejected"}, "echo_headers": true}"#,
            fails: false, http: true, grpc: true),
        Fault(
            name: "garbage 200 body", mode: #"{"mode": "ok", "garbage": true}"#, fails: false, http: true, grpc: false),
        Fault(
            name: "garbage bytes, not HTTP", mode: #"{"mode": "ok", "garbage_bytes": true}"#, fails: true, http: true,
            grpc: false),
        Fault(
            name: "connection closed unanswered", mode: #"{"mode": "ok", "discard": true, "delay_ms": 50}"#,
            fails: true, http: true, grpc: false),
        Fault(
            name: "slower than the timeout", mode: #"{"mode": "ok", "delay_ms": 700}"#, fails: true, http: true,
            grpc: true),
        Fault(name: "down", mode: #"{"mode": "down"}"#, fails: true, http: true, grpc: false),
        Fault(
            name: "INVALID_ARGUMENT quoting the headers",
            mode: #"{"mode": "status", "grpc_code": 3, "grpc_message": "invalid", "echo_headers": true}"#, fails: true,
            http: false, grpc: true),
        Fault(
            name: "UNAUTHENTICATED quoting the headers",
            mode: #"{"mode": "status", "grpc_code": 16, "grpc_message": "who are you", "echo_headers": true}"#,
            fails: true, http: false, grpc: true),
        Fault(
            name: "PERMISSION_DENIED quoting the headers",
            mode: #"{"mode": "status", "grpc_code": 7, "echo_headers": true}"#, fails: true, http: false, grpc: true),
        Fault(
            name: "UNAVAILABLE quoting the headers (retried)",
            mode: #"{"mode": "status", "grpc_code": 14, "grpc_message": "later", "echo_headers": true}"#, fails: true,
            http: false, grpc: true),
    ]

    static let retry = RetryPolicy(
        maximumAttempts: 2, initialBackoff: .milliseconds(10), maximumBackoff: .milliseconds(20))

    @Test func run() throws {
        let path = try #require(SecretScanChild.reportPath)
        let capture = SecretScanCapture()
        OtelDiagnostics.setHandler(minimumLevel: .debug) { level, message in
            capture.add("diagnostic", "[\(level)] \(message)")
        }
        defer { OtelDiagnostics.setHandler(nil) }

        let receiver = try OTLPReceiver(arguments: ["--data-port", "0"])
        defer { receiver.stop() }
        for wireProtocol in OTLPProtocol.allCases {
            try exportThroughFaults(wireProtocol, receiver: receiver, capture: capture)
        }
        try exportToClosedPort(capture)
        try statsig(receiver: receiver, capture: capture)
        try pipeline(receiver: receiver, capture: capture)
        invalidConfigurations(capture)
        invalidRequests(capture)

        let carrying = try receiver.received().filter { entry in
            let headers = (entry["headers"] as? [String: String]) ?? [:]
            return headers.values.contains { $0.contains(SecretHeaderValues.marker) }
        }
        capture.update { $0.requestsCarryingSecrets = carrying.count }
        try JSONEncoder().encode(capture.report).write(to: URL(fileURLWithPath: path))
    }

    static func configuration(
        _ wireProtocol: OTLPProtocol, _ receiver: OTLPReceiver, signal: OTLPSignal
    )
        -> OTLPExporterConfiguration
    {
        let endpoint: OTLPEndpoint =
            wireProtocol == .grpc ? .base(receiver.grpcURL) : .exact(receiver.dataURL + signal.httpPath)
        return OTLPExporterConfiguration(
            endpoint: endpoint, protocol: wireProtocol, headers: SecretHeaderValues.codeHeaders,
            timeout: .milliseconds(400))
    }

    /// One exporter per signal, each export meeting each fault; every result, statistic and
    /// description is captured.
    func exportThroughFaults(_ wireProtocol: OTLPProtocol, receiver: OTLPReceiver, capture: SecretScanCapture) throws {
        let environment = SecretHeaderValues.environment
        let spans = try OTLPSpanExporter(
            configuration: Self.configuration(wireProtocol, receiver, signal: .traces), retryPolicy: Self.retry,
            environment: environment)
        let logs = try OTLPLogRecordExporter(
            configuration: Self.configuration(wireProtocol, receiver, signal: .logs), retryPolicy: Self.retry,
            environment: environment)
        let metrics = try OTLPMetricExporter(
            configuration: Self.configuration(wireProtocol, receiver, signal: .metrics), retryPolicy: Self.retry,
            environment: environment)
        let span = try OTLPTraceLogWireTests.span()
        let record = OTLPTraceLogWireTests.logRecord()
        let batch = OTLPMetricWireTests.batch()
        let name = wireProtocol.rawValue

        for fault in Self.faults where wireProtocol == .grpc ? fault.grpc : fault.http {
            try receiver.setMode(fault.mode)
            let results = [
                ("traces", spans.export([span], deadline: Self.deadline())),
                ("logs", logs.export([record], deadline: Self.deadline())),
                ("metrics", metrics.export(batch, deadline: Self.deadline())),
            ]
            for (signal, result) in results {
                capture.add("export result", String(describing: result), wireProtocol: name)
                capture.add("export result", String(reflecting: result), wireProtocol: name)
                if case .failure(let reason) = result {
                    capture.add("export result", reason, wireProtocol: name)
                    capture.update { $0.failedExportsByProtocol[name, default: 0] += 1 }
                }
                if result.isSuccess == fault.fails {
                    capture.add("unexpected outcome", "\(name) \(signal) \(fault.name): \(result)")
                    Issue.record("\(name) \(signal), fault \(fault.name): \(result)")
                }
            }
            for statistics in [spans.statistics, logs.statistics, metrics.statistics] {
                capture.add("statistics", statistics.lastFailure ?? "", wireProtocol: name)
            }
        }
        try receiver.setMode(#"{"mode": "ok"}"#)

        capture.addRenderings("description", of: spans)
        capture.addRenderings("description", of: logs)
        capture.addRenderings("description", of: metrics)
        for configuration in [spans.configuration, logs.configuration, metrics.configuration] {
            capture.addRenderings("description", of: configuration)
        }
        capture.addRenderings("description", of: Self.configuration(wireProtocol, receiver, signal: .traces))
    }

    /// Nothing listens: connection refused, retried, given up.
    func exportToClosedPort(_ capture: SecretScanCapture) throws {
        let port = try closedLocalPort()
        for wireProtocol in OTLPProtocol.allCases {
            let endpoint: OTLPEndpoint =
                wireProtocol == .grpc ? .base("http://127.0.0.1:\(port)") : .exact("http://127.0.0.1:\(port)/v1/traces")
            let exporter = try OTLPSpanExporter(
                configuration: OTLPExporterConfiguration(
                    endpoint: endpoint, protocol: wireProtocol, headers: SecretHeaderValues.codeHeaders,
                    timeout: .milliseconds(400)),
                retryPolicy: Self.retry, environment: SecretHeaderValues.environment)
            let result = exporter.export([try OTLPTraceLogWireTests.span()], deadline: Self.deadline())
            capture.add("export result", String(describing: result), wireProtocol: wireProtocol.rawValue)
            capture.add("statistics", exporter.statistics.lastFailure ?? "")
            if result.isSuccess { Issue.record("an export to a closed port succeeded") }
        }
    }

    /// The Statsig preset (key from STATSIG_SERVER_SDK_SECRET) against a collector that quotes it.
    func statsig(receiver: OTLPReceiver, capture: SecretScanCapture) throws {
        let preset = try StatsigPreset(
            apiKey: nil, endpoint: receiver.dataURL + "/v1/metrics", environment: SecretHeaderValues.environment)
        capture.addRenderings("description", of: preset)
        capture.addRenderings("description", of: preset.metricsConfiguration)
        let exporter = try OTLPMetricExporter(
            configuration: preset.metricsConfiguration, retryPolicy: Self.retry, environment: OtelEnvironment([:]))
        for mode in [
            #"{"mode": "status", "status": 400, "message": "bad key", "echo_headers": true}"#,
            #"{"mode": "ok", "partial_success": {"rejected": 1, "message": "x"}, "echo_headers": true}"#,
        ] {
            try receiver.setMode(mode)
            let result = exporter.export(OTLPMetricWireTests.batch(), deadline: Self.deadline())
            capture.add("export result", String(describing: result), wireProtocol: "statsig")
            capture.add("statistics", exporter.statistics.lastFailure ?? "")
        }
        try receiver.setMode(#"{"mode": "ok"}"#)
        capture.addRenderings("description", of: exporter)
        capture.addRenderings("description", of: SecretHeaderValues.environment)
        for error in [StatsigPreset.Error.missingAPIKey, .emptyAPIKey] { capture.addError(error) }
    }

    /// A tracer provider whose batch processor exports to a collector that quotes the headers
    /// in its 400 answers: the shutdown report carries the failure.
    func pipeline(receiver: OTLPReceiver, capture: SecretScanCapture) throws {
        try receiver.setMode(#"{"mode": "status", "status": 400, "message": "no", "echo_headers": true}"#)
        defer { try? receiver.setMode(#"{"mode": "ok"}"#) }
        for wireProtocol in [OTLPProtocol.httpProtobuf, .httpJSON] {
            let exporter = try OTLPSpanExporter(
                configuration: Self.configuration(wireProtocol, receiver, signal: .traces), retryPolicy: Self.retry,
                environment: SecretHeaderValues.environment)
            let provider = SDKTracerProvider(
                spanProcessors: [BatchSpanProcessor(exporter: exporter)], environment: OtelEnvironment([:]))
            provider.tracer("secret-scan").startSpan("work").end()
            let report = provider.shutdown(timeout: .seconds(5))
            capture.add("shutdown report", String(describing: report), wireProtocol: wireProtocol.rawValue)
            if report.droppedExportFailed != 1 { Issue.record("\(wireProtocol): \(report)") }
        }
    }

    /// Settings that cannot work, built from a header holding a secret: the errors name the
    /// header, never the value.
    func invalidConfigurations(_ capture: SecretScanCapture) {
        let apiKey = SecretHeaderValues.apiKey
        let bearer = "Bearer \(SecretHeaderValues.bearerToken)"
        let cases: [(OTLPExporterConfiguration, [String: String])] = [
            // CR/LF injection in a value given in code, and one decoded from the environment.
            (OTLPExporterConfiguration(headers: ["api-key": "\(apiKey)\r\nX-Injected: 1"]), [:]),
            (OTLPExporterConfiguration(headers: ["authorization": "\(bearer)\n"]), [:]),
            (OTLPExporterConfiguration(), ["OTEL_EXPORTER_OTLP_HEADERS": "api-key=\(apiKey)%0D%0AX-Injected:%201"]),
            // ':' written for '=': the secret ends up in the header's name.
            (OTLPExporterConfiguration(), ["OTEL_EXPORTER_OTLP_HEADERS": "authorization: \(bearer)=="]),
            (OTLPExporterConfiguration(headers: ["api-key: \(apiKey)": ""]), [:]),
            (OTLPExporterConfiguration(headers: ["api-key\n\(apiKey)": "v"]), [:]),
            // Secret headers next to another error.
            (
                OTLPExporterConfiguration(endpoint: .exact("ftp://collector"), headers: ["api-key": apiKey]),
                ["OTEL_EXPORTER_OTLP_HEADERS": "x-env-key=\(SecretHeaderValues.environmentKey)"]
            ),
            (
                OTLPExporterConfiguration(headers: ["api-key": apiKey]),
                ["OTEL_EXPORTER_OTLP_COMPRESSION": "brotli", "OTEL_EXPORTER_OTLP_TRACES_HEADERS": "a=\(apiKey)"]
            ),
            // Credentials in the endpoint URL instead of a header.
            (OTLPExporterConfiguration(endpoint: .exact("https://user:\(apiKey)@collector/v1/traces")), [:]),
            (OTLPExporterConfiguration(endpoint: .exact("user:\(apiKey)@collector:4318")), [:]),
        ]
        for (index, (configuration, variables)) in cases.enumerated() {
            capture.addRenderings("description", of: configuration)
            do {
                _ = try OTLPSpanExporter(configuration: configuration, environment: OtelEnvironment(variables))
                Issue.record("invalid configuration \(index) was accepted")
            } catch {
                capture.addError(error)
            }
            do {
                _ = try configuration.resolved(for: .traces, environment: OtelEnvironment(variables))
            } catch {
                capture.addError(error)
            }
        }
        // Malformed OTEL_EXPORTER_OTLP_HEADERS members are dropped with a diagnostic.
        for raw in [apiKey, "api-key=\(apiKey)%ZZ", "=\(apiKey)", "api-key:\(apiKey)", "%ZZ\(apiKey)=v"] {
            let resolved = try? OTLPExporterConfiguration().resolved(
                for: .logs, environment: OtelEnvironment(["OTEL_EXPORTER_OTLP_HEADERS": raw]))
            if let resolved { capture.addRenderings("description", of: resolved) }
        }
    }

    /// Requests the transport refuses before sending: the errors never quote header values.
    func invalidRequests(_ capture: SecretScanCapture) {
        let apiKey = SecretHeaderValues.apiKey
        let headerSets: [[(String, String)]] = [
            [("api-key", "\(apiKey)\r\nX: 1")],
            [("api-key: \(apiKey)", "v")],
            [("x\u{0}\(apiKey)", "v")],
        ]
        for headers in headerSets {
            do {
                _ = try CurlHTTPClient().send(HTTPRequest(url: "http://127.0.0.1:9/v1/traces", headers: headers))
                Issue.record("a request with invalid headers was sent")
            } catch {
                capture.addError(error)
            }
            do {
                _ = try GRPCClient(endpoint: "http://127.0.0.1:9").unary(
                    service: "opentelemetry.proto.collector.trace.v1.TraceService", message: [], metadata: headers)
                Issue.record("a gRPC call with invalid metadata was sent")
            } catch {
                capture.addError(error)
            }
        }
    }

    static func deadline() -> MonotonicInstant { MonotonicInstant.now().advanced(by: .seconds(5)) }
}
