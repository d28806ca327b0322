/// The providers and lanes an application installs once at startup.
///
/// Anything left out stays a no-op.
public struct OtelProviders: Sendable {
    /// Gives tracers.
    public var tracerProvider: any TracerProvider
    /// Gives loggers.
    public var loggerProvider: any LoggerProvider
    /// Gives meters.
    public var meterProvider: any MeterProvider
    /// Receives events routed to the log lane.
    public var logLane: any LogLane
    /// Receives trace-safe events routed to the trace lane.
    public var traceLane: any TraceLane

    /// Creates a set of providers; each defaults to its no-op.
    public init(
        tracerProvider: any TracerProvider = NoOpTracerProvider(),
        loggerProvider: any LoggerProvider = NoOpLoggerProvider(),
        meterProvider: any MeterProvider = NoOpMeterProvider(),
        logLane: any LogLane = NoOpLogLane(),
        traceLane: any TraceLane = NoOpTraceLane()
    ) {
        self.tracerProvider = tracerProvider
        self.loggerProvider = loggerProvider
        self.meterProvider = meterProvider
        self.logLane = logLane
        self.traceLane = traceLane
    }

    /// Every part a no-op: the state before anything is installed.
    public static let noOp = OtelProviders()
}

/// Why installing providers failed.
public enum OtelInstallError: Error, Sendable, Hashable, CustomStringConvertible {
    /// Providers were already installed in this process; installation happens once, at startup.
    case alreadyInstalled

    /// What went wrong and what to do.
    public var description: String {
        switch self {
        case .alreadyInstalled:
            return "OpenTelemetry providers are already installed in this process; install them once, at startup "
                + "(tests can scope providers with Otel.withProviders instead)"
        }
    }
}
