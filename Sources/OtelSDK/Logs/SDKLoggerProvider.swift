import OtelAPI

/// The SDK's logger provider: loggers, named by their target, whose records are correlated with
/// the active span and handed to log record processors for export.
///
/// ```swift
/// let provider = SDKLoggerProvider(
///     resource: .detected(serviceName: "codex-cli"),
///     processors: [BatchLogRecordProcessor(exporter: exporter)])
/// let logger = provider.logger(target: "codex_otel.log_only")
/// logger.emit(LogRecord(severity: .info, body: "started"))
/// ```
///
/// Each target is an instrumentation scope of that name. A record without an explicit span
/// context takes the active span of ``OtelContext/current``. After ``shutdown(timeout:)``
/// loggers are disabled.
///
/// Lifetime: loggers keep their provider alive. When the provider and every logger obtained from
/// it are released, the provider shuts down on a best-effort basis (waiting at most
/// ``releaseShutdownTimeout`` on the releasing thread, report discarded). Call
/// ``shutdown(timeout:)`` yourself for a deterministic flush and to read its report.
public final class SDKLoggerProvider: LoggerProvider {
    let core: LoggerProviderCore

    /// How long the shutdown run by releasing the provider may take: 5 seconds.
    public static let releaseShutdownTimeout: Duration = .seconds(5)

    /// Creates a provider.
    ///
    /// - Parameters:
    ///   - resource: the entity producing the records; by default
    ///     ``Resource/detected(serviceName:serviceVersion:deploymentEnvironment:attributes:environment:)``
    ///     from `environment`.
    ///   - processors: receive each record, in this order.
    ///   - minimumSeverity: records with a lower (specified) severity are dropped before they are
    ///     built; `nil` keeps all.
    ///   - limits: what a record may hold; by default the `OTEL_*_LIMIT` variables' values.
    ///   - environment: where the defaults are read.
    public init(
        resource: Resource? = nil,
        processors: [any LogRecordProcessor] = [],
        minimumSeverity: Severity? = nil,
        limits: LogRecordLimits? = nil,
        environment: OtelEnvironment = .process()
    ) {
        core = LoggerProviderCore(
            resource: resource ?? .detected(environment: environment),
            processors: processors,
            minimumSeverity: minimumSeverity,
            limits: limits ?? LogRecordLimits(environment: environment))
    }

    deinit {
        if !core.isShutdown { _ = shutdown(timeout: Self.releaseShutdownTimeout) }
    }

    /// The resource of every record.
    public var resource: Resource { core.resource }
    /// The processors.
    public var processors: [any LogRecordProcessor] { core.processors }
    /// The minimum severity, if any.
    public var minimumSeverity: Severity? { core.minimumSeverity }
    /// The record limits.
    public var limits: LogRecordLimits { core.limits }
    /// Whether ``shutdown(timeout:)`` has run.
    public var isShutdown: Bool { core.isShutdown }

    /// A logger for `target`: its records carry the instrumentation scope named `target`.
    public func logger(target: String, version: String?) -> any Logger {
        SDKLogger(provider: self, origin: core.origin(for: InstrumentationScope(name: target, version: version)))
    }

    /// Exports every record emitted before the call, waiting at most `timeout`.
    public func forceFlush(timeout: Duration = .seconds(30)) -> DeliveryReport {
        ProviderLifecycle.fanOut(core.processors, timeout: timeout) { $0.forceFlush(deadline: $1) }
    }

    /// Disables the loggers, exports what is queued and shuts the processors and exporters down,
    /// waiting at most `timeout`; records still queued at the deadline are counted as unsent.
    /// Later calls do nothing and return an empty report.
    public func shutdown(timeout: Duration = .seconds(30)) -> DeliveryReport {
        guard core.markShutdown() else {
            OtelDiagnostics.report(.debug, "logger provider already shut down")
            return DeliveryReport()
        }
        return ProviderLifecycle.fanOut(core.processors, timeout: timeout) { $0.shutdown(deadline: $1) }
    }
}

/// A logger of ``SDKLoggerProvider``: two references, so that as `any Logger` it is stored
/// inline, and it keeps its provider alive.
struct SDKLogger: Logger {
    let provider: SDKLoggerProvider
    let origin: TelemetryOrigin

    /// The target, which is the instrumentation scope's name.
    var target: String { origin.scope.name }

    @inline(__always)
    func isEnabled(severity: Severity) -> Bool { provider.core.isEnabled(severity: severity) }

    @inline(__always)
    func emit(_ record: @autoclosure () -> LogRecord) { provider.core.emit(record, origin: origin) }
}
