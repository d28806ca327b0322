/// Gives meters to instrumented code.
public protocol MeterProvider: Sendable {
    /// A meter for the instrumentation scope `name`.
    func meter(_ name: String, version: String?, schemaURL: String?) -> any Meter
}

extension MeterProvider {
    /// A meter for the instrumentation scope `name`.
    public func meter(_ name: String, version: String? = nil) -> any Meter {
        meter(name, version: version, schemaURL: nil)
    }
}

/// Creates instruments. Creating the same instrument twice returns handles to the same
/// aggregation.
public protocol Meter: Sendable {
    /// A counter.
    func makeCounter<Value: MetricNumeric>(_ descriptor: InstrumentDescriptor, of: Value.Type) -> any Counter<Value>
    /// An up-down counter.
    func makeUpDownCounter<Value: MetricNumeric>(
        _ descriptor: InstrumentDescriptor, of: Value.Type
    ) -> any UpDownCounter<Value>
    /// A histogram.
    func makeHistogram<Value: MetricNumeric>(
        _ descriptor: InstrumentDescriptor, of: Value.Type
    ) -> any Histogram<Value>
    /// A synchronous gauge.
    func makeGauge<Value: MetricNumeric>(_ descriptor: InstrumentDescriptor, of: Value.Type) -> any Gauge<Value>
    /// An observable instrument (counter, up-down counter or gauge per `descriptor.kind`) whose
    /// callback runs once per collection.
    func makeObservable<Value: MetricNumeric>(
        _ descriptor: InstrumentDescriptor,
        of: Value.Type,
        callback: @escaping @Sendable (any Observation<Value>) -> Void
    ) -> any ObservableRegistration
}

extension Meter {
    /// An integer counter.
    public func counter(_ name: String, unit: String = "", description: String = "") -> any Counter<Int64> {
        makeCounter(
            InstrumentDescriptor(name: name, kind: .counter, unit: unit, description: description), of: Int64.self)
    }

    /// A double counter.
    public func doubleCounter(_ name: String, unit: String = "", description: String = "") -> any Counter<Double> {
        makeCounter(
            InstrumentDescriptor(name: name, kind: .counter, unit: unit, description: description), of: Double.self)
    }

    /// An integer up-down counter.
    public func upDownCounter(
        _ name: String, unit: String = "", description: String = ""
    ) -> any UpDownCounter<Int64> {
        makeUpDownCounter(
            InstrumentDescriptor(name: name, kind: .upDownCounter, unit: unit, description: description),
            of: Int64.self)
    }

    /// A double histogram; `boundaries` advises explicit bucket boundaries.
    public func histogram(
        _ name: String, unit: String = "", description: String = "", boundaries: [Double]? = nil
    ) -> any Histogram<Double> {
        makeHistogram(
            InstrumentDescriptor(
                name: name, kind: .histogram, unit: unit, description: description, bucketBoundaries: boundaries),
            of: Double.self)
    }

    /// An integer histogram; `boundaries` advises explicit bucket boundaries.
    public func intHistogram(
        _ name: String, unit: String = "", description: String = "", boundaries: [Double]? = nil
    ) -> any Histogram<Int64> {
        makeHistogram(
            InstrumentDescriptor(
                name: name, kind: .histogram, unit: unit, description: description, bucketBoundaries: boundaries),
            of: Int64.self)
    }

    /// A double gauge.
    public func gauge(_ name: String, unit: String = "", description: String = "") -> any Gauge<Double> {
        makeGauge(InstrumentDescriptor(name: name, kind: .gauge, unit: unit, description: description), of: Double.self)
    }

    /// An observable gauge of doubles.
    public func observableGauge(
        _ name: String, unit: String = "", description: String = "",
        callback: @escaping @Sendable (any Observation<Double>) -> Void
    ) -> any ObservableRegistration {
        makeObservable(
            InstrumentDescriptor(name: name, kind: .observableGauge, unit: unit, description: description),
            of: Double.self, callback: callback)
    }

    /// An observable counter of integers.
    public func observableCounter(
        _ name: String, unit: String = "", description: String = "",
        callback: @escaping @Sendable (any Observation<Int64>) -> Void
    ) -> any ObservableRegistration {
        makeObservable(
            InstrumentDescriptor(name: name, kind: .observableCounter, unit: unit, description: description),
            of: Int64.self, callback: callback)
    }

    /// An observable up-down counter of integers.
    public func observableUpDownCounter(
        _ name: String, unit: String = "", description: String = "",
        callback: @escaping @Sendable (any Observation<Int64>) -> Void
    ) -> any ObservableRegistration {
        makeObservable(
            InstrumentDescriptor(name: name, kind: .observableUpDownCounter, unit: unit, description: description),
            of: Int64.self, callback: callback)
    }
}
