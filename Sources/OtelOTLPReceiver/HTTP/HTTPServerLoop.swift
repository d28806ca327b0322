import Synchronization

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif

/// What the receiver's thread shares with the ``OTLPHTTPReceiver`` that started it.
final class HTTPServerShared: Sendable {
    let listener: Int32
    let wakeReader: Int32
    let handler: OTLPRequestHandler
    let readTimeoutNanoseconds: UInt64
    let idleTimeoutNanoseconds: UInt64
    let maxConnections: Int
    let maxHeadBytes: Int
    let stopRequested = Atomic<Bool>(false)

    init(
        listener: Int32, wakeReader: Int32, handler: OTLPRequestHandler, readTimeout: Duration, idleTimeout: Duration,
        maxConnections: Int, maxHeadBytes: Int
    ) {
        self.listener = listener
        self.wakeReader = wakeReader
        self.handler = handler
        readTimeoutNanoseconds = Self.nanoseconds(readTimeout)
        idleTimeoutNanoseconds = Self.nanoseconds(idleTimeout)
        self.maxConnections = maxConnections
        self.maxHeadBytes = maxHeadBytes
    }

    private static func nanoseconds(_ duration: Duration) -> UInt64 {
        let (seconds, attoseconds) = duration.components
        guard seconds >= 0 else { return 0 }
        let whole = UInt64(seconds).multipliedReportingOverflow(by: 1_000_000_000)
        guard !whole.overflow else { return .max }
        return whole.partialValue &+ UInt64(max(0, attoseconds / 1_000_000_000))
    }
}

/// The receiver's event loop: one thread polls the listener, a wake pipe and every connection,
/// accepts, reads, answers complete requests and writes responses, and closes connections that
/// stall (read timeout) or idle too long. Nothing here blocks: a slow or stalled client only ever
/// holds its own connection.
struct HTTPServerLoop {
    let shared: HTTPServerShared
    private var connections: [HTTPConnection] = []
    private var scratch = [UInt8](repeating: 0, count: 64 * 1024)

    init(shared: HTTPServerShared) { self.shared = shared }

    /// Runs until stop is requested, then closes every connection and the listener.
    mutating func run() {
        defer {
            for connection in connections { close(connection.fd) }
            connections.removeAll()
            close(shared.listener)
            close(shared.wakeReader)
        }
        var fds: [pollfd] = []
        while !shared.stopRequested.load(ordering: .acquiring) {
            fds.removeAll(keepingCapacity: true)
            fds.append(pollfd(fd: shared.wakeReader, events: Int16(POLLIN), revents: 0))
            let accepting = makeRoom()
            fds.append(pollfd(fd: shared.listener, events: accepting ? Int16(POLLIN) : 0, revents: 0))
            for connection in connections {
                var events: Int16 = 0
                if connection.wantsRead { events |= Int16(POLLIN) }
                if connection.wantsWrite { events |= Int16(POLLOUT) }
                fds.append(pollfd(fd: connection.fd, events: events, revents: 0))
            }
            let ready = poll(&fds, nfds_t(fds.count), 200)
            if ready < 0 && errno != EINTR { break }
            if shared.stopRequested.load(ordering: .acquiring) || fds[0].revents != 0 { break }
            let now = Self.monotonicNanoseconds()
            if fds[1].revents & Int16(POLLIN) != 0 { acceptPending(now: now) }
            // Connections accepted just now are past the end of `fds`; they are polled next round.
            for index in 0..<min(connections.count, fds.count - 2) {
                serve(connections[index], revents: fds[index + 2].revents, now: now)
            }
            expire(now: now)
            connections.removeAll { connection in
                guard connection.isDone else { return false }
                close(connection.fd)
                return true
            }
        }
    }

    private mutating func acceptPending(now: UInt64) {
        var accepted = 0
        while accepted < 64, connections.count < shared.maxConnections, let fd = Socket.accept(shared.listener) {
            accepted += 1
            connections.append(HTTPConnection(fd: fd, now: now))
            shared.handler.report(.connectionOpened)
        }
    }

    /// Whether a new connection can be accepted; at the limit, closes the longest-idle
    /// connection that has nothing in progress to make room.
    private mutating func makeRoom() -> Bool {
        guard connections.count >= shared.maxConnections else { return true }
        let idle = connections.enumerated().filter { !$0.element.isBusy }
        guard let oldest = idle.min(by: { $0.element.lastProgress < $1.element.lastProgress }) else { return false }
        close(oldest.element.fd)
        connections.remove(at: oldest.offset)
        return true
    }

    private mutating func serve(_ connection: HTTPConnection, revents: Int16, now: UInt64) {
        if revents & Int16(POLLNVAL) != 0 {
            connection.abandon()
            return
        }
        if revents & Int16(POLLIN | POLLHUP | POLLERR) != 0, connection.wantsRead {
            let open = connection.readAvailable(now: now, maxHeadBytes: shared.maxHeadBytes, scratch: &scratch)
            pump(connection, now: now)
            if !open { connection.peerClosed() }
        } else if revents & Int16(POLLERR | POLLHUP) != 0 {
            connection.abandon()
        } else if revents & Int16(POLLOUT) != 0 {
            pump(connection, now: now)
        }
    }

    /// Answers the complete requests read so far and writes the answers, one after the other
    /// (pipelined requests are answered in order), until the socket is full or nothing is left.
    private func pump(_ connection: HTTPConnection, now: UInt64) {
        connection.process(handler: shared.handler, maxHeadBytes: shared.maxHeadBytes)
        while connection.wantsWrite {
            guard connection.writePending(now: now) else {
                connection.abandon()
                return
            }
            if connection.wantsWrite { return }  // the socket is full: wait for POLLOUT
            connection.process(handler: shared.handler, maxHeadBytes: shared.maxHeadBytes)
        }
    }

    /// Closes connections whose request or response stalled past the read timeout, and idle
    /// keep-alive connections past the idle timeout.
    private func expire(now: UInt64) {
        for connection in connections where !connection.isDone {
            let quiet = now &- connection.lastProgress
            if connection.isBusy {
                if quiet > shared.readTimeoutNanoseconds {
                    shared.handler.report(.refused(status: 408, reason: "request stalled past the read timeout"))
                    connection.fail(status: 408, message: "request timed out")
                    if connection.wantsWrite, !connection.writePending(now: now) { connection.abandon() }
                    // A client that stalls its writes may stall its reads too: never wait for it again.
                    if connection.wantsWrite { connection.abandon() }
                }
            } else if quiet > shared.idleTimeoutNanoseconds {
                connection.abandon()
            }
        }
    }

    static func monotonicNanoseconds() -> UInt64 {
        var ts = timespec()
        clock_gettime(CLOCK_MONOTONIC, &ts)
        return UInt64(ts.tv_sec) &* 1_000_000_000 &+ UInt64(ts.tv_nsec)
    }
}
