import OtelAPI
import Synchronization

/// The SDK side of an observable instrument: its callbacks, run once per collection of each
/// reader, and that reader's streams, which receive what the callbacks observe.
final class ObservableInstrument: Sendable {
    private struct Callback {
        let id: UInt64
        let run: @Sendable ([AsyncNumberStream]) -> Void
    }

    /// The instrument as it was created.
    let descriptor: InstrumentDescriptor
    private let callbacks = Mutex<[Callback]>([])
    private let nextID = Atomic<UInt64>(0)

    init(descriptor: InstrumentDescriptor) {
        self.descriptor = descriptor
    }

    /// Adds `callback`; it runs on every collection until the registration is unregistered.
    func register<Value: MetricNumeric>(
        _ callback: @escaping @Sendable (any Observation<Value>) -> Void
    ) -> any ObservableRegistration {
        let id = nextID.wrappingAdd(1, ordering: .relaxed).newValue
        let run: @Sendable ([AsyncNumberStream]) -> Void = { streams in
            callback(StreamObservation<Value>(streams: streams))
        }
        callbacks.withLock { $0.append(Callback(id: id, run: run)) }
        return CallbackRegistration(instrument: self, id: id)
    }

    /// Removes the callback `id`.
    func unregister(_ id: UInt64) {
        callbacks.withLock { $0.removeAll { $0.id == id } }
    }

    /// Runs every callback once, sending what they observe to `streams` (one reader's). No lock
    /// is held while a callback runs.
    func observe(into streams: [AsyncNumberStream]) {
        let current = callbacks.withLock { $0 }
        for callback in current { callback.run(streams) }
    }
}

/// What a callback observes into: the streams of the reader collecting.
private struct StreamObservation<Value: MetricNumeric>: Observation {
    let streams: [AsyncNumberStream]

    func observe(_ value: Value, attributes: Attributes) {
        let number: NumberValue
        if let integer = value as? Int64 {
            number = .int(integer)
        } else {
            number = .double(value.doubleValue)
        }
        for stream in streams { stream.observe(number, attributes: attributes) }
    }
}

/// Unregisters one callback.
private struct CallbackRegistration: ObservableRegistration {
    let instrument: ObservableInstrument
    let id: UInt64

    func unregister() { instrument.unregister(id) }
}
