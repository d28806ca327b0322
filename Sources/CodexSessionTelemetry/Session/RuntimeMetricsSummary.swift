import OtelSDK

/// A count and the summed duration of one family of calls.
public struct RuntimeMetricTotals: Sendable, Hashable {
    /// How many calls.
    public var count: UInt64
    /// Their summed duration in whole milliseconds.
    public var durationMilliseconds: UInt64

    /// Creates totals.
    public init(count: UInt64 = 0, durationMilliseconds: UInt64 = 0) {
        self.count = count
        self.durationMilliseconds = durationMilliseconds
    }

    /// Whether both are zero.
    public var isEmpty: Bool { count == 0 && durationMilliseconds == 0 }

    /// Adds `other`, saturating.
    public mutating func merge(_ other: RuntimeMetricTotals) {
        count = count.addingSaturating(other.count)
        durationMilliseconds = durationMilliseconds.addingSaturating(other.durationMilliseconds)
    }
}

/// What a session spent its time on, summed from a metrics snapshot
/// (``SessionTelemetry/runtimeMetricsSummary()``): the original's `RuntimeMetricsSummary`.
///
/// Counts come from the counters, durations from the sums of the duration histograms, each
/// rounded to whole milliseconds.
public struct RuntimeMetricsSummary: Sendable, Hashable {
    /// `codex.tool.call` and `codex.tool.call.duration_ms`.
    public var toolCalls = RuntimeMetricTotals()
    /// `codex.api_request` and `codex.api_request.duration_ms`.
    public var apiCalls = RuntimeMetricTotals()
    /// `codex.sse_event` and `codex.sse_event.duration_ms`.
    public var streamingEvents = RuntimeMetricTotals()
    /// `codex.websocket.request` and `codex.websocket.request.duration_ms`.
    public var websocketCalls = RuntimeMetricTotals()
    /// `codex.websocket.event` and `codex.websocket.event.duration_ms`.
    public var websocketEvents = RuntimeMetricTotals()
    /// `codex.responses_api_overhead.duration_ms`.
    public var responsesAPIOverheadMilliseconds: UInt64 = 0
    /// `codex.responses_api_inference_time.duration_ms`.
    public var responsesAPIInferenceTimeMilliseconds: UInt64 = 0
    /// `codex.responses_api_engine_iapi_ttft.duration_ms`.
    public var responsesAPIEngineIAPITTFTMilliseconds: UInt64 = 0
    /// `codex.responses_api_engine_service_ttft.duration_ms`.
    public var responsesAPIEngineServiceTTFTMilliseconds: UInt64 = 0
    /// `codex.responses_api_engine_iapi_tbt.duration_ms`.
    public var responsesAPIEngineIAPITBTMilliseconds: UInt64 = 0
    /// `codex.responses_api_engine_service_tbt.duration_ms`.
    public var responsesAPIEngineServiceTBTMilliseconds: UInt64 = 0
    /// `codex.turn.ttft.duration_ms`.
    public var turnTTFTMilliseconds: UInt64 = 0
    /// `codex.turn.ttfm.duration_ms`.
    public var turnTTFMMilliseconds: UInt64 = 0

    /// An empty summary.
    public init() {}

    /// The summary of `snapshot`.
    public init(snapshot: ResourceMetrics) {
        func totals(_ count: String, _ duration: String) -> RuntimeMetricTotals {
            RuntimeMetricTotals(
                count: Self.sumCounter(snapshot, count), durationMilliseconds: Self.sumHistogram(snapshot, duration))
        }
        toolCalls = totals(SessionMetricNames.toolCallCount, SessionMetricNames.toolCallDuration)
        apiCalls = totals(SessionMetricNames.apiCallCount, SessionMetricNames.apiCallDuration)
        streamingEvents = totals(SessionMetricNames.sseEventCount, SessionMetricNames.sseEventDuration)
        websocketCalls = totals(SessionMetricNames.websocketRequestCount, SessionMetricNames.websocketRequestDuration)
        websocketEvents = totals(SessionMetricNames.websocketEventCount, SessionMetricNames.websocketEventDuration)
        responsesAPIOverheadMilliseconds = Self.sumHistogram(snapshot, SessionMetricNames.responsesAPIOverheadDuration)
        responsesAPIInferenceTimeMilliseconds = Self.sumHistogram(
            snapshot, SessionMetricNames.responsesAPIInferenceTimeDuration)
        responsesAPIEngineIAPITTFTMilliseconds = Self.sumHistogram(
            snapshot, SessionMetricNames.responsesAPIEngineIAPITTFTDuration)
        responsesAPIEngineServiceTTFTMilliseconds = Self.sumHistogram(
            snapshot, SessionMetricNames.responsesAPIEngineServiceTTFTDuration)
        responsesAPIEngineIAPITBTMilliseconds = Self.sumHistogram(
            snapshot, SessionMetricNames.responsesAPIEngineIAPITBTDuration)
        responsesAPIEngineServiceTBTMilliseconds = Self.sumHistogram(
            snapshot, SessionMetricNames.responsesAPIEngineServiceTBTDuration)
        turnTTFTMilliseconds = Self.sumHistogram(snapshot, SessionMetricNames.turnTTFTDuration)
        turnTTFMMilliseconds = Self.sumHistogram(snapshot, SessionMetricNames.turnTTFMDuration)
    }

    /// Whether every total is zero.
    public var isEmpty: Bool { self == RuntimeMetricsSummary() }

    /// Adds `other`, saturating.
    public mutating func merge(_ other: RuntimeMetricsSummary) {
        toolCalls.merge(other.toolCalls)
        apiCalls.merge(other.apiCalls)
        streamingEvents.merge(other.streamingEvents)
        websocketCalls.merge(other.websocketCalls)
        websocketEvents.merge(other.websocketEvents)
        responsesAPIOverheadMilliseconds.addSaturating(other.responsesAPIOverheadMilliseconds)
        responsesAPIInferenceTimeMilliseconds.addSaturating(other.responsesAPIInferenceTimeMilliseconds)
        responsesAPIEngineIAPITTFTMilliseconds.addSaturating(other.responsesAPIEngineIAPITTFTMilliseconds)
        responsesAPIEngineServiceTTFTMilliseconds.addSaturating(other.responsesAPIEngineServiceTTFTMilliseconds)
        responsesAPIEngineIAPITBTMilliseconds.addSaturating(other.responsesAPIEngineIAPITBTMilliseconds)
        responsesAPIEngineServiceTBTMilliseconds.addSaturating(other.responsesAPIEngineServiceTBTMilliseconds)
        turnTTFTMilliseconds.addSaturating(other.turnTTFTMilliseconds)
        turnTTFMMilliseconds.addSaturating(other.turnTTFMMilliseconds)
    }

    /// The summed integer points of the sums named `name`.
    static func sumCounter(_ snapshot: ResourceMetrics, _ name: String) -> UInt64 {
        var total: UInt64 = 0
        for metric in snapshot.allMetrics where metric.name == name {
            guard let sum = metric.sum else { continue }
            for point in sum.points {
                if case .int(let value) = point.value, value > 0 { total = total.addingSaturating(UInt64(value)) }
            }
        }
        return total
    }

    /// The summed sums of the histograms named `name`, each rounded to whole milliseconds.
    static func sumHistogram(_ snapshot: ResourceMetrics, _ name: String) -> UInt64 {
        var total: UInt64 = 0
        for metric in snapshot.allMetrics where metric.name == name {
            guard let histogram = metric.histogram else { continue }
            for point in histogram.points {
                total = total.addingSaturating(wholeMilliseconds(point.sum))
            }
        }
        return total
    }

    /// A sum as whole milliseconds: 0 for non-finite or non-positive values, rounded otherwise.
    private static func wholeMilliseconds(_ value: Double) -> UInt64 {
        guard value.isFinite, value > 0 else { return 0 }
        let rounded = value.rounded(.toNearestOrAwayFromZero)
        return rounded >= Double(UInt64.max) ? UInt64.max : UInt64(rounded)
    }
}

extension UInt64 {
    fileprivate func addingSaturating(_ other: UInt64) -> UInt64 {
        let (sum, overflow) = addingReportingOverflow(other)
        return overflow ? .max : sum
    }

    fileprivate mutating func addSaturating(_ other: UInt64) { self = addingSaturating(other) }
}
