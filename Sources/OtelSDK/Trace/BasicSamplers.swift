import OtelAPI

/// Samples every span.
public struct AlwaysOnSampler: Sampler {
    /// Creates the sampler.
    public init() {}

    /// Record and sample.
    public func shouldSample(_ parameters: SamplingParameters) -> SamplingResult {
        SamplingResult(decision: .recordAndSample)
    }

    /// `AlwaysOnSampler`.
    public var description: String { "AlwaysOnSampler" }
}

/// Drops every span.
public struct AlwaysOffSampler: Sampler {
    /// Creates the sampler.
    public init() {}

    /// Drop.
    public func shouldSample(_ parameters: SamplingParameters) -> SamplingResult {
        SamplingResult(decision: .drop)
    }

    /// `AlwaysOffSampler`.
    public var description: String { "AlwaysOffSampler" }
}

/// Samples a fixed fraction of traces, deterministically from the trace identifier, so that
/// every service using the same ratio makes the same decision for a trace.
///
/// The algorithm is the one of the specification's reference implementations: the lower 8 bytes
/// of the trace identifier, read as a big-endian integer and shifted right by one bit, are
/// compared with `ratio × 2⁶³`; the span is sampled when they are smaller. Ratio 0 samples
/// nothing, ratio 1 everything. The parent's decision is ignored: wrap this sampler in
/// ``ParentBasedSampler`` to honour it.
public struct TraceIDRatioSampler: Sampler {
    /// The fraction of traces sampled, in `0...1`.
    public let ratio: Double
    /// Traces whose shifted lower half is below this bound are sampled.
    let upperBound: UInt64

    /// Creates the sampler. A ratio outside `0...1` is clamped (NaN counts as 0) and reported.
    public init(ratio: Double) {
        let clamped = ratio.isNaN ? 0 : min(max(ratio, 0), 1)
        if clamped != ratio || ratio.isNaN {
            OtelDiagnostics.report(.warning, "trace id ratio \(ratio) is outside 0...1; using \(clamped)")
        }
        self.ratio = clamped
        if clamped >= 1 {
            upperBound = 1 << 63
        } else {
            upperBound = UInt64(clamped * 9_223_372_036_854_775_808.0)
        }
    }

    /// Sample when the trace identifier's lower half, shifted right by one, is below the bound.
    @inline(__always)
    public func shouldSample(_ parameters: SamplingParameters) -> SamplingResult {
        SamplingResult(decision: isSampled(parameters.traceID) ? .recordAndSample : .drop)
    }

    /// Whether `traceID` falls inside the sampled fraction.
    @inline(__always)
    public func isSampled(_ traceID: TraceID) -> Bool {
        (traceID.low >> 1) < upperBound
    }

    /// `TraceIdRatioBased{<ratio>}`.
    public var description: String { "TraceIdRatioBased{\(ratio)}" }
}
