import OtelAPI

extension SessionTelemetry {
    /// Records a coarse startup phase (a later upstream addition): the duration metric
    /// `codex.startup.phase.duration_ms` tagged `phase` (and `status` when given), and
    /// `codex.startup_phase` on both lanes with startup.phase, startup.status (omitted when
    /// `nil`) and duration_ms.
    ///
    /// Keep `phase` and `status` to a small fixed set: they are metric tags.
    public func recordStartupPhase(_ phase: String, duration: Duration, status: String? = nil) {
        var tags = [("phase", phase)]
        if let status { tags.append(("status", status)) }
        recordDuration(SessionMetricNames.startupPhaseDuration, duration, tags: tags)
        emitLogAndTraceEvent(
            "codex.startup_phase",
            common: { fields in
                fields.set("startup.phase", .string(phase))
                fields.set("startup.status", status.map { .string($0) })
                fields.set("duration_ms", FieldFormat.milliseconds(duration))
            })
    }

    /// Records a turn's time to first token (a later upstream addition): the duration metric
    /// `codex.turn.ttft.duration_ms` and `codex.turn_ttft` on both lanes with duration_ms.
    public func recordTurnTTFT(_ duration: Duration) {
        recordDuration(SessionMetricNames.turnTTFTDuration, duration, tags: [])
        emitLogAndTraceEvent(
            "codex.turn_ttft",
            common: { fields in
                fields.set("duration_ms", FieldFormat.milliseconds(duration))
            })
    }

    /// Records that a plugin or connector install prompt was shown (a later upstream addition):
    /// counter `codex.plugins.install_elicitation.sent` tagged `tool_type`, and
    /// `codex.plugin_install_elicitation_sent` on both lanes with plugin_install.tool_type,
    /// plugin_install.tool_id and plugin_install.tool_name.
    public func recordPluginInstallElicitationSent(toolType: String, toolID: String, toolName: String) {
        counter(SessionMetricNames.pluginInstallElicitationSent, increment: 1, tags: [("tool_type", toolType)])
        emitLogAndTraceEvent(
            "codex.plugin_install_elicitation_sent",
            common: { fields in
                fields.set("plugin_install.tool_type", .string(toolType))
                fields.set("plugin_install.tool_id", .string(toolID))
                fields.set("plugin_install.tool_name", .string(toolName))
            })
    }

    /// Records the outcome of a plugin or connector install suggestion (a later upstream
    /// addition): counter `codex.plugins.install_suggestion` tagged `tool_type`,
    /// `response_action` and `completed`, and `codex.plugin_install_suggestion` on both lanes
    /// with the plugin_install.* fields (user_confirmed and completed as booleans).
    public func recordPluginInstallSuggestion(
        toolType: String, toolID: String, toolName: String, responseAction: String, userConfirmed: Bool,
        completed: Bool
    ) {
        counter(
            SessionMetricNames.pluginInstallSuggestion, increment: 1,
            tags: [
                ("tool_type", toolType), ("response_action", responseAction),
                ("completed", completed ? "true" : "false"),
            ])
        emitLogAndTraceEvent(
            "codex.plugin_install_suggestion",
            common: { fields in
                fields.set("plugin_install.tool_type", .string(toolType))
                fields.set("plugin_install.tool_id", .string(toolID))
                fields.set("plugin_install.tool_name", .string(toolName))
                fields.set("plugin_install.response_action", .string(responseAction))
                fields.set("plugin_install.user_confirmed", .bool(userConfirmed))
                fields.set("plugin_install.completed", .bool(completed))
            })
    }
}
