import OtelAPI

/// Who produced a span or a log record: the provider's resource and the instrumentation scope.
///
/// One shared, immutable box per scope, so that a snapshot (``SpanData``, ``LogRecordData``)
/// carries both with a single reference instead of copying their strings and arrays. Compared
/// by value; identical boxes compare without looking inside.
final class TelemetryOrigin: Sendable, Hashable {
    let resource: Resource
    let scope: InstrumentationScope

    init(resource: Resource, scope: InstrumentationScope) {
        self.resource = resource
        self.scope = scope
    }

    static func == (lhs: TelemetryOrigin, rhs: TelemetryOrigin) -> Bool {
        lhs === rhs || (lhs.resource == rhs.resource && lhs.scope == rhs.scope)
    }

    func hash(into hasher: inout Hasher) {
        hasher.combine(resource)
        hasher.combine(scope)
    }
}
