import OtelAPI
import Synchronization

/// One reader's view of the provider: the streams created for it (with its temporality) and the
/// observable instruments whose callbacks its collections run.
final class MetricPipeline: Sendable {
    private struct Registry {
        var streams: [any CollectableStream] = []
        var observables: [(instrument: ObservableInstrument, streams: [AsyncNumberStream])] = []
    }

    let resource: Resource
    private let temporalities: [InstrumentKind: AggregationTemporality]
    private let registry = Mutex(Registry())
    /// Serializes collections, so that delta windows follow one another.
    private let collecting = Mutex(())

    init(resource: Resource, reader: any MetricReader) {
        self.resource = resource
        var temporalities: [InstrumentKind: AggregationTemporality] = [:]
        for kind in InstrumentKind.allCases { temporalities[kind] = reader.temporality(for: kind) }
        self.temporalities = temporalities
    }

    /// The reader's temporality for `kind`.
    func temporality(for kind: InstrumentKind) -> AggregationTemporality { temporalities[kind] ?? .cumulative }

    /// Creates and registers the streams of a synchronous instrument.
    func makeSinks(
        for descriptor: InstrumentDescriptor, scope: InstrumentationScope, isDouble: Bool, specs: [StreamSpec]
    ) -> [StreamSink] {
        let sinks: [StreamSink] = specs.map { spec in
            let configuration = configuration(spec, descriptor: descriptor, scope: scope)
            switch spec.aggregation {
            case .sum(let isMonotonic):
                return .sum(SumStream(configuration: configuration, isMonotonic: isMonotonic, isDouble: isDouble))
            case .lastValue:
                return .lastValue(LastValueStream(configuration: configuration, isDouble: isDouble))
            case .explicitHistogram(let boundaries):
                return .explicitHistogram(ExplicitHistogramStream(configuration: configuration, boundaries: boundaries))
            case .exponentialHistogram(let maxSize, let maxScale):
                return .exponentialHistogram(
                    ExponentialHistogramStream(configuration: configuration, maxSize: maxSize, maxScale: maxScale))
            }
        }
        registry.withLock { $0.streams.append(contentsOf: sinks.map(\.stream)) }
        return sinks
    }

    /// Creates and registers the streams of an observable instrument.
    func register(_ instrument: ObservableInstrument, scope: InstrumentationScope, specs: [StreamSpec]) {
        let streams: [AsyncNumberStream] = specs.map { spec in
            let aggregation: NumberAggregation
            if case .sum(let isMonotonic) = spec.aggregation {
                aggregation = .sum(isMonotonic: isMonotonic)
            } else {
                aggregation = .lastValue
            }
            return AsyncNumberStream(
                configuration: configuration(spec, descriptor: instrument.descriptor, scope: scope),
                aggregation: aggregation)
        }
        registry.withLock { registry in
            registry.streams.append(contentsOf: streams as [any CollectableStream])
            if !streams.isEmpty { registry.observables.append((instrument, streams)) }
        }
    }

    private func configuration(
        _ spec: StreamSpec, descriptor: InstrumentDescriptor, scope: InstrumentationScope
    ) -> StreamConfiguration {
        StreamConfiguration(
            name: spec.name, description: spec.description, unit: spec.unit, scope: scope,
            temporality: temporality(for: descriptor.kind),
            filter: spec.attributeKeys.map { AttributeKeyFilter(keys: $0) },
            cardinalityLimit: spec.cardinalityLimit)
    }

    /// Runs the callbacks, then collects every stream, grouped by scope in creation order.
    /// Recording continues meanwhile; no lock the recording path takes is held for long.
    func collect() -> ResourceMetrics {
        collecting.withLock { _ in
            let registered = registry.withLock { $0 }
            for observable in registered.observables { observable.instrument.observe(into: observable.streams) }
            let time = Timestamp.now()
            var scopes: [InstrumentationScope] = []
            var metricsByScope: [InstrumentationScope: [MetricData]] = [:]
            for stream in registered.streams {
                guard let metric = stream.collect(at: time) else { continue }
                let scope = stream.configuration.scope
                if metricsByScope[scope] == nil { scopes.append(scope) }
                metricsByScope[scope, default: []].append(metric)
            }
            return ResourceMetrics(
                resource: resource,
                scopeMetrics: scopes.map { ScopeMetrics(scope: $0, metrics: metricsByScope[$0] ?? []) })
        }
    }
}
