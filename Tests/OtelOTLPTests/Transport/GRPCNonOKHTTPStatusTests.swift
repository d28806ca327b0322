import Testing

@testable import OtelOTLP

/// Found by `Fuzz/FuzzExportResponse`: an answer with HTTP status other than 200 that carries
/// `grpc-status: 0` was reported as OK without a response message, so the exporter counted a
/// failed export (say, a proxy's 503 page that copied the header) as delivered.
@Suite("gRPC answers with a non-200 HTTP status")
struct GRPCNonOKHTTPStatusTests {
    private func response(status: Int, trailers: [(String, String)]) -> HTTPResponse {
        HTTPResponse(
            status: status, headers: [("content-type", "application/grpc")], body: [], trailers: trailers,
            httpVersion: .http2)
    }

    @Test("grpc-status 0 on a non-200 answer is not OK: the HTTP status decides", arguments: [276, 404, 503])
    func okStatusOnErrorAnswer(status: Int) {
        let result = GRPCClient.interpret(response(status: status, trailers: [("grpc-status", "0")]))
        #expect(!result.status.isOK)
        #expect(result.status == GRPCStatus.fromHTTPStatus(status))
        #expect(result.message == nil)
    }

    @Test("a failing grpc-status on a non-200 answer is kept")
    func failingStatusKept() {
        let result = GRPCClient.interpret(
            response(status: 503, trailers: [("grpc-status", "14"), ("grpc-message", "draining")]))
        #expect(result.status == GRPCStatus(code: .unavailable, message: "draining"))
    }
}
