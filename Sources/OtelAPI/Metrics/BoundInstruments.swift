/// A counter (or up-down counter) bound to one attribute set: the fastest way to record.
///
/// A concrete value, so that `add` is not a dynamic call: with this package's SDK, adding to a
/// bound `Int64` or `Double` sum inlines into the caller as one atomic update of the calling
/// thread's shard of the series. Other SDKs give it a ``BoundCounterHandler``.
///
/// ```swift
/// let ok = meter.counter("http.requests").bind(["status": "200"])
/// ok.add(1)
/// ```
///
/// Keep the handle for as long as you record into it: while it lives, the series is kept even
/// by delta collections that would forget an idle one.
public struct BoundCounter<Value: MetricNumeric>: Sendable {
    @usableFromInline let handler: any BoundCounterHandler<Value>
    @usableFromInline let cell: ShardedSumCell?
    @usableFromInline let ignoresNegativeValues: Bool

    /// A handle that records through `handler`.
    public init(_ handler: some BoundCounterHandler<Value>) {
        self.handler = handler
        cell = nil
        ignoresNegativeValues = false
    }

    /// A handle that adds straight into `cell`, which holds values of `Value`'s kind; `owner`
    /// keeps the cell's memory alive (and is what a type-erased caller would record through).
    package init(_ owner: some BoundCounterHandler<Value>, cell: ShardedSumCell, ignoresNegativeValues: Bool) {
        handler = owner
        self.cell = cell
        self.ignoresNegativeValues = ignoresNegativeValues
    }

    /// Adds `value` (a counter ignores negative values).
    @inlinable @inline(__always)
    public func add(_ value: Value) {
        guard let cell else { return handler.add(value) }
        if ignoresNegativeValues, value.isNegative { return }
        if Value.self == Int64.self {
            cell.add(unsafeBitCast(value, to: Int64.self))
        } else {
            cell.add(value.doubleValue)
        }
    }
}

/// What records a ``BoundCounter``'s values: implemented by SDKs.
public protocol BoundCounterHandler<Value>: Sendable {
    /// The recorded type.
    associatedtype Value: MetricNumeric
    /// Adds `value`.
    func add(_ value: Value)
}

/// A histogram bound to one attribute set: the fastest way to record.
///
/// A concrete value, so that `record` is not a dynamic call: with this package's SDK, recording
/// into a bound explicit-bucket histogram inlines into the caller.
///
/// ```swift
/// let latency = meter.histogram("http.duration", unit: "ms").bind(["route": "/v1"])
/// latency.record(12.5)
/// ```
public struct BoundHistogram<Value: MetricNumeric>: Sendable {
    @usableFromInline let handler: any BoundHistogramHandler<Value>
    @usableFromInline let cell: ExplicitHistogramCell?

    /// A handle that records through `handler`.
    public init(_ handler: some BoundHistogramHandler<Value>) {
        self.handler = handler
        cell = nil
    }

    /// A handle that records straight into `cell`; `owner` keeps the cell's memory alive.
    package init(_ owner: some BoundHistogramHandler<Value>, cell: ExplicitHistogramCell) {
        handler = owner
        self.cell = cell
    }

    /// Records `value` (infinities and NaN are ignored).
    @inlinable @inline(__always)
    public func record(_ value: Value) {
        guard let cell else { return handler.record(value) }
        let value = value.doubleValue
        if value.isFinite { cell.record(value) }
    }
}

/// What records a ``BoundHistogram``'s values: implemented by SDKs.
public protocol BoundHistogramHandler<Value>: Sendable {
    /// The recorded type.
    associatedtype Value: MetricNumeric
    /// Records `value`.
    func record(_ value: Value)
}
