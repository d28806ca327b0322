import OtelOTLP
import OtelSDK

/// What one accepted export request carried, decoded.
public enum OTLPReceivedBatch: Sendable {
    /// The spans of an `ExportTraceServiceRequest`.
    case spans([SpanData])
    /// The log records of an `ExportLogsServiceRequest`.
    case logRecords([LogRecordData])
    /// The metrics of an `ExportMetricsServiceRequest`, with the points left out.
    case metrics(OTLPDecodedMetrics)

    /// The signal of the batch.
    public var signal: OTLPSignal {
        switch self {
        case .spans: return .traces
        case .logRecords: return .logs
        case .metrics: return .metrics
        }
    }

    /// The number of items: spans, log records or data points.
    public var itemCount: Int {
        switch self {
        case .spans(let spans): return spans.count
        case .logRecords(let records): return records.count
        case .metrics(let metrics): return metrics.pointCount
        }
    }
}

/// What happened at a receiver, as its sink is told: the sink gets every decoded batch, and
/// enough about failures to count them.
public enum OTLPReceiverEvent: Sendable {
    /// A client connected.
    case connectionOpened
    /// A request was decoded and accepted (answered 200); `bodyBytes` is its size on the wire.
    case received(OTLPReceivedBatch, format: OTLPPayloadFormat, bodyBytes: Int)
    /// A request to a signal's route could not be decoded (answered 400 or 413).
    case decodeFailed(signal: OTLPSignal, bodyBytes: Int, error: String)
    /// A request was refused before decoding: unknown path (404), method (405), media type or
    /// content coding (415), size (413), or malformed HTTP (400, 411, 431, 501, 505).
    case refused(status: Int, reason: String)
}

/// Counters of a receiver or a store: requests, items, bytes and failures per signal.
public struct OTLPReceiverStatistics: Sendable, Hashable {
    /// The counters of one signal.
    public struct SignalCounts: Sendable, Hashable {
        /// Requests accepted (answered 200).
        public var requests = 0
        /// Items accepted: spans, log records or metric data points.
        public var items = 0
        /// Items the model could not hold, reported as rejected in a partial success.
        public var rejectedItems = 0
        /// Body bytes on the wire (before decompression) of accepted and undecodable requests.
        public var bytes = 0
        /// Requests that could not be decoded.
        public var decodeErrors = 0

        /// Zero counts.
        public init() {}
    }

    /// Spans.
    public var traces = SignalCounts()
    /// Log records.
    public var logs = SignalCounts()
    /// Metric data points.
    public var metrics = SignalCounts()
    /// Requests refused before decoding (unknown path, method, media type, size, bad HTTP).
    public var refusedRequests = 0
    /// Client connections accepted.
    public var connections = 0

    /// Zero counts.
    public init() {}

    /// The counters of `signal`.
    public subscript(signal: OTLPSignal) -> SignalCounts {
        get {
            switch signal {
            case .traces: return traces
            case .logs: return logs
            case .metrics: return metrics
            }
        }
        set {
            switch signal {
            case .traces: traces = newValue
            case .logs: logs = newValue
            case .metrics: metrics = newValue
            }
        }
    }

    /// Spans accepted.
    public var spans: Int { traces.items }
    /// Log records accepted.
    public var logRecords: Int { logs.items }
    /// Metric data points accepted.
    public var metricPoints: Int { metrics.items }
    /// Requests accepted, all signals.
    public var requests: Int { traces.requests + logs.requests + metrics.requests }
    /// Body bytes received, all signals.
    public var bytes: Int { traces.bytes + logs.bytes + metrics.bytes }
    /// Undecodable requests, all signals.
    public var decodeErrors: Int { traces.decodeErrors + logs.decodeErrors + metrics.decodeErrors }

    /// Counts `event`.
    public mutating func record(_ event: OTLPReceiverEvent) {
        switch event {
        case .connectionOpened:
            connections += 1
        case .received(let batch, _, let bodyBytes):
            let signal = batch.signal
            self[signal].requests += 1
            self[signal].items += batch.itemCount
            self[signal].bytes += bodyBytes
            if case .metrics(let metrics) = batch { self[signal].rejectedItems += metrics.skippedDataPoints }
        case .decodeFailed(let signal, let bodyBytes, _):
            self[signal].decodeErrors += 1
            self[signal].bytes += bodyBytes
        case .refused:
            refusedRequests += 1
        }
    }
}
