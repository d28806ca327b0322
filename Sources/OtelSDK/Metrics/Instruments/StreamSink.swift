import OtelAPI

/// One stream a synchronous instrument records into.
enum StreamSink: Sendable {
    case sum(SumStream)
    case lastValue(LastValueStream)
    case explicitHistogram(ExplicitHistogramStream)
    case exponentialHistogram(ExponentialHistogramStream)

    /// The stream, for collection.
    var stream: any CollectableStream {
        switch self {
        case .sum(let stream): return stream
        case .lastValue(let stream): return stream
        case .explicitHistogram(let stream): return stream
        case .exponentialHistogram(let stream): return stream
        }
    }
}

/// A stream as the recording path holds it: unmanaged, so that recording never touches the
/// stream's reference count, an atomic word every recording thread would otherwise contend on.
/// The instrument's `sinks` keep the streams alive.
enum HotSink {
    case sum(Unmanaged<SumStream>)
    case lastValue(Unmanaged<LastValueStream>)
    case explicitHistogram(Unmanaged<ExplicitHistogramStream>)
    case exponentialHistogram(Unmanaged<ExponentialHistogramStream>)

    init(_ sink: StreamSink) {
        switch sink {
        case .sum(let stream): self = .sum(.passUnretained(stream))
        case .lastValue(let stream): self = .lastValue(.passUnretained(stream))
        case .explicitHistogram(let stream): self = .explicitHistogram(.passUnretained(stream))
        case .exponentialHistogram(let stream): self = .exponentialHistogram(.passUnretained(stream))
        }
    }

    @inline(__always)
    func record<Key: SeriesKey>(_ value: Int64, _ key: Key, _ hash: UInt64, _ admit: () -> Bool) -> Bool {
        switch self {
        case .sum(let stream):
            return stream._withUnsafeGuaranteedRef { $0.record(value, key: key, unfilteredHash: hash, admit: admit) }
        case .lastValue(let stream):
            return stream._withUnsafeGuaranteedRef {
                $0.record(bits: $0.bits(value), key: key, unfilteredHash: hash, admit: admit)
            }
        case .explicitHistogram(let stream):
            return stream._withUnsafeGuaranteedRef {
                $0.record(Double(value), key: key, unfilteredHash: hash, admit: admit)
            }
        case .exponentialHistogram(let stream):
            return stream._withUnsafeGuaranteedRef {
                $0.record(Double(value), key: key, unfilteredHash: hash, admit: admit)
            }
        }
    }

    @inline(__always)
    func record<Key: SeriesKey>(_ value: Double, _ key: Key, _ hash: UInt64, _ admit: () -> Bool) -> Bool {
        switch self {
        case .sum(let stream):
            return stream._withUnsafeGuaranteedRef { $0.record(value, key: key, unfilteredHash: hash, admit: admit) }
        case .lastValue(let stream):
            return stream._withUnsafeGuaranteedRef {
                $0.record(bits: $0.bits(value), key: key, unfilteredHash: hash, admit: admit)
            }
        case .explicitHistogram(let stream):
            return stream._withUnsafeGuaranteedRef { $0.record(value, key: key, unfilteredHash: hash, admit: admit) }
        case .exponentialHistogram(let stream):
            return stream._withUnsafeGuaranteedRef { $0.record(value, key: key, unfilteredHash: hash, admit: admit) }
        }
    }
}
