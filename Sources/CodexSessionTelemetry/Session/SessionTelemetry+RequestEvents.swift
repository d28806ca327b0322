import OtelAPI

extension SessionTelemetry {
    /// Records one HTTP request to the model API: metrics `codex.api_request` (+1) and
    /// `codex.api_request.duration_ms`, and `codex.api_request` on both lanes.
    ///
    /// Metric tags: `status` (the code, or `none`) and `success` (`true` only for a 2xx status
    /// without an error). Event fields: duration_ms (whole milliseconds, as a string),
    /// http.response.status_code (integer, omitted when `nil`), error.message (omitted when
    /// `nil`), attempt (integer); with `auth` the `auth.*` and `endpoint` fields, and once
    /// ``withAuthEnvironment(_:)`` set them the `auth.env_*` fields.
    ///
    /// - Parameters:
    ///   - attempt: the attempt number, from 1.
    ///   - status: the HTTP status, when a response arrived.
    ///   - error: the error's text, when the request failed (exported on both lanes).
    ///   - duration: how long the request took.
    ///   - auth: how the request was authenticated (a later upstream addition); omitted fields
    ///     when `nil`.
    public func recordAPIRequest(
        attempt: UInt64, status: UInt16?, error: String?, duration: Duration, auth: AuthRequestDetails? = nil
    ) {
        let success = status.map { (200...299).contains($0) } == true && error == nil
        let statusTag = status.map { String($0) } ?? "none"
        let tags = [("status", statusTag), ("success", success ? "true" : "false")]
        recordCountAndDuration(
            SessionMetricNames.apiCallCount, SessionMetricNames.apiCallDuration, duration, tags: tags)
        emitLogAndTraceEvent(
            "codex.api_request",
            common: { fields in
                fields.set("duration_ms", FieldFormat.milliseconds(duration))
                fields.set("http.response.status_code", status.map { .int($0) })
                fields.set("error.message", error.map { .string($0) })
                fields.set("attempt", .int(attempt))
                auth?.appendLeadingFields(to: &fields)
                metadata.authEnvironment?.appendFields(to: &fields)
                auth?.appendTrailingFields(to: &fields)
            })
    }

    /// Times `request` and records it with ``recordAPIRequest(attempt:status:error:duration:auth:)``
    /// (the original's `log_request`), then returns its result or rethrows its error.
    ///
    /// ```swift
    /// let response = try await telemetry.logRequest(attempt: 1, status: { $0.statusCode }) {
    ///     try await client.send(request)
    /// }
    /// ```
    ///
    /// - Parameters:
    ///   - attempt: the attempt number, from 1.
    ///   - status: the HTTP status of a response.
    ///   - errorStatus: the HTTP status an error carries, if any.
    ///   - request: the request.
    public func logRequest<Response, Failure: Error>(
        attempt: UInt64,
        status: (Response) -> UInt16?,
        errorStatus: (Failure) -> UInt16? = { _ in nil },
        _ request: () async throws(Failure) -> Response
    ) async throws(Failure) -> Response {
        let clock = ContinuousClock()
        let start = clock.now
        let result: Result<Response, Failure>
        do {
            result = .success(try await request())
        } catch {
            result = .failure(error)
        }
        let duration = clock.now - start
        switch result {
        case .success(let response):
            recordAPIRequest(attempt: attempt, status: status(response), error: nil, duration: duration)
            return response
        case .failure(let failure):
            recordAPIRequest(
                attempt: attempt, status: errorStatus(failure), error: String(describing: failure), duration: duration)
            throw failure
        }
    }

    /// Records a step of authentication recovery (a later upstream addition):
    /// `codex.auth_recovery` on both lanes, with auth.mode, auth.step, auth.outcome and, when
    /// given, auth.request_id, auth.cf_ray, auth.error, auth.error_code, auth.recovery_reason and
    /// auth.state_changed (a boolean).
    public func recordAuthRecovery(
        mode: String, step: String, outcome: String, requestID: String? = nil, cfRay: String? = nil,
        error: String? = nil, errorCode: String? = nil, recoveryReason: String? = nil, stateChanged: Bool? = nil
    ) {
        emitLogAndTraceEvent(
            "codex.auth_recovery",
            common: { fields in
                fields.set("auth.mode", .string(mode))
                fields.set("auth.step", .string(step))
                fields.set("auth.outcome", .string(outcome))
                fields.set("auth.request_id", requestID.map { .string($0) })
                fields.set("auth.cf_ray", cfRay.map { .string($0) })
                fields.set("auth.error", error.map { .string($0) })
                fields.set("auth.error_code", errorCode.map { .string($0) })
                fields.set("auth.recovery_reason", recoveryReason.map { .string($0) })
                fields.set("auth.state_changed", stateChanged.map { .bool($0) })
            })
    }
}
