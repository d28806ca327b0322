import OtelSDK

/// Decodes `ExportTraceServiceRequest` bodies (protobuf or OTLP/JSON) into spans, each carrying
/// its resource and instrumentation scope: the inverse of `OTLPTraceEncoder`.
///
/// OTLP `AnyValue`s become ``AttributeValue``s the same way for every signal and encoding:
/// - strings, booleans, integers, doubles and bytes map one to one;
/// - an array whose elements all have one scalar type (string, bool, int or double) becomes the
///   typed array, an empty array an empty string array; any other array (mixed types, nested
///   arrays or lists, bytes, empty values) becomes a string holding the array as JSON text;
/// - a key-value list in an attribute is flattened into one attribute per leaf with dotted keys
///   (`http.request.header` = `{accept: "json"}` becomes `http.request.header.accept` = `"json"`),
///   an empty list the string `{}`; as a log body or array element it is rendered as JSON text;
/// - a key without a value (an empty `AnyValue`) is skipped.
///
/// A span's `flags` give its trace flags (bits 0-7) and whether its parent is remote (bits 8-9);
/// a link's `flags` likewise give its context's flags and remote bit. A span needs a non-zero
/// trace id and span id (a link may have none); `SPAN_KIND_UNSPECIFIED` reads as internal; an
/// undefined kind or status code or an invalid W3C trace state is an error. Attributes beyond
/// ``OTLPDecodeLimits/maxAttributesPerSet`` are dropped and added to the dropped count.
public enum OTLPTraceDecoder {
    /// Decodes a protobuf `ExportTraceServiceRequest`.
    /// - Throws: ``OTLPDecodeError`` for any malformed input or exceeded limit.
    public static func protobuf(
        _ bytes: [UInt8], limits: OTLPDecodeLimits = .default
    ) throws(OTLPDecodeError)
        -> [SpanData]
    {
        var decoder = ProtobufRequestDecoder(limits: limits)
        return try decoder.traceRequest(bytes)
    }

    /// Decodes an OTLP/JSON `ExportTraceServiceRequest`.
    /// - Throws: ``OTLPDecodeError`` for any malformed input or exceeded limit.
    public static func json(
        _ bytes: [UInt8], limits: OTLPDecodeLimits = .default
    ) throws(OTLPDecodeError)
        -> [SpanData]
    {
        var decoder = JSONRequestDecoder(limits: limits)
        return try decoder.traceRequest(bytes)
    }

    /// Decodes a request in `format`.
    /// - Throws: ``OTLPDecodeError`` for any malformed input or exceeded limit.
    public static func decode(
        _ bytes: [UInt8], format: OTLPPayloadFormat, limits: OTLPDecodeLimits = .default
    ) throws(OTLPDecodeError) -> [SpanData] {
        format == .json ? try json(bytes, limits: limits) : try protobuf(bytes, limits: limits)
    }
}

/// Decodes `ExportLogsServiceRequest` bodies (protobuf or OTLP/JSON) into log records, each
/// carrying its resource and instrumentation scope: the inverse of `OTLPLogEncoder`.
///
/// A zero time, an empty severity text or event name, and all-zero trace or span ids decode as
/// absent (`nil`); severity number 0 is no severity; an empty body is no body. Values map as
/// ``OTLPTraceDecoder`` describes; a key-value list body is rendered as JSON text.
public enum OTLPLogDecoder {
    /// Decodes a protobuf `ExportLogsServiceRequest`.
    /// - Throws: ``OTLPDecodeError`` for any malformed input or exceeded limit.
    public static func protobuf(
        _ bytes: [UInt8], limits: OTLPDecodeLimits = .default
    ) throws(OTLPDecodeError)
        -> [LogRecordData]
    {
        var decoder = ProtobufRequestDecoder(limits: limits)
        return try decoder.logsRequest(bytes)
    }

    /// Decodes an OTLP/JSON `ExportLogsServiceRequest`.
    /// - Throws: ``OTLPDecodeError`` for any malformed input or exceeded limit.
    public static func json(
        _ bytes: [UInt8], limits: OTLPDecodeLimits = .default
    ) throws(OTLPDecodeError)
        -> [LogRecordData]
    {
        var decoder = JSONRequestDecoder(limits: limits)
        return try decoder.logsRequest(bytes)
    }

    /// Decodes a request in `format`.
    /// - Throws: ``OTLPDecodeError`` for any malformed input or exceeded limit.
    public static func decode(
        _ bytes: [UInt8], format: OTLPPayloadFormat, limits: OTLPDecodeLimits = .default
    ) throws(OTLPDecodeError) -> [LogRecordData] {
        format == .json ? try json(bytes, limits: limits) : try protobuf(bytes, limits: limits)
    }
}

/// A decoded `ExportMetricsServiceRequest`: the batches, and the data points left out because the
/// SDK's model cannot hold them (summary metrics, number points without a value).
public struct OTLPDecodedMetrics: Sendable, Hashable {
    /// The metrics, by resource then scope, as they arrived.
    public var resourceMetrics: [ResourceMetrics]
    /// How many data points were left out; a receiver reports them as rejected (partial success).
    public var skippedDataPoints: Int
    /// Why they were left out; empty when nothing was.
    public var skippedReason: String

    /// Creates a result.
    public init(resourceMetrics: [ResourceMetrics], skippedDataPoints: Int = 0, skippedReason: String = "") {
        self.resourceMetrics = resourceMetrics
        self.skippedDataPoints = skippedDataPoints
        self.skippedReason = skippedReason
    }

    /// The number of data points decoded.
    public var pointCount: Int { resourceMetrics.reduce(0) { $0 + $1.pointCount } }
}

/// Decodes `ExportMetricsServiceRequest` bodies (protobuf or OTLP/JSON) into ``ResourceMetrics``:
/// the inverse of `OTLPMetricEncoder`.
///
/// Gauges, sums, explicit-bucket and exponential histograms map one to one (exponential scale and
/// offsets are zigzag `sint32`). Summary metrics have no place in the SDK's model: they are left out
/// and counted (see ``OTLPDecodedMetrics``), as are number points without a value; exemplars and
/// metadata are ignored. Temporality 0 (unspecified) reads as cumulative. A histogram point whose
/// bucket counts are neither empty nor one more than its bounds is an error.
public enum OTLPMetricDecoder {
    /// Decodes a protobuf `ExportMetricsServiceRequest`.
    /// - Throws: ``OTLPDecodeError`` for any malformed input or exceeded limit.
    public static func protobuf(
        _ bytes: [UInt8], limits: OTLPDecodeLimits = .default
    ) throws(OTLPDecodeError)
        -> [ResourceMetrics]
    {
        try decode(bytes, format: .protobuf, limits: limits).resourceMetrics
    }

    /// Decodes an OTLP/JSON `ExportMetricsServiceRequest`.
    /// - Throws: ``OTLPDecodeError`` for any malformed input or exceeded limit.
    public static func json(
        _ bytes: [UInt8], limits: OTLPDecodeLimits = .default
    ) throws(OTLPDecodeError)
        -> [ResourceMetrics]
    {
        try decode(bytes, format: .json, limits: limits).resourceMetrics
    }

    /// Decodes a request in `format`, reporting the data points that were left out.
    /// - Throws: ``OTLPDecodeError`` for any malformed input or exceeded limit.
    public static func decode(
        _ bytes: [UInt8], format: OTLPPayloadFormat, limits: OTLPDecodeLimits = .default
    ) throws(OTLPDecodeError) -> OTLPDecodedMetrics {
        switch format {
        case .protobuf:
            var decoder = ProtobufRequestDecoder(limits: limits)
            let batches = try decoder.metricsRequest(bytes)
            return OTLPDecodedMetrics(
                resourceMetrics: batches, skippedDataPoints: decoder.skipped.count,
                skippedReason: decoder.skipped.message)
        case .json:
            var decoder = JSONRequestDecoder(limits: limits)
            let batches = try decoder.metricsRequest(bytes)
            return OTLPDecodedMetrics(
                resourceMetrics: batches, skippedDataPoints: decoder.skipped.count,
                skippedReason: decoder.skipped.message)
        }
    }
}
