import OtelAPI
import OtelSDK
import Testing

@testable import OtelOTLP

/// Found by `Fuzz/FuzzReceiverRequest`: the JSON writer wrote -0.0 as the integer `0`, so an
/// OTLP/JSON export turned a negative zero (an attribute, a metric value, a bound) into +0.0,
/// where protobuf keeps it.
@Suite("JSON doubles keep the sign of zero")
struct JSONNegativeZeroTests {
    private func written(_ value: Double) -> String {
        var writer = JSONWriter()
        writer.array { $0.double(value) }
        return String(decoding: writer.bytes, as: UTF8.self)
    }

    @Test("-0.0 is written with its sign and parses back to -0.0")
    func negativeZero() throws {
        #expect(written(-0.0) == "[-0.0]")
        let parsed = try JSONValue.parse(Array(written(-0.0).utf8))
        let value = try #require(parsed.arrayValue.first?.doubleValue)
        #expect(value == 0 && value.sign == .minus)
    }

    @Test("other whole numbers are still written without a fraction")
    func wholeNumbers() {
        #expect(written(0.0) == "[0]")
        #expect(written(-3.0) == "[-3]")
        #expect(written(2.5) == "[2.5]")
    }

    @Test("a -0.0 attribute survives an OTLP/JSON span export")
    func spanAttribute() {
        let span = SpanData(
            name: "s",
            context: SpanContext(traceID: TraceID(high: 1, low: 2), spanID: SpanID(3), traceFlags: .sampled),
            startTime: Timestamp(nanosecondsSinceEpoch: 1), endTime: Timestamp(nanosecondsSinceEpoch: 2),
            attributes: ["z": .double(-0.0)], resource: Resource(attributes: [:]),
            instrumentationScope: InstrumentationScope(name: "test"))
        let json = String(decoding: OTLPTraceEncoder.json([span]), as: UTF8.self)
        #expect(json.contains(#"{"key":"z","value":{"doubleValue":-0.0}}"#))
    }
}
