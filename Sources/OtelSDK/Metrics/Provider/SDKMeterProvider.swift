import OtelAPI

/// The SDK's meter provider: meters whose instruments aggregate measurements in memory, per
/// reader, for readers to collect and export.
///
/// ```swift
/// let exporter = InMemoryMetricExporter()
/// let provider = SDKMeterProvider(
///     resource: .detected(serviceName: "codex-cli"),
///     readers: [PeriodicExportingMetricReader(exporter: exporter)],
///     views: [View(instrumentName: "codex.turn.*", attributeKeys: ["model"])])
/// try Otel.install(OtelProviders(meterProvider: provider))
/// ...
/// let report = provider.shutdown(timeout: .seconds(5))
/// ```
///
/// Recording into an existing series allocates nothing and takes no lock shared with threads
/// recording other series; bind the attributes you record most (`counter.bind(...)`) to skip
/// even the lookup. Each stream keeps at most ``cardinalityLimit`` series (a view may set its
/// own); further attribute sets record into one series with `otel.metric.overflow=true`.
///
/// Lifetime: meters and instruments keep the provider's streams alive, not the provider. When
/// the provider is released it shuts down on a best-effort basis (waiting at most
/// ``releaseShutdownTimeout`` on the releasing thread, report discarded): readers export a last
/// time and stop. Call ``shutdown(timeout:)`` yourself for a deterministic flush and its report.
public final class SDKMeterProvider: MeterProvider {
    let state: MeterProviderState

    /// The cardinality limit when none is given: 2000 series per stream.
    public static let defaultCardinalityLimit = 2000
    /// How long the shutdown run by releasing the provider may take: 5 seconds.
    public static let releaseShutdownTimeout: Duration = .seconds(5)

    /// Creates a provider and registers its readers.
    ///
    /// - Parameters:
    ///   - resource: the entity producing the metrics; by default
    ///     ``Resource/detected(serviceName:serviceVersion:deploymentEnvironment:attributes:environment:)``
    ///     from `environment`.
    ///   - readers: collect the metrics; each gets its own streams and temporality.
    ///   - views: reshape the streams of the instruments they select; invalid views are reported
    ///     and ignored.
    ///   - cardinalityLimit: the most series per stream (at least 1).
    ///   - environment: where the defaults are read.
    public init(
        resource: Resource? = nil,
        readers: [any MetricReader] = [],
        views: [View] = [],
        cardinalityLimit: Int = SDKMeterProvider.defaultCardinalityLimit,
        environment: OtelEnvironment = .process()
    ) {
        var limit = cardinalityLimit
        if limit < 1 {
            OtelDiagnostics.report(
                .warning,
                "ignoring a metric cardinality limit of \(limit): it must be at least 1; using "
                    + "\(Self.defaultCardinalityLimit)")
            limit = Self.defaultCardinalityLimit
        }
        state = MeterProviderState(
            resource: resource ?? .detected(environment: environment), readers: readers, views: views,
            cardinalityLimit: limit)
        for (reader, pipeline) in zip(state.readers, state.pipelines) {
            reader.register(MetricCollector(pipeline: pipeline))
        }
    }

    deinit {
        if !state.isShutdown { _ = shutdown(timeout: Self.releaseShutdownTimeout) }
    }

    /// The resource of every metric.
    public var resource: Resource { state.resource }
    /// The readers.
    public var readers: [any MetricReader] { state.readers }
    /// The views in force (invalid ones were dropped).
    public var views: [View] { state.views }
    /// The most series per stream, unless a view says otherwise.
    public var cardinalityLimit: Int { state.cardinalityLimit }
    /// Whether ``shutdown(timeout:)`` has run.
    public var isShutdown: Bool { state.isShutdown }

    /// A meter for the instrumentation scope `name`. After shutdown, a no-op meter.
    public func meter(_ name: String, version: String?, schemaURL: String?) -> any Meter {
        guard !state.isShutdown else {
            OtelDiagnostics.report(
                .warning, "meter \(name) requested after the meter provider shut down; it records nothing")
            return NoOpMeter()
        }
        return SDKMeter(state: state, scope: InstrumentationScope(name: name, version: version, schemaURL: schemaURL))
    }

    /// The synchronous instrument of `descriptor` in `scope` as the SDK holds it, for callers in
    /// this package that record through tag pairs (`CodexSessionTelemetry`'s metrics client).
    package func syncInstrument(
        _ descriptor: InstrumentDescriptor, scope: InstrumentationScope, isDouble: Bool
    ) -> SyncInstrument {
        state.syncInstrument(descriptor, scope: scope, isDouble: isDouble)
    }

    /// Collects and exports through every reader now, waiting at most `timeout`.
    public func forceFlush(timeout: Duration = .seconds(30)) -> DeliveryReport {
        let deadline = MonotonicInstant.now().advanced(by: timeout)
        var report = DeliveryReport()
        for reader in state.readers { report.add(reader.forceFlush(deadline: deadline)) }
        return report
    }

    /// Has every reader collect and export a last time and shut its exporter down, waiting at
    /// most `timeout`. A second call does nothing but report it: its report's `lastFailure`
    /// says the provider was already shut down.
    public func shutdown(timeout: Duration = .seconds(30)) -> DeliveryReport {
        guard state.markShutdown() else {
            OtelDiagnostics.report(.debug, "meter provider already shut down")
            var report = DeliveryReport()
            report.lastFailure = MeterProviderError.alreadyShutDown.description
            return report
        }
        let deadline = MonotonicInstant.now().advanced(by: timeout)
        var report = DeliveryReport()
        for reader in state.readers { report.add(reader.shutdown(deadline: deadline)) }
        return report
    }
}

/// What a meter provider refuses.
public enum MeterProviderError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The provider was already shut down.
    case alreadyShutDown

    /// What went wrong.
    public var description: String {
        switch self {
        case .alreadyShutDown: return "the meter provider is already shut down"
        }
    }
}
