import CodexSessionTelemetry
import OtelAPI
import OtelSDK
import Testing

private struct ToolCrash: Error, CustomStringConvertible {
    var description: String { "sandbox denied: exit 137\nkilled" }
}

@Suite("Tool events")
struct ToolEventTests {
    @Test(arguments: [
        (ReviewDecision.approved, ToolDecisionSource.config, "approved", "Config"),
        (.approvedExecPolicyAmendment, .user, "approvedexecpolicyamendment", "User"),
        (.approvedForSession, .user, "approvedforsession", "User"),
        (.networkPolicyAmendment, .automatedReviewer, "networkpolicyamendment", "AutomatedReviewer"),
        (.denied, .user, "denied", "User"),
        (.abort, .config, "abort", "Config"),
    ])
    func toolDecisionIsLogOnly(
        decision: ReviewDecision, source: ToolDecisionSource, decisionText: String, sourceText: String
    ) throws {
        let harness = LaneHarness()
        let session = Sessions.full()
        harness.run { session.toolDecision(toolName: "shell", callID: "call_1", decision: decision, source: source) }
        let record = try onlyLogRecord(harness)
        #expect(
            normalized(record.attributes)
                == Expected.log(
                    "codex.tool_decision",
                    [
                        Attribute("tool_name", "shell"), Attribute("call_id", "call_1"),
                        Attribute("decision", .string(decisionText)), Attribute("source", .string(sourceText)),
                    ], session: session, account: true))
        #expect(harness.spanEvents.isEmpty)
    }

    @Test func sandboxOutcomeWithEscalation() throws {
        let harness = LaneHarness()
        let session = Sessions.full()
        harness.run {
            session.sandboxOutcome(
                toolName: "shell", callID: "call_2", outcome: "escalated_success", initialDuration: .milliseconds(40),
                escalatedDuration: .milliseconds(1500))
        }
        let fields: [Attribute] = [
            Attribute("tool_name", "shell"), Attribute("call_id", "call_2"), Attribute("outcome", "escalated_success"),
            Attribute("initial_duration_ms", 40), Attribute("escalated_duration_ms", 1500),
        ]
        let record = try onlyLogRecord(harness)
        #expect(
            normalized(record.attributes)
                == Expected.log("codex.sandbox_outcome", fields, session: session, account: true))
        let event = try onlySpanEvent(harness)
        #expect(normalized(event.attributes) == Expected.trace("codex.sandbox_outcome", fields, session: session))
    }

    @Test func sandboxOutcomeWithoutEscalation() throws {
        let harness = LaneHarness()
        let session = Sessions.minimal()
        harness.run {
            session.sandboxOutcome(
                toolName: "apply_patch", callID: "call_3", outcome: "success", initialDuration: .microseconds(999),
                escalatedDuration: nil)
        }
        let fields: [Attribute] = [
            Attribute("tool_name", "apply_patch"), Attribute("call_id", "call_3"), Attribute("outcome", "success"),
            Attribute("initial_duration_ms", 0),
        ]
        let record = try onlyLogRecord(harness)
        #expect(
            normalized(record.attributes)
                == Expected.log("codex.sandbox_outcome", fields, session: session, account: false))
        let event = try onlySpanEvent(harness)
        #expect(normalized(event.attributes) == Expected.trace("codex.sandbox_outcome", fields, session: session))
    }

    @Test func builtinToolResult() throws {
        let harness = LaneHarness()
        let session = Sessions.full()
        harness.run {
            session.toolResult(
                toolName: "shell", callID: "call_4", arguments: .string(Secrets.arguments),
                duration: .milliseconds(250),
                success: true, output: .string(Secrets.output))
        }
        let record = try onlyLogRecord(harness)
        #expect(
            normalized(record.attributes)
                == Expected.log(
                    "codex.tool_result",
                    [
                        Attribute("tool_name", "shell"), Attribute("call_id", "call_4"),
                        Attribute("arguments", .string(Secrets.arguments)), Attribute("duration_ms", "250"),
                        Attribute("success", "true"), Attribute("output", .string(Secrets.output)),
                        Attribute("mcp_server", ""), Attribute("mcp_server_origin", ""),
                    ], session: session, account: true))
        let event = try onlySpanEvent(harness)
        #expect(
            normalized(event.attributes)
                == Expected.trace(
                    "codex.tool_result",
                    [
                        Attribute("tool_name", "shell"), Attribute("call_id", "call_4"),
                        Attribute("duration_ms", "250"),
                        Attribute("success", "true"),
                        Attribute("arguments_length", .int(Int64(Secrets.arguments.utf8.count))),
                        Attribute("output_length", .int(Int64(Secrets.output.utf8.count))),
                        Attribute("output_line_count", 3),
                        Attribute("tool_origin", "builtin"), Attribute("mcp_tool", false),
                    ], session: session))
    }

    @Test func mcpToolResultWithExtraTraceFields() throws {
        let harness = LaneHarness()
        let session = Sessions.minimal()
        harness.run {
            session.toolResult(
                toolName: "search_issues", callID: "call_5", arguments: "{}", duration: .milliseconds(3),
                success: false,
                output: "ünïcode\nerror", extraTags: [("mcp_server", "github")],
                extraTraceFields: [("mcp_server", "github"), ("mcp_server_origin", "https://mcp.example.com")])
        }
        let record = try onlyLogRecord(harness)
        #expect(
            normalized(record.attributes)
                == Expected.log(
                    "codex.tool_result",
                    [
                        Attribute("tool_name", "search_issues"), Attribute("call_id", "call_5"),
                        Attribute("arguments", "{}"),
                        Attribute("duration_ms", "3"), Attribute("success", "false"),
                        Attribute("output", "ünïcode\nerror"),
                        Attribute("mcp_server", "github"), Attribute("mcp_server_origin", "https://mcp.example.com"),
                    ], session: session, account: false))
        let event = try onlySpanEvent(harness)
        #expect(
            normalized(event.attributes)
                == Expected.trace(
                    "codex.tool_result",
                    [
                        Attribute("tool_name", "search_issues"), Attribute("call_id", "call_5"),
                        Attribute("duration_ms", "3"),
                        Attribute("success", "false"), Attribute("arguments_length", 2), Attribute("output_length", 15),
                        Attribute("output_line_count", 2), Attribute("tool_origin", "mcp"), Attribute("mcp_tool", true),
                    ], session: session))
    }

    @Test func emptyOutputHasNoLines() throws {
        let harness = LaneHarness()
        harness.run {
            Sessions.full().toolResult(
                toolName: "noop", callID: "c", arguments: "", duration: .zero, success: true, output: "")
        }
        let event = try onlySpanEvent(harness)
        #expect(event.attributes["output_length"] == 0)
        #expect(event.attributes["output_line_count"] == 0)
        #expect(event.attributes["arguments_length"] == 0)
    }

    @Test func logToolResultTimesASuccessfulCall() async throws {
        let harness = LaneHarness()
        let session = Sessions.full()
        var returned: (output: String, success: Bool) = ("", false)
        await harness.run {
            returned = await session.logToolResult(
                toolName: "read_file", callID: "call_6", arguments: .string(Secrets.arguments)
            ) { () async -> (output: String, success: Bool) in
                try? await Task.sleep(for: .milliseconds(10))
                return (Secrets.output, true)
            }
        }
        #expect(returned.output == Secrets.output)
        #expect(returned.success)
        let record = try onlyLogRecord(harness)
        #expect(record.attributes["output"] == .string(Secrets.output))
        #expect(record.attributes["success"] == "true")
        guard case .string(let milliseconds)? = record.attributes["duration_ms"], let elapsed = Int(milliseconds) else {
            Issue.record("duration_ms is not a string of whole milliseconds")
            return
        }
        #expect(elapsed >= 10)
        let event = try onlySpanEvent(harness)
        #expect(event.attributes["output_line_count"] == 3)
    }

    @Test func logToolResultRecordsAThrownError() async throws {
        let harness = LaneHarness()
        let session = Sessions.full()
        await harness.run {
            await #expect(throws: ToolCrash.self) {
                try await session.logToolResult(
                    toolName: "shell", callID: "call_7", arguments: "ls", extraTags: [("sandbox", "seatbelt")]
                ) { () async throws(ToolCrash) -> (output: String, success: Bool) in
                    throw ToolCrash()
                }
            }
        }
        let record = try onlyLogRecord(harness)
        #expect(record.attributes["output"] == "sandbox denied: exit 137\nkilled")
        #expect(record.attributes["success"] == "false")
        let event = try onlySpanEvent(harness)
        #expect(event.attributes["success"] == "false")
        #expect(event.attributes["output_line_count"] == 2)
        #expect(event.attributes["output_length"] == 31)
    }

    @Test func toolFailed() throws {
        let harness = LaneHarness()
        let session = Sessions.full()
        harness.run { session.logToolFailed(toolName: "unknown_tool", error: "unsupported call: unknown_tool") }
        let record = try onlyLogRecord(harness)
        #expect(
            normalized(record.attributes)
                == Expected.log(
                    "codex.tool_result",
                    [
                        Attribute("tool_name", "unknown_tool"), Attribute("duration_ms", "0"),
                        Attribute("success", "false"),
                        Attribute("output", "unsupported call: unknown_tool"), Attribute("mcp_server", ""),
                        Attribute("mcp_server_origin", ""),
                    ], session: session, account: true))
        let event = try onlySpanEvent(harness)
        #expect(
            normalized(event.attributes)
                == Expected.trace(
                    "codex.tool_result",
                    [
                        Attribute("tool_name", "unknown_tool"), Attribute("duration_ms", "0"),
                        Attribute("success", "false"),
                        Attribute("output_length", 30), Attribute("output_line_count", 1),
                        Attribute("tool_origin", "builtin"),
                        Attribute("error.message", "unsupported call: unknown_tool"),
                    ], session: session))
    }
}
