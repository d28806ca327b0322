import OtelAPI

/// A stream to create for an instrument in one reader: the instrument as a view reshaped it.
struct StreamSpec {
    var name: String
    var description: String
    var unit: String
    var aggregation: ResolvedAggregation
    var attributeKeys: [String]?
    var cardinalityLimit: Int
}

/// An aggregation with every default filled in.
enum ResolvedAggregation {
    case sum(isMonotonic: Bool)
    case lastValue
    case explicitHistogram(boundaries: [Double])
    case exponentialHistogram(maxSize: Int, maxScale: Int)
}

/// Turns an instrument and the provider's views into the streams to create.
enum StreamResolution {
    /// The streams of `descriptor` in the meter `meterName`: one per selecting view (none for
    /// a view that drops it), or the default stream when no view selects it.
    static func specs(
        for descriptor: InstrumentDescriptor, meterName: String, views: [View], cardinalityLimit: Int
    ) -> [StreamSpec] {
        let selecting = views.filter { $0.selects(descriptor, meterName: meterName) }
        guard !selecting.isEmpty else {
            return [
                StreamSpec(
                    name: descriptor.name, description: descriptor.description, unit: descriptor.unit,
                    aggregation: defaultAggregation(for: descriptor), attributeKeys: nil,
                    cardinalityLimit: cardinalityLimit)
            ]
        }
        return selecting.compactMap { view in
            guard let aggregation = resolve(view.aggregation, for: descriptor) else { return nil }
            return StreamSpec(
                name: view.name ?? descriptor.name,
                description: view.description ?? descriptor.description,
                unit: descriptor.unit,
                aggregation: aggregation,
                attributeKeys: view.attributeKeys,
                cardinalityLimit: view.cardinalityLimit ?? cardinalityLimit)
        }
    }

    /// The aggregation of `descriptor`'s kind when no view says otherwise.
    static func defaultAggregation(for descriptor: InstrumentDescriptor) -> ResolvedAggregation {
        switch descriptor.kind {
        case .counter, .observableCounter: return .sum(isMonotonic: true)
        case .upDownCounter, .observableUpDownCounter: return .sum(isMonotonic: false)
        case .gauge, .observableGauge: return .lastValue
        case .histogram: return .explicitHistogram(boundaries: histogramBoundaries(advised: descriptor))
        }
    }

    /// `aggregation` for `descriptor`, `nil` to drop the stream. Histograms of observable
    /// instruments are not supported: they are reported and the default applies.
    static func resolve(_ aggregation: Aggregation?, for descriptor: InstrumentDescriptor) -> ResolvedAggregation? {
        guard let aggregation else { return defaultAggregation(for: descriptor) }
        let isObservable = [.observableCounter, .observableUpDownCounter, .observableGauge].contains(descriptor.kind)
        switch aggregation.kind {
        case .drop: return nil
        case .default: return defaultAggregation(for: descriptor)
        case .sum:
            return .sum(isMonotonic: [.counter, .histogram, .observableCounter].contains(descriptor.kind))
        case .lastValue: return .lastValue
        case .explicitBucketHistogram(let boundaries):
            guard !isObservable else { return unsupported(aggregation, descriptor) }
            return .explicitHistogram(boundaries: boundaries ?? histogramBoundaries(advised: descriptor))
        case .base2ExponentialHistogram(let maxSize, let maxScale):
            guard !isObservable else { return unsupported(aggregation, descriptor) }
            return .exponentialHistogram(maxSize: maxSize, maxScale: maxScale)
        }
    }

    private static func unsupported(
        _ aggregation: Aggregation, _ descriptor: InstrumentDescriptor
    ) -> ResolvedAggregation {
        OtelDiagnostics.report(
            .warning,
            "a view asks for \(aggregation) on the observable instrument \(descriptor.name), which only supports "
                + "sum and lastValue; using its default aggregation")
        return defaultAggregation(for: descriptor)
    }

    /// The instrument's advisory boundaries when valid, else the specification's defaults.
    static func histogramBoundaries(advised descriptor: InstrumentDescriptor) -> [Double] {
        guard let advised = descriptor.bucketBoundaries else { return BucketBounds.defaultBoundaries }
        if let problem = BucketBounds.problem(with: advised) {
            OtelDiagnostics.report(
                .warning,
                "ignoring the advisory bucket boundaries of histogram \(descriptor.name): \(problem); "
                    + "using the default boundaries")
            return BucketBounds.defaultBoundaries
        }
        return advised
    }
}
