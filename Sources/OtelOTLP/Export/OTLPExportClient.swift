import OtelSDK

/// Sends encoded export requests of one signal to a collector over OTLP/HTTP or OTLP/gRPC,
/// with retries, and turns what happened into an ``ExportResult`` and statistics.
///
/// Blocking: called from an exporter's background thread. Never waits past the deadline it is
/// given; ``cancel()`` cuts a backoff sleep short (used at shutdown).
package final class OTLPExportClient: Sendable {
    /// The largest request body sent; larger batches are split by the caller or refused.
    package static let maximumRequestBytes = 64 * 1024 * 1024

    package let configuration: ResolvedOTLPConfiguration
    package let statistics: OTLPExportStatistics
    private let retryPolicy: RetryPolicy
    private let transport: Transport
    private let sleeper = WakeableSleeper()
    private let headers: [(String, String)]
    /// The header values (and the long words in them), removed from everything the collector
    /// says before it is reported: a careless collector may quote the request's headers.
    private let secrets: [String]

    private enum Transport: Sendable {
        case http(CurlHTTPClient)
        case grpc(GRPCClient)
    }

    /// Creates a client; connects lazily on the first request.
    package init(
        configuration: ResolvedOTLPConfiguration, retryPolicy: RetryPolicy, statistics: OTLPExportStatistics
    ) throws(TransportError) {
        self.configuration = configuration
        self.retryPolicy = retryPolicy
        self.statistics = statistics
        self.headers = configuration.headers.map { ($0.name, $0.value) }
        self.secrets = SecretRedaction.secrets(in: configuration.headers.map(\.value))
        let tls = TLSConfiguration(
            trustedCAFile: configuration.tls.caCertificatePath,
            clientCertificateFile: configuration.tls.clientCertificatePath,
            clientKeyFile: configuration.tls.clientKeyPath,
            insecure: configuration.tls.insecureSkipVerify)
        let timeoutMilliseconds = Int(clamping: configuration.timeout.millisecondsClamped)
        var http = CurlHTTPClient.Configuration()
        http.tls = tls
        http.timeoutMilliseconds = max(1, timeoutMilliseconds)
        http.userAgent = "swift-codex-otel/\(Resource.sdkVersion)"
        switch configuration.protocol {
        case .grpc:
            transport = .grpc(try GRPCClient(endpoint: configuration.url.description, configuration: http))
        case .httpProtobuf, .httpJSON:
            http.httpVersion = .http1_1
            transport = .http(try CurlHTTPClient(configuration: http))
        }
    }

    /// Cuts short any backoff sleep in progress (the current attempt still runs to its timeout).
    package func cancel() { sleeper.signal() }

    /// Sends `body` (an encoded `Export<Signal>ServiceRequest`) describing `itemCount` items.
    package func send(_ body: [UInt8], itemCount: Int, deadline: MonotonicInstant) -> ExportResult {
        guard body.count <= Self.maximumRequestBytes else {
            statistics.recordOversized(items: itemCount)
            let reason = "request of \(body.count) bytes exceeds the \(Self.maximumRequestBytes)-byte limit; dropped"
            OtelDiagnostics.report(.warning, "OTLP \(configuration.signal.rawValue): \(reason)")
            return .failure(reason: reason)
        }
        var attempt = 0
        while true {
            attempt += 1
            let remaining = deadline.remaining
            guard remaining > .zero else {
                return fail(itemCount, "export deadline passed before attempt \(attempt)")
            }
            statistics.recordRequest()
            let outcome = attemptOnce(body, timeout: min(remaining, configuration.timeout))
            switch outcome {
            case .success(let partial):
                statistics.recordSuccess(rejected: partial?.rejected ?? 0)
                if let partial, partial.isReported {
                    OtelDiagnostics.report(
                        .warning,
                        "OTLP \(configuration.signal.rawValue): collector rejected \(partial.rejected) item(s): "
                            + SecretRedaction.scrub(partial.errorMessage, removing: secrets))
                }
                return .success
            case .permanent(let reason):
                return fail(itemCount, reason)
            case .retryable(let reason, let serverDelay):
                guard
                    let delay = retryPolicy.delay(
                        afterAttempt: attempt, serverDelay: serverDelay, random: Double.random(in: 0..<1))
                else {
                    return fail(itemCount, "\(reason) (gave up after \(attempt) attempt(s))")
                }
                let wakeAt = MonotonicInstant.now().advanced(by: delay)
                if wakeAt >= deadline {
                    return fail(itemCount, "\(reason) (the next retry would pass the export deadline)")
                }
                if sleeper.wait(until: wakeAt) {
                    return fail(itemCount, "\(reason) (retry cancelled by shutdown)")
                }
                statistics.recordRetry()
            }
        }
    }

    private func fail(_ items: Int, _ collectorReason: String) -> ExportResult {
        let reason = SecretRedaction.scrub(collectorReason, removing: secrets)
        statistics.recordFailure(items: items, reason: reason)
        OtelDiagnostics.report(.warning, "OTLP \(configuration.signal.rawValue) export failed: \(reason)")
        return .failure(reason: reason)
    }

    private enum AttemptOutcome {
        case success(OTLPPartialSuccess?)
        case retryable(String, serverDelay: Duration?)
        case permanent(String)
    }

    private func attemptOnce(_ body: [UInt8], timeout: Duration) -> AttemptOutcome {
        let timeoutMilliseconds = max(1, Int(clamping: timeout.millisecondsClamped))
        switch transport {
        case .http(let client):
            return attemptHTTP(client, body, timeoutMilliseconds: timeoutMilliseconds)
        case .grpc(let client):
            return attemptGRPC(client, body, timeoutMilliseconds: timeoutMilliseconds)
        }
    }

    private func attemptHTTP(_ client: CurlHTTPClient, _ body: [UInt8], timeoutMilliseconds: Int) -> AttemptOutcome {
        let isJSON = configuration.protocol == .httpJSON
        var requestHeaders = headers
        requestHeaders.append(("Content-Type", isJSON ? "application/json" : "application/x-protobuf"))
        var payload = body
        if configuration.compression == .gzip {
            do {
                payload = try Gzip.compress(body)
                requestHeaders.append(("Content-Encoding", "gzip"))
            } catch {
                return .permanent("could not gzip the request: \(error)")
            }
        }
        let request = HTTPRequest(
            method: .post, url: configuration.url.description, headers: requestHeaders, body: payload,
            timeoutMilliseconds: timeoutMilliseconds)
        let response: HTTPResponse
        do {
            response = try client.send(request)
        } catch {
            return error.isRetryable ? .retryable(error.description, serverDelay: nil) : .permanent(error.description)
        }
        switch response.status {
        case 200..<300:
            do {
                let partial =
                    isJSON
                    ? try ExportResponseDecoder.decodeJSON(response.body, signal: configuration.signal)
                    : try ExportResponseDecoder.decodeProtobuf(response.body)
                return .success(partial)
            } catch {
                // The collector accepted the data (2xx); an unreadable body is reported, not retried.
                OtelDiagnostics.report(
                    .warning,
                    "OTLP \(configuration.signal.rawValue): "
                        + SecretRedaction.scrub(error.description, removing: secrets))
                return .success(nil)
            }
        case let status where Retryability.isRetryable(httpStatus: status):
            let delay = response.retryAfter.map { retryAfter -> Duration in
                .seconds(
                    retryAfter.delaySeconds(
                        nowUnixSeconds: Int64(Timestamp.now().nanosecondsSinceEpoch / 1_000_000_000)))
            }
            return .retryable("HTTP \(status)", serverDelay: delay)
        case let status:
            let message = Self.statusMessage(response.body, isJSON: isJSON)
            return .permanent("HTTP \(status)" + (message.isEmpty ? "" : ": \(message)"))
        }
    }

    private func attemptGRPC(_ client: GRPCClient, _ body: [UInt8], timeoutMilliseconds: Int) -> AttemptOutcome {
        let service = String(configuration.signal.grpcPath.dropFirst().split(separator: "/")[0])
        let response: GRPCUnaryResponse
        do {
            response = try client.unary(
                service: service, message: body, metadata: headers.map { ($0.0.lowercased(), $0.1) },
                compression: configuration.compression == .gzip ? .gzip : .none,
                timeoutMilliseconds: timeoutMilliseconds)
        } catch {
            return error.isRetryable ? .retryable(error.description, serverDelay: nil) : .permanent(error.description)
        }
        let code = Int(response.status.code.rawValue)
        if code == 0 {
            let partial = try? ExportResponseDecoder.decodeProtobuf(response.message ?? [])
            return .success(partial ?? nil)
        }
        let reason =
            "gRPC status \(response.status.code) (\(code))"
            + (response.status.message.isEmpty ? "" : ": \(response.status.message)")
        let retryInfo = response.trailers.contains { $0.0.lowercased() == "grpc-status-details-bin" }
        if Retryability.isRetryable(grpcCode: code, hasRetryInfo: retryInfo) {
            return .retryable(reason, serverDelay: nil)
        }
        return .permanent(reason)
    }

    /// The `message` of a google.rpc.Status error body, when there is one.
    private static func statusMessage(_ body: [UInt8], isJSON: Bool) -> String {
        guard !body.isEmpty else { return "" }
        if isJSON {
            return (try? JSONValue.parse(body))?["message"]?.stringValue ?? ""
        }
        var reader = ProtobufReader(body)
        while let field = try? reader.next() {
            if field.field == 2, let text = try? field.value.string() { return String(text.prefix(200)) }
        }
        return ""
    }
}
