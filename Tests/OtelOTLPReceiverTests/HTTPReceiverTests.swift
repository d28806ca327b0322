import Foundation
import OtelAPI
import OtelOTLP
import OtelOTLPReceiver
import OtelSDK
import Testing

/// The receiver end to end on loopback: the real exporters and `CurlHTTPClient` against it.
@Suite("OTLP/HTTP receiver", .serialized)
struct HTTPReceiverTests {
    static let noEnvironment = OtelEnvironment([:])

    static func deadline(_ seconds: Int = 10) -> MonotonicInstant {
        MonotonicInstant.now().advanced(by: .seconds(seconds))
    }

    static func client() throws -> CurlHTTPClient {
        try CurlHTTPClient(configuration: .init(timeoutMilliseconds: 5_000))
    }

    static func post(
        _ client: CurlHTTPClient, _ url: String, body: [UInt8], contentType: String = "application/x-protobuf",
        headers: [(String, String)] = []
    ) throws -> HTTPResponse {
        try client.send(HTTPRequest(url: url, headers: [("Content-Type", contentType)] + headers, body: body))
    }

    @Test(
        "the real exporters deliver spans and log records",
        arguments: [
            (OTLPProtocol.httpProtobuf, OTLPCompression.uncompressed), (.httpJSON, .uncompressed),
            (.httpProtobuf, .gzip), (.httpJSON, .gzip),
        ])
    func exporters(wireProtocol: OTLPProtocol, compression: OTLPCompression) throws {
        let store = OTLPReceiverStore()
        let receiver = try OTLPHTTPReceiver(store: store)
        defer { receiver.stop() }
        let spans = try Fixtures.spans()
        let records = Fixtures.logRecords()

        let spanExporter = try OTLPSpanExporter(
            configuration: OTLPExporterConfiguration(
                endpoint: .exact("http://127.0.0.1:\(receiver.port)/v1/traces"), protocol: wireProtocol,
                timeout: .seconds(5), compression: compression),
            environment: Self.noEnvironment)
        #expect(spanExporter.export(spans, deadline: Self.deadline()) == .success)
        #expect(spanExporter.export(Array(spans.prefix(2)), deadline: Self.deadline()) == .success)

        let logExporter = try OTLPLogRecordExporter(
            configuration: OTLPExporterConfiguration(
                endpoint: .exact(receiver.url(for: .logs)), protocol: wireProtocol, timeout: .seconds(5),
                compression: compression),
            environment: Self.noEnvironment)
        #expect(logExporter.export(records, deadline: Self.deadline()) == .success)

        let statistics = receiver.statistics
        #expect(statistics.spans == spans.count + 2)
        #expect(statistics.traces.requests == 2)
        #expect(statistics.logRecords == records.count)
        #expect(statistics.logs.requests == 1)
        #expect(statistics.decodeErrors == 0)
        #expect(statistics.refusedRequests == 0)
        #expect(statistics.bytes > 0)
        #expect(statistics.connections == 2, "each exporter keeps its connection alive")
        #expect(store.statistics == statistics)
        #expect(store.spans == spans + spans.prefix(2))
        #expect(store.logRecords == records)
        #expect(spanExporter.statistics.requests == 2)
        #expect(spanExporter.statistics.itemsDropped == 0)
        #expect(logExporter.statistics.batchesSucceeded == 1)
    }

    @Test("metrics arrive, and summaries are reported as a partial success", arguments: OTLPPayloadFormat.allCases)
    func metrics(format: OTLPPayloadFormat) throws {
        let store = OTLPReceiverStore()
        let receiver = try OTLPHTTPReceiver(store: store)
        defer { receiver.stop() }
        let client = try Self.client()
        let batches = Fixtures.resourceMetrics()
        let body = format == .json ? OTLPMetricEncoder.json(batches) : OTLPMetricEncoder.protobuf(batches)
        let response = try Self.post(client, receiver.url(for: .metrics), body: body, contentType: format.contentType)
        #expect(response.status == 200)
        #expect(response.headerValue("content-type") == format.contentType)
        #expect(response.body == OTLPExportResponseEncoder.success(format: format))
        #expect(store.resourceMetrics == batches)
        #expect(receiver.statistics.metricPoints == batches.reduce(0) { $0 + $1.pointCount })

        // A summary metric with three points has no place in the model: 200, three rejected.
        var writer = ProtobufWriter()
        writer.message(1) {
            $0.message(2) {
                $0.message(2) { metric in
                    metric.string(1, "latency.summary")
                    metric.message(11) { summary in for _ in 0..<3 { summary.message(1) { $0.fixed64(4, 1) } } }
                }
            }
        }
        let summaryBody =
            format == .json
            ? Array(
                #"{"resourceMetrics":[{"scopeMetrics":[{"metrics":[{"name":"x","summary":{"dataPoints":[{},{},{}]}}]}]}]}"#
                    .utf8)
            : writer.bytes
        let partial = try Self.post(
            client, receiver.url(for: .metrics), body: summaryBody, contentType: format.contentType)
        #expect(partial.status == 200)
        let report =
            format == .json
            ? try ExportResponseDecoder.decodeJSON(partial.body, signal: .metrics)
            : try ExportResponseDecoder.decodeProtobuf(partial.body)
        #expect(report?.rejected == 3)
        #expect(report?.errorMessage.contains("summary") == true)
        #expect(receiver.statistics.metrics.rejectedItems == 3)
    }

    @Test("keep-alive: consecutive requests share one connection")
    func keepAlive() throws {
        let receiver = try OTLPHTTPReceiver()
        defer { receiver.stop() }
        let client = try Self.client()
        let body = OTLPTraceEncoder.protobuf(try Fixtures.spans())
        var newConnections: [Int] = []
        for _ in 0..<5 {
            let response = try Self.post(client, receiver.url(for: .traces), body: body)
            #expect(response.status == 200)
            #expect(response.body.isEmpty, "an empty ExportTraceServiceResponse")
            newConnections.append(response.newConnections)
        }
        #expect(newConnections == [1, 0, 0, 0, 0])
        #expect(receiver.statistics.connections == 1)
        #expect(receiver.statistics.traces.requests == 5)
    }

    @Test("undecodable bodies get 400 with a google.rpc.Status")
    func garbage() throws {
        let receiver = try OTLPHTTPReceiver()
        defer { receiver.stop() }
        let client = try Self.client()

        let protobuf = try Self.post(client, receiver.url(for: .traces), body: [0x0A, 0xFF, 0xFF, 0x01])
        #expect(protobuf.status == 400)
        #expect(protobuf.headerValue("content-type") == "application/x-protobuf")
        var reader = ProtobufReader(protobuf.body)
        var code: Int64 = 0
        var message = ""
        while let (field, value) = try reader.next() {
            if field == 1 { code = value.int64 }
            if field == 2 { message = try value.string() }
        }
        #expect(code == 3)
        #expect(message.contains("invalid OTLP protobuf"))

        let json = try Self.post(
            client, receiver.url(for: .logs), body: Array("{oops".utf8), contentType: "application/json")
        #expect(json.status == 400)
        let status = try JSONValue.parse(json.body)
        #expect(status["code"]?.int64Value == 3)
        #expect(status["message"]?.stringValue?.contains("invalid OTLP/JSON") == true)

        let gzip = try Self.post(
            client, receiver.url(for: .metrics), body: [1, 2, 3], headers: [("Content-Encoding", "gzip")])
        #expect(gzip.status == 400)

        // The connection survives a 400: the next request reuses it.
        let fine = try Self.post(client, receiver.url(for: .traces), body: [])
        #expect(fine.status == 200)
        #expect(fine.newConnections == 0)
        #expect(receiver.statistics.decodeErrors == 3)
        #expect(receiver.statistics.traces.requests == 1)
    }

    @Test("wrong routes, methods and media types")
    func refusals() throws {
        var limits = OTLPDecodeLimits()
        limits.maxBodyBytes = 1024
        limits.maxJSONBodyBytes = 1024
        let receiver = try OTLPHTTPReceiver(configuration: .init(limits: limits))
        defer { receiver.stop() }
        let client = try Self.client()
        let base = receiver.baseURL

        #expect(try Self.post(client, base + "/v1/nothing", body: []).status == 404)
        #expect(try Self.post(client, base + "/", body: []).status == 404)
        let get = try client.send(HTTPRequest(method: .get, url: receiver.url(for: .traces)))
        #expect(get.status == 405)
        #expect(get.headerValue("allow") == "POST")
        #expect(try Self.post(client, receiver.url(for: .traces), body: [], contentType: "text/plain").status == 415)
        #expect(
            try Self.post(client, receiver.url(for: .traces), body: [], headers: [("Content-Encoding", "br")]).status
                == 415)
        #expect(try Self.post(client, receiver.url(for: .traces) + "?x=1", body: []).status == 200)
        #expect(
            try Self.post(client, receiver.url(for: .traces), body: [], contentType: "application/json; charset=utf-8")
                .status
                == 400, "an empty body is not a JSON document")
        let big = try Self.post(client, receiver.url(for: .traces), body: [UInt8](repeating: 0, count: 4096))
        #expect(big.status == 413)
        #expect(receiver.statistics.refusedRequests == 6)
    }

    @Test("a stalled client is cut off by the read timeout and blocks nobody")
    func stalledClient() throws {
        let receiver = try OTLPHTTPReceiver(configuration: .init(readTimeout: .milliseconds(300)))
        defer { receiver.stop() }
        let stalled = try RawHTTPClient(port: receiver.port)
        try stalled.send(
            "POST /v1/traces HTTP/1.1\r\nHost: x\r\nContent-Type: application/x-protobuf\r\nContent-Length: 100\r\n\r\nabc"
        )
        let halfHead = try RawHTTPClient(port: receiver.port)
        try halfHead.send("POST /v1/tra")

        // Meanwhile others are served at once.
        let started = ContinuousClock.now
        let response = try Self.post(try Self.client(), receiver.url(for: .traces), body: [])
        #expect(response.status == 200)
        #expect(ContinuousClock.now - started < .milliseconds(250))

        let answer = stalled.readToEnd()
        #expect(answer.hasPrefix("HTTP/1.1 408"))
        #expect(halfHead.readToEnd().hasPrefix("HTTP/1.1 408"))
        #expect(ContinuousClock.now - started < .seconds(3))
    }

    @Test("pipelining, HTTP/1.0, Expect: 100-continue and malformed heads")
    func rawHTTP() throws {
        let receiver = try OTLPHTTPReceiver(configuration: .init(maxHeadBytes: 1024))
        defer { receiver.stop() }
        let request = "POST /v1/logs HTTP/1.1\r\nContent-Type: application/json\r\nContent-Length: 2\r\n\r\n{}"

        let pipelined = try RawHTTPClient(port: receiver.port)
        try pipelined.send(request + request + "GET /v1/logs HTTP/1.1\r\n\r\n")
        let responses = try pipelined.readResponses(3)
        #expect(responses.map { $0.head.prefix(12) } == ["HTTP/1.1 200", "HTTP/1.1 200", "HTTP/1.1 405"])
        #expect(responses[0].body == Array("{}".utf8))

        let old = try RawHTTPClient(port: receiver.port)
        try old.send("POST /v1/logs HTTP/1.0\r\nContent-Type: application/json\r\nContent-Length: 2\r\n\r\n{}")
        let oldAnswer = old.readToEnd()
        #expect(oldAnswer.hasPrefix("HTTP/1.1 200"))
        #expect(oldAnswer.contains("Connection: close"))

        let expecting = try RawHTTPClient(port: receiver.port)
        try expecting.send(
            "POST /v1/logs HTTP/1.1\r\nContent-Type: application/json\r\nExpect: 100-continue\r\nContent-Length: 2\r\n\r\n"
        )
        let interim = try expecting.readResponses(1)
        #expect(interim.first?.head == "HTTP/1.1 100 Continue")
        try expecting.send("{}")
        #expect(try expecting.readResponses(1).first?.head.hasPrefix("HTTP/1.1 200") == true)

        let cases: [(String, String)] = [
            ("GARBAGE\r\n\r\n", "HTTP/1.1 400"),
            ("POST /v1/logs HTTP/2.0\r\n\r\n", "HTTP/1.1 505"),
            ("POST /v1/logs HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n", "HTTP/1.1 411"),
            ("POST /v1/logs HTTP/1.1\r\nContent-Length: -5\r\n\r\n", "HTTP/1.1 400"),
            ("POST /v1/logs HTTP/1.1\r\nContent-Length: 1\r\nContent-Length: 2\r\n\r\n", "HTTP/1.1 400"),
            ("POST /v1/logs HTTP/1.1\r\nX: " + String(repeating: "a", count: 2000) + "\r\n\r\n", "HTTP/1.1 431"),
            ("POST /v1/logs HTTP/1.1\r\nContent-Length: 99999999999\r\n\r\n", "HTTP/1.1 413"),
        ]
        for (text, expected) in cases {
            let client = try RawHTTPClient(port: receiver.port)
            try client.send(text)
            let answer = client.readToEnd()
            #expect(answer.hasPrefix(expected), "\(text.prefix(40)) → \(answer.prefix(40))")
        }
    }

    @Test("stop() closes the port promptly, even with open connections")
    func stop() throws {
        let receiver = try OTLPHTTPReceiver()
        let port = receiver.port
        #expect(port != 0)
        #expect(RawHTTPClient.canConnect(port: port))
        let client = try Self.client()
        #expect(try Self.post(client, receiver.url(for: .traces), body: []).status == 200)  // kept alive
        let stalled = try RawHTTPClient(port: port)
        try stalled.send("POST /v1/traces HTTP/1.1\r\nContent-Length: 10\r\n\r\n")

        let started = ContinuousClock.now
        receiver.stop()
        #expect(ContinuousClock.now - started < .seconds(1))
        #expect(!receiver.isRunning)
        #expect(!RawHTTPClient.canConnect(port: port))
        #expect(stalled.readToEnd().isEmpty, "the connection is closed without an answer")
        receiver.stop()  // idempotent

        // The port is free again.
        let again = try OTLPHTTPReceiver(configuration: .init(port: port))
        #expect(again.port == port)
        again.stop()
    }

    @Test("releasing the receiver stops it; so does stop() from the sink")
    func lifecycle() throws {
        var port: UInt16 = 0
        do {
            let receiver = try OTLPHTTPReceiver()
            port = receiver.port
            #expect(RawHTTPClient.canConnect(port: port))
        }
        #expect(!RawHTTPClient.canConnect(port: port))

        let holder = ReceiverHolder()
        let receiver = try OTLPHTTPReceiver { event in
            if case .received = event { holder.stopReceiver() }
        }
        holder.set(receiver)
        let response = try Self.post(try Self.client(), receiver.url(for: .traces), body: [])
        #expect(response.status == 200)
        let deadline = ContinuousClock.now + .seconds(2)
        while RawHTTPClient.canConnect(port: receiver.port), ContinuousClock.now < deadline { usleep(10_000) }
        #expect(!receiver.isRunning)
        #expect(!RawHTTPClient.canConnect(port: receiver.port))
        holder.clear()
    }

    @Test("a taken port is a clear error")
    func portInUse() throws {
        let first = try OTLPHTTPReceiver()
        defer { first.stop() }
        #expect {
            _ = try OTLPHTTPReceiver(configuration: .init(port: first.port))
        } throws: { error in
            guard let error = error as? OTLPReceiverError, case .socketFailed = error else { return false }
            return error.description.contains("pick another port")
        }
        #expect(throws: OTLPReceiverError.invalidHost("localhost")) {
            _ = try OTLPHTTPReceiver(configuration: .init(host: "localhost"))
        }
    }
}

/// Lets a sink reach the receiver it belongs to.
final class ReceiverHolder: @unchecked Sendable {
    private let lock = NSLock()
    private var receiver: OTLPHTTPReceiver?

    func set(_ receiver: OTLPHTTPReceiver) { lock.withLock { self.receiver = receiver } }
    func clear() { lock.withLock { receiver = nil } }
    func stopReceiver() { lock.withLock { receiver }?.stop() }
}
