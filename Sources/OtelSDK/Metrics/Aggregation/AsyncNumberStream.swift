import OtelAPI
import Synchronization

/// A stream of an observable instrument: the values its callbacks report during one collection,
/// aggregated as a sum (observable counters and up-down counters report totals) or as the last
/// value (observable gauges).
///
/// Observations arrive only while a collection runs the callbacks, so the state sits in a plain
/// `Mutex`. Series not observed in a collection are forgotten.
final class AsyncNumberStream: CollectableStream {
    private struct State {
        /// This collection's observations by canonical attribute set, in first-observed order.
        var observed: [CanonicalAttributes: (attributes: Attributes, value: NumberValue)] = [:]
        var order: [CanonicalAttributes] = []
        var overflow: NumberValue?
        /// The previous collection's values (delta sums subtract them).
        var previous: [CanonicalAttributes: NumberValue] = [:]
        var previousOverflow: NumberValue?
        /// When each series was first seen (cumulative start times).
        var firstSeen: [CanonicalAttributes: Timestamp] = [:]
        var overflowFirstSeen: Timestamp?
        /// The previous collection's time.
        var windowStart: Timestamp
    }

    let configuration: StreamConfiguration
    let aggregation: NumberAggregation
    private let state: Mutex<State>

    init(configuration: StreamConfiguration, aggregation: NumberAggregation) {
        self.configuration = configuration
        self.aggregation = aggregation
        state = Mutex(State(windowStart: .now()))
    }

    private var isSum: Bool {
        if case .sum = aggregation { return true }
        return false
    }

    private var isMonotonic: Bool {
        if case .sum(let isMonotonic) = aggregation { return isMonotonic }
        return false
    }

    /// Takes one observation of this collection; a repeated attribute set keeps the last value.
    func observe(_ value: NumberValue, attributes: Attributes) {
        if case .double(let number) = value, !number.isFinite { return }
        let kept = attributes.canonicalAttributes(configuration.filter?.kept)
        let key = CanonicalAttributes(kept)
        let limit = configuration.cardinalityLimit
        let isSum = isSum
        state.withLock { state in
            if state.observed[key] != nil {
                state.observed[key]?.value = value
            } else if state.observed.count < limit {
                state.observed[key] = (kept, value)
                state.order.append(key)
            } else if isSum, let overflow = state.overflow {
                state.overflow = overflow.adding(value)
            } else {
                state.overflow = value
            }
        }
    }

    func collect(at time: Timestamp) -> MetricData? {
        let isDelta = configuration.temporality == .delta
        let isSum = isSum
        let isMonotonic = isMonotonic
        let points: [NumberDataPoint] = state.withLock { state in
            var points: [NumberDataPoint] = []
            var firstSeen: [CanonicalAttributes: Timestamp] = [:]
            var previous: [CanonicalAttributes: NumberValue] = [:]
            for key in state.order {
                guard let (attributes, value) = state.observed[key] else { continue }
                let seen = state.firstSeen[key] ?? state.windowStart
                firstSeen[key] = seen
                previous[key] = value
                let reported =
                    isDelta && isSum ? value.delta(since: state.previous[key], isMonotonic: isMonotonic) : value
                points.append(
                    NumberDataPoint(
                        attributes: attributes, startTime: isDelta ? state.windowStart : seen, time: time,
                        value: reported))
            }
            if let overflow = state.overflow {
                let seen = state.overflowFirstSeen ?? state.windowStart
                let reported =
                    isDelta && isSum
                    ? overflow.delta(since: state.previousOverflow, isMonotonic: isMonotonic) : overflow
                points.append(
                    NumberDataPoint(
                        attributes: MetricOverflow.attributes, startTime: isDelta ? state.windowStart : seen,
                        time: time, value: reported))
                state.overflowFirstSeen = seen
            } else {
                state.overflowFirstSeen = nil
            }
            state.previousOverflow = state.overflow
            state.firstSeen = firstSeen
            state.previous = previous
            state.observed.removeAll(keepingCapacity: true)
            state.order.removeAll(keepingCapacity: true)
            state.overflow = nil
            state.windowStart = time
            return points
        }
        guard !points.isEmpty else { return nil }
        let data: MetricPoints
        switch aggregation {
        case .sum(let isMonotonic):
            data = .sum(
                SumData(points: points, aggregationTemporality: configuration.temporality, isMonotonic: isMonotonic))
        case .lastValue:
            data = .gauge(GaugeData(points: points))
        }
        return MetricData(
            name: configuration.name, description: configuration.description, unit: configuration.unit, data: data)
    }
}

/// An attribute set as a dictionary key that ignores the order of its pairs.
struct CanonicalAttributes: Hashable {
    let pairs: [Attribute]

    init(_ attributes: Attributes) {
        pairs = attributes.sorted { $0.key < $1.key }
    }
}

extension NumberValue {
    /// The sum of two values (a double if either is).
    func adding(_ other: NumberValue) -> NumberValue {
        switch (self, other) {
        case (.int(let left), .int(let right)): return .int(left &+ right)
        default: return .double(doubleValue + other.doubleValue)
        }
    }

    /// The change from `previous` (the whole value when there is none). A monotonic total that
    /// went down means its source restarted: the whole value is the change.
    func delta(since previous: NumberValue?, isMonotonic: Bool) -> NumberValue {
        guard let previous else { return self }
        switch (self, previous) {
        case (.int(let current), .int(let before)):
            return isMonotonic && current < before ? self : .int(current &- before)
        default:
            let change = doubleValue - previous.doubleValue
            return isMonotonic && change < 0 ? self : .double(change)
        }
    }
}
