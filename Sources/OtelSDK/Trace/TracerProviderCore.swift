import OtelAPI

/// What a tracer provider shares with its tracers and spans: the configuration, the processors
/// and the shutdown flag. Spans point here, never at the provider, so that queued spans do not
/// keep the provider alive.
final class TracerProviderCore: Sendable {
    let resource: Resource
    let sampler: any Sampler
    let samplerNeedsAttributes: Bool
    let limits: SpanLimits
    let spanAttributeLimits: AttributeLimits
    let eventAttributeLimits: AttributeLimits
    let linkAttributeLimits: AttributeLimits
    let idGenerator: any IDGenerator
    let processors: [any SpanProcessor]
    /// The sampler as data when it is a built-in one: decided inline.
    private let samplingRule: SamplingRule?
    /// The generator when it is the default one: called without an existential.
    private let randomIDs: RandomIDGenerator?
    /// ``NonRecordingSpan/invalid``, kept here to skip the global's lazy-initialisation check.
    private let invalidSpan = NonRecordingSpan.invalid
    private let lifecycle = ProviderLifecycle()

    init(
        resource: Resource,
        sampler: any Sampler,
        limits: SpanLimits,
        idGenerator: any IDGenerator,
        processors: [any SpanProcessor]
    ) {
        self.resource = resource
        self.sampler = sampler
        self.samplerNeedsAttributes = sampler.needsAttributes
        self.limits = limits
        self.spanAttributeLimits = limits.spanAttributes
        self.eventAttributeLimits = limits.eventAttributes
        self.linkAttributeLimits = limits.linkAttributes
        self.idGenerator = idGenerator
        self.processors = processors
        self.samplingRule = SamplingRule(sampler)
        self.randomIDs = idGenerator as? RandomIDGenerator
    }

    /// Whether the provider has shut down.
    var isShutdown: Bool { lifecycle.isShutdown }

    /// Marks the provider shut down; returns whether this call did it.
    func markShutdown() -> Bool { lifecycle.markShutdown() }

    /// The shared origin of the spans of `scope`'s tracers.
    func origin(for scope: InstrumentationScope) -> TelemetryOrigin { lifecycle.origin(for: scope, resource: resource) }

    /// `link` within the per-link attribute limit.
    func linkData(_ link: SpanLink) -> SpanData.Link {
        let (attributes, dropped) = linkAttributeLimits.apply(link.attributes)
        return SpanData.Link(context: link.context, attributes: attributes, droppedAttributesCount: dropped)
    }

    /// Starts a span for a tracer of `origin`: the sampler decides; a dropped span costs no
    /// allocation when there is no parent or the parent is itself a non-recording, unsampled span.
    @inline(__always)
    func startSpan(
        _ name: String,
        kind: SpanKind,
        parent: SpanParent,
        attributes: () -> Attributes,
        links: [SpanLink],
        startTime: Timestamp?,
        origin: TelemetryOrigin
    ) -> any Span {
        if isShutdown {
            return NoOpTracer().startSpan(
                name, kind: kind, parent: parent, attributes: Attributes(), links: links, startTime: startTime)
        }
        let (parentSpan, parentContext) = Self.resolve(parent)
        let sampling = sample(name, kind: kind, parentContext: parentContext, attributes: attributes, links: links)
        guard sampling.decision.isRecording else {
            return nonRecordingSpan(
                parentSpan: parentSpan, parentContext: parentContext, traceState: sampling.result?.traceState)
        }

        var flags = parentContext?.traceFlags ?? []
        if sampling.decision.isSampled { flags.insert(.sampled) } else { flags.remove(.sampled) }
        let context = SpanContext(
            traceID: sampling.traceID.isValid ? sampling.traceID : newTraceID(), spanID: newSpanID(),
            traceFlags: flags, traceState: sampling.result?.traceState ?? parentContext?.traceState ?? TraceState())

        var spanAttributes = sampling.startAttributes ?? attributes()
        if let extra = sampling.result?.attributes, !extra.isEmpty { spanAttributes.merge(extra) }
        let (limitedAttributes, droppedAttributes) = spanAttributeLimits.apply(spanAttributes)
        var linkData: [SpanData.Link] = []
        if !links.isEmpty { linkData = links.prefix(limits.linkCountLimit).map(self.linkData) }

        let span = RecordingSpan(
            name: name, context: context, parentSpanID: parentContext?.spanID,
            isParentRemote: parentContext?.isRemote ?? false, kind: kind, startTime: startTime ?? .now(),
            attributes: limitedAttributes, droppedAttributes: droppedAttributes, links: linkData,
            droppedLinks: links.count - linkData.count, origin: origin, core: self)
        // An index loop: iterating an array of existentials allocates in unoptimised builds.
        var index = 0
        while index < processors.count {
            processors[index].onStart(span, parentContext: parentContext)
            index += 1
        }
        return span
    }

    /// The parent as a span object (when there is one) and its context (when it is valid).
    @inline(__always)
    private static func resolve(_ parent: SpanParent) -> (span: (any Span)?, context: SpanContext?) {
        switch parent {
        case .none:
            return (nil, nil)
        case .current:
            let span = OtelContext.current.span
            return (span, validContext(of: span))
        case .span(let span):
            return (span, validContext(of: span))
        case .context(let context):
            return (nil, context.isValid ? context : nil)
        }
    }

    @inline(__always)
    private static func validContext(of span: (any Span)?) -> SpanContext? {
        guard let context = span?.context, context.isValid else { return nil }
        return context
    }

    /// What sampling decided, with what it needed along the way.
    private struct Sampling {
        var decision: SamplingDecision
        /// The trace: the parent's, a new one, or invalid when nothing needed it yet.
        var traceID: TraceID
        /// The sampler's full result; `nil` when a ``SamplingRule`` decided.
        var result: SamplingResult?
        /// The start attributes, when the sampler needed them.
        var startAttributes: Attributes?
    }

    /// Asks the sampler, inline for the built-in ones. A root's trace identifier is made only
    /// when the sampler needs it.
    @inline(__always)
    private func sample(
        _ name: String,
        kind: SpanKind,
        parentContext: SpanContext?,
        attributes: () -> Attributes,
        links: [SpanLink]
    ) -> Sampling {
        var traceID = parentContext?.traceID ?? TraceID(high: 0, low: 0)
        if let samplingRule {
            if !traceID.isValid && samplingRule.needsTraceID(parent: parentContext) { traceID = newTraceID() }
            return Sampling(decision: samplingRule.decide(parent: parentContext, traceID: traceID), traceID: traceID)
        }
        if !traceID.isValid { traceID = newTraceID() }
        let startAttributes = samplerNeedsAttributes ? attributes() : nil
        let result = sampler.shouldSample(
            SamplingParameters(
                parentContext: parentContext, traceID: traceID, name: name, kind: kind,
                attributes: startAttributes ?? Attributes(), links: links))
        return Sampling(decision: result.decision, traceID: traceID, result: result, startAttributes: startAttributes)
    }

    @inline(__always)
    private func newTraceID() -> TraceID { randomIDs?.newTraceID() ?? idGenerator.newTraceID() }

    @inline(__always)
    private func newSpanID() -> SpanID { randomIDs?.newSpanID() ?? idGenerator.newSpanID() }

    /// The span returned for a dropped one: the shared invalid span for a root, the parent
    /// itself when it is non-recording and unsampled, else a non-recording span carrying the
    /// parent's context with the `sampled` flag cleared.
    @inline(__always)
    private func nonRecordingSpan(
        parentSpan: (any Span)?,
        parentContext: SpanContext?,
        traceState: TraceState?
    ) -> any Span {
        guard var context = parentContext else { return invalidSpan }
        if let parentSpan, !context.isSampled, traceState == nil, !parentSpan.isRecording {
            return parentSpan
        }
        context.traceFlags.remove(.sampled)
        context.isRemote = false
        if let traceState { context.traceState = traceState }
        return NonRecordingSpan(context: context)
    }
}
