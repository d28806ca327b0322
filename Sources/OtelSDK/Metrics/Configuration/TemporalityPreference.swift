import OtelAPI

/// Which instrument kinds a reader receives as deltas and which as cumulative sums: the values
/// of `OTEL_EXPORTER_OTLP_METRICS_TEMPORALITY_PREFERENCE`.
///
/// | Kind                        | cumulative | delta      | lowMemory  |
/// |-----------------------------|------------|------------|------------|
/// | counter                     | cumulative | delta      | delta      |
/// | histogram                   | cumulative | delta      | delta      |
/// | observable counter          | cumulative | delta      | cumulative |
/// | up-down counter (both)      | cumulative | cumulative | cumulative |
/// | gauge (both)                | cumulative | delta      | cumulative |
///
/// Gauges carry no temporality on the wire; with delta a gauge reports only the series updated
/// since the previous collection.
public enum TemporalityPreference: Sendable, Hashable, CaseIterable, CustomStringConvertible {
    /// Everything cumulative (the default).
    case cumulative
    /// Counters, histograms and observable counters as deltas; up-down counters cumulative.
    case delta
    /// Counters and histograms as deltas; everything else cumulative.
    case lowMemory

    /// The environment variable that selects the preference.
    public static let environmentVariable = "OTEL_EXPORTER_OTLP_METRICS_TEMPORALITY_PREFERENCE"

    /// The preference `OTEL_EXPORTER_OTLP_METRICS_TEMPORALITY_PREFERENCE` names (any case),
    /// `cumulative` when it is unset; an unknown value is reported and `cumulative` applies.
    public init(environment: OtelEnvironment) {
        guard let raw = environment.string(Self.environmentVariable) else {
            self = .cumulative
            return
        }
        guard let parsed = TemporalityPreference(name: raw) else {
            OtelDiagnostics.report(
                .warning,
                "ignoring \(Self.environmentVariable)=\(raw): expected cumulative, delta or lowmemory")
            self = .cumulative
            return
        }
        self = parsed
    }

    /// The preference spelled `name` (`cumulative`, `delta`, `lowmemory`; any case), or `nil`.
    public init?(name: String) {
        switch name.trimmingSpaces.lowercased() {
        case "cumulative": self = .cumulative
        case "delta": self = .delta
        case "lowmemory": self = .lowMemory
        default: return nil
        }
    }

    /// The temporality of `kind`'s points.
    public func temporality(for kind: InstrumentKind) -> AggregationTemporality {
        switch (self, kind) {
        case (.cumulative, _): return .cumulative
        case (_, .upDownCounter), (_, .observableUpDownCounter): return .cumulative
        case (.delta, _): return .delta
        case (.lowMemory, .counter), (.lowMemory, .histogram): return .delta
        case (.lowMemory, _): return .cumulative
        }
    }

    /// The name as the environment variable spells it.
    public var description: String {
        switch self {
        case .cumulative: return "cumulative"
        case .delta: return "delta"
        case .lowMemory: return "lowmemory"
        }
    }
}
