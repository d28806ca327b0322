/// The name of the component that emits an event, used for routing between lanes.
///
/// Codex reserves `codex_otel.log_only`, `codex_otel.trace_safe` and `codex_otel.<subsystem>`
/// (for example `codex_otel.network_proxy`).
public struct EventTarget: Sendable, Hashable, ExpressibleByStringLiteral, CustomStringConvertible {
    /// The dotted target name.
    public let name: String

    /// Creates a target.
    public init(_ name: String) { self.name = name }

    /// Creates a target from a literal.
    public init(stringLiteral value: String) { self.name = value }

    /// The target name.
    public var description: String { name }

    /// `codex_otel.log_only`: session events whose rich fields stay on the log lane.
    public static let logOnly: EventTarget = "codex_otel.log_only"
    /// `codex_otel.trace_safe`: session events whose fields are safe to attach to traces.
    public static let traceSafe: EventTarget = "codex_otel.trace_safe"
}

/// A structured event whose fields may travel on `Lane`.
///
/// A `LaneEvent<LogOnly>` can only ever reach the log lane; a `LaneEvent<TraceSafe>` can reach
/// either, as its target decides (see ``Otel/emit(_:)-(LaneEvent<TraceSafe>)``).
public struct LaneEvent<Lane: TelemetryLane>: Sendable {
    /// Who emits the event; decides the route.
    public var target: EventTarget
    /// The event's name, such as `codex.api_request`.
    public var name: String {
        didSet { fieldsLeadWithName = false }
    }
    /// The event's fields.
    public var fields: LaneFields<Lane> {
        didSet { fieldsLeadWithName = false }
    }
    /// The event's severity; `info` by default.
    public var severity: Severity
    /// When the event happened.
    public var timestamp: Timestamp
    /// Whether `fields` begin with `event.name` set to `name`, which the SDK's lanes put first
    /// in what they export: an emitter that builds its fields so spares them a copy of every
    /// field. Set by the package's `init(target:name:fieldsLeadingWithName:severity:timestamp:)`
    /// only, and cleared by any change of `name` or `fields`.
    package private(set) var fieldsLeadWithName = false

    /// Creates an event stamped now.
    public init(
        target: EventTarget,
        name: String,
        fields: LaneFields<Lane>,
        severity: Severity = .info,
        timestamp: Timestamp = .now()
    ) {
        self.target = target
        self.name = name
        self.fields = fields
        self.severity = severity
        self.timestamp = timestamp
    }

    /// Creates an event whose `fields` begin with `event.name` set to `name`.
    package init(
        target: EventTarget,
        name: String,
        fieldsLeadingWithName fields: LaneFields<Lane>,
        severity: Severity = .info,
        timestamp: Timestamp = .now()
    ) {
        assert(fields.attributes.first == Attribute("event.name", .string(name)), "fields must begin with event.name")
        self.init(target: target, name: name, fields: fields, severity: severity, timestamp: timestamp)
        fieldsLeadWithName = true
    }
}

extension LaneEvent where Lane == TraceSafe {
    /// The same event on the log lane (always allowed: the log lane accepts both).
    public var widenedToLogLane: LaneEvent<LogOnly> {
        var widened = LaneEvent<LogOnly>(
            target: target, name: name, fields: LaneFields<LogOnly>(fields), severity: severity,
            timestamp: timestamp)
        widened.fieldsLeadWithName = fieldsLeadWithName
        return widened
    }
}
