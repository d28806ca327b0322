import OtelAPI

/// The samplers `OTEL_TRACES_SAMPLER` can name, with their ratio.
///
/// ```swift
/// // OTEL_TRACES_SAMPLER=parentbased_traceidratio OTEL_TRACES_SAMPLER_ARG=0.25
/// let sampler = SamplerConfiguration(environment: .process()).makeSampler()
/// ```
public enum SamplerConfiguration: Sendable, Hashable {
    /// `always_on`.
    case alwaysOn
    /// `always_off`.
    case alwaysOff
    /// `traceidratio` with its ratio.
    case traceIDRatio(Double)
    /// `parentbased_always_on`: the default.
    case parentBasedAlwaysOn
    /// `parentbased_always_off`.
    case parentBasedAlwaysOff
    /// `parentbased_traceidratio` with the root's ratio.
    case parentBasedTraceIDRatio(Double)

    /// `parentbased_always_on`, the specification's default.
    public static let `default` = SamplerConfiguration.parentBasedAlwaysOn

    /// The sampler `OTEL_TRACES_SAMPLER` and `OTEL_TRACES_SAMPLER_ARG` select.
    ///
    /// Unset selects the default. An unknown sampler name is reported through
    /// ``OtelDiagnostics`` and selects the default; an invalid ratio is reported and the named
    /// ratio sampler uses ratio 1.
    public init(environment: OtelEnvironment) {
        guard let name = environment.string("OTEL_TRACES_SAMPLER") else {
            self = .default
            return
        }
        let argument = environment.string("OTEL_TRACES_SAMPLER_ARG")
        do {
            self = try Self.parse(name: name, argument: argument)
        } catch .invalidRatio {
            OtelDiagnostics.report(.warning, "\(SamplerConfigurationError.invalidRatio(argument ?? "")); using 1.0")
            self = (try? Self.parse(name: name, argument: nil)) ?? .default
        } catch {
            OtelDiagnostics.report(.warning, error.description + "; using parentbased_always_on")
            self = .default
        }
    }

    /// Parses a sampler name as `OTEL_TRACES_SAMPLER` spells it (case and surrounding spaces are
    /// ignored) and, for the ratio samplers, its argument (`nil` means ratio 1).
    ///
    /// - Throws: ``SamplerConfigurationError`` for an unknown name or an invalid ratio.
    public static func parse(name: String, argument: String?) throws(SamplerConfigurationError) -> Self {
        switch name.trimmingSpaces.lowercased() {
        case "always_on": return .alwaysOn
        case "always_off": return .alwaysOff
        case "traceidratio": return .traceIDRatio(try ratio(argument))
        case "parentbased_always_on": return .parentBasedAlwaysOn
        case "parentbased_always_off": return .parentBasedAlwaysOff
        case "parentbased_traceidratio": return .parentBasedTraceIDRatio(try ratio(argument))
        default: throw .unknownSampler(name)
        }
    }

    /// Parses a ratio in `0...1`; `nil` (unset) means 1.
    ///
    /// - Throws: ``SamplerConfigurationError/invalidRatio(_:)`` when it is not such a number.
    public static func ratio(_ argument: String?) throws(SamplerConfigurationError) -> Double {
        guard let argument else { return 1 }
        guard let value = Double(argument.trimmingSpaces), value >= 0, value <= 1 else {
            throw .invalidRatio(argument)
        }
        return value
    }

    /// The configured sampler.
    public func makeSampler() -> any Sampler {
        switch self {
        case .alwaysOn: return AlwaysOnSampler()
        case .alwaysOff: return AlwaysOffSampler()
        case .traceIDRatio(let ratio): return TraceIDRatioSampler(ratio: ratio)
        case .parentBasedAlwaysOn: return ParentBasedSampler(root: AlwaysOnSampler())
        case .parentBasedAlwaysOff: return ParentBasedSampler(root: AlwaysOffSampler())
        case .parentBasedTraceIDRatio(let ratio): return ParentBasedSampler(root: TraceIDRatioSampler(ratio: ratio))
        }
    }
}

/// Why a sampler setting could not be used.
public enum SamplerConfigurationError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The sampler name is not one this SDK knows.
    case unknownSampler(String)
    /// The ratio is not a number between 0 and 1.
    case invalidRatio(String)

    /// What went wrong and what to write instead.
    public var description: String {
        switch self {
        case .unknownSampler(let name):
            return "unknown sampler '\(name)' in OTEL_TRACES_SAMPLER; use always_on, always_off, traceidratio, "
                + "parentbased_always_on, parentbased_always_off or parentbased_traceidratio"
        case .invalidRatio(let text):
            return "invalid sampling ratio '\(text)' in OTEL_TRACES_SAMPLER_ARG; write a number from 0 to 1, "
                + "such as 0.25"
        }
    }
}
