import OtelAPI

extension SessionTelemetry {
    /// Records an approval decision for a tool call: `codex.tool_decision`, on the log lane only,
    /// with tool_name, call_id, decision (`approved`, `denied`, …) and source (`Config`, `User`,
    /// `AutomatedReviewer`).
    public func toolDecision(toolName: String, callID: String, decision: ReviewDecision, source: ToolDecisionSource) {
        emitLogEvent("codex.tool_decision") { fields in
            fields.set("tool_name", .string(toolName))
            fields.set("call_id", .string(callID))
            fields.set("decision", .string(decision.description))
            fields.set("source", .string(source.description))
        }
    }

    /// Records how a sandboxed command fared (a later upstream addition): `codex.sandbox_outcome`
    /// on both lanes with tool_name, call_id, outcome, initial_duration_ms and
    /// escalated_duration_ms (integers of whole milliseconds; the latter omitted when `nil`).
    public func sandboxOutcome(
        toolName: String, callID: String, outcome: String, initialDuration: Duration, escalatedDuration: Duration?
    ) {
        emitLogAndTraceEvent(
            "codex.sandbox_outcome",
            common: { fields in
                fields.set("tool_name", .string(toolName))
                fields.set("call_id", .string(callID))
                fields.set("outcome", .string(outcome))
                fields.set("initial_duration_ms", .int(FieldFormat.wholeMilliseconds(initialDuration)))
                fields.set(
                    "escalated_duration_ms", escalatedDuration.map { .int(FieldFormat.wholeMilliseconds($0)) })
            })
    }

    /// Records the result of a tool call: metrics `codex.tool.call` (+1) and
    /// `codex.tool.call.duration_ms`, tagged `tool`, `success`, then `extraTags`; and
    /// `codex.tool_result` on both lanes.
    ///
    /// The log lane carries tool_name, call_id, arguments, duration_ms, success (`"true"` /
    /// `"false"`), output, mcp_server and mcp_server_origin (`""` when not an MCP tool). The
    /// trace lane carries tool_name, call_id, duration_ms, success, arguments_length and
    /// output_length (UTF-8 bytes), output_line_count, tool_origin (`builtin` / `mcp`) and
    /// mcp_tool: never the arguments or the output.
    ///
    /// - Parameters:
    ///   - arguments: the call's arguments (log-only).
    ///   - output: the call's output (log-only).
    ///   - extraTags: metric tags after `tool` and `success`.
    ///   - extraTraceFields: context of the call; `mcp_server` and `mcp_server_origin` are read
    ///     from it, as the original does.
    public func toolResult(
        toolName: String, callID: String, arguments: LaneValue<LogOnly>, duration: Duration, success: Bool,
        output: LaneValue<LogOnly>, extraTags: [(String, String)] = [], extraTraceFields: [(String, String)] = []
    ) {
        let successFlag = success ? "true" : "false"
        var tags: [(String, String)] = [("tool", toolName), ("success", successFlag)]
        tags.append(contentsOf: extraTags)
        recordCountAndDuration(
            SessionMetricNames.toolCallCount, SessionMetricNames.toolCallDuration, duration, tags: tags)

        let mcpServer = extraTraceFields.first { $0.0 == "mcp_server" }?.1 ?? ""
        let mcpServerOrigin = extraTraceFields.first { $0.0 == "mcp_server_origin" }?.1 ?? ""
        let durationMilliseconds = FieldFormat.milliseconds(duration)
        emitLogEvent("codex.tool_result") { fields in
            fields.set("tool_name", .string(toolName))
            fields.set("call_id", .string(callID))
            fields.set("arguments", arguments)
            fields.set("duration_ms", durationMilliseconds)
            fields.set("success", .string(successFlag))
            fields.set("output", output)
            fields.set("mcp_server", .string(mcpServer))
            fields.set("mcp_server_origin", .string(mcpServerOrigin))
        }
        emitTraceEvent("codex.tool_result") { fields in
            fields.set("tool_name", .string(toolName))
            fields.set("call_id", .string(callID))
            fields.set("duration_ms", durationMilliseconds)
            fields.set("success", .string(successFlag))
            fields.set("arguments_length", arguments.utf8Length)
            fields.set("output_length", output.utf8Length)
            fields.set("output_line_count", output.lineCount)
            fields.set("tool_origin", .string(mcpServer.isEmpty ? "builtin" : "mcp"))
            fields.set("mcp_tool", .bool(!mcpServer.isEmpty))
        }
    }

    /// Times a tool call and records it with
    /// ``toolResult(toolName:callID:arguments:duration:success:output:extraTags:extraTraceFields:)``
    /// (the original's `log_tool_result_with_tags`), then returns the call's result or rethrows
    /// its error. A thrown error is recorded as output = its description, success = `false`.
    ///
    /// ```swift
    /// let (output, success) = try await telemetry.logToolResult(
    ///     toolName: "shell", callID: callID, arguments: .string(arguments)
    /// ) {
    ///     try await runShell(arguments)
    /// }
    /// ```
    public func logToolResult<Failure: Error>(
        toolName: String, callID: String, arguments: LaneValue<LogOnly>, extraTags: [(String, String)] = [],
        extraTraceFields: [(String, String)] = [],
        _ call: () async throws(Failure) -> (output: String, success: Bool)
    ) async throws(Failure) -> (output: String, success: Bool) {
        let clock = ContinuousClock()
        let start = clock.now
        let result: Result<(output: String, success: Bool), Failure>
        do {
            result = .success(try await call())
        } catch {
            result = .failure(error)
        }
        let duration = clock.now - start
        let output: LaneValue<LogOnly>
        let success: Bool
        switch result {
        case .success(let value):
            output = .string(value.output)
            success = value.success
        case .failure(let failure):
            output = .string(String(describing: failure))
            success = false
        }
        toolResult(
            toolName: toolName, callID: callID, arguments: arguments, duration: duration, success: success,
            output: output, extraTags: extraTags, extraTraceFields: extraTraceFields)
        return try result.get()
    }

    /// Records a tool call that failed before it ran (the original's `log_tool_failed`):
    /// `codex.tool_result` on both lanes, no metrics.
    ///
    /// The log lane carries tool_name, duration_ms `"0"`, success `"false"`, output = `error`,
    /// and empty mcp_server and mcp_server_origin. The trace lane carries tool_name, duration_ms
    /// `"0"`, success `"false"`, output_length, output_line_count, tool_origin `builtin` and
    /// error.message = `error`: the original exports this error text on traces, so it is a
    /// plain (trace-safe) string here, unlike a tool's output.
    public func logToolFailed(toolName: String, error: String) {
        emitLogAndTraceEvent(
            "codex.tool_result",
            common: { fields in
                fields.set("tool_name", .string(toolName))
                fields.set("duration_ms", "0")
                fields.set("success", "false")
            },
            log: { fields in
                fields.set("output", .string(error))
                fields.set("mcp_server", "")
                fields.set("mcp_server_origin", "")
            },
            trace: { fields in
                fields.set("output_length", .int(error.utf8.count))
                fields.set("output_line_count", .int(LineCounting.count(error)))
                fields.set("tool_origin", "builtin")
                fields.set("error.message", .string(error))
            })
    }
}
