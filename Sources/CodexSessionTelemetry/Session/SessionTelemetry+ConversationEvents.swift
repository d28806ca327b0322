import OtelAPI

extension SessionTelemetry {
    /// Records the start of a conversation: `codex.conversation_starts` on both lanes.
    ///
    /// Both lanes: provider_name, the `auth.env_*` fields (once
    /// ``withAuthEnvironment(_:)`` set them), reasoning_effort (omitted when `nil`),
    /// reasoning_summary, context_window and auto_compact_token_limit (integers, omitted when
    /// `nil`), approval_policy and sandbox_policy (kebab-case). The log lane adds mcp_servers
    /// (joined with `", "`) and active_profile (omitted when `nil`); the trace lane adds
    /// mcp_server_count and active_profile_present.
    public func conversationStarts(
        providerName: String,
        reasoningEffort: ReasoningEffort?,
        reasoningSummary: ReasoningSummary,
        contextWindow: Int64?,
        autoCompactTokenLimit: Int64?,
        approvalPolicy: ApprovalPolicy,
        sandboxPolicy: SandboxPolicy,
        mcpServers: [String],
        activeProfile: String? = nil
    ) {
        emitLogAndTraceEvent(
            "codex.conversation_starts",
            common: { fields in
                fields.set("provider_name", .string(providerName))
                metadata.authEnvironment?.appendFields(to: &fields)
                fields.set("reasoning_effort", reasoningEffort.map { .string($0.rawValue) })
                fields.set("reasoning_summary", .string(reasoningSummary.rawValue))
                fields.set("context_window", contextWindow.map { .int($0) })
                fields.set("auto_compact_token_limit", autoCompactTokenLimit.map { .int($0) })
                fields.set("approval_policy", .string(approvalPolicy.rawValue))
                fields.set("sandbox_policy", .string(sandboxPolicy.rawValue))
            },
            log: { fields in
                fields.set("mcp_servers", .string(mcpServers.joined(separator: ", ")))
                fields.set("active_profile", activeProfile.map { .string($0) })
            },
            trace: { fields in
                fields.set("mcp_server_count", .int(mcpServers.count))
                fields.set("active_profile_present", .bool(activeProfile != nil))
            })
    }

    /// Records a user prompt: `codex.user_prompt` on both lanes.
    ///
    /// The prompt is the text items joined with no separator. The log lane carries
    /// prompt_length (its Unicode scalar count, as a string, even when redacted) and prompt (the
    /// text, or `[REDACTED]` when ``logUserPrompts`` is `false`). The trace lane carries
    /// prompt_length, text_input_count, image_input_count and local_image_input_count: never the
    /// text.
    public func userPrompt(_ items: [UserInput]) {
        var texts: [LaneValue<LogOnly>] = []
        var imageCount = 0
        var localImageCount = 0
        for item in items {
            switch item {
            case .text(let text): texts.append(text)
            case .image: imageCount += 1
            case .localImage: localImageCount += 1
            case .other: break
            }
        }
        let prompt = LaneValue<LogOnly>.concatenating(texts)
        let promptLength = FieldFormat.display(prompt.unicodeScalarCount)

        emitLogEvent("codex.user_prompt") { fields in
            fields.set("prompt_length", promptLength)
            fields.set("prompt", logUserPrompts ? prompt : "[REDACTED]")
        }
        emitTraceEvent("codex.user_prompt") { fields in
            fields.set("prompt_length", promptLength)
            fields.set("text_input_count", .int(texts.count))
            fields.set("image_input_count", .int(imageCount))
            fields.set("local_image_input_count", .int(localImageCount))
        }
    }
}
