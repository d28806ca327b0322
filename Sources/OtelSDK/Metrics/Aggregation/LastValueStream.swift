import OtelAPI

/// A stream of a synchronous instrument aggregated as the last value, over ``LastValueSeries``
/// cells of `Int64` or `Double`.
final class LastValueStream: CollectableStream {
    let configuration: StreamConfiguration
    /// Whether the cells hold doubles (else `Int64`).
    let isDouble: Bool
    let series: SeriesMap<LastValueSeries>
    private let window: DeltaWindow

    init(configuration: StreamConfiguration, isDouble: Bool) {
        self.configuration = configuration
        self.isDouble = isDouble
        series = SeriesMap(limit: configuration.cardinalityLimit, filter: configuration.filter) {
            LastValueSeries(attributes: $0, hash: $1, startTime: $2)
        }
        window = DeltaWindow(start: .now())
    }

    /// A finite double as an integer, truncated toward zero and clamped to the `Int64` range.
    @inline(__always)
    static func integer(_ value: Double) -> Int64 {
        if value >= 9_223_372_036_854_775_808 { return .max }
        if value <= -9_223_372_036_854_775_808 { return .min }
        return Int64(value)
    }

    /// The bits a cell stores for `value`.
    @inline(__always)
    func bits(_ value: Int64) -> UInt64 { isDouble ? Double(value).bitPattern : UInt64(bitPattern: value) }

    /// The bits a cell stores for `value`.
    @inline(__always)
    func bits(_ value: Double) -> UInt64 { isDouble ? value.bitPattern : UInt64(bitPattern: Self.integer(value)) }

    /// Records a measurement, given as the bits to store, into the series of `key`.
    @inline(__always)
    func record<Key: SeriesKey>(bits value: UInt64, key: Key, unfilteredHash: UInt64, admit: () -> Bool) -> Bool {
        let hash = series.filter == nil ? unfilteredHash : key.seriesHash(series.filter)
        if let locked = series.lockExisting(key, hash: hash) {
            locked.series._withUnsafeGuaranteedRef { $0.set(bits: value) }
            locked.unlock()
            return true
        }
        return series.withNewSeries(key, hash: hash, admit: admit) { cell, _ in cell.set(bits: value) }
    }

    func collect(at time: Timestamp) -> MetricData? {
        var points: [NumberDataPoint] = []
        if configuration.temporality == .delta {
            let start = window.advance(to: time)
            var idle: Set<ObjectIdentifier> = []
            series.forEach { cell in
                // The mark first, then the value: a value stored after the mark was taken is
                // newer and sets the mark again for the next collection.
                if cell.marked.exchange(false, ordering: .acquiring) {
                    points.append(point(cell, start: start, time: time))
                } else if !cell.isPinned {
                    idle.insert(ObjectIdentifier(cell))
                }
            }
            if series.overflow.marked.exchange(false, ordering: .acquiring) {
                points.append(point(series.overflow, start: start, time: time))
            }
            if !idle.isEmpty {
                series.forget {
                    idle.contains(ObjectIdentifier($0)) && !$0.isPinned && !$0.marked.load(ordering: .acquiring)
                }
            }
        } else {
            series.forEach { cell in
                if cell.marked.load(ordering: .acquiring) {
                    points.append(point(cell, start: cell.startTime, time: time))
                }
            }
            let overflow = series.overflow
            if overflow.marked.load(ordering: .acquiring) {
                points.append(point(overflow, start: overflow.startTime, time: time))
            }
        }
        guard !points.isEmpty else { return nil }
        return MetricData(
            name: configuration.name, description: configuration.description, unit: configuration.unit,
            data: .gauge(GaugeData(points: points)))
    }

    private func point(_ cell: LastValueSeries, start: Timestamp, time: Timestamp) -> NumberDataPoint {
        let bits = cell.bits.load(ordering: .relaxed)
        return NumberDataPoint(
            attributes: cell.attributes, startTime: start, time: time,
            value: isDouble ? .double(Double(bitPattern: bits)) : .int(Int64(bitPattern: bits)))
    }
}
