import OtelOTLP
import Synchronization

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif

/// An embedded OTLP/HTTP receiver: a small HTTP/1.1 server on a loopback port that accepts
/// `POST /v1/traces`, `/v1/logs` and `/v1/metrics` in protobuf or JSON (optionally gzip), decodes
/// them, and hands every decoded batch to a sink.
///
/// ```swift
/// let store = OTLPReceiverStore()
/// let receiver = try OTLPHTTPReceiver(store: store)          // port 0: the kernel picks
/// let exporter = try OTLPSpanExporter(configuration: .init(endpoint: .exact(receiver.url(for: .traces))))
/// // ... later
/// print(store.statistics.spans)
/// receiver.stop()
/// ```
///
/// One background thread accepts and serves every connection with `poll`: keep-alive, pipelining
/// and `Expect: 100-continue` work; bodies need a `Content-Length` (no chunked uploads). Answers:
/// 200 with an empty `Export<Signal>ServiceResponse` in the request's format (a partial success
/// when metric points had to be left out), 400 with a `google.rpc.Status` for undecodable bodies,
/// 404 for other paths, 405 for other methods, 415 for other media types or content codings,
/// 413 over the size limit, 408 when a client stalls longer than the read timeout.
///
/// The sink runs on the receiver's thread, one event at a time: it must return promptly, since
/// requests wait for it (and ``stop()`` waits for the request in progress).
public final class OTLPHTTPReceiver: Sendable {
    /// Where the receiver listens and how much it accepts.
    public struct Configuration: Sendable, Hashable {
        /// The numeric IPv4 address to listen on. Default `127.0.0.1`: only this machine.
        public var host: String
        /// The port; 0 (the default) lets the kernel pick a free one (see ``OTLPHTTPReceiver/port``).
        public var port: UInt16
        /// Decoding limits, including the body size limit (64 MiB protobuf, 16 MiB JSON).
        public var limits: OTLPDecodeLimits
        /// How long a request or response may make no progress before the connection is closed.
        /// Default 10 s.
        public var readTimeout: Duration
        /// How long an idle keep-alive connection stays open. Default 60 s.
        public var idleTimeout: Duration
        /// The most connections served at once; at the limit the longest-idle one is closed for a
        /// new one, or new ones wait in the backlog. Default 64.
        public var maxConnections: Int
        /// The largest request head (request line and headers). Default 16 KiB.
        public var maxHeadBytes: Int

        /// Creates a configuration.
        public init(
            host: String = "127.0.0.1", port: UInt16 = 0, limits: OTLPDecodeLimits = .default,
            readTimeout: Duration = .seconds(10), idleTimeout: Duration = .seconds(60), maxConnections: Int = 64,
            maxHeadBytes: Int = 16 * 1024
        ) {
            self.host = host
            self.port = port
            self.limits = limits
            self.readTimeout = readTimeout
            self.idleTimeout = idleTimeout
            self.maxConnections = maxConnections
            self.maxHeadBytes = maxHeadBytes
        }
    }

    /// The settings the receiver was started with (``Configuration/port`` as given).
    public let configuration: Configuration
    /// The port the receiver listens on (the kernel's choice when the configuration said 0).
    public let port: UInt16

    private let shared: HTTPServerShared
    private let counters: ReceiverCounters
    /// The running thread and the write end of its wake pipe; `nil` once stopped.
    private let running: Mutex<(thread: pthread_t, wakeWriter: Int32)?>

    /// Starts a receiver that reports every event to `sink` (on the receiver's thread).
    ///
    /// - Throws: ``OTLPReceiverError`` when the address is invalid or taken, or the thread
    ///   cannot start.
    public init(
        configuration: Configuration = Configuration(),
        sink: @escaping @Sendable (OTLPReceiverEvent) -> Void = { _ in }
    ) throws(OTLPReceiverError) {
        guard configuration.maxConnections > 0, configuration.maxHeadBytes >= 256 else {
            throw .invalidConfiguration("maxConnections must be positive and maxHeadBytes at least 256")
        }
        guard configuration.readTimeout > .zero, configuration.idleTimeout > .zero else {
            throw .invalidConfiguration("readTimeout and idleTimeout must be positive")
        }
        let (listener, port) = try Socket.listening(host: configuration.host, port: configuration.port, backlog: 128)
        let wake: (Int32, Int32)
        do {
            wake = try Socket.wakePipe()
        } catch {
            close(listener)
            throw error
        }
        let counters = ReceiverCounters()
        let handler = OTLPRequestHandler(limits: configuration.limits) { event in
            counters.record(event)
            sink(event)
        }
        let shared = HTTPServerShared(
            listener: listener, wakeReader: wake.0, handler: handler, readTimeout: configuration.readTimeout,
            idleTimeout: configuration.idleTimeout, maxConnections: configuration.maxConnections,
            maxHeadBytes: configuration.maxHeadBytes)

        let context = Unmanaged.passRetained(shared).toOpaque()
        var thread = pthread_t()
        let code = pthread_create(
            &thread, nil,
            { raw in
                guard let raw else { return nil }
                let shared = Unmanaged<HTTPServerShared>.fromOpaque(raw).takeRetainedValue()
                var loop = HTTPServerLoop(shared: shared)
                loop.run()
                return nil
            }, context)
        guard code == 0 else {
            Unmanaged<HTTPServerShared>.fromOpaque(context).release()
            close(listener)
            close(wake.0)
            close(wake.1)
            throw .threadStartFailed(code: code)
        }
        self.configuration = configuration
        self.port = port
        self.shared = shared
        self.counters = counters
        self.running = Mutex((thread, wake.1))
    }

    /// Starts a receiver that records into `store`.
    ///
    /// - Throws: ``OTLPReceiverError`` when the address is invalid or taken, or the thread
    ///   cannot start.
    public convenience init(
        configuration: Configuration = Configuration(), store: OTLPReceiverStore
    )
        throws(OTLPReceiverError)
    {
        try self.init(configuration: configuration, sink: store.sink)
    }

    deinit { stop() }

    /// `http://<host>:<port>`.
    public var baseURL: String { "http://\(configuration.host):\(port)" }

    /// The URL to export `signal` to: `http://<host>:<port>/v1/<signal>`.
    public func url(for signal: OTLPSignal) -> String { baseURL + signal.httpPath }

    /// What the receiver has counted so far.
    public var statistics: OTLPReceiverStatistics { counters.value }

    /// Whether the receiver still runs (``stop()`` not called).
    public var isRunning: Bool { running.withLock { $0 != nil } }

    /// Stops the receiver: closes the listener and every connection and ends the thread, waiting
    /// for it (at most the request in progress, whose size and decoding the limits bound). Later
    /// calls do nothing. Called from the sink (the receiver's own thread), it returns at once and
    /// the thread ends after the sink returns.
    public func stop() {
        guard
            let (thread, wakeWriter) = running.withLock({ state in
                defer { state = nil }
                return state
            })
        else { return }
        shared.stopRequested.store(true, ordering: .releasing)
        var byte: UInt8 = 1
        _ = write(wakeWriter, &byte, 1)
        close(wakeWriter)
        if pthread_equal(thread, pthread_self()) != 0 {
            pthread_detach(thread)
        } else {
            pthread_join(thread, nil)
        }
    }
}

/// A receiver's own counters, shared with its thread.
private final class ReceiverCounters: Sendable {
    private let state = Mutex(OTLPReceiverStatistics())

    func record(_ event: OTLPReceiverEvent) { state.withLock { $0.record(event) } }

    var value: OTLPReceiverStatistics { state.withLock { $0 } }
}
