import Testing

@testable import OtelOTLP

@Suite("Retry policy and export responses")
struct RetryAndResponseTests {
    @Test("backoff grows by the multiplier, is capped, and jitters within the bound")
    func backoff() {
        let policy = RetryPolicy(
            maximumAttempts: 5, initialBackoff: .seconds(1), maximumBackoff: .seconds(2), multiplier: 1.5)
        #expect(policy.delay(afterAttempt: 1, serverDelay: nil, random: 0.999_999)! <= .seconds(1))
        #expect(policy.delay(afterAttempt: 1, serverDelay: nil, random: 0.5) == .milliseconds(500))
        #expect(policy.delay(afterAttempt: 2, serverDelay: nil, random: 0.5) == .milliseconds(750))
        #expect(policy.delay(afterAttempt: 4, serverDelay: nil, random: 1) == .seconds(2))
        #expect(policy.delay(afterAttempt: 5, serverDelay: nil, random: 0.5) == nil)
        #expect(policy.delay(afterAttempt: 1, serverDelay: .seconds(7), random: 0.5) == .seconds(7))
        #expect(RetryPolicy.none.delay(afterAttempt: 1, serverDelay: nil, random: 0.5) == nil)
    }

    @Test("retryable HTTP statuses and gRPC codes follow the OTLP specification")
    func retryability() {
        for status in [429, 502, 503, 504] { #expect(Retryability.isRetryable(httpStatus: status)) }
        for status in [400, 401, 403, 404, 413, 500, 501] { #expect(!Retryability.isRetryable(httpStatus: status)) }
        for code in [1, 4, 10, 11, 14, 15] { #expect(Retryability.isRetryable(grpcCode: code, hasRetryInfo: false)) }
        #expect(!Retryability.isRetryable(grpcCode: 8, hasRetryInfo: false))
        #expect(Retryability.isRetryable(grpcCode: 8, hasRetryInfo: true))
        for code in [2, 3, 5, 6, 7, 9, 12, 13, 16] {
            #expect(!Retryability.isRetryable(grpcCode: code, hasRetryInfo: false))
        }
    }

    @Test("protobuf partial success is decoded; empty means full success")
    func protobufPartialSuccess() throws {
        #expect(try ExportResponseDecoder.decodeProtobuf([]) == nil)
        var writer = ProtobufWriter()
        writer.message(1) { inner in
            inner.int64(1, 3)
            inner.string(2, "3 spans had no name")
        }
        let partial = try ExportResponseDecoder.decodeProtobuf(writer.bytes)
        #expect(partial == OTLPPartialSuccess(rejected: 3, errorMessage: "3 spans had no name"))
        #expect(throws: ExportResponseDecoder.DecodeError.self) {
            _ = try ExportResponseDecoder.decodeProtobuf([0x0A, 0x09])
        }
    }

    @Test("JSON partial success uses the signal's count name and string integers")
    func jsonPartialSuccess() throws {
        let body = Array(#"{"partialSuccess":{"rejectedLogRecords":"2","errorMessage":"too big"}}"#.utf8)
        #expect(
            try ExportResponseDecoder.decodeJSON(body, signal: .logs)
                == OTLPPartialSuccess(rejected: 2, errorMessage: "too big"))
        #expect(try ExportResponseDecoder.decodeJSON(Array("{}".utf8), signal: .traces) == nil)
        #expect(try ExportResponseDecoder.decodeJSON([], signal: .traces) == nil)
        #expect(throws: ExportResponseDecoder.DecodeError.self) {
            _ = try ExportResponseDecoder.decodeJSON(Array("<html>oops</html>".utf8), signal: .metrics)
        }
    }
}
