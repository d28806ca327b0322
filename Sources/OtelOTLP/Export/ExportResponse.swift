/// What a collector said about an accepted export: the partial-success part of
/// `Export<Signal>ServiceResponse`.
public struct OTLPPartialSuccess: Sendable, Hashable {
    /// How many items the collector rejected (spans, log records or data points).
    public var rejected: Int64
    /// The collector's explanation, possibly empty.
    public var errorMessage: String

    /// Creates a partial-success report.
    public init(rejected: Int64, errorMessage: String) {
        self.rejected = rejected
        self.errorMessage = errorMessage
    }

    /// Whether the collector reported anything (a rejection count or a warning message).
    public var isReported: Bool { rejected > 0 || !errorMessage.isEmpty }
}

/// Decodes the export responses of the three signals; their partial-success messages share one
/// shape (field 1: rejected count, field 2: message), so one decoder serves all.
package enum ExportResponseDecoder {
    /// Why a response body could not be read.
    package struct DecodeError: Error, Hashable, CustomStringConvertible {
        package let reason: String
        package var description: String { "unreadable OTLP export response: \(reason)" }
    }

    /// Decodes a protobuf response body. An empty body is a full success.
    package static func decodeProtobuf(_ body: [UInt8]) throws(DecodeError) -> OTLPPartialSuccess? {
        do {
            var reader = ProtobufReader(body)
            var result: OTLPPartialSuccess?
            while let (field, value) = try reader.next() {
                guard field == 1 else { continue }
                var inner = ProtobufReader(value.slice)
                var partial = OTLPPartialSuccess(rejected: 0, errorMessage: "")
                while let (innerField, innerValue) = try inner.next() {
                    switch innerField {
                    case 1: partial.rejected = innerValue.int64
                    case 2: partial.errorMessage = try innerValue.string()
                    default: continue
                    }
                }
                result = partial
            }
            return result
        } catch {
            throw DecodeError(reason: String(describing: error))
        }
    }

    /// Decodes a JSON response body (`{"partialSuccess":{"rejectedSpans":"2","errorMessage":"…"}}`).
    package static func decodeJSON(_ body: [UInt8], signal: OTLPSignal) throws(DecodeError) -> OTLPPartialSuccess? {
        if body.allSatisfy({ [0x20, 0x0A, 0x0D, 0x09].contains($0) }) { return nil }
        let document: JSONValue
        do { document = try JSONValue.parse(body) } catch { throw DecodeError(reason: error.description) }
        guard case .object = document else { throw DecodeError(reason: "the body is not a JSON object") }
        guard let partial = document["partialSuccess"] ?? document["partial_success"] else { return nil }
        let countKey: String
        switch signal {
        case .traces: countKey = "rejectedSpans"
        case .logs: countKey = "rejectedLogRecords"
        case .metrics: countKey = "rejectedDataPoints"
        }
        let rejected = partial[countKey]?.int64Value ?? 0
        let message = (partial["errorMessage"] ?? partial["error_message"])?.stringValue ?? ""
        return OTLPPartialSuccess(rejected: rejected, errorMessage: message)
    }
}
