import Synchronization

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// SIGINT and SIGTERM as a flag to poll: the handler only sets an atomic, which is
/// async-signal-safe.
enum StopSignals {
    /// Set by the handler.
    private static let received = Atomic<Int32>(0)

    /// Installs the handler for SIGINT and SIGTERM.
    static func install() {
        _ = received.load(ordering: .relaxed)  // initialize the static before any signal arrives
        signal(SIGINT) { number in StopSignals.received.store(number, ordering: .relaxed) }
        signal(SIGTERM) { number in StopSignals.received.store(number, ordering: .relaxed) }
    }

    /// The signal that asked to stop, or `nil`.
    static var stopSignal: Int32? {
        let number = received.load(ordering: .relaxed)
        return number == 0 ? nil : number
    }
}
