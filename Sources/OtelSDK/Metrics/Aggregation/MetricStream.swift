import OtelAPI
import Synchronization

/// What identifies and shapes one metric stream: an instrument as a view (or the default)
/// made it, for one reader.
struct StreamConfiguration: Sendable {
    /// The stream's name.
    var name: String
    /// The stream's description.
    var description: String
    /// The stream's unit.
    var unit: String
    /// The meter that created the instrument.
    var scope: InstrumentationScope
    /// The reader's temporality for the instrument's kind.
    var temporality: AggregationTemporality
    /// The attribute keys kept, or `nil` for all.
    var filter: AttributeKeyFilter?
    /// The most series before the overflow series takes the rest.
    var cardinalityLimit: Int
}

/// A stream a reader's pipeline collects.
protocol CollectableStream: AnyObject, Sendable {
    /// The stream's configuration.
    var configuration: StreamConfiguration { get }
    /// The stream's points at `time`, or `nil` when it has none. Delta streams reset here.
    func collect(at time: Timestamp) -> MetricData?
}

/// The start time of a delta stream's next points: the previous collection's time (the
/// stream's creation at first).
///
/// Safe to share: the time sits in a `Mutex`.
final class DeltaWindow: Sendable {
    private let start: Mutex<Timestamp>

    init(start: Timestamp) { self.start = Mutex(start) }

    /// The window's start; moves the next window's start to `time`.
    func advance(to time: Timestamp) -> Timestamp {
        start.withLock { start in
            defer { start = time }
            return start
        }
    }
}
