import CodexSessionTelemetry
import OtelAPI

/// The simulated Codex session: a conversation of three turns with prompts, model API requests
/// (one retried after a 503), streamed response events, tool decisions and tool results (one
/// failing), recorded through ``SessionTelemetry`` and ``MetricsClient`` inside a span tree:
///
/// ```text
/// session
///   turn                      (one per prompt)
///     api_request             (attempt 1 fails with 503, attempt 2 succeeds)
///     <response span>         (renamed after each stream event, as the original does)
///     tool_call <tool>
/// ```
///
/// Run it with the providers in force (`Otel.withProviders`); it sleeps to give the spans
/// realistic durations, scaled by `pace`.
struct DemoSession {
    /// The session's telemetry.
    var telemetry: SessionTelemetry
    /// The metrics client for the metrics the session records directly.
    var metrics: MetricsClient?
    /// Multiplies every simulated delay: 1 for the demo, less for tests.
    var pace: Double

    /// The prompts of the three turns.
    static let prompts = [
        "Add a --verbose flag to the CLI and update the tests",
        "Rename the flag to --debug",
        "Thanks! Here is a screenshot of the output",
    ]

    /// The tracer of the demo's spans.
    static let tracerName = "codex-otel-demo"

    /// A failed model API call.
    struct APIError: Error, CustomStringConvertible {
        var status: UInt16
        var message: String
        var description: String { "HTTP \(status): \(message)" }
    }

    /// A failed tool call.
    struct ToolError: Error, CustomStringConvertible {
        var message: String
        var description: String { message }
    }

    /// Runs the whole session under a `session` root span.
    func run() async {
        let tracer = Otel.tracer(Self.tracerName, version: CodexSessionTelemetryVersion.current)
        await tracer.withSpan("session", attributes: ["conversation.id": .string(telemetry.conversationID)]) { _ in
            telemetry.conversationStarts(
                providerName: "openai", reasoningEffort: .medium, reasoningSummary: .auto, contextWindow: 272_000,
                autoCompactTokenLimit: 244_800, approvalPolicy: .onRequest, sandboxPolicy: .workspaceWrite,
                mcpServers: ["docs", "github"], activeProfile: nil)
            telemetry.recordStartupPhase("config_load", duration: .milliseconds(12), status: "ok")
            try? metrics?.counter(SessionMetricNames.threadStarted, increment: 1, tags: [("source", "cli")])

            await turn(1, tracer: tracer, prompt: [.text(.string(Self.prompts[0]))]) {
                await request(tracer: tracer, failFirstAttempt: true, latency: 140)
                await stream(tracer: tracer, items: [.functionCall(name: "shell")], tokens: (2_400, 310))
                telemetry.toolDecision(toolName: "shell", callID: "call_1", decision: .approved, source: .config)
                await tool(tracer: tracer, name: "shell", callID: "call_1", arguments: #"{"command":["swift","test"]}"#)
                {
                    ("Test Suite 'All tests' passed\nExecuted 42 tests, with 0 failures", true)
                }
                await request(tracer: tracer, failFirstAttempt: false, latency: 90)
                await stream(tracer: tracer, items: [.message(role: "assistant")], tokens: (2_900, 120))
            }
            await turn(2, tracer: tracer, prompt: [.text(.string(Self.prompts[1]))]) {
                await request(tracer: tracer, failFirstAttempt: false, latency: 110)
                await stream(tracer: tracer, items: [.functionCall(name: "apply_patch")], tokens: (3_300, 260))
                telemetry.toolDecision(
                    toolName: "apply_patch", callID: "call_2", decision: .approvedForSession, source: .user)
                await tool(tracer: tracer, name: "apply_patch", callID: "call_2", arguments: "*** Begin Patch") {
                    () throws(ToolError) -> (String, Bool) in
                    throw ToolError(message: "patch did not apply: hunk #1 FAILED at Sources/cli.swift:12")
                }
                await request(tracer: tracer, failFirstAttempt: false, latency: 80)
                await stream(tracer: tracer, items: [.message(role: "assistant")], tokens: (3_600, 90))
            }
            await turn(3, tracer: tracer, prompt: [.text(.string(Self.prompts[2])), .localImage]) {
                await request(tracer: tracer, failFirstAttempt: false, latency: 70)
                await stream(tracer: tracer, items: [.message(role: "assistant")], tokens: (3_800, 40))
            }
        }
    }

    /// One turn: the prompt, then `body`, under a `turn` span; records the turn's duration.
    private func turn(
        _ number: Int, tracer: any Tracer, prompt: [UserInput], _ body: () async -> Void
    ) async {
        let clock = ContinuousClock()
        let start = clock.now
        await tracer.withSpan("turn", attributes: ["turn.number": .int(Int64(number))]) { _ in
            telemetry.userPrompt(prompt)
            await body()
        }
        try? metrics?.recordDuration(SessionMetricNames.turnE2EDuration, duration: clock.now - start)
    }

    /// A model API request, as `api_request` client spans: with `failFirstAttempt` the first
    /// attempt gets a 503 and the request is retried after a backoff.
    private func request(tracer: any Tracer, failFirstAttempt: Bool, latency: Int) async {
        let attempts: UInt64 = failFirstAttempt ? 2 : 1
        for attempt in 1...attempts {
            let fails = failFirstAttempt && attempt == 1
            do {
                try await tracer.withSpan("api_request", kind: .client, attributes: ["attempt": .int(Int64(attempt))]) {
                    span in
                    let status = try await telemetry.logRequest(
                        attempt: attempt, status: { (status: UInt16) in status },
                        errorStatus: { (error: APIError) in error.status }
                    ) { () async throws(APIError) -> UInt16 in
                        await pause(fails ? latency / 2 : latency)
                        if fails { throw APIError(status: 503, message: "upstream overloaded, retry later") }
                        return 200
                    }
                    span.setAttribute("http.response.status_code", .int(Int64(status)))
                }
            } catch {
                await pause(40)  // the retry's backoff
            }
        }
    }

    /// A streamed response under a response span that each event renames, with an SSE read per
    /// event and the completed response's token counts.
    private func stream(tracer: any Tracer, items: [ResponseItem], tokens: (input: Int64, output: Int64)) async {
        await tracer.withSpan("handle_responses") { span in
            var events: [(kind: String, data: String, event: ResponseEvent)] = [
                ("response.created", #"{"type":"response.created"}"#, .created),
                (
                    "response.output_text.delta", #"{"type":"response.output_text.delta","delta":"Sure"}"#,
                    .outputTextDelta
                ),
            ]
            for item in items {
                let json: String
                switch item {
                case .functionCall(let name): json = #"{"type":"function_call","name":"\#(name)","call_id":"c"}"#
                default: json = #"{"type":"message","role":"assistant"}"#
                }
                events.append(
                    (
                        "response.output_item.done", #"{"type":"response.output_item.done","item":\#(json)}"#,
                        .outputItemDone(item)
                    ))
            }
            let usage = TokenUsage(
                inputTokens: tokens.input, cachedInputTokens: tokens.input / 2, outputTokens: tokens.output,
                totalTokens: tokens.input + tokens.output)
            events.append(("response.completed", #"{"type":"response.completed"}"#, .completed(tokenUsage: usage)))
            let clock = ContinuousClock()
            for (index, event) in events.enumerated() {
                let start = clock.now
                await pause(index == 0 ? 25 : 10)
                telemetry.logSSEEvent(.event(kind: event.kind, data: event.data), duration: clock.now - start)
                telemetry.recordResponse(event.event, on: span)
            }
            telemetry.sseEventCompleted(
                inputTokenCount: tokens.input, outputTokenCount: tokens.output, cachedTokenCount: tokens.input / 2,
                reasoningTokenCount: nil, toolTokenCount: 0)
        }
    }

    /// A tool call under a `tool_call <name>` span, timed and recorded by `logToolResult`; a
    /// thrown error is recorded as a failed result and marks the span as failed.
    private func tool(
        tracer: any Tracer, name: String, callID: String, arguments: String,
        _ call: () throws(ToolError) -> (String, Bool)
    ) async {
        do {
            try await tracer.withSpan("tool_call \(name)", attributes: ["tool_name": .string(name)]) { _ in
                _ = try await telemetry.logToolResult(
                    toolName: name, callID: callID, arguments: .string(arguments)
                ) { () async throws(ToolError) -> (output: String, success: Bool) in
                    await pause(60)
                    let (output, success) = try call()
                    return (output, success)
                }
            }
        } catch {
            // The failure is already recorded: as the tool result and on the span.
        }
    }

    /// Sleeps `milliseconds`, scaled by the pace.
    private func pause(_ milliseconds: Int) async {
        let scaled = Double(milliseconds) * pace
        guard scaled > 0 else { return }
        try? await Task.sleep(for: .microseconds(Int64(scaled * 1000)))
    }
}
