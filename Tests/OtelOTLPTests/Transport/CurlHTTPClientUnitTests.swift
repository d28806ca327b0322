import Testing

@testable import OtelOTLP

@Suite("CurlHTTPClient without a network")
struct CurlHTTPClientUnitTests {
    @Test("non-HTTP URLs, bad headers and bad timeouts are rejected before any I/O")
    func invalidRequests() throws {
        let client = try CurlHTTPClient()
        let cases: [HTTPRequest] = [
            HTTPRequest(url: "file:///etc/passwd"),
            HTTPRequest(url: "localhost:4318/v1/traces"),
            HTTPRequest(url: "http://127.0.0.1:9/v1/traces\r\nX: y"),
            HTTPRequest(url: "http://127.0.0.1:9/", headers: [("Bad Name", "v")]),
            HTTPRequest(url: "http://127.0.0.1:9/", headers: [("X-Key", "secret\r\nInjected: 1")]),
            HTTPRequest(url: "http://127.0.0.1:9/", timeoutMilliseconds: 0),
        ]
        for request in cases {
            let error = #expect(throws: TransportError.self) { try client.send(request) }
            guard case .invalidConfiguration(let detail) = error else {
                Issue.record("expected .invalidConfiguration for \(request.url), got \(String(describing: error))")
                continue
            }
            #expect(!detail.contains("secret"))
        }
    }

    @Test("missing TLS files and a key without a certificate are configuration errors")
    func invalidTLSConfiguration() {
        let configurations: [TLSConfiguration] = [
            TLSConfiguration(trustedCAFile: "/nonexistent/ca.pem"),
            TLSConfiguration(clientCertificateFile: "/nonexistent/client.pem"),
            TLSConfiguration(clientKeyFile: "/etc/hostname"),
        ]
        for tls in configurations {
            #expect {
                _ = try CurlHTTPClient(configuration: .init(tls: tls))
            } throws: { error in
                guard case .invalidConfiguration(let detail) = error as? TransportError else { return false }
                return detail.contains("certificate")
            }
        }
    }

    @Test("libcurl codes map to the transport error cases")
    func errorMapping() {
        func mapped(_ code: Int32, _ detail: String = "x") -> TransportError {
            CurlEasyHandle.mapError(code: code, detail: detail, timeoutMilliseconds: 250)
        }
        #expect(mapped(7) == .connectFailed("x"))
        #expect(mapped(6) == .connectFailed("x"))
        #expect(mapped(28) == .timedOut(milliseconds: 250, detail: "x"))
        #expect(mapped(35) == .tlsFailed("x"))
        #expect(mapped(60) == .tlsFailed("x"))
        #expect(mapped(55) == .sendFailed("x"))
        #expect(mapped(56) == .receiveFailed("x"))
        #expect(
            mapped(56, "OpenSSL SSL_read: tlsv13 alert certificate required")
                == .tlsFailed(
                    "OpenSSL SSL_read: tlsv13 alert certificate required"))
        #expect(mapped(52) == .receiveFailed("x"))
        #expect(mapped(42) == .other(code: 42, message: "x"))
        guard case .invalidConfiguration = mapped(1) else {
            Issue.record("unsupported protocol should be a configuration error")
            return
        }
    }

    @Test("header values are scrubbed from libcurl's error text")
    func redaction() {
        let text = "server said Bearer abc123def and abc123def again"
        let result = text.withCString { buffer in
            CurlEasyHandle.detail(code: 56, buffer: buffer, secrets: ["Bearer abc123def", "abc123def"])
        }
        #expect(result == "server said <redacted> and <redacted> again")
        let empty = "".withCString { CurlEasyHandle.detail(code: 7, buffer: $0, secrets: []) }
        #expect(empty == "Couldn't connect to server")
    }

    @Test("header lines: status line, headers, blank line, trailers; 1xx heads are dropped")
    func headerParsing() {
        let transfer = CurlTransfer(maxBodyBytes: 10)
        let lines = [
            "HTTP/1.1 100 Continue\r\n", "\r\n", "HTTP/2 200\r\n", "content-type: application/grpc\r\n",
            "x-multi:  a\r\n", "\t b\r\n", "\r\n", "grpc-status: 0\r\n", "grpc-message: \r\n",
        ]
        for line in lines {
            Array(line.utf8).withUnsafeBytes { transfer.appendHeaderLine($0) }
        }
        #expect(transfer.headers.map { "\($0.0)=\($0.1)" } == ["content-type=application/grpc", "x-multi=a b"])
        #expect(transfer.trailers.map { "\($0.0)=\($0.1)" } == ["grpc-status=0", "grpc-message="])
        let accepted = Array(repeating: UInt8(1), count: 8).withUnsafeBytes { transfer.appendBody($0) }
        let rejected = Array(repeating: UInt8(1), count: 8).withUnsafeBytes { transfer.appendBody($0) }
        #expect(accepted && !rejected && transfer.bodyLimitExceeded)
    }
}
