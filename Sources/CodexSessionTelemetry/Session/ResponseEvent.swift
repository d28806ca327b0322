/// An event of a model response stream, as far as telemetry needs it: which kind of event it
/// is, the function name of function calls, and the token usage of `completed`.
///
/// ``SessionTelemetry/recordResponse(_:on:)`` names the response span after it.
public enum ResponseEvent: Sendable, Hashable {
    /// `created`.
    case created
    /// An output item finished (`from` = `output_item_done`).
    case outputItemDone(ResponseItem)
    /// An output item started (`from` = `output_item_added`).
    case outputItemAdded(ResponseItem)
    /// `completed`, with the token usage when the server reported it.
    case completed(tokenUsage: TokenUsage?)
    /// `text_delta`.
    case outputTextDelta
    /// `reasoning_summary_delta`.
    case reasoningSummaryDelta
    /// `reasoning_content_delta`.
    case reasoningContentDelta
    /// `reasoning_summary_part_added`.
    case reasoningSummaryPartAdded
    /// `server_model`.
    case serverModel
    /// `server_reasoning_included`.
    case serverReasoningIncluded
    /// `rate_limits`.
    case rateLimits
    /// `models_etag`.
    case modelsEtag

    /// The span name the event gives: `created`, `completed`, `text_delta`, … or the item's
    /// type for output items.
    public var telemetryName: String {
        switch self {
        case .created: return "created"
        case .outputItemDone(let item), .outputItemAdded(let item): return item.telemetryName
        case .completed: return "completed"
        case .outputTextDelta: return "text_delta"
        case .reasoningSummaryDelta: return "reasoning_summary_delta"
        case .reasoningContentDelta: return "reasoning_content_delta"
        case .reasoningSummaryPartAdded: return "reasoning_summary_part_added"
        case .serverModel: return "server_model"
        case .serverReasoningIncluded: return "server_reasoning_included"
        case .rateLimits: return "rate_limits"
        case .modelsEtag: return "models_etag"
        }
    }
}

/// An output item of a model response, as far as telemetry needs it.
public enum ResponseItem: Sendable, Hashable {
    /// A message from `role` (`message_from_<role>`).
    case message(role: String)
    /// `reasoning`.
    case reasoning
    /// `local_shell_call`.
    case localShellCall
    /// `function_call`; the function's name becomes the span's `tool_name`.
    case functionCall(name: String)
    /// `function_call_output`.
    case functionCallOutput
    /// `custom_tool_call`.
    case customToolCall
    /// `custom_tool_call_output`.
    case customToolCallOutput
    /// `web_search_call`.
    case webSearchCall
    /// `image_generation_call`.
    case imageGenerationCall
    /// `ghost_snapshot`.
    case ghostSnapshot
    /// `compaction`.
    case compaction
    /// `other`.
    case other

    /// The item's type name: `message_from_<role>`, `reasoning`, `function_call`, ….
    public var telemetryName: String {
        switch self {
        case .message(let role): return "message_from_" + role
        case .reasoning: return "reasoning"
        case .localShellCall: return "local_shell_call"
        case .functionCall: return "function_call"
        case .functionCallOutput: return "function_call_output"
        case .customToolCall: return "custom_tool_call"
        case .customToolCallOutput: return "custom_tool_call_output"
        case .webSearchCall: return "web_search_call"
        case .imageGenerationCall: return "image_generation_call"
        case .ghostSnapshot: return "ghost_snapshot"
        case .compaction: return "compaction"
        case .other: return "other"
        }
    }
}

/// The token usage a completed response reports.
public struct TokenUsage: Sendable, Hashable {
    /// Input tokens (`gen_ai.usage.input_tokens`).
    public var inputTokens: Int64
    /// Input tokens served from the cache (`gen_ai.usage.cache_read.input_tokens`).
    public var cachedInputTokens: Int64
    /// Output tokens (`gen_ai.usage.output_tokens`).
    public var outputTokens: Int64
    /// Reasoning output tokens (`codex.usage.reasoning_output_tokens`).
    public var reasoningOutputTokens: Int64
    /// All tokens (`codex.usage.total_tokens`).
    public var totalTokens: Int64

    /// Creates a usage record.
    public init(
        inputTokens: Int64, cachedInputTokens: Int64 = 0, outputTokens: Int64, reasoningOutputTokens: Int64 = 0,
        totalTokens: Int64
    ) {
        self.inputTokens = inputTokens
        self.cachedInputTokens = cachedInputTokens
        self.outputTokens = outputTokens
        self.reasoningOutputTokens = reasoningOutputTokens
        self.totalTokens = totalTokens
    }
}
