import CodexSessionTelemetry
import OtelAPI
import OtelSDK
import Testing

@Suite("Startup, turn and plugin events")
struct LifecycleEventTests {
    @Test func startupPhaseWithStatus() throws {
        let harness = LaneHarness()
        let session = Sessions.full()
        harness.run { session.recordStartupPhase("load_config", duration: .milliseconds(42), status: "ok") }
        let fields: [Attribute] = [
            Attribute("startup.phase", "load_config"), Attribute("startup.status", "ok"),
            Attribute("duration_ms", "42"),
        ]
        let record = try onlyLogRecord(harness)
        #expect(
            normalized(record.attributes)
                == Expected.log("codex.startup_phase", fields, session: session, account: true))
        let event = try onlySpanEvent(harness)
        #expect(normalized(event.attributes) == Expected.trace("codex.startup_phase", fields, session: session))
    }

    @Test func startupPhaseWithoutStatus() throws {
        let harness = LaneHarness()
        let session = Sessions.minimal()
        harness.run { session.recordStartupPhase("auth", duration: .seconds(2)) }
        let fields: [Attribute] = [Attribute("startup.phase", "auth"), Attribute("duration_ms", "2000")]
        let record = try onlyLogRecord(harness)
        #expect(
            normalized(record.attributes)
                == Expected.log("codex.startup_phase", fields, session: session, account: false))
        let event = try onlySpanEvent(harness)
        #expect(normalized(event.attributes) == Expected.trace("codex.startup_phase", fields, session: session))
    }

    @Test func turnTTFT() throws {
        let harness = LaneHarness()
        let session = Sessions.minimal()
        harness.run { session.recordTurnTTFT(.milliseconds(812) + .nanoseconds(999_999)) }
        let fields: [Attribute] = [Attribute("duration_ms", "812")]
        let record = try onlyLogRecord(harness)
        #expect(
            normalized(record.attributes) == Expected.log("codex.turn_ttft", fields, session: session, account: false))
        let event = try onlySpanEvent(harness)
        #expect(normalized(event.attributes) == Expected.trace("codex.turn_ttft", fields, session: session))
    }

    @Test func pluginInstallElicitationSent() throws {
        let harness = LaneHarness()
        let session = Sessions.full()
        harness.run {
            session.recordPluginInstallElicitationSent(toolType: "connector", toolID: "gh", toolName: "GitHub")
        }
        let fields: [Attribute] = [
            Attribute("plugin_install.tool_type", "connector"), Attribute("plugin_install.tool_id", "gh"),
            Attribute("plugin_install.tool_name", "GitHub"),
        ]
        let record = try onlyLogRecord(harness)
        #expect(
            normalized(record.attributes)
                == Expected.log("codex.plugin_install_elicitation_sent", fields, session: session, account: true))
        let event = try onlySpanEvent(harness)
        #expect(
            normalized(event.attributes)
                == Expected.trace("codex.plugin_install_elicitation_sent", fields, session: session))
    }

    @Test func pluginInstallSuggestion() throws {
        let harness = LaneHarness()
        let session = Sessions.full()
        harness.run {
            session.recordPluginInstallSuggestion(
                toolType: "plugin", toolID: "lint", toolName: "Linter", responseAction: "accept", userConfirmed: true,
                completed: false)
        }
        let fields: [Attribute] = [
            Attribute("plugin_install.tool_type", "plugin"), Attribute("plugin_install.tool_id", "lint"),
            Attribute("plugin_install.tool_name", "Linter"), Attribute("plugin_install.response_action", "accept"),
            Attribute("plugin_install.user_confirmed", true), Attribute("plugin_install.completed", false),
        ]
        let record = try onlyLogRecord(harness)
        #expect(
            normalized(record.attributes)
                == Expected.log("codex.plugin_install_suggestion", fields, session: session, account: true))
        let event = try onlySpanEvent(harness)
        #expect(
            normalized(event.attributes) == Expected.trace("codex.plugin_install_suggestion", fields, session: session))
    }
}

@Suite("Response stream span recording")
struct ResponseStreamTests {
    /// Records `event` on a fresh span `handle_responses` and returns the exported span.
    private func recorded(_ event: ResponseEvent) throws -> SpanData {
        let harness = LaneHarness()
        harness.run {
            let span = harness.tracerProvider.tracer("session-tests").startSpan("handle_responses")
            OtelContext.with(span: span) { Sessions.full().recordResponse(event) }
            span.end()
        }
        #expect(harness.logRecords.isEmpty)
        #expect(harness.spanEvents.isEmpty)
        return try #require(harness.spans.first { $0.attributes["otel.name"] != nil })
    }

    @Test(arguments: [
        (ResponseEvent.created, "created"), (.completed(tokenUsage: nil), "completed"),
        (.outputTextDelta, "text_delta"),
        (.reasoningSummaryDelta, "reasoning_summary_delta"), (.reasoningContentDelta, "reasoning_content_delta"),
        (.reasoningSummaryPartAdded, "reasoning_summary_part_added"), (.serverModel, "server_model"),
        (.serverReasoningIncluded, "server_reasoning_included"), (.rateLimits, "rate_limits"),
        (.modelsEtag, "models_etag"),
    ])
    func streamEventsNameTheSpan(event: ResponseEvent, name: String) throws {
        let span = try recorded(event)
        #expect(span.name == name)
        #expect(span.attributes == ["otel.name": .string(name)])
    }

    @Test(arguments: [
        (ResponseItem.message(role: "assistant"), "message_from_assistant"),
        (.message(role: "user"), "message_from_user"),
        (.reasoning, "reasoning"), (.localShellCall, "local_shell_call"), (.functionCallOutput, "function_call_output"),
        (.customToolCall, "custom_tool_call"), (.customToolCallOutput, "custom_tool_call_output"),
        (.webSearchCall, "web_search_call"), (.imageGenerationCall, "image_generation_call"),
        (.ghostSnapshot, "ghost_snapshot"), (.compaction, "compaction"), (.other, "other"),
    ])
    func outputItemsNameTheSpanAndSetFrom(item: ResponseItem, name: String) throws {
        let done = try recorded(.outputItemDone(item))
        #expect(done.name == name)
        #expect(done.attributes == ["otel.name": .string(name), "from": "output_item_done"])
        let added = try recorded(.outputItemAdded(item))
        #expect(added.attributes == ["otel.name": .string(name), "from": "output_item_added"])
    }

    @Test func functionCallsSetTheToolName() throws {
        let span = try recorded(.outputItemDone(.functionCall(name: "shell")))
        #expect(span.name == "function_call")
        #expect(span.attributes == ["otel.name": "function_call", "from": "output_item_done", "tool_name": "shell"])
    }

    @Test func completedWithUsageSetsTokenCounts() throws {
        let usage = TokenUsage(
            inputTokens: 1000, cachedInputTokens: 800, outputTokens: 200, reasoningOutputTokens: 64, totalTokens: 1200)
        let span = try recorded(.completed(tokenUsage: usage))
        #expect(span.name == "completed")
        #expect(
            span.attributes == [
                "otel.name": "completed", "gen_ai.usage.input_tokens": 1000,
                "gen_ai.usage.cache_read.input_tokens": 800,
                "gen_ai.usage.output_tokens": 200, "codex.usage.reasoning_output_tokens": 64,
                "codex.usage.total_tokens": 1200,
            ])
    }

    @Test func anExplicitSpanIsUsedAndNoSpanIsANoOp() {
        let harness = LaneHarness()
        harness.runOutsideSpan {
            let span = harness.tracerProvider.tracer("session-tests").startSpan("handle_responses")
            Sessions.full().recordResponse(.created, on: span)
            Sessions.full().recordResponse(.rateLimits)
            span.end()
        }
        #expect(harness.spans.map(\.name) == ["created"])
    }
}
