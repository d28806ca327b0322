import Synchronization

/// The process-wide entry point: the installed providers (no-ops until an application installs
/// an SDK), and event emission through the lanes.
///
/// A library imports only `OtelAPI` and asks here for what it needs:
/// ```swift
/// let tracer = Otel.tracer("MyLibrary")
/// tracer.withSpan("fetch") { span in ... }
/// ```
/// An application installs providers once, before libraries start recording:
/// ```swift
/// try Otel.install(OtelProviders(tracerProvider: sdkTracerProvider))
/// ```
public enum Otel {
    /// The installed providers, or the scoped ones of ``withProviders(_:_:)``.
    public static var providers: OtelProviders {
        if let scoped = scopedProviders { return scoped }
        return InstalledProviders.shared.current ?? .noOp
    }

    /// Whether ``install(_:)`` has run in this process.
    public static var isInstalled: Bool { InstalledProviders.shared.current != nil }

    /// Installs `providers` for the whole process. Call it once, at startup.
    ///
    /// - Throws: ``OtelInstallError/alreadyInstalled`` on a second call; the first stays.
    public static func install(_ providers: OtelProviders) throws(OtelInstallError) {
        guard InstalledProviders.shared.install(providers) else { throw .alreadyInstalled }
    }

    /// Runs `body` with `providers` in force for the current task and its children only,
    /// without touching the process-wide installation. Made for tests that run in parallel.
    public static func withProviders<T>(_ providers: OtelProviders, _ body: () throws -> T) rethrows -> T {
        try $scopedProviders.withValue(providers, operation: body)
    }

    /// Runs async `body` with `providers` in force for the current task and its children only.
    public static func withProviders<T>(
        _ providers: OtelProviders,
        isolation: isolated (any Actor)? = #isolation,
        _ body: () async throws -> T
    ) async rethrows -> T {
        try await $scopedProviders.withValue(providers, operation: body, isolation: isolation)
    }

    /// A tracer from the current tracer provider.
    public static func tracer(_ name: String, version: String? = nil) -> any Tracer {
        providers.tracerProvider.tracer(name, version: version, schemaURL: nil)
    }

    /// A logger for `target` from the current logger provider.
    public static func logger(target: String, version: String? = nil) -> any Logger {
        providers.loggerProvider.logger(target: target, version: version)
    }

    /// A meter from the current meter provider.
    public static func meter(_ name: String, version: String? = nil) -> any Meter {
        providers.meterProvider.meter(name, version: version, schemaURL: nil)
    }

    /// Emits a trace-safe event: to the log lane if its filter accepts the target, and to the
    /// trace lane (as an event of the active span) if that filter accepts it.
    public static func emit(_ event: LaneEvent<TraceSafe>) {
        let current = providers
        if current.logLane.accepts(event.target) { current.logLane.record(event.widenedToLogLane) }
        if current.traceLane.accepts(event.target) { current.traceLane.record(event) }
    }

    /// Emits a log-only event: to the log lane if its filter accepts the target. It never reaches
    /// the trace lane, whatever its target: the type forbids it.
    public static func emit(_ event: LaneEvent<LogOnly>) {
        let current = providers
        if current.logLane.accepts(event.target) { current.logLane.record(event) }
    }

    @TaskLocal static var scopedProviders: OtelProviders?
}

/// The write-once, process-wide installation.
final class InstalledProviders: Sendable {
    static let shared = InstalledProviders()

    private let storage = Mutex<OtelProviders?>(nil)

    var current: OtelProviders? { storage.withLock { $0 } }

    /// Installs `providers` unless something is installed already; returns whether it did.
    func install(_ providers: OtelProviders) -> Bool {
        storage.withLock { current in
            guard current == nil else { return false }
            current = providers
            return true
        }
    }
}
