import CodexSessionTelemetry
import OtelAPI
import OtelSDK
import Testing

@testable import CodexSessionTelemetry

@Suite("SessionTelemetry metadata")
struct SessionMetadataTests {
    @Test func constructorKeepsTheSeedsArguments() {
        let session = Sessions.full()
        #expect(session.conversationID == "conv-1234")
        #expect(session.model == "gpt-5.1")
        #expect(session.slug == "gpt-5.1-codex")
        #expect(session.authMode == "Chatgpt")
        #expect(session.originator == "codex_cli_rs")
        #expect(session.logUserPrompts)
        #expect(session.terminalType == "xterm-256color")
        #expect(session.sessionSource == "cli")
        #expect(session.appVersion == CodexSessionTelemetryVersion.current)
        #expect(session.metricsServiceName == nil)
        #expect(session.authEnvironment == nil)
        #expect(session.metricsUseMetadataTags)
    }

    @Test func authModeRenderings() {
        #expect(TelemetryAuthMode.apiKey.description == "ApiKey")
        #expect(TelemetryAuthMode.chatgpt.description == "Chatgpt")
    }

    @Test(arguments: [
        (SessionSource.cli, "cli"), (.vscode, "vscode"), (.exec, "exec"), (.mcp, "mcp"),
        (.subagent("review"), "subagent_review"), (.unknown, "unknown"),
    ])
    func sessionSourceRenderings(source: SessionSource, rendering: String) {
        #expect(source.description == rendering)
        let session = SessionTelemetry(
            conversationID: "c", model: "m", slug: "s", accountID: nil, accountEmail: nil, authMode: .apiKey,
            originator: "o", logUserPrompts: false, terminalType: "t", sessionSource: source)
        #expect(session.sessionSource == rendering)
    }

    @Test(arguments: [
        ("codex_cli_rs", "codex_cli_rs"), ("Codex Desktop", "Codex_Desktop"), ("  vs code!  ", "vs_code"),
        ("", "unspecified"), ("!!!", "unspecified"),
    ])
    func originatorIsSanitizedLikeATagValue(raw: String, sanitized: String) {
        let session = SessionTelemetry(
            conversationID: "c", model: "m", slug: "s", accountID: nil, accountEmail: nil, authMode: nil,
            originator: raw, logUserPrompts: false, terminalType: "t", sessionSource: .cli)
        #expect(session.originator == sanitized)
    }

    @Test func buildersReturnModifiedCopies() {
        let base = Sessions.full()
        let changed = base.withModel("gpt-5.2", slug: "gpt-5.2-codex").withMetricsServiceName("codex cli")
            .withAuthEnvironment(AuthEnvironmentMetadata(openAIAPIKeyPresent: true))
        #expect(base.model == "gpt-5.1")
        #expect(changed.model == "gpt-5.2")
        #expect(changed.slug == "gpt-5.2-codex")
        #expect(changed.metricsServiceName == "codex_cli")
        #expect(changed.authEnvironment == AuthEnvironmentMetadata(openAIAPIKeyPresent: true))
        #expect(changed.conversationID == base.conversationID)
    }

    @Test func metadataOnBothLanesWithEveryOptionalField() throws {
        let harness = LaneHarness()
        let session = Sessions.full()
        harness.run { session.recordTurnTTFT(.milliseconds(5)) }
        let record = try onlyLogRecord(harness)
        #expect(
            normalized(record.attributes)
                == Expected.log("codex.turn_ttft", [Attribute("duration_ms", "5")], session: session, account: true))
        let event = try onlySpanEvent(harness)
        #expect(event.name == "codex.turn_ttft")
        #expect(
            normalized(event.attributes)
                == Expected.trace("codex.turn_ttft", [Attribute("duration_ms", "5")], session: session))
        #expect(event.attributes["user.account_id"] == nil)
        #expect(event.attributes["user.email"] == nil)
    }

    @Test func absentOptionalMetadataIsOmitted() throws {
        let harness = LaneHarness()
        let session = Sessions.minimal()
        harness.run { session.recordTurnTTFT(.milliseconds(1)) }
        let record = try onlyLogRecord(harness)
        #expect(
            normalized(record.attributes)
                == Expected.log("codex.turn_ttft", [Attribute("duration_ms", "1")], session: session, account: false))
        for key in ["auth_mode", "user.account_id", "user.email"] {
            #expect(record.attributes[key] == nil)
        }
        let event = try onlySpanEvent(harness)
        #expect(
            normalized(event.attributes)
                == Expected.trace("codex.turn_ttft", [Attribute("duration_ms", "1")], session: session))
    }

    @Test func withModelChangesTheMetadataOfLaterEvents() throws {
        let harness = LaneHarness()
        let session = Sessions.full().withModel("gpt-5.2", slug: "gpt-5.2-codex")
        harness.run { session.recordTurnTTFT(.zero) }
        let record = try onlyLogRecord(harness)
        #expect(record.attributes["model"] == "gpt-5.2")
        #expect(record.attributes["slug"] == "gpt-5.2-codex")
        let event = try onlySpanEvent(harness)
        #expect(event.attributes["model"] == "gpt-5.2")
        #expect(event.attributes["slug"] == "gpt-5.2-codex")
    }

    @Test func eventTimestampMatchesTheRecordTimestamp() throws {
        let harness = LaneHarness()
        harness.run { Sessions.full().recordTurnTTFT(.zero) }
        let record = try onlyLogRecord(harness)
        let timestamp = try #require(record.timestamp)
        #expect(record.attributes["event.timestamp"] == .string(RFC3339Timestamp.millisecondsUTC(timestamp)))
        let event = try onlySpanEvent(harness)
        #expect(event.attributes["event.timestamp"] == .string(RFC3339Timestamp.millisecondsUTC(event.timestamp)))
    }

    @Test(arguments: [
        (UInt64(0), "1970-01-01T00:00:00.000Z"),
        (1_773_480_413_589_123_456, "2026-03-14T09:26:53.589Z"),
        (951_782_400_000_000_000, "2000-02-29T00:00:00.000Z"),
        (4_107_542_399_999_999_999, "2100-02-28T23:59:59.999Z"),
        (UInt64.max, "2554-07-21T23:34:33.709Z"),
    ])
    func rfc3339Formatting(nanoseconds: UInt64, expected: String) {
        #expect(RFC3339Timestamp.millisecondsUTC(Timestamp(nanosecondsSinceEpoch: nanoseconds)) == expected)
    }

    @Test func traceEventsOutsideASpanAreLostAndCounted() {
        let harness = LaneHarness()
        harness.runOutsideSpan { Sessions.full().recordTurnTTFT(.zero) }
        #expect(harness.logRecords.count == 1)
        #expect(harness.spanEvents.isEmpty)
        #expect(harness.traceLane.eventsOutsideSpanCount == 1)
    }

    @Test func nothingIsRecordedWithoutProviders() {
        let harness = LaneHarness()
        Otel.withProviders(.noOp) { Sessions.full().userPrompt([.text("hello")]) }
        #expect(harness.logRecords.isEmpty)
        #expect(harness.spanEvents.isEmpty)
    }
}
