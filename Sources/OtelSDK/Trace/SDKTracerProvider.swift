import OtelAPI

/// The SDK's tracer provider: tracers whose spans are sampled, limited, and handed to span
/// processors for export.
///
/// ```swift
/// let exporter = InMemorySpanExporter()
/// let provider = SDKTracerProvider(
///     resource: .detected(serviceName: "codex-cli"),
///     spanProcessors: [BatchSpanProcessor(exporter: exporter)])
/// try Otel.install(OtelProviders(tracerProvider: provider))
/// ...
/// let report = provider.shutdown(timeout: .seconds(5))
/// ```
///
/// After ``shutdown(timeout:)`` tracers start only non-recording spans that propagate their
/// parent's context.
///
/// Lifetime: tracers keep their provider alive. When the provider and every tracer obtained from
/// it are released, the provider shuts down on a best-effort basis (waiting at most
/// ``releaseShutdownTimeout`` on the releasing thread, report discarded). Call
/// ``shutdown(timeout:)`` yourself for a deterministic flush and to read its report.
public final class SDKTracerProvider: TracerProvider {
    let core: TracerProviderCore

    /// How long the shutdown run by releasing the provider may take: 5 seconds.
    public static let releaseShutdownTimeout: Duration = .seconds(5)

    /// Creates a provider.
    ///
    /// - Parameters:
    ///   - resource: the entity producing the spans; by default
    ///     ``Resource/detected(serviceName:serviceVersion:deploymentEnvironment:attributes:environment:)``
    ///     from `environment`.
    ///   - sampler: decides which spans record; by default the one `OTEL_TRACES_SAMPLER` names
    ///     (``SamplerConfiguration``), `parentbased_always_on` when unset.
    ///   - spanLimits: what a span may hold; by default the `OTEL_*_LIMIT` variables' values.
    ///   - idGenerator: makes trace and span identifiers.
    ///   - spanProcessors: receive spans as they start and end, in this order.
    ///   - environment: where the defaults are read.
    public init(
        resource: Resource? = nil,
        sampler: (any Sampler)? = nil,
        spanLimits: SpanLimits? = nil,
        idGenerator: any IDGenerator = RandomIDGenerator(),
        spanProcessors: [any SpanProcessor] = [],
        environment: OtelEnvironment = .process()
    ) {
        core = TracerProviderCore(
            resource: resource ?? .detected(environment: environment),
            sampler: sampler ?? SamplerConfiguration(environment: environment).makeSampler(),
            limits: spanLimits ?? SpanLimits(environment: environment),
            idGenerator: idGenerator,
            processors: spanProcessors)
    }

    deinit {
        if !core.isShutdown { _ = shutdown(timeout: Self.releaseShutdownTimeout) }
    }

    /// The resource of every span.
    public var resource: Resource { core.resource }
    /// The sampler.
    public var sampler: any Sampler { core.sampler }
    /// The span limits.
    public var spanLimits: SpanLimits { core.limits }
    /// The span processors.
    public var spanProcessors: [any SpanProcessor] { core.processors }
    /// Whether ``shutdown(timeout:)`` has run.
    public var isShutdown: Bool { core.isShutdown }

    /// A tracer for the instrumentation scope `name`. Tracers of the same scope share their
    /// scope data.
    public func tracer(_ name: String, version: String?, schemaURL: String?) -> any Tracer {
        SDKTracer(
            provider: self, core: core,
            origin: core.origin(for: InstrumentationScope(name: name, version: version, schemaURL: schemaURL)))
    }

    /// Exports every span that ended before the call, waiting at most `timeout`.
    public func forceFlush(timeout: Duration = .seconds(30)) -> DeliveryReport {
        ProviderLifecycle.fanOut(core.processors, timeout: timeout) { $0.forceFlush(deadline: $1) }
    }

    /// Stops recording, exports what is queued and shuts the processors and exporters down,
    /// waiting at most `timeout`; spans still queued at the deadline are counted as unsent.
    /// Later calls do nothing and return an empty report.
    public func shutdown(timeout: Duration = .seconds(30)) -> DeliveryReport {
        guard core.markShutdown() else {
            OtelDiagnostics.report(.debug, "tracer provider already shut down")
            return DeliveryReport()
        }
        return ProviderLifecycle.fanOut(core.processors, timeout: timeout) { $0.shutdown(deadline: $1) }
    }
}

/// A tracer of ``SDKTracerProvider``: three references, so that as `any Tracer` it is stored
/// inline; it keeps its provider alive.
struct SDKTracer: Tracer {
    let provider: SDKTracerProvider
    let core: TracerProviderCore
    let origin: TelemetryOrigin

    @inline(__always)
    func startSpan(
        _ name: String,
        kind: SpanKind,
        parent: SpanParent,
        attributes: @autoclosure () -> Attributes,
        links: [SpanLink],
        startTime: Timestamp?
    ) -> any Span {
        core.startSpan(
            name, kind: kind, parent: parent, attributes: attributes, links: links, startTime: startTime,
            origin: origin)
    }
}
