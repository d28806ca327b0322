import Foundation
import Synchronization
import Testing

@testable import OtelOTLP

/// End-to-end transport tests against scripts/otlp_receiver.py, which decodes with the official
/// opentelemetry-proto classes. Serialized: they measure time and the machine has two cores.
@Suite("Transport against the Python OTLP receiver", .serialized)
struct TransportIntegrationTests {
    static let traceService = "opentelemetry.proto.collector.trace.v1.TraceService"
    static let logsService = "opentelemetry.proto.collector.logs.v1.LogsService"
    static let metricsService = "opentelemetry.proto.collector.metrics.v1.MetricsService"
    static let protobufType = ("Content-Type", "application/x-protobuf")

    /// ExportTraceServiceRequest with one span carrying ids, to check bytes fields end to end.
    static let traceID: [UInt8] = [
        0x5B, 0x8E, 0xFF, 0xF7, 0x98, 0x03, 0x81, 0x03, 0xD2, 0x69, 0xB6, 0x33, 0x81, 0x3F, 0xC6, 0x0C,
    ]
    static let spanID: [UInt8] = [0xEE, 0xE1, 0x9B, 0x7E, 0xC3, 0xC1, 0xB1, 0x74]
    static var requestWithSpan: [UInt8] {
        let span =
            Protobuf.bytesField(1, traceID) + Protobuf.bytesField(2, spanID) + Protobuf.stringField(5, "GET /cart")
        let scopeSpans = Protobuf.bytesField(2, span)
        let resource =
            Protobuf.bytesField(1, Protobuf.stringAttribute("service.name", "checkout"))
            + Protobuf.bytesField(1, Protobuf.intAttribute("process.pid", 42))
        return Protobuf.bytesField(1, Protobuf.bytesField(1, resource) + Protobuf.bytesField(2, scopeSpans))
    }

    // MARK: - OTLP/HTTP

    @Test("an empty body is a valid empty ExportTraceServiceRequest; headers arrive")
    func emptyProtobufRequest() throws {
        let receiver = try OTLPReceiver()
        defer { receiver.stop() }
        let client = try CurlHTTPClient()
        let response = try client.send(
            HTTPRequest(url: "\(receiver.httpURL)/v1/traces", headers: [Self.protobufType, ("X-Api-Key", "key-1234")]))
        #expect(response.status == 200)
        #expect(response.httpVersion == .http1_1)
        #expect(response.body.isEmpty)  // an empty ExportTraceServiceResponse
        #expect(response.headerValue("content-type") == "application/x-protobuf")
        #expect(response.trailers.isEmpty)

        let received = try receiver.received()
        try #require(received.count == 1)
        #expect(jsonValue(received[0], ["signal"]) as? String == "traces")
        #expect(jsonValue(received[0], ["transport"]) as? String == "http-protobuf")
        #expect((jsonValue(received[0], ["message"]) as? [String: Any])?.isEmpty == true)
        #expect(jsonValue(received[0], ["headers", "content-length"]) as? String == "0")
        #expect(jsonValue(received[0], ["headers", "x-api-key"]) as? String == "key-1234")
        #expect(jsonValue(received[0], ["headers", "user-agent"]) as? String == "swift-codex-otel")
        #expect(jsonValue(received[0], ["headers", "expect"]) == nil)
    }

    @Test("a hand-built protobuf request is decoded field by field by the official classes")
    func handBuiltProtobufRequest() throws {
        let receiver = try OTLPReceiver()
        defer { receiver.stop() }
        let client = try CurlHTTPClient()
        let response = try client.send(
            HTTPRequest(url: "\(receiver.httpURL)/v1/traces", headers: [Self.protobufType], body: Self.requestWithSpan))
        #expect(response.status == 200)
        let message = try #require(receiver.received().first.map { jsonValue($0, ["message"]) } ?? nil)
        let resourceSpans: [Any] = ["resourceSpans", 0]
        #expect(jsonValue(message, resourceSpans + ["resource", "attributes", 0, "key"]) as? String == "service.name")
        #expect(
            jsonValue(message, resourceSpans + ["resource", "attributes", 0, "value", "stringValue"]) as? String
                == "checkout")
        #expect(
            jsonValue(message, resourceSpans + ["resource", "attributes", 1, "value", "intValue"]) as? String == "42")
        let span: [Any] = resourceSpans + ["scopeSpans", 0, "spans", 0]
        #expect(jsonValue(message, span + ["traceId"]) as? String == "5b8efff798038103d269b633813fc60c")
        #expect(jsonValue(message, span + ["spanId"]) as? String == "eee19b7ec3c1b174")
        #expect(jsonValue(message, span + ["name"]) as? String == "GET /cart")
    }

    @Test("an OTLP/JSON body (hex ids) is parsed into the official message")
    func jsonRequest() throws {
        let receiver = try OTLPReceiver()
        defer { receiver.stop() }
        let json = """
            {"resourceLogs":[{"resource":{"attributes":[{"key":"service.name","value":{"stringValue":"json-svc"}}]},
            "scopeLogs":[{"logRecords":[{"timeUnixNano":"1700000000000000000","severityNumber":9,
            "body":{"stringValue":"hello"},"traceId":"5b8efff798038103d269b633813fc60c"}]}]}]}
            """
        let client = try CurlHTTPClient()
        let response = try client.send(
            HTTPRequest(
                url: "\(receiver.httpURL)/v1/logs", headers: [("Content-Type", "application/json")],
                body: Array(json.utf8)))
        #expect(response.status == 200)
        #expect(String(decoding: response.body, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines) == "{}")
        let entry = try #require(receiver.received().first)
        #expect(jsonValue(entry, ["transport"]) as? String == "http-json")
        #expect(jsonValue(entry, ["signal"]) as? String == "logs")
        let record: [Any] = ["message", "resourceLogs", 0, "scopeLogs", 0, "logRecords", 0]
        #expect(jsonValue(entry, record + ["body", "stringValue"]) as? String == "hello")
        #expect(jsonValue(entry, record + ["severityNumber"]) as? String == "SEVERITY_NUMBER_INFO")
        #expect(jsonValue(entry, record + ["traceId"]) as? String == "5b8efff798038103d269b633813fc60c")
    }

    @Test("a gzip body with Content-Encoding: gzip is decompressed and decoded by the receiver")
    func gzipRequest() throws {
        let receiver = try OTLPReceiver()
        defer { receiver.stop() }
        let body = try Gzip.compress(Protobuf.exportRequest(serviceName: "gzip-svc"))
        #expect(body.starts(with: [0x1F, 0x8B]))
        let client = try CurlHTTPClient()
        let response = try client.send(
            HTTPRequest(
                url: "\(receiver.httpURL)/v1/metrics",
                headers: [Self.protobufType, ("Content-Encoding", "gzip")],
                body: body))
        #expect(response.status == 200)
        let entry = try #require(receiver.received().first)
        #expect(jsonValue(entry, ["headers", "content-encoding"]) as? String == "gzip")
        #expect(
            jsonValue(entry, ["message", "resourceMetrics", 0, "resource", "attributes", 0, "value", "stringValue"])
                as? String == "gzip-svc")
    }

    @Test("two sequential requests reuse one kept-alive connection")
    func connectionReuse() throws {
        let receiver = try OTLPReceiver()
        defer { receiver.stop() }
        let client = try CurlHTTPClient()
        let request = HTTPRequest(
            url: "\(receiver.httpURL)/v1/traces", headers: [Self.protobufType], body: Self.requestWithSpan)
        let first = try client.send(request)
        let second = try client.send(request)
        #expect(first.status == 200 && second.status == 200)
        #expect(first.newConnections == 1)
        #expect(second.newConnections == 0)
        let received = try receiver.received()
        try #require(received.count == 2)
        let ports = received.map { jsonValue($0, ["client_port"]) as? Int }
        #expect(ports[0] != nil && ports[0] == ports[1])
    }

    @Test("503 with Retry-After surfaces status and header; the fault ends after `times`")
    func serviceUnavailableWithRetryAfter() throws {
        let receiver = try OTLPReceiver()
        defer { receiver.stop() }
        try receiver.setMode(#"{"mode": "status", "status": 503, "retry_after": "1", "times": 1}"#)
        let client = try CurlHTTPClient()
        let request = HTTPRequest(url: "\(receiver.httpURL)/v1/traces", headers: [Self.protobufType])
        let refused = try client.send(request)
        #expect(refused.status == 503)
        #expect(refused.headerValue("Retry-After") == "1")
        #expect(refused.retryAfter == .seconds(1))
        let accepted = try client.send(request)
        #expect(accepted.status == 200)
        #expect(accepted.retryAfter == nil)
    }

    @Test("a partial-success response body arrives byte for byte")
    func partialSuccessOverHTTP() throws {
        let receiver = try OTLPReceiver()
        defer { receiver.stop() }
        try receiver.setMode(#"{"partial_success": {"rejected": 2, "message": "2 spans had no name"}, "times": 1}"#)
        let client = try CurlHTTPClient()
        let response = try client.send(
            HTTPRequest(url: "\(receiver.httpURL)/v1/traces", headers: [Self.protobufType], body: Self.requestWithSpan))
        #expect(response.status == 200)
        // ExportTraceServiceResponse { partial_success { rejected_spans: 2, error_message: "..." } }
        let expected = Protobuf.bytesField(
            1, Protobuf.varintField(1, 2) + Protobuf.stringField(2, "2 spans had no name"))
        #expect(response.body == expected)
    }

    @Test("a slow receiver makes the request fail with .timedOut at its deadline; the client recovers")
    func timeout() throws {
        let receiver = try OTLPReceiver()
        defer { receiver.stop() }
        try receiver.setMode(#"{"delay_ms": 3000, "times": 1}"#)
        let client = try CurlHTTPClient()
        let request = HTTPRequest(
            url: "\(receiver.httpURL)/v1/traces", headers: [Self.protobufType], timeoutMilliseconds: 500)
        let clock = ContinuousClock()
        let start = clock.now
        let error = #expect(throws: TransportError.self) { try client.send(request) }
        let elapsed = clock.now - start
        guard case .timedOut(let milliseconds, _) = error else {
            Issue.record("expected .timedOut, got \(String(describing: error))")
            return
        }
        #expect(milliseconds == 500)
        #expect(elapsed >= .milliseconds(450))
        #expect(elapsed < .milliseconds(1_500))
        #expect(error?.isRetryable == true)
        let next = try client.send(request)
        #expect(next.status == 200)
        #expect(next.newConnections == 1)
    }

    @Test("a closed port fails fast with .connectFailed, and the message holds no header value")
    func connectionRefused() throws {
        let port = try closedLocalPort()
        let client = try CurlHTTPClient()
        let clock = ContinuousClock()
        let start = clock.now
        let error = #expect(throws: TransportError.self) {
            try client.send(
                HTTPRequest(
                    url: "http://127.0.0.1:\(port)/v1/traces",
                    headers: [Self.protobufType, ("Authorization", "Bearer sk-very-secret-token")]))
        }
        #expect(clock.now - start < .seconds(1))
        guard case .connectFailed(let detail) = error else {
            Issue.record("expected .connectFailed, got \(String(describing: error))")
            return
        }
        #expect(detail.contains("\(port)"))
        #expect(!String(describing: error).contains("sk-very-secret-token"))
        #expect(String(describing: error).contains("collector is running"))
    }

    @Test("requests from several threads share one client safely, one at a time")
    func concurrentUse() throws {
        let receiver = try OTLPReceiver()
        defer { receiver.stop() }
        let client = try CurlHTTPClient()
        let request = HTTPRequest(url: "\(receiver.httpURL)/v1/traces", headers: [Self.protobufType])
        let statuses = Mutex<[Int]>([])
        DispatchQueue.concurrentPerform(iterations: 8) { _ in
            let status = (try? client.send(request).status) ?? -1
            statuses.withLock { $0.append(status) }
        }
        #expect(statuses.withLock { $0 } == Array(repeating: 200, count: 8))
        let ports = Set(try receiver.received().compactMap { jsonValue($0, ["client_port"]) as? Int })
        #expect(ports.count == 1)  // serialized on one handle: one kept-alive connection
    }

    @Test("a response body over the limit fails with .receiveFailed; garbage bodies arrive as sent")
    func responseBodies() throws {
        let receiver = try OTLPReceiver()
        defer { receiver.stop() }
        let request = HTTPRequest(url: "\(receiver.httpURL)/v1/traces", headers: [Self.protobufType])
        try receiver.setMode(#"{"partial_success": {"rejected": 1, "message": "too long for the limit"}, "times": 1}"#)
        let small = try CurlHTTPClient(configuration: .init(maxResponseBodyBytes: 8))
        let error = #expect(throws: TransportError.self) { try small.send(request) }
        guard case .receiveFailed(let detail) = error else {
            Issue.record("expected .receiveFailed, got \(String(describing: error))")
            return
        }
        #expect(detail.contains("8 bytes"))
        try receiver.setMode(#"{"garbage": true, "times": 1}"#)
        let garbage = try CurlHTTPClient().send(request)
        #expect(garbage.status == 200)
        #expect(garbage.body == [0xFF, 0xFE] + Array("not-a-protobuf".utf8) + [0])
    }

    // MARK: - OTLP/gRPC

    @Test("unary gRPC over h2c to the three collector services returns status 0 and is decoded")
    func grpcThreeServices() throws {
        let receiver = try OTLPReceiver()
        defer { receiver.stop() }
        let client = try GRPCClient(endpoint: receiver.grpcURL + "/")
        let calls = [(Self.traceService, "traces"), (Self.logsService, "logs"), (Self.metricsService, "metrics")]
        for (service, signal) in calls {
            let response = try client.unary(
                service: service, message: Protobuf.exportRequest(serviceName: "svc-\(signal)"),
                metadata: [("X-Api-Key", "key-\(signal)")])
            #expect(response.status == .ok, "\(service)")
            #expect(response.message == [])  // an empty Export*ServiceResponse
            #expect(response.httpStatus == 200)
            #expect(HTTPResponse.firstValue(named: "grpc-status", in: response.trailers) == "0")
        }
        let received = try receiver.received()
        try #require(received.count == 3)
        for (index, (service, signal)) in calls.enumerated() {
            let entry = received[index]
            #expect(jsonValue(entry, ["signal"]) as? String == signal)
            #expect(jsonValue(entry, ["transport"]) as? String == "grpc")
            #expect(jsonValue(entry, ["path"]) as? String == "/\(service)/Export")
            #expect(jsonValue(entry, ["headers", "x-api-key"]) as? String == "key-\(signal)")
            let resourceKey = ["traces": "resourceSpans", "logs": "resourceLogs", "metrics": "resourceMetrics"][signal]!
            #expect(
                jsonValue(entry, ["message", resourceKey, 0, "resource", "attributes", 0, "value", "stringValue"])
                    as? String == "svc-\(signal)")
        }
        let ports = Set(received.compactMap { jsonValue($0, ["client_port"]) as? Int })
        // One HTTP/2 connection for all three calls, except on libcurl < 8.0.0, which cannot reuse
        // an h2c connection (curl issue #10634), so the client opens one per call there.
        #expect(ports.count == (CurlRuntime.reusedH2CConnectionsFail ? 3 : 1))
    }

    @Test("raw HTTP/2 prior knowledge: negotiated h2, framed body, grpc-status in the trailers")
    func grpcRawHTTP2() throws {
        let receiver = try OTLPReceiver()
        defer { receiver.stop() }
        let client = try CurlHTTPClient(configuration: .init(httpVersion: .http2PriorKnowledge))
        let response = try client.send(
            HTTPRequest(
                url: "\(receiver.grpcURL)/\(Self.traceService)/Export",
                headers: [("content-type", "application/grpc"), ("te", "trailers")],
                body: try GRPCFraming.encode([], compressed: false)))
        #expect(response.status == 200)
        #expect(response.httpVersion == .http2)
        #expect(response.headerValue("content-type") == "application/grpc")
        #expect(response.body == [0, 0, 0, 0, 0])
        #expect(response.trailerValue("grpc-status") == "0")
        #expect(response.headerValue("grpc-status") == nil)
    }

    @Test("gzip-compressed gRPC request (grpc-encoding: gzip, flag 1) is decoded by grpcio")
    func grpcGzip() throws {
        let receiver = try OTLPReceiver()
        defer { receiver.stop() }
        let client = try GRPCClient(endpoint: receiver.grpcURL)
        let response = try client.unary(
            service: Self.traceService, message: Self.requestWithSpan, compression: .gzip)
        #expect(response.status == .ok)
        let entry = try #require(receiver.received().first)
        // grpcio consumes grpc-encoding itself (it is not in the reported metadata); the span name
        // decoding right shows that grpcio read flag 1 and gunzipped the message.
        #expect(
            jsonValue(entry, ["message", "resourceSpans", 0, "scopeSpans", 0, "spans", 0, "name"]) as? String
                == "GET /cart")
    }

    @Test("gRPC error code and percent-encoded message arrive (trailers-only answer); then OK again")
    func grpcErrorStatus() throws {
        let receiver = try OTLPReceiver()
        defer { receiver.stop() }
        let text = "collector busy: 100% full ✓ retry later"
        let mode = #"{"mode": "status", "grpc_code": 14, "grpc_message": "\#(text)", "retry_after": "2", "times": 1}"#
        try receiver.setMode(mode)
        let client = try GRPCClient(endpoint: receiver.grpcURL)
        let failed = try client.unary(service: Self.logsService, message: [])
        #expect(failed.status.code == .unavailable)
        #expect(failed.status.message == text)
        #expect(failed.message == nil)
        let pushback = HTTPResponse.firstValue(named: "grpc-retry-pushback-ms", in: failed.headers + failed.trailers)
        #expect(pushback == "2000")
        let succeeded = try client.unary(service: Self.logsService, message: [])
        #expect(succeeded.status == .ok)
    }

    @Test("gRPC partial success comes back as the response message")
    func grpcPartialSuccess() throws {
        let receiver = try OTLPReceiver()
        defer { receiver.stop() }
        try receiver.setMode(#"{"partial_success": {"rejected": 3, "message": "dropped"}, "times": 1}"#)
        let client = try GRPCClient(endpoint: receiver.grpcURL)
        let response = try client.unary(service: Self.metricsService, message: [])
        #expect(response.status == .ok)
        let expected = Protobuf.bytesField(1, Protobuf.varintField(1, 3) + Protobuf.stringField(2, "dropped"))
        #expect(response.message == expected)
    }

    @Test("a slow gRPC server makes the call fail with .timedOut at its deadline")
    func grpcDeadline() throws {
        let receiver = try OTLPReceiver()
        defer { receiver.stop() }
        try receiver.setMode(#"{"delay_ms": 2000, "times": 1}"#)
        let client = try GRPCClient(endpoint: receiver.grpcURL)
        let clock = ContinuousClock()
        let start = clock.now
        #expect {
            try client.unary(service: Self.traceService, message: [], timeoutMilliseconds: 300)
        } throws: { error in
            if case .timedOut(300, _) = error as? TransportError { return true }
            return false
        }
        #expect(clock.now - start < .milliseconds(1_300))
    }

    @Test("gRPC to a closed port throws .connectFailed")
    func grpcConnectionRefused() throws {
        let client = try GRPCClient(endpoint: "http://127.0.0.1:\(try closedLocalPort())")
        #expect {
            try client.unary(service: Self.traceService, message: [])
        } throws: { error in
            if case .connectFailed = error as? TransportError { return true }
            return false
        }
    }

    // MARK: - TLS

    @Test("HTTPS: trusted CA works; an unknown CA and the system store fail with .tlsFailed; insecure works")
    func tlsServerVerification() throws {
        let certificates = try TestCertificates.make()
        defer { certificates.remove() }
        let receiver = try OTLPReceiver(arguments: certificates.receiverArguments(requireClientCertificate: false))
        defer { receiver.stop() }
        let request = HTTPRequest(
            url: "\(receiver.httpsURL)/v1/traces", headers: [Self.protobufType], body: Self.requestWithSpan)

        let trusted = try CurlHTTPClient(configuration: .init(tls: .init(trustedCAFile: certificates.caCertificate)))
        #expect(try trusted.send(request).status == 200)

        for tls in [TLSConfiguration(trustedCAFile: certificates.otherCACertificate), TLSConfiguration()] {
            let client = try CurlHTTPClient(configuration: .init(tls: tls))
            let error = #expect(throws: TransportError.self) { try client.send(request) }
            guard case .tlsFailed = error else {
                Issue.record("expected .tlsFailed, got \(String(describing: error))")
                continue
            }
        }

        let insecure = try CurlHTTPClient(
            configuration: .init(tls: .init(trustedCAFile: certificates.otherCACertificate, insecure: true)))
        #expect(try insecure.send(request).status == 200)
        #expect(try receiver.received().count == 2)
    }

    @Test("mTLS over HTTPS: a client certificate is required and accepted")
    func mutualTLSOverHTTPS() throws {
        let certificates = try TestCertificates.make()
        defer { certificates.remove() }
        let receiver = try OTLPReceiver(arguments: certificates.receiverArguments(requireClientCertificate: true))
        defer { receiver.stop() }
        let request = HTTPRequest(url: "\(receiver.httpsURL)/v1/traces", headers: [Self.protobufType])

        let withCertificate = try CurlHTTPClient(
            configuration: .init(
                tls: .init(
                    trustedCAFile: certificates.caCertificate, clientCertificateFile: certificates.clientCertificate,
                    clientKeyFile: certificates.clientKey)))
        #expect(try withCertificate.send(request).status == 200)

        let without = try CurlHTTPClient(configuration: .init(tls: .init(trustedCAFile: certificates.caCertificate)))
        let error = #expect(throws: TransportError.self) { try without.send(request) }
        guard case .tlsFailed(let detail) = error else {
            Issue.record("expected .tlsFailed, got \(String(describing: error))")
            return
        }
        #expect(detail.contains("client certificate"))
    }

    @Test("mTLS gRPC over https:// negotiates h2 with ALPN; without a client certificate it fails")
    func mutualTLSOverGRPC() throws {
        let certificates = try TestCertificates.make()
        defer { certificates.remove() }
        let receiver = try OTLPReceiver(arguments: certificates.receiverArguments(requireClientCertificate: true))
        defer { receiver.stop() }
        let mutual = TLSConfiguration(
            trustedCAFile: certificates.caCertificate, clientCertificateFile: certificates.clientCertificate,
            clientKeyFile: certificates.clientKey)

        let client = try GRPCClient(endpoint: receiver.grpcsURL, configuration: .init(tls: mutual))
        let response = try client.unary(service: Self.traceService, message: Self.requestWithSpan)
        #expect(response.status == .ok)
        #expect(try receiver.received().first.map { jsonValue($0, ["transport"]) as? String } == "grpc")

        let raw = try CurlHTTPClient(configuration: .init(httpVersion: .http2OverTLS, tls: mutual))
        let rawResponse = try raw.send(
            HTTPRequest(
                url: "\(receiver.grpcsURL)/\(Self.traceService)/Export",
                headers: [("content-type", "application/grpc"), ("te", "trailers")],
                body: try GRPCFraming.encode([], compressed: false)))
        #expect(rawResponse.httpVersion == .http2)
        #expect(rawResponse.trailerValue("grpc-status") == "0")

        let anonymous = try GRPCClient(
            endpoint: receiver.grpcsURL, configuration: .init(tls: .init(trustedCAFile: certificates.caCertificate)))
        let error = #expect(throws: TransportError.self) {
            try anonymous.unary(service: Self.traceService, message: [])
        }
        guard case .tlsFailed = error else {
            Issue.record("expected .tlsFailed, got \(String(describing: error))")
            return
        }
    }
}
