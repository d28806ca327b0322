import OtelOTLP
import Testing

@Suite("gRPC framing and status")
struct GRPCFramingTests {
    @Test("encode writes the flag and a big-endian length; decode reverses it")
    func roundTrip() throws {
        let message = Array(repeating: UInt8(7), count: 300)
        let framed = try GRPCFraming.encode(message, compressed: true)
        #expect(Array(framed.prefix(5)) == [1, 0, 0, 1, 44])
        #expect(try GRPCFraming.decode(framed) == [GRPCFrame(compressed: true, message: message)])
        #expect(try GRPCFraming.encode([], compressed: false) == [0, 0, 0, 0, 0])
        let two = try GRPCFraming.encode([1], compressed: false) + GRPCFraming.encode([2, 3], compressed: false)
        #expect(try GRPCFraming.decode(two).map(\.message) == [[1], [2, 3]])
        #expect(try GRPCFraming.decode([]) == [])
    }

    @Test("malformed frames are reported precisely")
    func malformed() {
        #expect(throws: GRPCFramingError.truncatedPrefix(available: 3)) { try GRPCFraming.decode([0, 0, 0]) }
        #expect(throws: GRPCFramingError.truncatedMessage(expected: 4, available: 2)) {
            try GRPCFraming.decode([0, 0, 0, 0, 4, 1, 2])
        }
        #expect(throws: GRPCFramingError.invalidCompressedFlag(2)) { try GRPCFraming.decode([2, 0, 0, 0, 0]) }
    }

    @Test("status comes from trailers, or from headers in a trailers-only answer")
    func statusParsing() {
        let fromTrailers = GRPCStatus.parse(
            headers: [("content-type", "application/grpc")],
            trailers: [("grpc-status", "8"), ("grpc-message", "quota%20exceeded")])
        #expect(fromTrailers == GRPCStatus(code: .resourceExhausted, message: "quota exceeded"))
        let trailersOnly = GRPCStatus.parse(
            headers: [("Grpc-Status", " 16 "), ("grpc-message", "no key")], trailers: [])
        #expect(trailersOnly == GRPCStatus(code: .unauthenticated, message: "no key"))
        #expect(GRPCStatus.parse(headers: [], trailers: []) == nil)
        #expect(GRPCStatus.parse(headers: [], trailers: [("grpc-status", "99")])?.code == .unknown)
        #expect(GRPCStatus.Code.allCases.count == 17)
        #expect(GRPCStatus.Code(rawValue: 13) == .internal)
    }

    @Test("grpc-message percent-decoding follows the gRPC spec")
    func percentDecoding() {
        #expect(GRPCStatus.percentDecode("plain") == "plain")
        #expect(GRPCStatus.percentDecode("100%25 done") == "100% done")
        #expect(GRPCStatus.percentDecode("caf%C3%A9 %E2%9C%93") == "café ✓")
        #expect(GRPCStatus.percentDecode("bad %zz and %4") == "bad %zz and %4")
        #expect(GRPCStatus.percentDecode("%FF") == "\u{FFFD}")
        let text = "line1\nline2 100% ✓"
        #expect(GRPCStatus.percentEncode(text) == "line1%0Aline2 100%25 %E2%9C%93")
        #expect(GRPCStatus.percentDecode(GRPCStatus.percentEncode(text)) == text)
    }

    @Test("non-gRPC HTTP answers map to gRPC codes")
    func httpStatusMapping() {
        #expect(GRPCStatus.fromHTTPStatus(400).code == .internal)
        #expect(GRPCStatus.fromHTTPStatus(401).code == .unauthenticated)
        #expect(GRPCStatus.fromHTTPStatus(403).code == .permissionDenied)
        #expect(GRPCStatus.fromHTTPStatus(404).code == .unimplemented)
        #expect(GRPCStatus.fromHTTPStatus(503).code == .unavailable)
        #expect(GRPCStatus.fromHTTPStatus(500).code == .unknown)
    }
}
