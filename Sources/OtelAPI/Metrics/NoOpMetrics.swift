/// The meter provider in force until an SDK is installed.
public struct NoOpMeterProvider: MeterProvider {
    /// Creates the provider.
    public init() {}
    /// The no-op meter.
    public func meter(_ name: String, version: String?, schemaURL: String?) -> any Meter { NoOpMeter() }
}

/// A meter whose instruments record nothing and allocate nothing.
public struct NoOpMeter: Meter {
    /// Creates the meter.
    public init() {}

    /// A no-op counter.
    public func makeCounter<Value: MetricNumeric>(
        _ descriptor: InstrumentDescriptor, of: Value.Type
    ) -> any Counter<Value> {
        NoOpInstrument<Value>()
    }

    /// A no-op up-down counter.
    public func makeUpDownCounter<Value: MetricNumeric>(
        _ descriptor: InstrumentDescriptor, of: Value.Type
    ) -> any UpDownCounter<Value> {
        NoOpInstrument<Value>()
    }

    /// A no-op histogram.
    public func makeHistogram<Value: MetricNumeric>(
        _ descriptor: InstrumentDescriptor, of: Value.Type
    ) -> any Histogram<Value> {
        NoOpInstrument<Value>()
    }

    /// A no-op gauge.
    public func makeGauge<Value: MetricNumeric>(_ descriptor: InstrumentDescriptor, of: Value.Type) -> any Gauge<Value>
    {
        NoOpInstrument<Value>()
    }

    /// A registration whose callback is never called.
    public func makeObservable<Value: MetricNumeric>(
        _ descriptor: InstrumentDescriptor,
        of: Value.Type,
        callback: @escaping @Sendable (any Observation<Value>) -> Void
    ) -> any ObservableRegistration {
        NoOpRegistration()
    }
}

/// Every no-op instrument: an empty value type, so handles need no allocation.
public struct NoOpInstrument<Value: MetricNumeric>: Counter, UpDownCounter, Histogram, Gauge,
    BoundCounterHandler, BoundHistogramHandler
{
    /// Creates the instrument.
    public init() {}
    /// Ignored.
    @inlinable public func add(_ value: Value, attributes: Attributes) {}
    /// Ignored.
    @inlinable public func add(_ value: Value) {}
    /// Ignored.
    @inlinable public func record(_ value: Value, attributes: Attributes) {}
    /// Ignored.
    @inlinable public func record(_ value: Value) {}
    /// A handle that ignores what it is given.
    public func bind(_ attributes: Attributes) -> BoundCounter<Value> { BoundCounter(self) }
    /// A handle that ignores what it is given.
    public func bind(_ attributes: Attributes) -> BoundHistogram<Value> { BoundHistogram(self) }
}

/// A registration that does nothing.
public struct NoOpRegistration: ObservableRegistration {
    /// Creates the registration.
    public init() {}
    /// Ignored.
    public func unregister() {}
}
