import OtelAPI

/// A meter of ``SDKMeterProvider``: two references, so that as `any Meter` it is stored inline.
struct SDKMeter: Meter {
    let state: MeterProviderState
    let scope: InstrumentationScope

    func makeCounter<Value: MetricNumeric>(_ descriptor: InstrumentDescriptor, of: Value.Type) -> any Counter<Value> {
        InstrumentHandles.counter(sync(descriptor, kind: .counter, Value.self), Value.self)
    }

    func makeUpDownCounter<Value: MetricNumeric>(
        _ descriptor: InstrumentDescriptor, of: Value.Type
    ) -> any UpDownCounter<Value> {
        InstrumentHandles.upDownCounter(sync(descriptor, kind: .upDownCounter, Value.self), Value.self)
    }

    func makeHistogram<Value: MetricNumeric>(
        _ descriptor: InstrumentDescriptor, of: Value.Type
    ) -> any Histogram<Value> {
        InstrumentHandles.histogram(sync(descriptor, kind: .histogram, Value.self), Value.self)
    }

    func makeGauge<Value: MetricNumeric>(_ descriptor: InstrumentDescriptor, of: Value.Type) -> any Gauge<Value> {
        InstrumentHandles.gauge(sync(descriptor, kind: .gauge, Value.self), Value.self)
    }

    func makeObservable<Value: MetricNumeric>(
        _ descriptor: InstrumentDescriptor,
        of: Value.Type,
        callback: @escaping @Sendable (any Observation<Value>) -> Void
    ) -> any ObservableRegistration {
        var observable = descriptor
        switch descriptor.kind {
        case .counter, .observableCounter: observable.kind = .observableCounter
        case .upDownCounter, .observableUpDownCounter: observable.kind = .observableUpDownCounter
        case .gauge, .histogram, .observableGauge: observable.kind = .observableGauge
        }
        Self.checkName(observable.name)
        let instrument = state.observableInstrument(observable, scope: scope, isDouble: Value.self != Int64.self)
        return instrument.register(callback)
    }

    private func sync<Value>(_ descriptor: InstrumentDescriptor, kind: InstrumentKind, _: Value.Type) -> SyncInstrument
    {
        var normalized = descriptor
        normalized.kind = kind
        Self.checkName(normalized.name)
        return state.syncInstrument(normalized, scope: scope, isDouble: Value.self != Int64.self)
    }

    /// Reports a name outside the specification's syntax (`[A-Za-z][A-Za-z0-9_./-]{0,254}`);
    /// the instrument is created all the same.
    static func checkName(_ name: String) {
        guard let message = invalidNameMessage(name) else { return }
        OtelDiagnostics.report(.warning, message)
    }

    /// What ``checkName(_:)`` reports for `name`, or `nil` when the name is valid. A long name is
    /// shown by its first 64 characters and its size, so that a huge one cannot flood the log.
    static func invalidNameMessage(_ name: String) -> String? {
        guard !InstrumentName.isValid(name) else { return nil }
        let scalars = name.unicodeScalars
        let shown =
            scalars.count <= 64
            ? name : String(String.UnicodeScalarView(scalars.prefix(64))) + "… (\(name.utf8.count) bytes)"
        return "instrument name '\(shown)' is not valid: it must start with a letter and hold at most 255 letters, "
            + "digits, '_', '.', '/' or '-'; recording anyway"
    }
}

/// The specification's instrument name syntax.
enum InstrumentName {
    /// Whether `name` matches `[A-Za-z][A-Za-z0-9_./-]{0,254}`.
    static func isValid(_ name: String) -> Bool {
        var count = 0
        for byte in name.utf8 {
            let isLetter = (byte >= 0x41 && byte <= 0x5A) || (byte >= 0x61 && byte <= 0x7A)
            if count == 0 {
                guard isLetter else { return false }
            } else {
                let isDigit = byte >= 0x30 && byte <= 0x39
                guard isLetter || isDigit || byte == 0x5F || byte == 0x2E || byte == 0x2F || byte == 0x2D else {
                    return false
                }
            }
            count += 1
            if count > 255 { return false }
        }
        return count > 0
    }
}
