import CodexSessionTelemetry
import OtelAPI
import OtelSDK
import Testing

@Suite("Conversation events")
struct ConversationEventTests {
    @Test func conversationStartsWithEveryField() throws {
        let harness = LaneHarness()
        let session = Sessions.full()
        harness.run {
            session.conversationStarts(
                providerName: "openai", reasoningEffort: .high, reasoningSummary: .auto, contextWindow: 272_000,
                autoCompactTokenLimit: 200_000, approvalPolicy: .onRequest, sandboxPolicy: .workspaceWrite,
                mcpServers: ["github", "linear"], activeProfile: "work")
        }
        let common: [Attribute] = [
            Attribute("provider_name", "openai"),
            Attribute("reasoning_effort", "high"),
            Attribute("reasoning_summary", "auto"),
            Attribute("context_window", 272_000),
            Attribute("auto_compact_token_limit", 200_000),
            Attribute("approval_policy", "on-request"),
            Attribute("sandbox_policy", "workspace-write"),
        ]
        let record = try onlyLogRecord(harness)
        #expect(
            normalized(record.attributes)
                == Expected.log(
                    "codex.conversation_starts",
                    common + [Attribute("mcp_servers", "github, linear"), Attribute("active_profile", "work")],
                    session: session, account: true))
        let event = try onlySpanEvent(harness)
        #expect(
            normalized(event.attributes)
                == Expected.trace(
                    "codex.conversation_starts",
                    common + [Attribute("mcp_server_count", 2), Attribute("active_profile_present", true)],
                    session: session))
    }

    @Test func conversationStartsWithoutOptionalFields() throws {
        let harness = LaneHarness()
        let session = Sessions.minimal()
        harness.run {
            session.conversationStarts(
                providerName: "azure", reasoningEffort: nil, reasoningSummary: .none, contextWindow: nil,
                autoCompactTokenLimit: nil, approvalPolicy: .never, sandboxPolicy: .dangerFullAccess, mcpServers: [])
        }
        let common: [Attribute] = [
            Attribute("provider_name", "azure"),
            Attribute("reasoning_summary", "none"),
            Attribute("approval_policy", "never"),
            Attribute("sandbox_policy", "danger-full-access"),
        ]
        let record = try onlyLogRecord(harness)
        #expect(
            normalized(record.attributes)
                == Expected.log(
                    "codex.conversation_starts", common + [Attribute("mcp_servers", "")], session: session,
                    account: false))
        let event = try onlySpanEvent(harness)
        #expect(
            normalized(event.attributes)
                == Expected.trace(
                    "codex.conversation_starts",
                    common + [Attribute("mcp_server_count", 0), Attribute("active_profile_present", false)],
                    session: session))
    }

    @Test func conversationStartsWithAuthEnvironment() throws {
        let harness = LaneHarness()
        let session = Sessions.full().withAuthEnvironment(
            AuthEnvironmentMetadata(
                openAIAPIKeyPresent: true, codexAPIKeyPresent: false, codexAPIKeyEnabled: true,
                providerKeyName: "AZURE_OPENAI_API_KEY", providerKeyPresent: true, refreshTokenURLOverridePresent: false
            ))
        harness.run {
            session.conversationStarts(
                providerName: "azure", reasoningEffort: .low, reasoningSummary: .concise, contextWindow: nil,
                autoCompactTokenLimit: nil, approvalPolicy: .untrusted, sandboxPolicy: .readOnly, mcpServers: ["a"])
        }
        let common: [Attribute] = [
            Attribute("provider_name", "azure"),
            Attribute("auth.env_openai_api_key_present", true),
            Attribute("auth.env_codex_api_key_present", false),
            Attribute("auth.env_codex_api_key_enabled", true),
            Attribute("auth.env_provider_key_name", "AZURE_OPENAI_API_KEY"),
            Attribute("auth.env_provider_key_present", true),
            Attribute("auth.env_refresh_token_url_override_present", false),
            Attribute("reasoning_effort", "low"),
            Attribute("reasoning_summary", "concise"),
            Attribute("approval_policy", "untrusted"),
            Attribute("sandbox_policy", "read-only"),
        ]
        let record = try onlyLogRecord(harness)
        #expect(
            normalized(record.attributes)
                == Expected.log(
                    "codex.conversation_starts", common + [Attribute("mcp_servers", "a")], session: session,
                    account: true))
        let event = try onlySpanEvent(harness)
        #expect(
            normalized(event.attributes)
                == Expected.trace(
                    "codex.conversation_starts",
                    common + [Attribute("mcp_server_count", 1), Attribute("active_profile_present", false)],
                    session: session))
    }

    @Test func userPromptLogsTextAndTracesCounts() throws {
        let harness = LaneHarness()
        let session = Sessions.full(logUserPrompts: true)
        harness.run {
            session.userPrompt([.text("héllo "), .image, .text("wörld 👋🏽"), .localImage, .localImage, .other])
        }
        // "héllo wörld 👋🏽": 13 characters, 14 Unicode scalars (the emoji and its skin tone).
        let record = try onlyLogRecord(harness)
        #expect(
            normalized(record.attributes)
                == Expected.log(
                    "codex.user_prompt", [Attribute("prompt_length", "14"), Attribute("prompt", "héllo wörld 👋🏽")],
                    session: session, account: true))
        let event = try onlySpanEvent(harness)
        #expect(
            normalized(event.attributes)
                == Expected.trace(
                    "codex.user_prompt",
                    [
                        Attribute("prompt_length", "14"), Attribute("text_input_count", 2),
                        Attribute("image_input_count", 1), Attribute("local_image_input_count", 2),
                    ], session: session))
    }

    @Test func userPromptIsRedactedWhenPromptsAreNotLogged() throws {
        let harness = LaneHarness()
        let session = Sessions.full(logUserPrompts: false)
        harness.run { session.userPrompt([.text(.string(Secrets.prompt))]) }
        let record = try onlyLogRecord(harness)
        #expect(
            normalized(record.attributes)
                == Expected.log(
                    "codex.user_prompt",
                    [
                        Attribute("prompt_length", "\(Secrets.prompt.unicodeScalars.count)"),
                        Attribute("prompt", "[REDACTED]"),
                    ],
                    session: session, account: true))
        let event = try onlySpanEvent(harness)
        #expect(event.attributes["prompt_length"] == .string("\(Secrets.prompt.unicodeScalars.count)"))
        #expect(event.attributes["prompt"] == nil)
    }

    @Test func emptyPrompt() throws {
        let harness = LaneHarness()
        let session = Sessions.minimal()
        harness.run { session.userPrompt([.image]) }
        let record = try onlyLogRecord(harness)
        #expect(
            normalized(record.attributes)
                == Expected.log(
                    "codex.user_prompt", [Attribute("prompt_length", "0"), Attribute("prompt", "[REDACTED]")],
                    session: session, account: false))
        let event = try onlySpanEvent(harness)
        #expect(
            normalized(event.attributes)
                == Expected.trace(
                    "codex.user_prompt",
                    [
                        Attribute("prompt_length", "0"), Attribute("text_input_count", 0),
                        Attribute("image_input_count", 1), Attribute("local_image_input_count", 0),
                    ], session: session))
    }
}
