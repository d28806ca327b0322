import OtelAPI
import Synchronization

/// What a provider's meters share: the pipelines (one per reader), the views, and the registry
/// that makes a second request for the same instrument return the first one.
final class MeterProviderState: Sendable {
    /// What identifies an instrument within a provider: the specification's identifying fields.
    private struct Identity: Hashable {
        var scope: InstrumentationScope
        var name: String
        var kind: InstrumentKind
        var unit: String
        var description: String
        var isDouble: Bool
    }

    private struct Registry {
        var sync: [Identity: SyncInstrument] = [:]
        var observable: [Identity: ObservableInstrument] = [:]
        /// Every identity created under a scope and lowercased name, to report conflicts.
        var identitiesByName: [String: [Identity]] = [:]
    }

    let resource: Resource
    let views: [View]
    let cardinalityLimit: Int
    let readers: [any MetricReader]
    let pipelines: [MetricPipeline]
    private let registry = Mutex(Registry())
    private let shutdown = Atomic<Bool>(false)

    init(resource: Resource, readers: [any MetricReader], views: [View], cardinalityLimit: Int) {
        self.resource = resource
        self.readers = readers
        self.cardinalityLimit = cardinalityLimit
        self.views = views.filter { view in
            guard let problem = view.problem else { return true }
            OtelDiagnostics.report(.warning, "ignoring a metric view: \(problem)")
            return false
        }
        pipelines = readers.map { MetricPipeline(resource: resource, reader: $0) }
    }

    /// Whether the provider was shut down.
    var isShutdown: Bool { shutdown.load(ordering: .acquiring) }

    /// Marks the provider shut down; returns whether this call did.
    func markShutdown() -> Bool {
        !shutdown.exchange(true, ordering: .acquiringAndReleasing)
    }

    /// The synchronous instrument of `descriptor` in `scope`, created on first request.
    func syncInstrument(
        _ descriptor: InstrumentDescriptor, scope: InstrumentationScope, isDouble: Bool
    ) -> SyncInstrument {
        let identity = Self.identity(descriptor, scope: scope, isDouble: isDouble)
        return registry.withLock { registry in
            if let existing = registry.sync[identity] { return existing }
            noteConflicts(identity, in: &registry)
            let specs = StreamResolution.specs(
                for: descriptor, meterName: scope.name, views: views, cardinalityLimit: cardinalityLimit)
            let sinks = pipelines.flatMap {
                $0.makeSinks(for: descriptor, scope: scope, isDouble: isDouble, specs: specs)
            }
            let instrument = SyncInstrument(descriptor: descriptor, sinks: sinks)
            registry.sync[identity] = instrument
            return instrument
        }
    }

    /// The observable instrument of `descriptor` in `scope`, created on first request.
    func observableInstrument(
        _ descriptor: InstrumentDescriptor, scope: InstrumentationScope, isDouble: Bool
    ) -> ObservableInstrument {
        let identity = Self.identity(descriptor, scope: scope, isDouble: isDouble)
        return registry.withLock { registry in
            if let existing = registry.observable[identity] { return existing }
            noteConflicts(identity, in: &registry)
            let specs = StreamResolution.specs(
                for: descriptor, meterName: scope.name, views: views, cardinalityLimit: cardinalityLimit)
            let instrument = ObservableInstrument(descriptor: descriptor)
            for pipeline in pipelines { pipeline.register(instrument, scope: scope, specs: specs) }
            registry.observable[identity] = instrument
            return instrument
        }
    }

    private static func identity(
        _ descriptor: InstrumentDescriptor, scope: InstrumentationScope, isDouble: Bool
    ) -> Identity {
        Identity(
            scope: scope, name: descriptor.name.lowercased(), kind: descriptor.kind, unit: descriptor.unit,
            description: descriptor.description, isDouble: isDouble)
    }

    /// Reports an instrument whose name another instrument of the meter already uses with a
    /// different kind, unit, description or value type: both are kept and exported.
    private func noteConflicts(_ identity: Identity, in registry: inout Registry) {
        let key = identity.scope.name + "\u{0}" + identity.name
        if let others = registry.identitiesByName[key], let other = others.first {
            OtelDiagnostics.report(
                .warning,
                "duplicate instrument \(identity.name) in meter \(identity.scope.name): created as "
                    + "\(other.kind) (unit '\(other.unit)') and now as \(identity.kind) (unit '\(identity.unit)'); "
                    + "both are exported, give them distinct names or a view")
        }
        registry.identitiesByName[key, default: []].append(identity)
    }
}
