import OtelOTLP

/// Turns one complete HTTP request into the receiver's answer: routes `POST /v1/{traces,logs,
/// metrics}`, checks the media type and content coding, decompresses, decodes, reports the
/// outcome to the sink, and encodes the response (OTLP/HTTP specification semantics).
struct OTLPRequestHandler: Sendable {
    let limits: OTLPDecodeLimits
    let report: @Sendable (OTLPReceiverEvent) -> Void

    /// The largest body accepted on the wire (decompressed bodies are checked per format).
    var maxWireBodyBytes: Int { max(limits.maxBodyBytes, limits.maxJSONBodyBytes) }

    /// The signal served at `path`, if any.
    static func signal(at path: String) -> OTLPSignal? {
        switch path {
        case "/v1/traces": return .traces
        case "/v1/logs": return .logs
        case "/v1/metrics": return .metrics
        default: return nil
        }
    }

    /// The answer to a request whose head was refused before its body was read.
    func refusal(status: Int, reason: String, contentType: String?) -> HTTPReply {
        report(.refused(status: status, reason: reason))
        let format = contentType.flatMap(OTLPPayloadFormat.init(contentType:)) ?? .json
        var reply = errorReply(status: status, message: reason, format: format)
        reply.closesConnection = true
        return reply
    }

    /// The answer to a complete request.
    func handle(_ head: HTTPRequestHead, body: [UInt8]) -> HTTPReply {
        let contentType = head.header("content-type")
        let format = contentType.flatMap(OTLPPayloadFormat.init(contentType:))
        guard let signal = Self.signal(at: head.path) else {
            let message = "no OTLP route at \(head.path.prefix(200)); use /v1/traces, /v1/logs or /v1/metrics"
            report(.refused(status: 404, reason: message))
            return errorReply(status: 404, message: message, format: format ?? .json)
        }
        guard head.method == "POST" else {
            let message = "\(head.method.prefix(20)) is not allowed on \(head.path); OTLP/HTTP exports use POST"
            report(.refused(status: 405, reason: message))
            var reply = errorReply(status: 405, message: message, format: format ?? .json)
            reply.extraHeaders.append(("Allow", "POST"))
            return reply
        }
        guard let format else {
            let message =
                "unsupported Content-Type '\((contentType ?? "none").prefix(100))'; "
                + "send application/x-protobuf or application/json"
            report(.refused(status: 415, reason: message))
            return errorReply(status: 415, message: message, format: .json)
        }
        let payload: [UInt8]
        switch head.header("content-encoding")?.lowercased() ?? "identity" {
        case "identity", "":
            payload = body
        case "gzip":
            do throws(GzipError) {
                payload = try Gzip.decompress(body, maxOutputBytes: limits.maxBodyBytes(for: format))
            } catch {
                let status: Int
                if case .outputTooLarge = error { status = 413 } else { status = 400 }
                report(.decodeFailed(signal: signal, bodyBytes: body.count, error: error.description))
                return errorReply(status: status, message: error.description, format: format)
            }
        case let other:
            let message = "unsupported Content-Encoding '\(other.prefix(50))'; send gzip or no encoding"
            report(.refused(status: 415, reason: message))
            return errorReply(status: 415, message: message, format: format)
        }
        do throws(OTLPDecodeError) {
            let batch = try decode(payload, signal: signal, format: format)
            report(.received(batch, format: format, bodyBytes: body.count))
            let responseBody: [UInt8]
            if case .metrics(let metrics) = batch {
                responseBody = OTLPExportResponseEncoder.partialSuccess(
                    signal: signal, rejected: Int64(metrics.skippedDataPoints), errorMessage: metrics.skippedReason,
                    format: format)
            } else {
                responseBody = OTLPExportResponseEncoder.success(format: format)
            }
            return HTTPReply(status: 200, contentType: format.contentType, body: responseBody)
        } catch {
            report(.decodeFailed(signal: signal, bodyBytes: body.count, error: error.description))
            let status: Int
            if case .bodyTooLarge = error { status = 413 } else { status = 400 }
            return errorReply(status: status, message: error.description, format: format)
        }
    }

    private func decode(
        _ payload: [UInt8], signal: OTLPSignal, format: OTLPPayloadFormat
    )
        throws(OTLPDecodeError) -> OTLPReceivedBatch
    {
        switch signal {
        case .traces: return .spans(try OTLPTraceDecoder.decode(payload, format: format, limits: limits))
        case .logs: return .logRecords(try OTLPLogDecoder.decode(payload, format: format, limits: limits))
        case .metrics: return .metrics(try OTLPMetricDecoder.decode(payload, format: format, limits: limits))
        }
    }

    private func errorReply(status: Int, message: String, format: OTLPPayloadFormat) -> HTTPReply {
        let code: Int32
        switch status {
        case 404: code = OTLPExportResponseEncoder.notFound
        case 413: code = OTLPExportResponseEncoder.resourceExhausted
        case 405, 415, 501, 505: code = OTLPExportResponseEncoder.unimplemented
        default: code = OTLPExportResponseEncoder.invalidArgument
        }
        return HTTPReply(
            status: status, contentType: format.contentType,
            body: OTLPExportResponseEncoder.status(code: code, message: message, format: format))
    }
}
