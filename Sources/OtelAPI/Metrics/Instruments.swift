/// A monotonic sum. Negative increments are ignored by the SDK.
///
/// Handles are cheap to keep and share; bind the attributes you record often:
/// ```swift
/// let requests = meter.counter("http.requests")
/// let ok = requests.bind(["status": "200"])
/// ok.add(1)
/// ```
public protocol Counter<Value>: Sendable {
    /// The recorded type.
    associatedtype Value: MetricNumeric
    /// Adds `value` to the series of `attributes`.
    func add(_ value: Value, attributes: Attributes)
    /// A handle bound to the series of `attributes`: the fastest way to record.
    func bind(_ attributes: Attributes) -> BoundCounter<Value>
}

/// A sum that can go up and down.
public protocol UpDownCounter<Value>: Sendable {
    /// The recorded type.
    associatedtype Value: MetricNumeric
    /// Adds `value` (negative to subtract) to the series of `attributes`.
    func add(_ value: Value, attributes: Attributes)
    /// A handle bound to the series of `attributes`.
    func bind(_ attributes: Attributes) -> BoundCounter<Value>
}

/// A distribution of recorded values.
public protocol Histogram<Value>: Sendable {
    /// The recorded type.
    associatedtype Value: MetricNumeric
    /// Records `value` in the series of `attributes`.
    func record(_ value: Value, attributes: Attributes)
    /// A handle bound to the series of `attributes`.
    func bind(_ attributes: Attributes) -> BoundHistogram<Value>
}

/// The last recorded value wins.
public protocol Gauge<Value>: Sendable {
    /// The recorded type.
    associatedtype Value: MetricNumeric
    /// Records `value` as the current value of the series of `attributes`.
    func record(_ value: Value, attributes: Attributes)
}

extension Counter {
    /// Adds `value` to the series with no attributes.
    @inlinable public func add(_ value: Value) { add(value, attributes: Attributes()) }
}

extension UpDownCounter {
    /// Adds `value` to the series with no attributes.
    @inlinable public func add(_ value: Value) { add(value, attributes: Attributes()) }
}

extension Histogram {
    /// Records `value` in the series with no attributes.
    @inlinable public func record(_ value: Value) { record(value, attributes: Attributes()) }
}

extension Gauge {
    /// Records `value` in the series with no attributes.
    @inlinable public func record(_ value: Value) { record(value, attributes: Attributes()) }
}

/// Receives the values an observable instrument's callback reports during one collection.
public protocol Observation<Value> {
    /// The observed type.
    associatedtype Value: MetricNumeric
    /// Reports `value` for the series of `attributes`.
    func observe(_ value: Value, attributes: Attributes)
}

/// A callback registered on an observable instrument; unregister it to stop observing.
public protocol ObservableRegistration: Sendable {
    /// Stops calling the callback.
    func unregister()
}
