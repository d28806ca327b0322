import OtelAPI
import Synchronization

/// What every SDK provider keeps the same way: the shutdown flag, one shared ``TelemetryOrigin``
/// per instrumentation scope, and flush and shutdown fanned out to the processors under one
/// deadline. Stored inline in a provider's core.
struct ProviderLifecycle: ~Copyable, Sendable {
    private let shutdownFlag = Atomic<Bool>(false)
    private let origins = Mutex<[InstrumentationScope: TelemetryOrigin]>([:])

    /// Whether the provider has shut down.
    @inline(__always)
    var isShutdown: Bool { shutdownFlag.load(ordering: .acquiring) }

    /// Marks the provider shut down; returns whether this call did it.
    func markShutdown() -> Bool { !shutdownFlag.exchange(true, ordering: .acquiringAndReleasing) }

    /// The shared origin of the telemetry of `scope`.
    func origin(for scope: InstrumentationScope, resource: Resource) -> TelemetryOrigin {
        origins.withLock { origins in
            if let origin = origins[scope] { return origin }
            let origin = TelemetryOrigin(resource: resource, scope: scope)
            origins[scope] = origin
            return origin
        }
    }

    /// Runs `operation` on each processor in turn with a deadline `timeout` from now, and adds up
    /// their reports.
    static func fanOut<Processor>(
        _ processors: [Processor],
        timeout: Duration,
        _ operation: (Processor, MonotonicInstant) -> DeliveryReport
    ) -> DeliveryReport {
        let deadline = MonotonicInstant.now().advanced(by: timeout)
        var report = DeliveryReport()
        for processor in processors { report.add(operation(processor, deadline)) }
        return report
    }
}
