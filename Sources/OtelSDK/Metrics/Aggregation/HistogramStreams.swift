import OtelAPI

/// A stream aggregated as an explicit-bucket histogram.
final class ExplicitHistogramStream: CollectableStream {
    let configuration: StreamConfiguration
    let bounds: BucketBounds
    let series: SeriesMap<HistogramSeries>
    private let window: DeltaWindow

    init(configuration: StreamConfiguration, boundaries: [Double]) {
        self.configuration = configuration
        let bounds = BucketBounds(boundaries)
        self.bounds = bounds
        series = SeriesMap(limit: configuration.cardinalityLimit, filter: configuration.filter) {
            HistogramSeries(attributes: $0, hash: $1, startTime: $2, bounds: bounds)
        }
        window = DeltaWindow(start: .now())
    }

    /// Records a finite measurement into the series of `key`.
    @inline(__always)
    func record<Key: SeriesKey>(_ value: Double, key: Key, unfilteredHash: UInt64, admit: () -> Bool) -> Bool {
        let hash = series.filter == nil ? unfilteredHash : key.seriesHash(series.filter)
        if let locked = series.lockExisting(key, hash: hash) {
            locked.series._withUnsafeGuaranteedRef { $0.record(value, shard: locked.shard) }
            locked.unlock()
            return true
        }
        return series.withNewSeries(key, hash: hash, admit: admit) { cell, shard in cell.record(value, shard: shard) }
    }

    func collect(at time: Timestamp) -> MetricData? {
        var points: [HistogramDataPoint] = []
        let temporality = configuration.temporality
        if temporality == .delta {
            let start = window.advance(to: time)
            var idle: Set<ObjectIdentifier> = []
            series.forEach { cell in
                let marked = cell.takeMark()
                if let snapshot = cell.snapshot(reset: true) {
                    points.append(point(cell, snapshot, start: start, time: time))
                } else if !marked && !cell.isPinned {
                    idle.insert(ObjectIdentifier(cell))
                }
            }
            if !idle.isEmpty {
                series.forget { idle.contains(ObjectIdentifier($0)) && !$0.isPinned && !$0.hasPendingData }
            }
            if let snapshot = series.overflow.snapshot(reset: true) {
                points.append(point(series.overflow, snapshot, start: start, time: time))
            }
        } else {
            series.forEach { cell in
                if let snapshot = cell.snapshot(reset: false) {
                    points.append(point(cell, snapshot, start: cell.startTime, time: time))
                }
            }
            if let snapshot = series.overflow.snapshot(reset: false) {
                points.append(point(series.overflow, snapshot, start: series.overflow.startTime, time: time))
            }
        }
        guard !points.isEmpty else { return nil }
        return MetricData(
            name: configuration.name, description: configuration.description, unit: configuration.unit,
            data: .histogram(HistogramData(points: points, aggregationTemporality: temporality)))
    }

    private func point(
        _ cell: HistogramSeries, _ snapshot: HistogramSnapshot, start: Timestamp, time: Timestamp
    ) -> HistogramDataPoint {
        HistogramDataPoint(
            attributes: cell.attributes, startTime: start, time: time, count: snapshot.count, sum: snapshot.sum,
            min: snapshot.min, max: snapshot.max, explicitBounds: bounds.values, bucketCounts: snapshot.bucketCounts)
    }
}

/// A stream aggregated as a base-2 exponential histogram.
final class ExponentialHistogramStream: CollectableStream {
    let configuration: StreamConfiguration
    let series: SeriesMap<ExponentialHistogramSeries>
    private let window: DeltaWindow

    init(configuration: StreamConfiguration, maxSize: Int, maxScale: Int) {
        self.configuration = configuration
        series = SeriesMap(limit: configuration.cardinalityLimit, filter: configuration.filter) {
            ExponentialHistogramSeries(
                attributes: $0, hash: $1, startTime: $2, maxSize: maxSize, maxScale: maxScale)
        }
        window = DeltaWindow(start: .now())
    }

    /// Records a finite measurement into the series of `key`.
    @inline(__always)
    func record<Key: SeriesKey>(_ value: Double, key: Key, unfilteredHash: UInt64, admit: () -> Bool) -> Bool {
        let hash = series.filter == nil ? unfilteredHash : key.seriesHash(series.filter)
        if let locked = series.lockExisting(key, hash: hash) {
            locked.series._withUnsafeGuaranteedRef { $0.record(value, shard: locked.shard) }
            locked.unlock()
            return true
        }
        return series.withNewSeries(key, hash: hash, admit: admit) { cell, shard in cell.record(value, shard: shard) }
    }

    func collect(at time: Timestamp) -> MetricData? {
        var points: [ExponentialHistogramDataPoint] = []
        let temporality = configuration.temporality
        if temporality == .delta {
            let start = window.advance(to: time)
            var idle: Set<ObjectIdentifier> = []
            series.forEach { cell in
                let marked = cell.takeMark()
                if let snapshot = cell.snapshot(reset: true) {
                    points.append(Self.point(cell.attributes, snapshot, start: start, time: time))
                } else if !marked && !cell.isPinned {
                    idle.insert(ObjectIdentifier(cell))
                }
            }
            if !idle.isEmpty {
                series.forget { idle.contains(ObjectIdentifier($0)) && !$0.isPinned && !$0.hasPendingData }
            }
            if let snapshot = series.overflow.snapshot(reset: true) {
                points.append(Self.point(series.overflow.attributes, snapshot, start: start, time: time))
            }
        } else {
            series.forEach { cell in
                if let snapshot = cell.snapshot(reset: false) {
                    points.append(Self.point(cell.attributes, snapshot, start: cell.startTime, time: time))
                }
            }
            if let snapshot = series.overflow.snapshot(reset: false) {
                points.append(
                    Self.point(series.overflow.attributes, snapshot, start: series.overflow.startTime, time: time))
            }
        }
        guard !points.isEmpty else { return nil }
        return MetricData(
            name: configuration.name, description: configuration.description, unit: configuration.unit,
            data: .exponentialHistogram(
                ExponentialHistogramData(points: points, aggregationTemporality: temporality)))
    }

    private static func point(
        _ attributes: Attributes, _ state: ExponentialHistogramAccumulator, start: Timestamp, time: Timestamp
    ) -> ExponentialHistogramDataPoint {
        ExponentialHistogramDataPoint(
            attributes: attributes, startTime: start, time: time, count: state.count, sum: state.sum,
            min: state.min, max: state.max, scale: Int32(state.scale), zeroCount: state.zeroCount,
            zeroThreshold: 0, positive: state.positive.exported, negative: state.negative.exported)
    }
}
