import OtelAPI
import Testing

@Suite("Identity types")
struct IdentityTests {
    @Test func traceIDHexRoundTrip() {
        let hex = "4bf92f3577b34da6a3ce929d0e0e4736"
        let id = TraceID(hex: hex)
        #expect(id == TraceID(high: 0x4bf9_2f35_77b3_4da6, low: 0xa3ce_929d_0e0e_4736))
        #expect(id?.hexString == hex)
        #expect(id?.description == hex)
        #expect(id?.isValid == true)
        #expect(TraceID(hex: hex.dropFirst(0)) == id)
    }

    @Test func traceIDHexPadsWithZeros() {
        let id = TraceID(high: 0, low: 1)
        #expect(id.hexString == "00000000000000000000000000000001")
        #expect(TraceID(high: .max, low: .max).hexString == String(repeating: "f", count: 32))
        #expect(TraceID.invalid.hexString == String(repeating: "0", count: 32))
    }

    @Test(arguments: [
        "",
        "4bf92f3577b34da6a3ce929d0e0e473",  // 31 characters
        "4bf92f3577b34da6a3ce929d0e0e47360",  // 33 characters
        "4BF92F3577B34DA6A3CE929D0E0E4736",  // uppercase
        "4bf92f3577b34da6a3ce929d0e0e473G",  // non-hex
        "4bf92f3577b34da6-3ce929d0e0e4736",  // delimiter inside
        " 4bf92f3577b34da6a3ce929d0e0e473",  // whitespace
        "4bf92f3577b34da6a3ce929d0e0e47é",  // non-ASCII
    ])
    func traceIDRejectsMalformedHex(_ text: String) {
        #expect(TraceID(hex: text) == nil)
    }

    @Test func allZeroTraceIDParsesButIsInvalid() {
        let id = TraceID(hex: String(repeating: "0", count: 32))
        #expect(id == .invalid)
        #expect(id?.isValid == false)
    }

    @Test func traceIDBytesAreBigEndian() {
        let id = TraceID(high: 0x0102_0304_0506_0708, low: 0x090a_0b0c_0d0e_0f10)
        #expect(id.bytes == Array(1...16))
        id.withBytes { raw in
            #expect(raw.count == 16)
            #expect(Array(raw) == Array(1...16))
        }
        #expect(TraceID(bytes: Array(1...16)) == id)
        #expect(TraceID(bytes: id.bytes[...]) == id)
    }

    @Test(arguments: [0, 1, 8, 15, 17, 32])
    func traceIDRejectsWrongByteCount(_ count: Int) {
        #expect(TraceID(bytes: [UInt8](repeating: 1, count: count)) == nil)
    }

    @Test func traceIDOrderFollowsBytes() {
        let small = TraceID(high: 1, low: .max)
        let large = TraceID(high: 2, low: 0)
        #expect(small < large)
        #expect(TraceID(high: 1, low: 1) < TraceID(high: 1, low: 2))
        #expect(!(large < small))
        #expect(TraceID.invalid < small)
    }

    @Test func spanIDHexRoundTrip() {
        let hex = "00f067aa0ba902b7"
        let id = SpanID(hex: hex)
        #expect(id == SpanID(0x00f0_67aa_0ba9_02b7))
        #expect(id?.hexString == hex)
        #expect(id?.description == hex)
        #expect(id?.value == 0x00f0_67aa_0ba9_02b7)
        #expect(SpanID(1).hexString == "0000000000000001")
        #expect(SpanID(.max).hexString == "ffffffffffffffff")
    }

    @Test(arguments: [
        "",
        "00f067aa0ba902b",  // 15 characters
        "00f067aa0ba902b70",  // 17 characters
        "00F067AA0BA902B7",  // uppercase
        "00f067aa0ba902bx",  // non-hex
    ])
    func spanIDRejectsMalformedHex(_ text: String) {
        #expect(SpanID(hex: text) == nil)
    }

    @Test func spanIDValidityAndBytes() {
        #expect(!SpanID.invalid.isValid)
        #expect(SpanID(hex: "0000000000000000") == .invalid)
        let id = SpanID(0x0102_0304_0506_0708)
        #expect(id.isValid)
        #expect(id.bytes == [1, 2, 3, 4, 5, 6, 7, 8])
        id.withBytes { #expect(Array($0) == [1, 2, 3, 4, 5, 6, 7, 8]) }
        #expect(SpanID(bytes: [1, 2, 3, 4, 5, 6, 7, 8]) == id)
        #expect(SpanID(bytes: [1, 2, 3, 4, 5, 6, 7]) == nil)
        #expect(SpanID(bytes: [UInt8](repeating: 0, count: 9)) == nil)
        #expect(SpanID(1) < SpanID(2))
    }

    @Test func traceFlags() {
        #expect(TraceFlags.sampled.rawValue == 0x01)
        #expect(TraceFlags.random.rawValue == 0x02)
        #expect(TraceFlags().hexString == "00")
        #expect(TraceFlags.sampled.hexString == "01")
        #expect(TraceFlags([.sampled, .random]).hexString == "03")
        #expect(TraceFlags(rawValue: 0xAB).hexString == "ab")
        #expect(TraceFlags(rawValue: 0xFF).hexString == "ff")
    }

    @Test func spanContextValidity() {
        let traceID = TraceID(high: 1, low: 2)
        let spanID = SpanID(3)
        let context = SpanContext(traceID: traceID, spanID: spanID, traceFlags: .sampled)
        #expect(context.isValid)
        #expect(context.isSampled)
        #expect(!context.isRemote)
        #expect(context.traceState.isEmpty)
        #expect(!SpanContext(traceID: traceID, spanID: .invalid, traceFlags: []).isValid)
        #expect(!SpanContext(traceID: .invalid, spanID: spanID, traceFlags: []).isValid)
        #expect(!SpanContext(traceID: traceID, spanID: spanID, traceFlags: .random).isSampled)
        #expect(!SpanContext.invalid.isValid)
        #expect(!SpanContext.invalid.isSampled)
    }
}
