/// The log lane: receives events whose target its filter accepts and exports them as log
/// records. It accepts both lanes' data.
public protocol LogLane: Sendable {
    /// Whether events of `target` go to this lane.
    func accepts(_ target: EventTarget) -> Bool
    /// Records an event the filter accepted.
    func record(_ event: LaneEvent<LogOnly>)
}

/// The trace lane: receives trace-safe events whose target its filter accepts and records them
/// as events of the active span. It never sees log-only data: its signature forbids it.
public protocol TraceLane: Sendable {
    /// Whether events of `target` go to this lane.
    func accepts(_ target: EventTarget) -> Bool
    /// Records an event the filter accepted.
    func record(_ event: LaneEvent<TraceSafe>)
}

/// A log lane that drops everything: the default until an SDK installs one.
public struct NoOpLogLane: LogLane {
    /// Creates the no-op lane.
    public init() {}
    /// Never accepts.
    public func accepts(_ target: EventTarget) -> Bool { false }
    /// Drops the event.
    public func record(_ event: LaneEvent<LogOnly>) {}
}

/// A trace lane that drops everything: the default until an SDK installs one.
public struct NoOpTraceLane: TraceLane {
    /// Creates the no-op lane.
    public init() {}
    /// Never accepts.
    public func accepts(_ target: EventTarget) -> Bool { false }
    /// Drops the event.
    public func record(_ event: LaneEvent<TraceSafe>) {}
}
