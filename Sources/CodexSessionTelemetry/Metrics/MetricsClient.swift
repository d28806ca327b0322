import OtelAPI
import OtelSDK
import Synchronization

/// Low-level counters, histograms and timers for Codex: the original crate's `MetricsClient`.
///
/// Every metric goes to the meter `codex` of a provider of the client's own, whose resource
/// carries `service.name`, `service.version`, `env`, `os` and `os_version`. Names and tags are
/// validated (see ``MetricsError``); the client's default tags come first and the caller's
/// override them.
///
/// ```swift
/// let metrics = try MetricsClient(.inMemory(
///     environment: "test", serviceName: "codex-cli", serviceVersion: "1.0.0", exporter: exporter))
/// try metrics.counter("codex.turns", increment: 1, tags: [("model", "gpt-5.1")])
/// try metrics.recordDuration("codex.api_request.duration_ms", duration: .milliseconds(83), tags: [("route", "chat")])
/// try metrics.shutdown()
/// ```
///
/// Recording a metric whose instrument and series exist allocates nothing: the name is found in
/// a lock-free cache, and the series straight from the tag pairs, without building attributes
/// (tags are validated only when a series is created; a series only exists for valid tags).
///
/// Releasing the client shuts its provider down on a best-effort basis; call ``shutdown()`` for
/// a deterministic flush.
///
/// Safe to share (`@unchecked Sendable`): the stored properties are immutable; `defaultTags` is
/// a buffer written in init, only read after, and freed in deinit.
public final class MetricsClient: @unchecked Sendable {
    /// The meter (instrumentation scope) of every metric.
    public static let meterName = "codex"
    /// The description of the histograms ``recordDuration(_:duration:tags:)`` records into.
    public static let durationDescription = "Duration in milliseconds."

    /// The configuration the client was built from.
    public let config: MetricsConfig
    /// The provider the client records into.
    public let provider: SDKMeterProvider
    let runtimeReader: ManualMetricReader?
    let defaultTags: UnsafeBufferPointer<(String, String)>
    let counters = InstrumentCache()
    let histograms = InstrumentCache()
    let durations = InstrumentCache()
    private let scope = InstrumentationScope(name: MetricsClient.meterName)
    private let isShutDown = Atomic<Bool>(false)

    /// Builds the client and its provider.
    ///
    /// - Throws: ``MetricsError/exporterDisabled`` when the configuration has no exporter.
    public init(_ config: MetricsConfig) throws(MetricsError) {
        guard case .exporter(let exporter) = config.destination else { throw .exporterDisabled }
        self.config = config
        var readers: [any MetricReader] = [
            PeriodicExportingMetricReader(
                exporter: exporter, interval: config.exportInterval, environment: config.variables)
        ]
        if config.runtimeReader {
            let reader = ManualMetricReader(temporality: .delta)
            readers.append(reader)
            runtimeReader = reader
        } else {
            runtimeReader = nil
        }
        provider = SDKMeterProvider(
            resource: Self.resource(for: config), readers: readers, environment: config.variables)
        let tags = UnsafeMutableBufferPointer<(String, String)>.allocate(capacity: config.defaultTags.count)
        _ = tags.initialize(from: config.defaultTags)
        defaultTags = UnsafeBufferPointer(tags)
    }

    deinit {
        UnsafeMutableBufferPointer(mutating: defaultTags).deinitialize()
        defaultTags.deallocate()
    }

    /// The resource: the SDK's `telemetry.sdk.*`, then `OTEL_RESOURCE_ATTRIBUTES` and
    /// `OTEL_SERVICE_NAME`, then the configuration's service name and version, `env`, `os` and
    /// `os_version` (strongest).
    static func resource(for config: MetricsConfig) -> Resource {
        let system = OperatingSystemInfo.current
        let explicit = Resource(attributes: [
            "service.name": .string(config.serviceName),
            "service.version": .string(config.serviceVersion),
            "env": .string(config.environment),
            "os": .string(system.name),
            "os_version": .string(system.version),
        ])
        return Resource.sdkDefault.merging(.fromEnvironment(config.variables)).merging(explicit)
    }

    // MARK: - Recording

    /// Adds `increment` to the counter `name`.
    ///
    /// - Throws: a name error, then ``MetricsError/negativeCounterIncrement(name:increment:)``,
    ///   then a tag error, in that order.
    @inlinable
    public func counter(_ name: String, increment: Int64, tags: [(String, String)] = []) throws(MetricsError) {
        if tags.isEmpty { return try recordUntaggedCounter(name, increment) }
        try tags.withUnsafeBufferPointer { (tags) throws(MetricsError) in try recordCounter(name, increment, tags) }
    }

    /// Records `value` in the histogram `name` (no unit; negative values are recorded too).
    ///
    /// - Throws: a name error, then a tag error.
    @inlinable
    public func histogram(_ name: String, value: Int64, tags: [(String, String)] = []) throws(MetricsError) {
        try tags.withUnsafeBufferPointer { (tags) throws(MetricsError) in
            try recordHistogram(name, Double(value), tags, durations: false)
        }
    }

    /// Records `duration` in whole milliseconds in the duration histogram `name` (unit `ms`,
    /// description "Duration in milliseconds."), an instrument of its own even when a
    /// ``histogram(_:value:tags:)`` has the same name.
    ///
    /// - Throws: a name error, then a tag error.
    @inlinable
    public func recordDuration(
        _ name: String, duration: Duration, tags: [(String, String)] = []
    ) throws(MetricsError) {
        try tags.withUnsafeBufferPointer { (tags) throws(MetricsError) in
            try recordHistogram(name, Double(duration.millisecondsClamped), tags, durations: true)
        }
    }

    /// A counter call with no tags: with no default tags either, it adds straight into the
    /// bound series with no attributes (no tag key, no closure) once that series exists.
    @usableFromInline
    func recordUntaggedCounter(_ name: String, _ increment: Int64) throws(MetricsError) {
        if defaultTags.isEmpty, increment >= 0, let instrument = counters.find(name),
            instrument._withUnsafeGuaranteedRef({ $0.addUnattributed(increment) })
        {
            return
        }
        try recordCounter(name, increment, UnsafeBufferPointer(start: nil, count: 0))
    }

    @usableFromInline
    func recordCounter(
        _ name: String, _ increment: Int64, _ tags: UnsafeBufferPointer<(String, String)>
    ) throws(MetricsError) {
        let instrument = try find(name, in: counters, kind: .counter)
        guard increment >= 0 else { throw .negativeCounterIncrement(name: name, increment: increment) }
        let recorded = instrument._withUnsafeGuaranteedRef {
            $0.record(
                increment, tags: TagPairs(first: defaultTags, second: tags),
                admit: { MetricsValidation.tagsAreValid(tags) })
        }
        if !recorded { try MetricsValidation.validateTags(tags) }
    }

    @usableFromInline
    func recordHistogram(
        _ name: String, _ value: Double, _ tags: UnsafeBufferPointer<(String, String)>, durations isDuration: Bool
    ) throws(MetricsError) {
        let instrument = try findHistogram(name, durations: isDuration)
        let recorded = instrument._withUnsafeGuaranteedRef {
            $0.record(
                value, tags: TagPairs(first: defaultTags, second: tags),
                admit: { MetricsValidation.tagsAreValid(tags) })
        }
        if !recorded { try MetricsValidation.validateTags(tags) }
    }

    // MARK: - Recording with a caller's prefix

    /// Adds `increment` to the counter `name`, tagged with `prefix` and then `tags` (a later
    /// key wins), exactly as ``counter(_:increment:tags:)`` with `prefix + tags` but without
    /// building that array: for a session's metadata tags, which precede every event's tags.
    ///
    /// - Throws: as ``counter(_:increment:tags:)``.
    package func counter(
        _ name: String, increment: Int64, prefix: [(String, String)], tags: [(String, String)]
    ) throws(MetricsError) {
        guard !prefix.isEmpty, defaultTags.isEmpty else {
            return try counter(name, increment: increment, tags: prefix.isEmpty ? tags : prefix + tags)
        }
        try withBuffers(prefix, tags) { (prefix, tags) throws(MetricsError) in
            let instrument = try find(name, in: counters, kind: .counter)
            guard increment >= 0 else { throw .negativeCounterIncrement(name: name, increment: increment) }
            try record(prefix, tags) { key, admit in
                instrument._withUnsafeGuaranteedRef { $0.recordLookingUp(increment, tags: key, admit: admit) }
            }
        }
    }

    /// Records `duration` in the duration histogram `name`, tagged with `prefix` and then
    /// `tags`; see ``counter(_:increment:prefix:tags:)``.
    ///
    /// - Throws: as ``recordDuration(_:duration:tags:)``.
    package func recordDuration(
        _ name: String, duration: Duration, prefix: [(String, String)], tags: [(String, String)]
    ) throws(MetricsError) {
        try histogram(name, Double(duration.millisecondsClamped), prefix: prefix, tags: tags, durations: true)
    }

    /// Records `value` in the histogram `name`, tagged with `prefix` and then `tags`; see
    /// ``counter(_:increment:prefix:tags:)``.
    ///
    /// - Throws: as ``histogram(_:value:tags:)``.
    package func histogram(
        _ name: String, value: Int64, prefix: [(String, String)], tags: [(String, String)]
    ) throws(MetricsError) {
        try histogram(name, Double(value), prefix: prefix, tags: tags, durations: false)
    }

    private func histogram(
        _ name: String, _ value: Double, prefix: [(String, String)], tags: [(String, String)],
        durations isDuration: Bool
    ) throws(MetricsError) {
        guard !prefix.isEmpty, defaultTags.isEmpty else {
            return try (prefix.isEmpty ? tags : prefix + tags).withUnsafeBufferPointer { (tags) throws(MetricsError) in
                try recordHistogram(name, value, tags, durations: isDuration)
            }
        }
        try withBuffers(prefix, tags) { (prefix, tags) throws(MetricsError) in
            let instrument = try findHistogram(name, durations: isDuration)
            try record(prefix, tags) { key, admit in
                instrument._withUnsafeGuaranteedRef { $0.recordLookingUp(value, tags: key, admit: admit) }
            }
        }
    }

    /// The instrument `name` of `cache`, made (after validating the name) when it is new.
    @inline(__always)
    private func find(
        _ name: String, in cache: InstrumentCache, kind: InstrumentKind
    ) throws(MetricsError) -> Unmanaged<SyncInstrument> {
        if let found = cache.find(name) { return found }
        return try instrument(name, in: cache, kind: kind)
    }

    /// The histogram `name` of ``durations`` or of ``histograms``, made when it is new. Each
    /// branch passes its cache straight from the stored property: choosing the cache first
    /// (`isDuration ? durations : histograms`) made a copy, whose retain and release wrote the
    /// cache's reference count on every call, from every recording thread.
    @inline(__always)
    private func findHistogram(
        _ name: String, durations isDuration: Bool
    ) throws(MetricsError) -> Unmanaged<SyncInstrument> {
        if isDuration { return try find(name, in: durations, kind: .duration) }
        return try find(name, in: histograms, kind: .histogram)
    }

    /// Runs `body` with both arrays' buffers.
    @inline(__always)
    private func withBuffers(
        _ first: [(String, String)], _ second: [(String, String)],
        _ body: (UnsafeBufferPointer<(String, String)>, UnsafeBufferPointer<(String, String)>) throws(MetricsError) ->
            Void
    ) throws(MetricsError) {
        try first.withUnsafeBufferPointer { (first) throws(MetricsError) in
            try second.withUnsafeBufferPointer { (second) throws(MetricsError) in try body(first, second) }
        }
    }

    /// Records with `prefix` then `tags` as the series key (`prefix` in the place of the
    /// client's default tags, which are empty here); on refusal, throws the first invalid tag
    /// of `prefix`, then of `tags`.
    @inline(__always)
    private func record(
        _ prefix: UnsafeBufferPointer<(String, String)>, _ tags: UnsafeBufferPointer<(String, String)>,
        _ body: (TagPairs, () -> Bool) -> Bool
    ) throws(MetricsError) {
        let recorded = body(TagPairs(first: prefix, second: tags)) {
            MetricsValidation.tagsAreValid(prefix) && MetricsValidation.tagsAreValid(tags)
        }
        if !recorded {
            try MetricsValidation.validateTags(prefix)
            try MetricsValidation.validateTags(tags)
        }
    }

    /// The kinds of instrument the client makes.
    enum InstrumentKind {
        case counter
        case histogram
        case duration
    }

    /// Validates a new name and makes its instrument.
    @inline(never)
    func instrument(
        _ name: String, in cache: InstrumentCache, kind: InstrumentKind
    ) throws(MetricsError) -> Unmanaged<SyncInstrument> {
        try MetricsValidation.validateName(name)
        let instrument = cache.instrument(named: name) {
            let descriptor: InstrumentDescriptor
            switch kind {
            case .counter: descriptor = InstrumentDescriptor(name: name, kind: .counter)
            case .histogram: descriptor = InstrumentDescriptor(name: name, kind: .histogram)
            case .duration:
                descriptor = InstrumentDescriptor(
                    name: name, kind: .histogram, unit: "ms", description: Self.durationDescription,
                    bucketBoundaries: Self.durationBoundaries)
            }
            return provider.syncInstrument(descriptor, scope: scope, isDouble: kind != .counter)
        }
        return Unmanaged.passUnretained(instrument)
    }

    /// The bucket bounds of duration histograms (the specification's defaults).
    public static let durationBoundaries: [Double] = [
        0, 5, 10, 25, 50, 75, 100, 250, 500, 750, 1000, 2500, 5000, 7500, 10000,
    ]

    /// Starts a timer that records the time since now in the duration histogram `name` when
    /// ``Timer/record(_:)`` is called and again when the timer is released.
    ///
    /// - Throws: a name or tag error.
    public func startTimer(_ name: String, tags: [(String, String)] = []) throws(MetricsError) -> Timer {
        try MetricsValidation.validateName(name)
        try tags.withUnsafeBufferPointer { (tags) throws(MetricsError) in try MetricsValidation.validateTags(tags) }
        return Timer(client: self, name: name, tags: tags)
    }

    // MARK: - The process-global client

    private static let installed = Mutex<MetricsClient?>(nil)

    /// The process-global client, once one is installed.
    public static var global: MetricsClient? { installed.withLock { $0 } }

    /// Installs `client` as the process-global client unless one is installed already (the
    /// first install wins); returns whether it did.
    @discardableResult
    public static func installGlobal(_ client: MetricsClient) -> Bool {
        installed.withLock { installed in
            guard installed == nil else { return false }
            installed = client
            return true
        }
    }

    /// Starts a timer on the process-global client.
    ///
    /// - Throws: ``MetricsError/exporterDisabled`` when no client is installed, else as
    ///   ``startTimer(_:tags:)``.
    public static func startGlobalTimer(_ name: String, tags: [(String, String)] = []) throws(MetricsError) -> Timer {
        guard let client = global else { throw .exporterDisabled }
        return try client.startTimer(name, tags: tags)
    }

    // MARK: - Snapshot and shutdown

    /// Collects every metric now through the runtime reader (delta: what was recorded since the
    /// previous snapshot), without exporting or shutting anything down.
    ///
    /// - Throws: ``MetricsError/runtimeSnapshotUnavailable`` without
    ///   ``MetricsConfig/withRuntimeReader()``; ``MetricsError/runtimeSnapshotCollect(reason:)``
    ///   after shutdown.
    public func snapshot() throws(MetricsError) -> ResourceMetrics {
        guard let runtimeReader else { throw .runtimeSnapshotUnavailable }
        do {
            return try runtimeReader.collect()
        } catch {
            throw .runtimeSnapshotCollect(reason: error.description)
        }
    }

    /// Exports what is left and shuts the provider and its exporter down.
    ///
    /// - Throws: ``MetricsError/providerShutdown(reason:)`` when the export failed or did not
    ///   finish in time, and on a second call.
    public func shutdown() throws(MetricsError) {
        guard !isShutDown.exchange(true, ordering: .acquiringAndReleasing) else {
            throw .providerShutdown(reason: MeterProviderError.alreadyShutDown.description)
        }
        let report = provider.shutdown(timeout: .seconds(30))
        if let failure = report.lastFailure { throw .providerShutdown(reason: failure) }
        if !report.completedInTime { throw .providerShutdown(reason: "the export did not finish in time") }
    }
}
