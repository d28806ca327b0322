import OtelAPI

/// The built-in samplers as plain data, so that the tracer decides without an existential call
/// and without building ``SamplingParameters``: the recording path of every span.
///
/// Only configurations whose results carry no attributes and no trace state have a rule: always
/// on, always off, trace-id ratio, and parent-based over one of these with the default delegates.
/// Any other sampler is called as it is.
struct SamplingRule: Sendable {
    /// A root's decision.
    enum Root: Sendable {
        case alwaysOn
        case alwaysOff
        case ratio(upperBound: UInt64)
    }

    /// Whether a valid parent's `sampled` flag decides (parent-based with default delegates).
    let followsParent: Bool
    /// The decision without a parent (or always, when the parent does not decide).
    let root: Root

    /// The rule of `sampler`, or `nil` when it must be called.
    init?(_ sampler: any Sampler) {
        if let parentBased = sampler as? ParentBasedSampler {
            guard parentBased.remoteParentSampled is AlwaysOnSampler,
                parentBased.remoteParentNotSampled is AlwaysOffSampler,
                parentBased.localParentSampled is AlwaysOnSampler,
                parentBased.localParentNotSampled is AlwaysOffSampler,
                let root = Self.root(of: parentBased.root)
            else { return nil }
            self.followsParent = true
            self.root = root
        } else {
            guard let root = Self.root(of: sampler) else { return nil }
            self.followsParent = false
            self.root = root
        }
    }

    private static func root(of sampler: any Sampler) -> Root? {
        switch sampler {
        case is AlwaysOnSampler: return .alwaysOn
        case is AlwaysOffSampler: return .alwaysOff
        case let ratio as TraceIDRatioSampler: return .ratio(upperBound: ratio.upperBound)
        default: return nil
        }
    }

    /// Whether deciding for this parent needs the trace identifier.
    @inline(__always)
    func needsTraceID(parent: SpanContext?) -> Bool {
        guard case .ratio = root else { return false }
        return !(followsParent && parent != nil)
    }

    /// The decision for a span of `traceID` under `parent`.
    @inline(__always)
    func decide(parent: SpanContext?, traceID: TraceID) -> SamplingDecision {
        if followsParent, let parent { return parent.isSampled ? .recordAndSample : .drop }
        switch root {
        case .alwaysOn: return .recordAndSample
        case .alwaysOff: return .drop
        case .ratio(let upperBound): return (traceID.low >> 1) < upperBound ? .recordAndSample : .drop
        }
    }
}
