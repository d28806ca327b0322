import OtelSDK
import Synchronization
import Testing

/// A sampler that answers `decision` and tags its results with `name`, to see which delegate ran.
private struct MarkerSampler: Sampler {
    let name: String
    var decision: SamplingDecision = .recordOnly

    func shouldSample(_ parameters: SamplingParameters) -> SamplingResult {
        SamplingResult(decision: decision, attributes: ["sampler": .string(name)])
    }

    var description: String { name }
}

/// A sampler that records the attributes it was shown.
private final class AttributeReadingSampler: Sampler {
    let needsAttributes: Bool
    private let seen = Mutex<[Attributes]>([])

    init(needsAttributes: Bool) { self.needsAttributes = needsAttributes }

    var seenAttributes: [Attributes] { seen.withLock { $0 } }

    func shouldSample(_ parameters: SamplingParameters) -> SamplingResult {
        seen.withLock { $0.append(parameters.attributes) }
        return SamplingResult(decision: .drop)
    }

    var description: String { "AttributeReadingSampler" }
}

@Suite("Samplers")
struct SamplerTests {
    private func parameters(
        traceID: TraceID = TraceID(high: 1, low: 1), parent: SpanContext? = nil
    )
        -> SamplingParameters
    {
        SamplingParameters(parentContext: parent, traceID: traceID, name: "span")
    }

    @Test func alwaysOnSamplesAndAlwaysOffDrops() {
        #expect(AlwaysOnSampler().shouldSample(parameters()).decision == .recordAndSample)
        #expect(AlwaysOffSampler().shouldSample(parameters()).decision == .drop)
        #expect(AlwaysOnSampler().description == "AlwaysOnSampler")
        #expect(AlwaysOffSampler().description == "AlwaysOffSampler")
    }

    @Test func ratioComparesTheShiftedLowerHalfWithRatioTimesTwoToThe63() {
        let half = TraceIDRatioSampler(ratio: 0.5)
        // Bound = 2^62. The lower 8 bytes shifted right by one must be below it.
        let justBelow = TraceID(high: .max, low: ((1 << 62) - 1) << 1)
        let atBound = TraceID(high: 0, low: (1 << 62) << 1)
        #expect(half.isSampled(justBelow))
        #expect(!half.isSampled(atBound))
        // The lowest bit is shifted out; the upper half is ignored.
        #expect(half.isSampled(TraceID(high: 0, low: (((1 << 62) - 1) << 1) | 1)))
        #expect(half.isSampled(TraceID(high: 0, low: 0)) && half.isSampled(TraceID(high: .max, low: 0)))
        #expect(half.shouldSample(parameters(traceID: atBound)).decision == .drop)
        #expect(half.shouldSample(parameters(traceID: justBelow)).decision == .recordAndSample)
    }

    @Test func ratioZeroSamplesNothingAndRatioOneEverything() {
        let none = TraceIDRatioSampler(ratio: 0)
        let all = TraceIDRatioSampler(ratio: 1)
        for low: UInt64 in [0, 1, 2, 1 << 62, 1 << 63, .max] {
            #expect(!none.isSampled(TraceID(high: 7, low: low)))
            #expect(all.isSampled(TraceID(high: 7, low: low)))
        }
        #expect(TraceIDRatioSampler(ratio: 0.25).description == "TraceIdRatioBased{0.25}")
    }

    @Test func ratioOutsideTheUnitIntervalIsClamped() {
        #expect(TraceIDRatioSampler(ratio: 3).ratio == 1)
        #expect(TraceIDRatioSampler(ratio: -1).ratio == 0)
        #expect(TraceIDRatioSampler(ratio: .nan).ratio == 0)
    }

    @Test func ratioSamplesAboutTheRatioOfRandomTraces() {
        let sampler = TraceIDRatioSampler(ratio: 0.25)
        let generator = RandomIDGenerator()
        let total = 100_000
        let sampled = (0..<total).filter { _ in sampler.isSampled(generator.newTraceID()) }.count
        #expect(abs(Double(sampled) / Double(total) - 0.25) < 0.01)
    }

    @Test func parentBasedAsksTheDelegateForEachKindOfParent() {
        let sampler = ParentBasedSampler(
            root: MarkerSampler(name: "root"),
            remoteParentSampled: MarkerSampler(name: "remoteSampled"),
            remoteParentNotSampled: MarkerSampler(name: "remoteNotSampled"),
            localParentSampled: MarkerSampler(name: "localSampled"),
            localParentNotSampled: MarkerSampler(name: "localNotSampled"))
        func context(remote: Bool, sampled: Bool) -> SpanContext {
            SpanContext(
                traceID: TraceID(high: 1, low: 2), spanID: SpanID(3), traceFlags: sampled ? .sampled : [],
                isRemote: remote)
        }
        func chosen(_ parent: SpanContext?) -> AttributeValue? {
            sampler.shouldSample(parameters(parent: parent)).attributes["sampler"]
        }
        #expect(chosen(nil) == "root")
        #expect(chosen(.invalid) == "root")
        #expect(chosen(context(remote: true, sampled: true)) == "remoteSampled")
        #expect(chosen(context(remote: true, sampled: false)) == "remoteNotSampled")
        #expect(chosen(context(remote: false, sampled: true)) == "localSampled")
        #expect(chosen(context(remote: false, sampled: false)) == "localNotSampled")
    }

    @Test func parentBasedDefaultsFollowTheParentsFlag() {
        let sampler = ParentBasedSampler(root: AlwaysOffSampler())
        for remote in [true, false] {
            let sampled = SpanContext(
                traceID: TraceID(high: 1, low: 2), spanID: SpanID(3), traceFlags: .sampled, isRemote: remote)
            var unsampled = sampled
            unsampled.traceFlags = []
            #expect(sampler.shouldSample(parameters(parent: sampled)).decision == .recordAndSample)
            #expect(sampler.shouldSample(parameters(parent: unsampled)).decision == .drop)
        }
        #expect(sampler.shouldSample(parameters()).decision == .drop)
    }

    @Test func tracerHonoursARemoteParentsDecision() {
        let (provider, exporter) = TraceTestSupport.simpleProvider(
            sampler: ParentBasedSampler(root: AlwaysOffSampler()))
        let tracer = provider.tracer("test")
        let remote = SpanContext(
            traceID: TraceID(high: 9, low: 9), spanID: SpanID(7), traceFlags: .sampled, isRemote: true)
        tracer.startSpan("child", parent: .context(remote)).end()
        var unsampled = remote
        unsampled.traceFlags = []
        let dropped = tracer.startSpan("dropped", parent: .context(unsampled))
        dropped.end()
        tracer.startSpan("root").end()

        let spans = exporter.finishedSpans
        #expect(spans.map(\.name) == ["child"])
        #expect(spans.first?.context.traceID == remote.traceID)
        #expect(spans.first?.parentSpanID == remote.spanID)
        #expect(spans.first?.isParentRemote == true)
        #expect(!dropped.isRecording)
        #expect(dropped.context.traceID == unsampled.traceID)
        #expect(!dropped.context.isSampled)
    }

    @Test func recordOnlySpansRecordButAreNotExported() {
        let (provider, exporter) = TraceTestSupport.simpleProvider(sampler: MarkerSampler(name: "only"))
        let span = provider.tracer("test").startSpan("recorded")
        #expect(span.isRecording)
        #expect(!span.context.isSampled)
        span.end()
        #expect(exporter.finishedSpans.isEmpty)
    }

    @Test func samplerAttributesAndTraceStateReachTheSpan() throws {
        struct TaggingSampler: Sampler {
            func shouldSample(_ parameters: SamplingParameters) -> SamplingResult {
                SamplingResult(
                    decision: .recordAndSample, attributes: ["sampled.by": "tagger"],
                    traceState: TraceState().setting("vendor", "x1"))
            }
            var description: String { "TaggingSampler" }
        }
        let (provider, exporter) = TraceTestSupport.simpleProvider(sampler: TaggingSampler())
        provider.tracer("test").startSpan("tagged", attributes: ["own": 1]).end()
        let span = try #require(exporter.finishedSpans.first)
        #expect(span.attributes["own"] == 1)
        #expect(span.attributes["sampled.by"] == "tagger")
        #expect(span.context.traceState["vendor"] == "x1")
    }

    @Test func startAttributesAreEvaluatedOnlyWhenTheSamplerNeedsThem() {
        for needsAttributes in [false, true] {
            let sampler = AttributeReadingSampler(needsAttributes: needsAttributes)
            let provider = TraceTestSupport.tracerProvider(sampler: sampler, processors: [])
            let evaluations = Mutex(0)
            func attributes() -> Attributes {
                evaluations.withLock { $0 += 1 }
                return ["key": "value"]
            }
            let span = provider.tracer("test").startSpan("lazy", attributes: attributes())
            #expect(!span.isRecording)
            #expect(evaluations.withLock { $0 } == (needsAttributes ? 1 : 0))
            #expect(sampler.seenAttributes == [needsAttributes ? ["key": "value"] : [:]])
        }
    }

    @Test(arguments: [
        ("always_on", SamplerConfiguration.alwaysOn),
        ("always_off", .alwaysOff),
        ("traceidratio", .traceIDRatio(1)),
        ("parentbased_always_on", .parentBasedAlwaysOn),
        ("parentbased_always_off", .parentBasedAlwaysOff),
        ("parentbased_traceidratio", .parentBasedTraceIDRatio(1)),
        (" Always_On ", .alwaysOn),
    ])
    func environmentNamesEachSampler(name: String, expected: SamplerConfiguration) {
        #expect(SamplerConfiguration(environment: OtelEnvironment(["OTEL_TRACES_SAMPLER": name])) == expected)
    }

    @Test func environmentRatioArgument() {
        let configuration = SamplerConfiguration(
            environment: OtelEnvironment(["OTEL_TRACES_SAMPLER": "traceidratio", "OTEL_TRACES_SAMPLER_ARG": "0.125"]))
        #expect(configuration == .traceIDRatio(0.125))
        let sampler = configuration.makeSampler()
        #expect(sampler.description == "TraceIdRatioBased{0.125}")
        let parentBased = SamplerConfiguration(
            environment: OtelEnvironment([
                "OTEL_TRACES_SAMPLER": "parentbased_traceidratio", "OTEL_TRACES_SAMPLER_ARG": "0",
            ]))
        #expect(parentBased == .parentBasedTraceIDRatio(0))
        #expect(parentBased.makeSampler().description.hasPrefix("ParentBased{root=TraceIdRatioBased{0.0}"))
    }

    @Test func unsetOrInvalidSamplerFallsBackToParentBasedAlwaysOn() {
        #expect(SamplerConfiguration(environment: OtelEnvironment([:])) == .parentBasedAlwaysOn)
        #expect(SamplerConfiguration(environment: OtelEnvironment(["OTEL_TRACES_SAMPLER": ""])) == .parentBasedAlwaysOn)
        #expect(
            SamplerConfiguration(environment: OtelEnvironment(["OTEL_TRACES_SAMPLER": "jaeger_remote"]))
                == .parentBasedAlwaysOn)
        #expect(throws: SamplerConfigurationError.unknownSampler("jaeger_remote")) {
            try SamplerConfiguration.parse(name: "jaeger_remote", argument: nil)
        }
        #expect(SamplerConfigurationError.unknownSampler("x").description.contains("parentbased_always_on"))
    }

    @Test(arguments: ["1.5", "-0.1", "half", "nan"])
    func invalidRatioIsReportedAndUsesOne(argument: String) {
        #expect(throws: SamplerConfigurationError.invalidRatio(argument)) {
            try SamplerConfiguration.parse(name: "traceidratio", argument: argument)
        }
        let configuration = SamplerConfiguration(
            environment: OtelEnvironment(["OTEL_TRACES_SAMPLER": "traceidratio", "OTEL_TRACES_SAMPLER_ARG": argument]))
        #expect(configuration == .traceIDRatio(1))
    }

    @Test func providerReadsTheSamplerFromTheEnvironment() {
        let provider = SDKTracerProvider(
            resource: TraceTestSupport.resource, environment: OtelEnvironment(["OTEL_TRACES_SAMPLER": "always_off"]))
        #expect(provider.sampler.description == "AlwaysOffSampler")
        #expect(!provider.tracer("test").startSpan("dropped").isRecording)
        let defaulted = SDKTracerProvider(resource: TraceTestSupport.resource, environment: OtelEnvironment([:]))
        #expect(defaulted.sampler.description.hasPrefix("ParentBased{root=AlwaysOnSampler"))
    }
}
