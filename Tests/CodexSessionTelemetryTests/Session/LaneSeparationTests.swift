import CodexSessionTelemetry
import OtelAPI
import OtelSDK
import Testing

/// A tool error whose text is the tool's output, which is log-only.
private struct SecretToolError: Error, CustomStringConvertible {
    var description: String { LaneSeparationTests.secretErrorOutput }
}

@Suite("Lane separation")
struct LaneSeparationTests {
    static let secretErrorOutput = "stderr: cat: /home/ada/.ssh/id_ed25519: permission denied"

    /// The log-only values: none may appear anywhere on a span.
    static let logOnlyValues = [
        Secrets.prompt, Secrets.email, Secrets.accountID, Secrets.arguments, Secrets.output, secretErrorOutput,
    ]

    /// The log-only field names: none may be a span or span-event attribute key.
    static let logOnlyKeys: Set<String> = ["prompt", "user.email", "user.account_id", "arguments", "output"]

    /// Runs every event of the session, with the private values as inputs wherever they fit.
    static func runEveryEvent(_ session: SessionTelemetry) async {
        session.conversationStarts(
            providerName: "openai", reasoningEffort: .medium, reasoningSummary: .auto, contextWindow: 1,
            autoCompactTokenLimit: 2, approvalPolicy: .onRequest, sandboxPolicy: .workspaceWrite, mcpServers: ["gh"],
            activeProfile: "p")
        session.userPrompt([.text(.string(Secrets.prompt)), .image, .localImage])
        session.recordAPIRequest(
            attempt: 1, status: 500, error: "server error", duration: .milliseconds(1),
            auth: AuthRequestDetails(headerAttached: true, requestID: "req"))
        _ = await session.logRequest(attempt: 2, status: { (_: Int) in 200 }) { () async -> Int in 1 }
        session.recordAuthRecovery(mode: "chatgpt", step: "refresh", outcome: "ok")
        session.recordWebSocketConnect(duration: .milliseconds(1), status: 200, error: nil, connectionReused: false)
        session.recordWebSocketRequest(duration: .milliseconds(1), error: nil)
        for result: WebSocketReadResult in [
            .message(.text(#"{"type":"response.created"}"#)), .message(.text("{")), .message(.binary), .endOfStream,
            .message(
                .text(#"{"type":"responsesapi.websocket_timing","timing_metrics":{"engine_service_total_ms":3}}"#)),
        ] {
            session.recordWebSocketEvent(result, duration: .milliseconds(1))
        }
        for result: SSEReadResult in [
            .event(kind: "response.output_text.delta", data: "{}"), .event(kind: "response.failed", data: "{}"),
            .streamError("reset"), .idleTimeout, .endOfStream,
        ] {
            session.logSSEEvent(result, duration: .milliseconds(1))
        }
        session.sseEventFailed(kind: "response.completed", duration: .zero, error: "bad")
        session.sseEventCompleted(
            inputTokenCount: 1, outputTokenCount: 2, cachedTokenCount: 3, reasoningTokenCount: 4, toolTokenCount: 5)
        session.sseEventCompletedFailed(error: "no usage")
        session.toolDecision(toolName: "shell", callID: "c1", decision: .approved, source: .user)
        session.sandboxOutcome(
            toolName: "shell", callID: "c1", outcome: "ok", initialDuration: .zero, escalatedDuration: .seconds(1))
        session.toolResult(
            toolName: "shell", callID: "c1", arguments: .string(Secrets.arguments), duration: .zero, success: true,
            output: .string(Secrets.output), extraTraceFields: [("mcp_server", "github")])
        _ = await session.logToolResult(toolName: "read", callID: "c2", arguments: .string(Secrets.arguments)) {
            () async -> (output: String, success: Bool) in (Secrets.output, true)
        }
        _ = try? await session.logToolResult(toolName: "read", callID: "c3", arguments: .string(Secrets.arguments)) {
            () async throws(SecretToolError) -> (output: String, success: Bool) in throw SecretToolError()
        }
        session.logToolFailed(toolName: "unknown", error: "unsupported call")
        session.recordStartupPhase("init", duration: .zero, status: "ok")
        session.recordTurnTTFT(.zero)
        session.recordPluginInstallElicitationSent(toolType: "plugin", toolID: "x", toolName: "X")
        session.recordPluginInstallSuggestion(
            toolType: "plugin", toolID: "x", toolName: "X", responseAction: "accept", userConfirmed: true,
            completed: true)
        session.recordResponse(.outputItemDone(.functionCall(name: "shell")))
        session.recordResponse(
            .completed(tokenUsage: TokenUsage(inputTokens: 1, outputTokens: 1, totalTokens: 2)))
        NetworkProxyAudit.emitPolicyDecision(
            NetworkPolicyDecisionRecord(
                scope: .domain, decision: .deny, source: .baselinePolicy, reason: .denied, transport: .http,
                destination: .host("example.com", port: 80)),
            metadata: session.networkProxyAuditMetadata)
    }

    @Test func noLogOnlyFieldReachesASpan() async throws {
        let harness = LaneHarness()
        await harness.run { await Self.runEveryEvent(Sessions.full(logUserPrompts: true)) }

        let spans = harness.spans
        let events = spans.flatMap(\.events)
        #expect(events.count >= 25, "the trace lane recorded too few events: \(events.count)")
        var texts: [String] = []
        for span in spans {
            texts.append(span.name)
            for attribute in span.attributes {
                #expect(!Self.logOnlyKeys.contains(attribute.key), "span \(span.name) has \(attribute.key)")
                texts.append(attribute.key)
                texts.append(attribute.value.displayString)
            }
            for event in span.events {
                texts.append(event.name)
                for attribute in event.attributes {
                    #expect(!Self.logOnlyKeys.contains(attribute.key), "span event \(event.name) has \(attribute.key)")
                    texts.append(attribute.key)
                    texts.append(attribute.value.displayString)
                }
            }
        }
        for secret in Self.logOnlyValues {
            let leaks = texts.filter { $0.contains(secret) }
            #expect(leaks.isEmpty, "log-only value on a span: \(secret)")
        }

        // The scan is not vacuous: the log lane did receive every private value.
        let logTexts = harness.logRecords.flatMap { record in record.attributes.map { $0.value.displayString } }
        for secret in Self.logOnlyValues {
            #expect(logTexts.contains { $0.contains(secret) }, "the log lane lacks \(secret)")
        }
    }

    @Test func redactedPromptsReachNoLane() throws {
        let harness = LaneHarness()
        harness.run { Sessions.full(logUserPrompts: false).userPrompt([.text(.string(Secrets.prompt))]) }
        let texts =
            harness.logRecords.flatMap { $0.attributes.map(\.value.displayString) }
            + harness.spanEvents.flatMap { $0.attributes.map(\.value.displayString) }
        #expect(!texts.contains { $0.contains(Secrets.prompt) })
    }
}
