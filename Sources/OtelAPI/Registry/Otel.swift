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
        if ProviderScoping.isInUse, let scoped = scopedProviders { return scoped }
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
        ProviderScoping.markInUse()
        return try $scopedProviders.withValue(providers, operation: body)
    }

    /// Runs async `body` with `providers` in force for the current task and its children only.
    public static func withProviders<T>(
        _ providers: OtelProviders,
        isolation: isolated (any Actor)? = #isolation,
        _ body: () async throws -> T
    ) async rethrows -> T {
        ProviderScoping.markInUse()
        return try await $scopedProviders.withValue(providers, operation: body, isolation: isolation)
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
        withCurrentProviders { current in
            if current.logLane.accepts(event.target) { current.logLane.record(event.widenedToLogLane) }
            if current.traceLane.accepts(event.target) { current.traceLane.record(event) }
        }
    }

    /// Emits a log-only event: to the log lane if its filter accepts the target. It never reaches
    /// the trace lane, whatever its target: the type forbids it.
    public static func emit(_ event: LaneEvent<LogOnly>) {
        withCurrentProviders { current in
            if current.logLane.accepts(event.target) { current.logLane.record(event) }
        }
    }

    /// Runs `body` with the current providers (those of ``providers``), lent rather than copied:
    /// reading ``providers`` copies five existentials, which is most of the cost of a call that
    /// only asks a lane whether it takes a target.
    @inline(__always)
    package static func withCurrentProviders<Result>(_ body: (borrowing OtelProviders) -> Result) -> Result {
        if ProviderScoping.isInUse, let scoped = scopedProviders { return body(scoped) }
        return InstalledProviders.shared.withCurrent(body)
    }

    @TaskLocal static var scopedProviders: OtelProviders?
}

/// The write-once, process-wide installation: read on every recording call, so a read is one
/// atomic load (and the retains of the copy), with no lock.
final class InstalledProviders: Sendable {
    static let shared = InstalledProviders()

    /// The installed providers' box (an `Unmanaged<Box>` retained for the life of the process,
    /// since an installation is never undone), or 0.
    private let box = Atomic<UInt>(0)

    fileprivate final class Box: Sendable {
        let providers: OtelProviders
        init(_ providers: OtelProviders) { self.providers = providers }
    }

    var current: OtelProviders? {
        guard let box = UnsafeRawPointer(bitPattern: box.load(ordering: .acquiring)) else { return nil }
        return Unmanaged<Box>.fromOpaque(box).takeUnretainedValue().providers
    }

    /// Runs `body` with the installed providers (or the no-op ones), lent.
    @inline(__always)
    func withCurrent<Result>(_ body: (borrowing OtelProviders) -> Result) -> Result {
        guard let box = UnsafeRawPointer(bitPattern: box.load(ordering: .acquiring)) else { return body(.noOp) }
        return Unmanaged<Box>.fromOpaque(box)._withUnsafeGuaranteedRef { body($0.providers) }
    }

    /// Installs `providers` unless something is installed already; returns whether it did.
    func install(_ providers: OtelProviders) -> Bool {
        let candidate = Unmanaged.passRetained(Box(providers))
        let bits = UInt(bitPattern: candidate.toOpaque())
        guard box.compareExchange(expected: 0, desired: bits, ordering: .acquiringAndReleasing).exchanged else {
            candidate.release()
            return false
        }
        return true
    }
}

/// Whether ``Otel/withProviders(_:_:)`` has ever run: until it has, no task can hold scoped
/// providers, and reading them (a task-local look-up on every recording call) is skipped.
enum ProviderScoping {
    private static let used = Atomic<Bool>(false)

    static var isInUse: Bool { used.load(ordering: .acquiring) }

    static func markInUse() {
        if !used.load(ordering: .relaxed) { used.store(true, ordering: .releasing) }
    }
}
