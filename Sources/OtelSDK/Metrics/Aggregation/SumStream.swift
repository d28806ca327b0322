import OtelAPI

/// The aggregation of a stream whose cells hold one number: a sum (monotonic or not) or the last
/// value.
enum NumberAggregation: Sendable {
    /// A sum; monotonic for counters and histograms.
    case sum(isMonotonic: Bool)
    /// The last value.
    case lastValue
}

/// A stream of a synchronous instrument aggregated as a sum, over sharded ``SumSeries`` cells of
/// `Int64` or `Double`.
final class SumStream: CollectableStream {
    let configuration: StreamConfiguration
    let isMonotonic: Bool
    /// Whether the cells hold doubles (else `Int64`).
    let isDouble: Bool
    let series: SeriesMap<SumSeries>
    private let window: DeltaWindow

    init(configuration: StreamConfiguration, isMonotonic: Bool, isDouble: Bool) {
        self.configuration = configuration
        self.isMonotonic = isMonotonic
        self.isDouble = isDouble
        let shards = RecordingShards.count
        series = SeriesMap(limit: configuration.cardinalityLimit, filter: configuration.filter) {
            SumSeries(attributes: $0, hash: $1, startTime: $2, shards: shards)
        }
        window = DeltaWindow(start: .now())
    }

    /// Records an integer measurement into the series of `key`.
    @inline(__always)
    func record<Key: SeriesKey>(_ value: Int64, key: Key, unfilteredHash: UInt64, admit: () -> Bool) -> Bool {
        let hash = series.filter == nil ? unfilteredHash : key.seriesHash(series.filter)
        if let locked = series.lockExisting(key, hash: hash) {
            locked.series._withUnsafeGuaranteedRef { add(value, to: $0, shard: locked.shard) }
            locked.unlock()
            return true
        }
        return series.withNewSeries(key, hash: hash, admit: admit) { add(value, to: $0, shard: $1) }
    }

    /// Records a double measurement into the series of `key`.
    @inline(__always)
    func record<Key: SeriesKey>(_ value: Double, key: Key, unfilteredHash: UInt64, admit: () -> Bool) -> Bool {
        let hash = series.filter == nil ? unfilteredHash : key.seriesHash(series.filter)
        if let locked = series.lockExisting(key, hash: hash) {
            locked.series._withUnsafeGuaranteedRef { add(value, to: $0, shard: locked.shard) }
            locked.unlock()
            return true
        }
        return series.withNewSeries(key, hash: hash, admit: admit) { add(value, to: $0, shard: $1) }
    }

    @inline(__always)
    private func add(_ value: Int64, to cell: SumSeries, shard: Int) {
        if isDouble { cell.add(Double(value), shard: shard) } else { cell.add(value, shard: shard) }
    }

    @inline(__always)
    private func add(_ value: Double, to cell: SumSeries, shard: Int) {
        if isDouble { cell.add(value, shard: shard) } else { cell.add(LastValueStream.integer(value), shard: shard) }
    }

    /// Records an integer measurement into a pinned series (a bound handle's), holding no lock.
    @inline(__always)
    func recordBound(_ value: Int64, into series: SumSeries) {
        if isDouble { series.cell.add(Double(value)) } else { series.cell.add(value) }
    }

    /// Records a double measurement into a pinned series (a bound handle's), holding no lock.
    @inline(__always)
    func recordBound(_ value: Double, into series: SumSeries) {
        if isDouble { series.cell.add(value) } else { series.cell.add(LastValueStream.integer(value)) }
    }

    func collect(at time: Timestamp) -> MetricData? {
        var points: [NumberDataPoint] = []
        let temporality = configuration.temporality
        if temporality == .delta {
            let start = window.advance(to: time)
            var idle: Set<ObjectIdentifier> = []
            series.forEach { cell in
                let (bits, marked) = cell.take(reset: true, isDouble: isDouble)
                if marked || bits != 0 {
                    points.append(point(cell, start: start, time: time, bits: bits))
                } else if !cell.isPinned {
                    idle.insert(ObjectIdentifier(cell))
                }
            }
            let (bits, marked) = series.overflow.take(reset: true, isDouble: isDouble)
            if marked || bits != 0 { points.append(point(series.overflow, start: start, time: time, bits: bits)) }
            // Forget the series that saw nothing in the interval; under the whole lock, so a
            // measurement that landed since the pass above keeps its series.
            if !idle.isEmpty {
                series.forget { idle.contains(ObjectIdentifier($0)) && !$0.isPinned && !$0.hasPendingData }
            }
        } else {
            series.forEach { cell in
                let (bits, marked) = cell.take(reset: false, isDouble: isDouble)
                if marked { points.append(point(cell, start: cell.startTime, time: time, bits: bits)) }
            }
            let overflow = series.overflow
            let (bits, marked) = overflow.take(reset: false, isDouble: isDouble)
            if marked { points.append(point(overflow, start: overflow.startTime, time: time, bits: bits)) }
        }
        guard !points.isEmpty else { return nil }
        return MetricData(
            name: configuration.name, description: configuration.description, unit: configuration.unit,
            data: .sum(SumData(points: points, aggregationTemporality: temporality, isMonotonic: isMonotonic)))
    }

    private func point(_ cell: SumSeries, start: Timestamp, time: Timestamp, bits: UInt64) -> NumberDataPoint {
        NumberDataPoint(
            attributes: cell.attributes, startTime: start, time: time,
            value: isDouble ? .double(Double(bitPattern: bits)) : .int(Int64(bitPattern: bits)))
    }
}
