import OtelOTLP

/// Encodes what a receiver answers: `Export<Signal>ServiceResponse` bodies (empty for a full
/// success, with `partial_success` when items were rejected) and `google.rpc.Status` bodies for
/// failed requests, in protobuf or OTLP/JSON.
public enum OTLPExportResponseEncoder {
    /// The `google.rpc.Code` of a malformed request.
    public static let invalidArgument: Int32 = 3
    /// The `google.rpc.Code` of an unknown route.
    public static let notFound: Int32 = 5
    /// The `google.rpc.Code` of a request over a size limit.
    public static let resourceExhausted: Int32 = 8
    /// The `google.rpc.Code` of an unsupported method or media type.
    public static let unimplemented: Int32 = 12

    /// The body of a full success: no bytes in protobuf, `{}` in JSON.
    public static func success(format: OTLPPayloadFormat) -> [UInt8] {
        format == .json ? Array("{}".utf8) : []
    }

    /// The body of a partial success: `rejected` items of `signal` were not accepted, because of
    /// `errorMessage`. A full success (nothing rejected, no message) is the empty response.
    public static func partialSuccess(
        signal: OTLPSignal, rejected: Int64, errorMessage: String, format: OTLPPayloadFormat
    ) -> [UInt8] {
        guard rejected != 0 || !errorMessage.isEmpty else { return success(format: format) }
        switch format {
        case .protobuf:
            var writer = ProtobufWriter(capacity: 16 + errorMessage.utf8.count)
            writer.message(1) { partial in
                partial.int64(1, rejected)
                partial.string(2, errorMessage)
            }
            return writer.bytes
        case .json:
            var writer = JSONWriter(capacity: 64 + errorMessage.utf8.count)
            writer.object { response in
                response.key("partialSuccess")
                response.object { partial in
                    if rejected != 0 {
                        switch signal {
                        case .traces: partial.key("rejectedSpans")
                        case .logs: partial.key("rejectedLogRecords")
                        case .metrics: partial.key("rejectedDataPoints")
                        }
                        partial.int64String(rejected)
                    }
                    if !errorMessage.isEmpty {
                        partial.key("errorMessage")
                        partial.string(errorMessage)
                    }
                }
            }
            return writer.bytes
        }
    }

    /// A `google.rpc.Status` body with `code` and `message` (no details).
    public static func status(code: Int32, message: String, format: OTLPPayloadFormat) -> [UInt8] {
        switch format {
        case .protobuf:
            var writer = ProtobufWriter(capacity: 16 + message.utf8.count)
            writer.int32(1, code)
            writer.string(2, message)
            return writer.bytes
        case .json:
            var writer = JSONWriter(capacity: 32 + message.utf8.count)
            writer.object { status in
                status.key("code")
                status.int(Int(code))
                status.key("message")
                status.string(message)
            }
            return writer.bytes
        }
    }
}
