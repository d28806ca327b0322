import OtelAPI

/// Follows the parent's sampling decision, and asks `root` for spans without a parent.
///
/// Each of the four kinds of parent (remote or local, sampled or not) has its own delegate; the
/// defaults honour the parent's `sampled` flag.
public struct ParentBasedSampler: Sampler {
    /// Decides for root spans.
    public let root: any Sampler
    /// Decides when the parent is remote and sampled (default: always on).
    public let remoteParentSampled: any Sampler
    /// Decides when the parent is remote and not sampled (default: always off).
    public let remoteParentNotSampled: any Sampler
    /// Decides when the parent is local and sampled (default: always on).
    public let localParentSampled: any Sampler
    /// Decides when the parent is local and not sampled (default: always off).
    public let localParentNotSampled: any Sampler

    /// Creates the sampler.
    public init(
        root: any Sampler,
        remoteParentSampled: any Sampler = AlwaysOnSampler(),
        remoteParentNotSampled: any Sampler = AlwaysOffSampler(),
        localParentSampled: any Sampler = AlwaysOnSampler(),
        localParentNotSampled: any Sampler = AlwaysOffSampler()
    ) {
        self.root = root
        self.remoteParentSampled = remoteParentSampled
        self.remoteParentNotSampled = remoteParentNotSampled
        self.localParentSampled = localParentSampled
        self.localParentNotSampled = localParentNotSampled
        needsAttributes =
            root.needsAttributes || remoteParentSampled.needsAttributes || remoteParentNotSampled.needsAttributes
            || localParentSampled.needsAttributes || localParentNotSampled.needsAttributes
    }

    /// Whether any delegate reads start attributes.
    public let needsAttributes: Bool

    /// The delegate that decides for `parentContext`.
    public func delegate(for parentContext: SpanContext?) -> any Sampler {
        guard let parent = parentContext, parent.isValid else { return root }
        switch (parent.isRemote, parent.isSampled) {
        case (true, true): return remoteParentSampled
        case (true, false): return remoteParentNotSampled
        case (false, true): return localParentSampled
        case (false, false): return localParentNotSampled
        }
    }

    /// The decision of the delegate for the parent.
    public func shouldSample(_ parameters: SamplingParameters) -> SamplingResult {
        delegate(for: parameters.parentContext).shouldSample(parameters)
    }

    /// `ParentBased{root=…,remoteParentSampled=…,…}`.
    public var description: String {
        "ParentBased{root=\(root),remoteParentSampled=\(remoteParentSampled),"
            + "remoteParentNotSampled=\(remoteParentNotSampled),localParentSampled=\(localParentSampled),"
            + "localParentNotSampled=\(localParentNotSampled)}"
    }
}
