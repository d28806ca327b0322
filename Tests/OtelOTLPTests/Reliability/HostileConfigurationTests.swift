import Foundation
import OtelOTLP
import OtelSDK
import Testing

#if canImport(Glibc)
import Glibc
#endif

/// A setting as a user may get it wrong: each case gives a typed error whose message names what
/// to fix, or is dropped and counted, never a crash.
struct HostileSetting: Sendable, CustomTestStringConvertible {
    let label: String
    let environment: [String: String]
    let configuration: OTLPExporterConfiguration
    /// The error expected, or `nil` when the setting is accepted.
    let expected: OTLPConfigurationError?
    /// A part of the error's description.
    let message: String

    var testDescription: String { label }

    static func endpoint(
        _ text: String, _ reason: String, protocol wireProtocol: OTLPProtocol = .httpProtobuf
    ) -> HostileSetting {
        HostileSetting(
            label: "endpoint \(text.debugDescription)", environment: [:],
            configuration: OTLPExporterConfiguration(endpoint: .exact(text), protocol: wireProtocol),
            expected: .malformedEndpoint(text, reason: reason), message: reason)
    }

    static func variable(
        _ name: String, _ value: String, _ expected: OTLPConfigurationError?, _ message: String = ""
    ) -> HostileSetting {
        HostileSetting(
            label: "\(name)=\(value.debugDescription)", environment: [name: value],
            configuration: OTLPExporterConfiguration(), expected: expected, message: message)
    }
}

@Suite("Hostile OTLP configuration")
struct HostileConfigurationTests {
    static let noScheme = "it has no scheme; write http://host:port or https://host:port"
    static let badPort = "the port must be a number from 1 to 65535"
    static let spaceOrControl = "it contains a space or a control character; percent-encode it (a space is %20)"

    static let endpoints: [HostileSetting] = [
        .endpoint("", noScheme), .endpoint("   ", noScheme), .endpoint("localhost:4318", noScheme),
        .endpoint("http://", "the host is empty"), .endpoint("http:///v1/traces", "the host is empty"),
        .endpoint("http://exa mple.com:4318", "the host contains whitespace"),
        .endpoint("http://collector:4318/v1/tra ces", spaceOrControl),
        .endpoint("http://collector:4318/v1/traces\r\nX-Injected: 1", spaceOrControl),
        .endpoint("http://collector:4318/v1/traces?x=\u{0}", spaceOrControl),
        .endpoint("http://collector:99999", badPort), .endpoint("http://collector:0", badPort),
        .endpoint("http://collector:-1", badPort), .endpoint("http://collector:http", badPort),
        .endpoint("http://collector:", badPort),
        .endpoint("http://[::1:4318", "an IPv6 address is missing its closing ]"),
        .endpoint("ftp://collector", "the scheme must be http or https, not ftp"),
        .endpoint("grpc://collector:4317", "the scheme must be http or https, not grpc", protocol: .grpc),
        .endpoint("http://collector:4317/x y", spaceOrControl, protocol: .grpc),
        .variable(
            "OTEL_EXPORTER_OTLP_ENDPOINT", "localhost:4318", .malformedEndpoint("localhost:4318", reason: noScheme),
            noScheme),
        .variable("OTEL_EXPORTER_OTLP_TRACES_ENDPOINT", " ", .malformedEndpoint(" ", reason: noScheme), noScheme),
        .variable(
            "OTEL_EXPORTER_OTLP_ENDPOINT", "http://h:123456", .malformedEndpoint("http://h:123456", reason: badPort),
            badPort),
    ]

    @Test("malformed endpoints are refused with the endpoint and the reason", arguments: endpoints)
    func malformedEndpoints(setting: HostileSetting) throws {
        try Self.check(setting)
    }

    static let headers: [HostileSetting] = [
        .variable(
            "OTEL_EXPORTER_OTLP_HEADERS", "api-key=a%0D%0AX-Injected:%201", .invalidHeaderValue(name: "api-key"),
            "control character"),
        .variable(
            "OTEL_EXPORTER_OTLP_HEADERS", "api-key=a\r\nX-Injected: 1", .invalidHeaderValue(name: "api-key"),
            "control character"),
        .variable(
            "OTEL_EXPORTER_OTLP_TRACES_HEADERS", "api-key=a%00b", .invalidHeaderValue(name: "api-key"),
            "control character"),
        .variable("OTEL_EXPORTER_OTLP_HEADERS", "bad key=v", .invalidHeaderName("bad key"), "'bad…'"),
        .variable(
            "OTEL_EXPORTER_OTLP_HEADERS", "authorization: Bearer abc==",
            .invalidHeaderName("authorization: Bearer abc"), "'authorization…'"),
        HostileSetting(
            label: "an empty header name in code", environment: [:],
            configuration: OTLPExporterConfiguration(headers: ["": "v"]), expected: .invalidHeaderName(""),
            message: "a header needs a name"),
        HostileSetting(
            label: "a DEL in a header value in code", environment: [:],
            configuration: OTLPExporterConfiguration(headers: ["x-key": "a\u{7F}"]),
            expected: .invalidHeaderValue(name: "x-key"), message: "control character"),
        HostileSetting(
            label: "a header name with a line feed in code", environment: [:],
            configuration: OTLPExporterConfiguration(headers: ["x-key\nInjected": "v"]),
            expected: .invalidHeaderName("x-key\nInjected"), message: "'x-key…'"),
    ]

    @Test("headers that cannot be sent are refused, naming the header (never its value)", arguments: headers)
    func invalidHeaders(setting: HostileSetting) throws {
        try Self.check(setting)
    }

    @Test(
        "malformed members of OTEL_EXPORTER_OTLP_HEADERS are dropped; the well-formed ones stay",
        arguments: [
            ("api-key", [String]()), ("api-key: v", []), ("=v", []), ("%ZZ=v", []), ("api-key=%ZZ", []),
            ("api-key=%E2%28%A1", []), ("api-key=%", []), (",, ,api-key=v,,", ["api-key"]),
            ("a=1,broken,b=2", ["a", "b"]),
        ])
    func droppedHeaderMembers(value: String, kept: [String]) throws {
        let resolved = try OTLPExporterConfiguration().resolved(
            for: .traces, environment: OtelEnvironment(["OTEL_EXPORTER_OTLP_HEADERS": value]))
        #expect(resolved.headers.map(\.name) == kept)
    }

    @Test("a malformed signal header list replaces the general one: that signal sends no header")
    func signalHeadersReplaceGeneral() throws {
        let environment = OtelEnvironment([
            "OTEL_EXPORTER_OTLP_HEADERS": "api-key=v", "OTEL_EXPORTER_OTLP_TRACES_HEADERS": "garbage",
        ])
        #expect(try OTLPExporterConfiguration().resolved(for: .traces, environment: environment).headers.isEmpty)
        #expect(
            try OTLPExporterConfiguration().resolved(for: .logs, environment: environment).headers.map(\.name) == [
                "api-key"
            ])
    }

    @Test("a gRPC header the client sets itself: every export fails, is counted, and names the header")
    func reservedGRPCMetadata() throws {
        let exporter = try OTLPSpanExporter(
            configuration: OTLPExporterConfiguration(
                endpoint: .base("http://127.0.0.1:9"), protocol: .grpc, headers: ["content-type": "text/plain"]),
            retryPolicy: .none, environment: OtelEnvironment([:]))
        let result = exporter.export([try OTLPTraceLogWireTests.span()], deadline: Self.deadline())
        #expect(result != .success)
        #expect(exporter.statistics.itemsDropped == 1)
        #expect(exporter.statistics.lastFailure?.contains("'content-type'") == true)
    }

    @Test("a unicode endpoint is accepted as written; when it cannot be reached, the export is dropped and counted")
    func unicodeEndpoint() throws {
        let port = try closedLocalPort()
        let exporter = try OTLPSpanExporter(
            configuration: OTLPExporterConfiguration(
                endpoint: .exact("http://127.0.0.1:\(port)/v1/träces"), protocol: .httpProtobuf,
                timeout: .seconds(2)),
            retryPolicy: .none, environment: OtelEnvironment([:]))
        #expect(exporter.configuration.url.path == "/v1/träces")
        #expect(exporter.export([try OTLPTraceLogWireTests.span()], deadline: Self.deadline()) != .success)
        #expect(exporter.statistics.itemsDropped == 1)
        #expect(exporter.statistics.batchesFailed == 1)
    }

    // MARK: - Certificate and key files

    @Test(
        "a TLS file that is missing or a directory is refused, naming the file's role and path",
        arguments: ["CA certificate", "client certificate", "client private key"])
    func missingOrDirectoryTLSFiles(role: String) throws {
        let directory = try Self.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let existing = directory + "/existing.pem"
        try "-----BEGIN CERTIFICATE-----\n".write(toFile: existing, atomically: true, encoding: .utf8)
        for bad in [directory + "/missing.pem", directory] {
            let tls: OTLPTLSConfiguration
            switch role {
            case "CA certificate": tls = OTLPTLSConfiguration(caCertificatePath: bad)
            case "client certificate": tls = OTLPTLSConfiguration(clientCertificatePath: bad, clientKeyPath: existing)
            default: tls = OTLPTLSConfiguration(clientCertificatePath: existing, clientKeyPath: bad)
            }
            let configuration = OTLPExporterConfiguration(endpoint: .exact("https://collector/v1/traces"), tls: tls)
            let error = #expect(throws: OTLPConfigurationError.unreadableFile(role: role, path: bad)) {
                _ = try configuration.resolved(for: .traces, environment: OtelEnvironment([:]))
            }
            #expect(error?.description.contains(bad) == true)
            #expect(error?.description.contains(role) == true)
            #expect(throws: OTLPExporterError.configuration(.unreadableFile(role: role, path: bad))) {
                _ = try OTLPSpanExporter(configuration: configuration, environment: OtelEnvironment([:]))
            }
        }
        // The same through the environment variables.
        #expect(throws: OTLPConfigurationError.unreadableFile(role: "CA certificate", path: directory)) {
            _ = try OTLPExporterConfiguration().resolved(
                for: .traces, environment: OtelEnvironment(["OTEL_EXPORTER_OTLP_TRACES_CERTIFICATE": directory]))
        }
    }

    @Test(
        "a TLS file of mode 000 is refused (skipped as root, which reads any file: access() succeeds)",
        .enabled(if: getuid() != 0, "running as root, which can read a file of mode 000"))
    func unreadableTLSFile() throws {
        let directory = try Self.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let locked = directory + "/ca.pem"
        try "-----BEGIN CERTIFICATE-----\n".write(toFile: locked, atomically: true, encoding: .utf8)
        #expect(chmod(locked, 0) == 0)
        #expect(throws: OTLPConfigurationError.unreadableFile(role: "CA certificate", path: locked)) {
            _ = try OTLPExporterConfiguration(tls: OTLPTLSConfiguration(caCertificatePath: locked)).resolved(
                for: .traces, environment: OtelEnvironment([:]))
        }
    }

    @Test(
        "a TLS file of garbage: the export fails at once (no retry), is dropped and counted, and names the file",
        .timeLimit(.minutes(1)), arguments: ["CA certificate", "client certificate", "client private key"])
    func garbageTLSFile(role: String) throws {
        let certificates = try TestCertificates.make()
        defer { certificates.remove() }
        let garbage = certificates.directory.appendingPathComponent("garbage.pem").path
        try "-----BEGIN CERTIFICATE-----\nnot base64 at all!\n-----END CERTIFICATE-----\n".write(
            toFile: garbage, atomically: true, encoding: .utf8)
        let receiver = try OTLPReceiver(arguments: certificates.receiverArguments(requireClientCertificate: true))
        defer { receiver.stop() }
        let tls: OTLPTLSConfiguration
        switch role {
        case "CA certificate":
            tls = OTLPTLSConfiguration(
                caCertificatePath: garbage, clientCertificatePath: certificates.clientCertificate,
                clientKeyPath: certificates.clientKey)
        case "client certificate":
            tls = OTLPTLSConfiguration(
                caCertificatePath: certificates.caCertificate, clientCertificatePath: garbage,
                clientKeyPath: certificates.clientKey)
        default:
            tls = OTLPTLSConfiguration(
                caCertificatePath: certificates.caCertificate, clientCertificatePath: certificates.clientCertificate,
                clientKeyPath: garbage)
        }
        for wireProtocol in [OTLPProtocol.httpProtobuf, .grpc] {
            let endpoint: OTLPEndpoint =
                wireProtocol == .grpc ? .base(receiver.grpcsURL) : .exact(receiver.httpsURL + "/v1/traces")
            let exporter = try OTLPSpanExporter(
                configuration: OTLPExporterConfiguration(
                    endpoint: endpoint, protocol: wireProtocol, timeout: .seconds(5), tls: tls),
                retryPolicy: RetryPolicy(maximumAttempts: 2, initialBackoff: .milliseconds(10)),
                environment: OtelEnvironment([:]))
            let result = exporter.export([try OTLPTraceLogWireTests.span()], deadline: Self.deadline())
            #expect(result != .success, "\(wireProtocol)")
            #expect(exporter.statistics.itemsDropped == 1, "\(wireProtocol)")
            // A file OpenSSL cannot use is a configuration error: not retried, and it names the file.
            #expect(exporter.statistics.requests == 1, "\(wireProtocol)")
            let failure = exporter.statistics.lastFailure ?? ""
            #expect(failure.contains("a TLS certificate or key file could not be used"), "\(wireProtocol): \(failure)")
            #expect(failure.contains(garbage), "\(wireProtocol): \(failure)")
        }
        #expect(try receiver.counts().traces.requests == 0)
    }

    // MARK: - Support

    /// Resolves the setting's configuration, and builds an exporter from it: both give the
    /// expected error (or none), and the error's description holds `setting.message`.
    static func check(_ setting: HostileSetting) throws {
        let environment = OtelEnvironment(setting.environment)
        guard let expected = setting.expected else {
            _ = try setting.configuration.resolved(for: .traces, environment: environment)
            return
        }
        let error = #expect(throws: OTLPConfigurationError.self) {
            _ = try setting.configuration.resolved(for: .traces, environment: environment)
        }
        #expect(error == expected)
        #expect(error?.description.contains(setting.message) == true, "\(String(describing: error))")
        #expect(throws: OTLPExporterError.configuration(expected)) {
            _ = try OTLPSpanExporter(configuration: setting.configuration, environment: environment)
        }
    }

    static func temporaryDirectory() throws -> String {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("otlp-hostile-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: path, withIntermediateDirectories: true)
        return path.path
    }

    static func deadline() -> MonotonicInstant { MonotonicInstant.now().advanced(by: .seconds(10)) }
}

/// Items that encode to more than the 64 MiB request limit are refused or split, never sent
/// whole, never a crash.
@Suite("Oversized OTLP exports", .serialized)
struct OversizedExportTests {
    static func span(_ name: String, payloadBytes: Int) -> SpanData {
        SpanData(
            name: name,
            context: SpanContext(traceID: TraceID(high: 1, low: 2), spanID: SpanID(3), traceFlags: .sampled),
            parentSpanID: nil, isParentRemote: false, kind: .internal,
            startTime: Timestamp(nanosecondsSinceEpoch: 1_700_000_000_000_000_000),
            endTime: Timestamp(nanosecondsSinceEpoch: 1_700_000_000_000_000_001),
            attributes: ["payload": .string(String(repeating: "p", count: payloadBytes))], events: [], links: [],
            status: .unset, droppedAttributesCount: 0, droppedEventsCount: 0, droppedLinksCount: 0,
            resource: Resource(attributes: ["service.name": "oversized"]),
            instrumentationScope: InstrumentationScope(name: "hostile"))
    }

    static func exporter(_ url: String, _ wireProtocol: OTLPProtocol) throws -> OTLPSpanExporter {
        try OTLPSpanExporter(
            configuration: OTLPExporterConfiguration(
                endpoint: .exact(url + "/v1/traces"), protocol: wireProtocol, timeout: .seconds(10)),
            retryPolicy: .none, environment: OtelEnvironment([:]))
    }

    static func deadline() -> MonotonicInstant { MonotonicInstant.now().advanced(by: .seconds(30)) }

    @Test(
        "one span larger than 64 MiB is refused before any request, and counted as oversized",
        arguments: [OTLPProtocol.httpProtobuf, .httpJSON])
    func oneHugeSpan(wireProtocol: OTLPProtocol) throws {
        let exporter = try Self.exporter("http://127.0.0.1:\(try closedLocalPort())", wireProtocol)
        let result = exporter.export([Self.span("huge", payloadBytes: 65 * 1024 * 1024)], deadline: Self.deadline())
        guard case .failure(let reason) = result else {
            Issue.record("a 65 MiB span was accepted")
            return
        }
        #expect(reason.contains("exceeds the 67108864-byte limit"))
        #expect(exporter.statistics.requests == 0)
        #expect(exporter.statistics.itemsOversized == 1)
        #expect(exporter.statistics.itemsDropped == 1)
    }

    @Test("a batch larger than 64 MiB of spans that fit alone is split into requests that fit")
    func splitBatch() throws {
        let exporter = try Self.exporter("http://127.0.0.1:\(try closedLocalPort())", .httpProtobuf)
        let spans = (0..<8).map { Self.span("part-\($0)", payloadBytes: 10 * 1024 * 1024) }
        #expect(exporter.export(spans, deadline: Self.deadline()) != .success)  // nothing listens
        #expect(exporter.statistics.requests == 2)  // two halves of ~40 MiB, each tried once
        #expect(exporter.statistics.itemsOversized == 0)
        #expect(exporter.statistics.itemsDropped == 8)
    }

    @Test("a 12 MiB span is sent whole and decoded by the official classes", .timeLimit(.minutes(1)))
    func largeSpanArrives() throws {
        let receiver = try OTLPReceiver(arguments: ["--count-only"])
        defer { receiver.stop() }
        let exporter = try Self.exporter(receiver.httpURL, .httpProtobuf)
        #expect(
            exporter.export([Self.span("large", payloadBytes: 12 * 1024 * 1024)], deadline: Self.deadline())
                == .success)
        #expect(try receiver.counts().traces.items == 1)
    }
}
