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
    /// The processors whose `onStart` does something: the SDK's own processors' does nothing.
    private let startProcessors: [any SpanProcessor]
    /// The only processor when it is a ``BatchSpanProcessor`` (the production setup): an ending
    /// span calls it directly, with no existential.
    let soleBatchProcessor: BatchSpanProcessor?
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
        self.startProcessors = processors.filter { !($0 is BatchSpanProcessor || $0 is SimpleSpanProcessor) }
        self.soleBatchProcessor = processors.count == 1 ? processors[0] as? BatchSpanProcessor : nil
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
        if let samplingRule {
            // A built-in sampler, decided inline: no sampler call, no result to carry.
            var traceID = parentContext?.traceID ?? TraceID(high: 0, low: 0)
            if !traceID.isValid && samplingRule.needsTraceID(parent: parentContext) { traceID = newTraceID() }
            let decision = samplingRule.decide(parent: parentContext, traceID: traceID)
            guard decision.isRecording else {
                return nonRecordingSpan(parentSpan: parentSpan, parentContext: parentContext, traceState: nil)
            }
            return makeSpan(
                name, kind: kind, parentContext: parentContext, decision: decision, traceID: traceID,
                traceState: parentContext?.traceState ?? TraceState(), attributes: attributes(), links: links,
                startTime: startTime, origin: origin)
        }

        var traceID = parentContext?.traceID ?? TraceID(high: 0, low: 0)
        if !traceID.isValid { traceID = newTraceID() }
        let startAttributes = samplerNeedsAttributes ? attributes() : nil
        let result = sampler.shouldSample(
            SamplingParameters(
                parentContext: parentContext, traceID: traceID, name: name, kind: kind,
                attributes: startAttributes ?? Attributes(), links: links))
        guard result.decision.isRecording else {
            return nonRecordingSpan(parentSpan: parentSpan, parentContext: parentContext, traceState: result.traceState)
        }
        var spanAttributes = startAttributes ?? attributes()
        if !result.attributes.isEmpty { spanAttributes.merge(result.attributes) }
        return makeSpan(
            name, kind: kind, parentContext: parentContext, decision: result.decision, traceID: traceID,
            traceState: result.traceState ?? parentContext?.traceState ?? TraceState(), attributes: spanAttributes,
            links: links, startTime: startTime, origin: origin)
    }

    /// A recording span that sampling let through, handed to the processors that watch starts.
    @inline(__always)
    private func makeSpan(
        _ name: String,
        kind: SpanKind,
        parentContext: SpanContext?,
        decision: SamplingDecision,
        traceID: TraceID,
        traceState: TraceState,
        attributes: consuming Attributes,
        links: [SpanLink],
        startTime: Timestamp?,
        origin: TelemetryOrigin
    ) -> RecordingSpan {
        var flags = parentContext?.traceFlags ?? []
        if decision.isSampled { flags.insert(.sampled) } else { flags.remove(.sampled) }
        let (traceID, spanID) = newIDs(traceID: traceID)
        let context = SpanContext(traceID: traceID, spanID: spanID, traceFlags: flags, traceState: traceState)
        var limitedAttributes = consume attributes
        let droppedAttributes = spanAttributeLimits.limit(&limitedAttributes)
        var linkData: [SpanData.Link] = []
        if !links.isEmpty { linkData = links.prefix(limits.linkCountLimit).map(self.linkData) }

        let span = RecordingSpan(
            name: name, context: context, parentSpanID: parentContext?.spanID,
            isParentRemote: parentContext?.isRemote ?? false, kind: kind, startTime: startTime ?? .now(),
            attributes: limitedAttributes, droppedAttributes: droppedAttributes, links: linkData,
            droppedLinks: links.count - linkData.count, origin: origin, core: self)
        if !startProcessors.isEmpty {
            // An index loop: iterating an array of existentials allocates in unoptimised builds.
            var index = 0
            while index < startProcessors.count {
                startProcessors[index].onStart(span, parentContext: parentContext)
                index += 1
            }
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

    @inline(__always)
    private func newTraceID() -> TraceID {
        if let randomIDs { return randomIDs.newTraceID() }
        return idGenerator.newTraceID()
    }

    /// `traceID` when it is valid, else a new one; and a new span identifier.
    @inline(__always)
    private func newIDs(traceID: TraceID) -> (TraceID, SpanID) {
        if let randomIDs { return randomIDs.newIDs(traceID: traceID) }
        return (traceID.isValid ? traceID : idGenerator.newTraceID(), idGenerator.newSpanID())
    }

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
