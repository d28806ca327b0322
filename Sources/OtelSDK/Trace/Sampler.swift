import OtelAPI

/// Decides, when a span starts, whether it records and whether it is exported.
///
/// Samplers run on the recording path of every span, so they should be cheap. A sampler that
/// looks at the span's start attributes says so with ``needsAttributes``; otherwise the tracer
/// does not evaluate them for spans that end up dropped.
public protocol Sampler: Sendable, CustomStringConvertible {
    /// Whether ``shouldSample(_:)`` reads ``SamplingParameters/attributes``. When false (the
    /// default) the tracer passes empty attributes and evaluates the real ones only for spans
    /// that record.
    var needsAttributes: Bool { get }

    /// The decision for a span about to start.
    func shouldSample(_ parameters: SamplingParameters) -> SamplingResult
}

extension Sampler {
    /// False: the sampler does not read start attributes.
    public var needsAttributes: Bool { false }
}

/// What a sampler knows about a span about to start.
public struct SamplingParameters: Sendable {
    /// The parent's span context, or `nil` for a root span.
    public var parentContext: SpanContext?
    /// The trace the span belongs to (the parent's, or a new one for a root span).
    public var traceID: TraceID
    /// The span's name.
    public var name: String
    /// The span's kind.
    public var kind: SpanKind
    /// The start attributes; empty unless the sampler ``Sampler/needsAttributes``.
    public var attributes: Attributes
    /// The span's links.
    public var links: [SpanLink]

    /// Creates parameters.
    public init(
        parentContext: SpanContext?,
        traceID: TraceID,
        name: String,
        kind: SpanKind = .internal,
        attributes: Attributes = Attributes(),
        links: [SpanLink] = []
    ) {
        self.parentContext = parentContext
        self.traceID = traceID
        self.name = name
        self.kind = kind
        self.attributes = attributes
        self.links = links
    }
}

/// A sampler's verdict.
public enum SamplingDecision: Sendable, Hashable, CaseIterable {
    /// Not recorded, not exported: the span is a no-op.
    case drop
    /// Recorded (processors see it) but not sampled: exporters never receive it.
    case recordOnly
    /// Recorded and sampled: exported.
    case recordAndSample

    /// Whether the span records.
    public var isRecording: Bool { self != .drop }
    /// Whether the span's `sampled` flag is set.
    public var isSampled: Bool { self == .recordAndSample }
}

/// A sampler's verdict with the attributes and trace state it adds.
public struct SamplingResult: Sendable, Hashable {
    /// The decision.
    public var decision: SamplingDecision
    /// Attributes added to the span (ignored when the span is dropped).
    public var attributes: Attributes
    /// The new span's trace state; `nil` keeps the parent's.
    public var traceState: TraceState?

    /// Creates a result.
    public init(decision: SamplingDecision, attributes: Attributes = Attributes(), traceState: TraceState? = nil) {
        self.decision = decision
        self.attributes = attributes
        self.traceState = traceState
    }
}
