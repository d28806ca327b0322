import Testing

@testable import OtelOTLP

@Suite("GRPCClient response interpretation")
struct GRPCClientUnitTests {
    private func response(
        status: Int = 200, headers: [(String, String)] = [("content-type", "application/grpc")],
        body: [UInt8] = [0, 0, 0, 0, 0], trailers: [(String, String)] = [("grpc-status", "0")]
    ) -> HTTPResponse {
        HTTPResponse(status: status, headers: headers, body: body, trailers: trailers, httpVersion: .http2)
    }

    @Test("OK with one frame yields the message")
    func okMessage() throws {
        let result = GRPCClient.interpret(response(body: try GRPCFraming.encode([8, 1], compressed: false)))
        #expect(result.status == .ok)
        #expect(result.message == [8, 1])
    }

    @Test("a gzip-compressed response frame is decompressed")
    func compressedResponse() throws {
        let body = try GRPCFraming.encode(Gzip.compress([1, 2, 3]), compressed: true)
        let gzip = GRPCClient.interpret(
            response(headers: [("content-type", "application/grpc"), ("grpc-encoding", "gzip")], body: body))
        #expect(gzip.message == [1, 2, 3])
        let unknown = GRPCClient.interpret(
            response(headers: [("content-type", "application/grpc"), ("grpc-encoding", "snappy")], body: body))
        #expect(unknown.status.code == .internal)
    }

    @Test("protocol violations become INTERNAL; HTTP errors map by status")
    func violations() {
        #expect(GRPCClient.interpret(response(body: [0, 0, 0, 0, 9])).status.code == .internal)
        #expect(GRPCClient.interpret(response(body: [])).status.code == .internal)
        #expect(GRPCClient.interpret(response(trailers: [])).status.code == .internal)
        let html = GRPCClient.interpret(response(status: 503, headers: [("content-type", "text/html")], trailers: []))
        #expect(html.status.code == .unavailable)
        let failed = GRPCClient.interpret(
            response(body: [], trailers: [("grpc-status", "3"), ("grpc-message", "bad")]))
        #expect(failed.status == GRPCStatus(code: .invalidArgument, message: "bad"))
        #expect(failed.message == nil)
    }

    @Test("endpoints need http:// or https://; reserved metadata is refused")
    func invalidUse() throws {
        #expect(throws: TransportError.self) { try GRPCClient(endpoint: "localhost:4317") }
        let client = try GRPCClient(endpoint: "http://127.0.0.1:9")
        #expect {
            try client.unary(service: "s", message: [], metadata: [("Content-Type", "x")])
        } throws: { error in
            if case .invalidConfiguration = error as? TransportError { return true }
            return false
        }
    }
}
