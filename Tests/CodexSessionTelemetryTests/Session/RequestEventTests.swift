import CodexSessionTelemetry
import OtelAPI
import OtelSDK
import Testing

private struct TransportFailure: Error, CustomStringConvertible {
    var status: UInt16?
    var description: String { "connection reset by peer" }
}

@Suite("API request and auth events")
struct RequestEventTests {
    @Test func apiRequestSuccess() throws {
        let harness = LaneHarness()
        let session = Sessions.full()
        harness.run {
            session.recordAPIRequest(
                attempt: 1, status: 200, error: nil, duration: .milliseconds(1234) + .microseconds(999))
        }
        let fields: [Attribute] = [
            Attribute("duration_ms", "1234"), Attribute("http.response.status_code", 200), Attribute("attempt", 1),
        ]
        let record = try onlyLogRecord(harness)
        #expect(
            normalized(record.attributes) == Expected.log("codex.api_request", fields, session: session, account: true))
        let event = try onlySpanEvent(harness)
        #expect(normalized(event.attributes) == Expected.trace("codex.api_request", fields, session: session))
    }

    @Test func apiRequestFailureWithoutStatus() throws {
        let harness = LaneHarness()
        let session = Sessions.minimal()
        harness.run { session.recordAPIRequest(attempt: 3, status: nil, error: "timed out", duration: .seconds(30)) }
        let fields: [Attribute] = [
            Attribute("duration_ms", "30000"), Attribute("error.message", "timed out"), Attribute("attempt", 3),
        ]
        let record = try onlyLogRecord(harness)
        #expect(
            normalized(record.attributes) == Expected.log("codex.api_request", fields, session: session, account: false)
        )
        let event = try onlySpanEvent(harness)
        #expect(normalized(event.attributes) == Expected.trace("codex.api_request", fields, session: session))
    }

    @Test func apiRequestWithAuthDetailsAndEnvironment() throws {
        let harness = LaneHarness()
        let session = Sessions.full().withAuthEnvironment(
            AuthEnvironmentMetadata(codexAPIKeyPresent: true, refreshTokenURLOverridePresent: true))
        let auth = AuthRequestDetails(
            headerAttached: true, headerName: "authorization", retryAfterUnauthorized: true, recoveryMode: "refresh",
            recoveryPhase: "retry", endpoint: "responses", requestID: "req_123", cfRay: "8f00-SJC",
            error: "token expired", errorCode: "invalid_token")
        harness.run {
            session.recordAPIRequest(
                attempt: 2, status: 401, error: "unauthorized", duration: .milliseconds(7), auth: auth)
        }
        let fields: [Attribute] = [
            Attribute("duration_ms", "7"), Attribute("http.response.status_code", 401),
            Attribute("error.message", "unauthorized"), Attribute("attempt", 2),
            Attribute("auth.header_attached", true), Attribute("auth.header_name", "authorization"),
            Attribute("auth.retry_after_unauthorized", true), Attribute("auth.recovery_mode", "refresh"),
            Attribute("auth.recovery_phase", "retry"), Attribute("endpoint", "responses"),
            Attribute("auth.env_openai_api_key_present", false), Attribute("auth.env_codex_api_key_present", true),
            Attribute("auth.env_codex_api_key_enabled", false),
            Attribute("auth.env_refresh_token_url_override_present", true),
            Attribute("auth.request_id", "req_123"), Attribute("auth.cf_ray", "8f00-SJC"),
            Attribute("auth.error", "token expired"), Attribute("auth.error_code", "invalid_token"),
        ]
        let record = try onlyLogRecord(harness)
        #expect(
            normalized(record.attributes) == Expected.log("codex.api_request", fields, session: session, account: true))
        let event = try onlySpanEvent(harness)
        #expect(normalized(event.attributes) == Expected.trace("codex.api_request", fields, session: session))
    }

    @Test func apiRequestWithDefaultAuthDetails() throws {
        let harness = LaneHarness()
        let session = Sessions.minimal()
        harness.run {
            session.recordAPIRequest(
                attempt: 1, status: 204, error: nil, duration: .zero, auth: AuthRequestDetails())
        }
        let fields: [Attribute] = [
            Attribute("duration_ms", "0"), Attribute("http.response.status_code", 204), Attribute("attempt", 1),
            Attribute("auth.header_attached", false), Attribute("auth.retry_after_unauthorized", false),
            Attribute("endpoint", "unknown"),
        ]
        let event = try onlySpanEvent(harness)
        #expect(normalized(event.attributes) == Expected.trace("codex.api_request", fields, session: session))
    }

    @Test func logRequestTimesAndReturnsTheResponse() async throws {
        let harness = LaneHarness()
        let session = Sessions.full()
        var value = 0
        await harness.run {
            value = await session.logRequest(attempt: 4, status: { _ in 201 }) { () async -> Int in
                try? await Task.sleep(for: .milliseconds(20))
                return 42
            }
        }
        #expect(value == 42)
        let record = try onlyLogRecord(harness)
        #expect(record.attributes["http.response.status_code"] == 201)
        #expect(record.attributes["attempt"] == 4)
        #expect(record.attributes["error.message"] == nil)
        guard case .string(let milliseconds)? = record.attributes["duration_ms"], let elapsed = Int(milliseconds) else {
            Issue.record(
                "duration_ms is not a string of whole milliseconds: \(String(describing: record.attributes["duration_ms"]))"
            )
            return
        }
        #expect(elapsed >= 20)
        #expect(harness.spanEvents.count == 1)
    }

    @Test func logRequestRecordsAndRethrowsTheError() async throws {
        let harness = LaneHarness()
        let session = Sessions.full()
        await harness.run {
            await #expect(throws: TransportFailure.self) {
                try await session.logRequest(
                    attempt: 1, status: { (_: Int) in 200 },
                    errorStatus: { (failure: TransportFailure) in failure.status }
                ) { () async throws(TransportFailure) -> Int in
                    throw TransportFailure(status: 503)
                }
            }
        }
        let record = try onlyLogRecord(harness)
        #expect(record.attributes["http.response.status_code"] == 503)
        #expect(record.attributes["error.message"] == "connection reset by peer")
        let event = try onlySpanEvent(harness)
        #expect(event.attributes["error.message"] == "connection reset by peer")
    }

    @Test func authRecoveryWithEveryField() throws {
        let harness = LaneHarness()
        let session = Sessions.full()
        harness.run {
            session.recordAuthRecovery(
                mode: "chatgpt", step: "refresh_token", outcome: "success", requestID: "req_9", cfRay: "ray-1",
                error: "expired", errorCode: "token_expired", recoveryReason: "401", stateChanged: true)
        }
        let fields: [Attribute] = [
            Attribute("auth.mode", "chatgpt"), Attribute("auth.step", "refresh_token"),
            Attribute("auth.outcome", "success"),
            Attribute("auth.request_id", "req_9"), Attribute("auth.cf_ray", "ray-1"),
            Attribute("auth.error", "expired"),
            Attribute("auth.error_code", "token_expired"), Attribute("auth.recovery_reason", "401"),
            Attribute("auth.state_changed", true),
        ]
        let record = try onlyLogRecord(harness)
        #expect(
            normalized(record.attributes)
                == Expected.log("codex.auth_recovery", fields, session: session, account: true))
        let event = try onlySpanEvent(harness)
        #expect(normalized(event.attributes) == Expected.trace("codex.auth_recovery", fields, session: session))
    }

    @Test func authRecoveryWithoutOptionalFields() throws {
        let harness = LaneHarness()
        let session = Sessions.minimal()
        harness.run { session.recordAuthRecovery(mode: "api_key", step: "reload", outcome: "skipped") }
        let fields: [Attribute] = [
            Attribute("auth.mode", "api_key"), Attribute("auth.step", "reload"), Attribute("auth.outcome", "skipped"),
        ]
        let record = try onlyLogRecord(harness)
        #expect(
            normalized(record.attributes)
                == Expected.log("codex.auth_recovery", fields, session: session, account: false))
        let event = try onlySpanEvent(harness)
        #expect(normalized(event.attributes) == Expected.trace("codex.auth_recovery", fields, session: session))
    }
}
