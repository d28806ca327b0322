import OtelAPI

/// Who produced a span or a log record: the provider's resource and the instrumentation scope.
///
/// One shared, immutable box per scope, so that a snapshot (``SpanData``, ``LogRecordData``)
/// carries both with a single reference instead of copying their strings and arrays. Compared
/// by value; identical boxes compare without looking inside.
package final class TelemetryOrigin: Sendable, Hashable {
    package let resource: Resource
    package let scope: InstrumentationScope

    init(resource: Resource, scope: InstrumentationScope) {
        self.resource = resource
        self.scope = scope
    }

    package static func == (lhs: TelemetryOrigin, rhs: TelemetryOrigin) -> Bool {
        lhs === rhs || (lhs.resource == rhs.resource && lhs.scope == rhs.scope)
    }

    package func hash(into hasher: inout Hasher) {
        hasher.combine(resource)
        hasher.combine(scope)
    }
}
