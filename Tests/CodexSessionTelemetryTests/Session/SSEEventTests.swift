import CodexSessionTelemetry
import OtelAPI
import OtelSDK
import Testing

@Suite("SSE events")
struct SSEEventTests {
    @Test(arguments: [
        ("response.output_text.delta", #"{"type":"response.output_text.delta","delta":"x"}"#),
        ("response.completed", "  [DONE]\n"),
        ("response.output_item.done", #"{"type":"message","role":"assistant","content":[]}"#),
        ("response.created", "[1, 2]"),
    ])
    func successIsLogOnly(kind: String, data: String) throws {
        let harness = LaneHarness()
        let session = Sessions.full()
        harness.run { session.logSSEEvent(.event(kind: kind, data: data), duration: .milliseconds(12)) }
        let record = try onlyLogRecord(harness)
        #expect(
            normalized(record.attributes)
                == Expected.log(
                    "codex.sse_event", [Attribute("event.kind", .string(kind)), Attribute("duration_ms", "12")],
                    session: session, account: true))
        #expect(harness.spanEvents.isEmpty)
    }

    @Test(arguments: [
        (
            "response.failed", #"{"type":"response.failed", "response": {"error": {"message": "quota"}}}"#,
            #"{"type":"response.failed","response":{"error":{"message":"quota"}}}"#
        ),
        ("response.output_item.done", #"{"item":{}}"#, "failed to parse response.output_item.done"),
        ("response.output_item.done", "[]", "failed to parse response.output_item.done"),
        ("response.output_text.delta", "{\"delta\":", "unexpected end at line 1 column 9"),
        ("response.output_text.delta", "{\n\"a\" 1}", "expected ':' at line 2 column 5"),
    ])
    func failureOfAKnownKind(kind: String, data: String, error: String) throws {
        let harness = LaneHarness()
        let session = Sessions.full()
        harness.run { session.logSSEEvent(.event(kind: kind, data: data), duration: .milliseconds(3)) }
        let fields: [Attribute] = [
            Attribute("event.kind", .string(kind)), Attribute("duration_ms", "3"),
            Attribute("error.message", .string(error)),
        ]
        let record = try onlyLogRecord(harness)
        #expect(
            normalized(record.attributes) == Expected.log("codex.sse_event", fields, session: session, account: true))
        let event = try onlySpanEvent(harness)
        #expect(normalized(event.attributes) == Expected.trace("codex.sse_event", fields, session: session))
    }

    @Test(arguments: [
        (SSEReadResult.streamError("error decoding response body"), "error decoding response body"),
        (.idleTimeout, "idle timeout waiting for SSE"),
    ])
    func failureWithoutAKind(result: SSEReadResult, error: String) throws {
        let harness = LaneHarness()
        let session = Sessions.minimal()
        harness.run { session.logSSEEvent(result, duration: .milliseconds(300_000)) }
        let record = try onlyLogRecord(harness)
        #expect(
            normalized(record.attributes)
                == Expected.log(
                    "codex.sse_event",
                    [Attribute("duration_ms", "300000"), Attribute("error.message", .string(error))],
                    session: session, account: false))
        let event = try onlySpanEvent(harness)
        #expect(
            normalized(event.attributes)
                == Expected.trace(
                    "codex.sse_event",
                    [
                        Attribute("event.kind", "unknown"), Attribute("duration_ms", "300000"),
                        Attribute("error.message", .string(error)),
                    ], session: session))
    }

    @Test func endOfStreamRecordsNothing() {
        let harness = LaneHarness()
        harness.run { Sessions.full().logSSEEvent(.endOfStream, duration: .milliseconds(1)) }
        #expect(harness.logRecords.isEmpty)
        #expect(harness.spanEvents.isEmpty)
    }

    @Test func completedWithEveryCount() throws {
        let harness = LaneHarness()
        let session = Sessions.full()
        harness.run {
            session.sseEventCompleted(
                inputTokenCount: 1200, outputTokenCount: 340, cachedTokenCount: 1024, reasoningTokenCount: 128,
                toolTokenCount: 56)
        }
        let fields: [Attribute] = [
            Attribute("event.kind", "response.completed"), Attribute("input_token_count", "1200"),
            Attribute("output_token_count", "340"), Attribute("cached_token_count", 1024),
            Attribute("reasoning_token_count", 128), Attribute("tool_token_count", "56"),
        ]
        let record = try onlyLogRecord(harness)
        #expect(
            normalized(record.attributes) == Expected.log("codex.sse_event", fields, session: session, account: true))
        let event = try onlySpanEvent(harness)
        #expect(normalized(event.attributes) == Expected.trace("codex.sse_event", fields, session: session))
    }

    @Test func completedWithoutOptionalCounts() throws {
        let harness = LaneHarness()
        let session = Sessions.minimal()
        harness.run {
            session.sseEventCompleted(
                inputTokenCount: 0, outputTokenCount: 1, cachedTokenCount: nil, reasoningTokenCount: nil,
                toolTokenCount: 0)
        }
        let fields: [Attribute] = [
            Attribute("event.kind", "response.completed"), Attribute("input_token_count", "0"),
            Attribute("output_token_count", "1"), Attribute("tool_token_count", "0"),
        ]
        let record = try onlyLogRecord(harness)
        #expect(
            normalized(record.attributes) == Expected.log("codex.sse_event", fields, session: session, account: false))
        let event = try onlySpanEvent(harness)
        #expect(normalized(event.attributes) == Expected.trace("codex.sse_event", fields, session: session))
    }

    @Test func completedFailed() throws {
        let harness = LaneHarness()
        let session = Sessions.full()
        harness.run { session.sseEventCompletedFailed(error: "missing usage") }
        let fields: [Attribute] = [
            Attribute("event.kind", "response.completed"), Attribute("error.message", "missing usage"),
        ]
        let record = try onlyLogRecord(harness)
        #expect(
            normalized(record.attributes) == Expected.log("codex.sse_event", fields, session: session, account: true))
        let event = try onlySpanEvent(harness)
        #expect(normalized(event.attributes) == Expected.trace("codex.sse_event", fields, session: session))
    }
}
