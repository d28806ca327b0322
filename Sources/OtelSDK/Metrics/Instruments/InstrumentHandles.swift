import OtelAPI

// The values OtelAPI's instrument protocols see. Each wraps one reference, so that as an
// existential it is stored inline (no allocation per handle), and each is concrete in its value
// type, so that recording through the existential runs specialized code.

/// A counter or up-down counter of `Int64`.
struct Int64SumHandle: Counter, UpDownCounter {
    let instrument: SyncInstrument

    @inline(__always)
    func add(_ value: Int64, attributes: Attributes) { instrument.record(value, attributes: attributes) }

    func bind(_ attributes: Attributes) -> BoundCounter<Int64> {
        instrument.bindCounter(attributes, Int64BoundHandle.init)
    }
}

/// A counter or up-down counter of `Double`.
struct DoubleSumHandle: Counter, UpDownCounter {
    let instrument: SyncInstrument

    @inline(__always)
    func add(_ value: Double, attributes: Attributes) { instrument.record(value, attributes: attributes) }

    func bind(_ attributes: Attributes) -> BoundCounter<Double> {
        instrument.bindCounter(attributes, DoubleBoundHandle.init)
    }
}

/// A histogram of `Int64`.
struct Int64HistogramHandle: Histogram {
    let instrument: SyncInstrument

    @inline(__always)
    func record(_ value: Int64, attributes: Attributes) { instrument.record(value, attributes: attributes) }

    func bind(_ attributes: Attributes) -> BoundHistogram<Int64> {
        instrument.bindHistogram(attributes, Int64BoundHandle.init)
    }
}

/// A histogram of `Double`.
struct DoubleHistogramHandle: Histogram {
    let instrument: SyncInstrument

    @inline(__always)
    func record(_ value: Double, attributes: Attributes) { instrument.record(value, attributes: attributes) }

    func bind(_ attributes: Attributes) -> BoundHistogram<Double> {
        instrument.bindHistogram(attributes, DoubleBoundHandle.init)
    }
}

/// A gauge of `Int64`.
struct Int64GaugeHandle: Gauge {
    let instrument: SyncInstrument

    @inline(__always)
    func record(_ value: Int64, attributes: Attributes) { instrument.record(value, attributes: attributes) }
}

/// A gauge of `Double`.
struct DoubleGaugeHandle: Gauge {
    let instrument: SyncInstrument

    @inline(__always)
    func record(_ value: Double, attributes: Attributes) { instrument.record(value, attributes: attributes) }
}

/// A bound counter or histogram of `Int64`: the owner of its pinned cells.
struct Int64BoundHandle: BoundCounterHandler, BoundHistogramHandler {
    let cells: BoundCells

    @inline(__always)
    func add(_ value: Int64) { cells.record(value) }

    @inline(__always)
    func record(_ value: Int64) { cells.record(value) }
}

/// A bound counter or histogram of `Double`.
struct DoubleBoundHandle: BoundCounterHandler, BoundHistogramHandler {
    let cells: BoundCells

    @inline(__always)
    func add(_ value: Double) { cells.record(value) }

    @inline(__always)
    func record(_ value: Double) { cells.record(value) }
}

/// Any instrument of a value type other than `Int64` and `Double` (a type of the application's
/// that conforms to `MetricNumeric`): recorded through its `doubleValue`.
struct ConvertingHandle<Value: MetricNumeric>: Counter, UpDownCounter, Histogram, Gauge {
    let instrument: SyncInstrument

    func add(_ value: Value, attributes: Attributes) {
        instrument.record(value.doubleValue, attributes: attributes)
    }

    func record(_ value: Value, attributes: Attributes) {
        instrument.record(value.doubleValue, attributes: attributes)
    }

    func bind(_ attributes: Attributes) -> BoundCounter<Value> {
        BoundCounter(ConvertingBoundHandle<Value>(cells: instrument.bind(attributes)))
    }

    func bind(_ attributes: Attributes) -> BoundHistogram<Value> {
        BoundHistogram(ConvertingBoundHandle<Value>(cells: instrument.bind(attributes)))
    }
}

/// A bound instrument of another `MetricNumeric` type, recorded through its `doubleValue`.
struct ConvertingBoundHandle<Value: MetricNumeric>: BoundCounterHandler, BoundHistogramHandler {
    let cells: BoundCells

    func add(_ value: Value) { cells.record(value.doubleValue) }

    func record(_ value: Value) { cells.record(value.doubleValue) }
}

/// Makes the handle of the right concrete type for `Value`.
enum InstrumentHandles {
    static func counter<Value: MetricNumeric>(_ instrument: SyncInstrument, _: Value.Type) -> any Counter<Value> {
        if let handle = Int64SumHandle(instrument: instrument) as? any Counter<Value> { return handle }
        if let handle = DoubleSumHandle(instrument: instrument) as? any Counter<Value> { return handle }
        return ConvertingHandle<Value>(instrument: instrument)
    }

    static func upDownCounter<Value: MetricNumeric>(
        _ instrument: SyncInstrument, _: Value.Type
    ) -> any UpDownCounter<Value> {
        if let handle = Int64SumHandle(instrument: instrument) as? any UpDownCounter<Value> { return handle }
        if let handle = DoubleSumHandle(instrument: instrument) as? any UpDownCounter<Value> { return handle }
        return ConvertingHandle<Value>(instrument: instrument)
    }

    static func histogram<Value: MetricNumeric>(_ instrument: SyncInstrument, _: Value.Type) -> any Histogram<Value> {
        if let handle = Int64HistogramHandle(instrument: instrument) as? any Histogram<Value> { return handle }
        if let handle = DoubleHistogramHandle(instrument: instrument) as? any Histogram<Value> { return handle }
        return ConvertingHandle<Value>(instrument: instrument)
    }

    static func gauge<Value: MetricNumeric>(_ instrument: SyncInstrument, _: Value.Type) -> any Gauge<Value> {
        if let handle = Int64GaugeHandle(instrument: instrument) as? any Gauge<Value> { return handle }
        if let handle = DoubleGaugeHandle(instrument: instrument) as? any Gauge<Value> { return handle }
        return ConvertingHandle<Value>(instrument: instrument)
    }
}
