import Glibc

/// The few socket calls the receiver makes, over Glibc, with errors as ``OTLPReceiverError``.
enum Socket {
    /// A non-blocking, close-on-exec TCP socket listening on `host:port` (port 0: the kernel picks).
    /// Returns the descriptor and the bound port.
    static func listening(host: String, port: UInt16, backlog: Int32) throws(OTLPReceiverError) -> (Int32, UInt16) {
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = port.bigEndian
        guard inet_pton(AF_INET, host, &address.sin_addr) == 1 else { throw .invalidHost(host) }

        let fd = socket(
            AF_INET, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_NONBLOCK.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        guard fd >= 0 else { throw failure("socket") }
        var one: Int32 = 1
        _ = setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, socklen_t(MemoryLayout<Int32>.size))
        let bound = withUnsafePointer(to: &address) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
            }
        }
        guard bound == 0 else {
            let error = failure("bind \(host):\(port)")
            close(fd)
            throw error
        }
        guard listen(fd, backlog) == 0 else {
            let error = failure("listen on \(host):\(port)")
            close(fd)
            throw error
        }
        var actual = sockaddr_in()
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let named = withUnsafeMutablePointer(to: &actual) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &length) }
        }
        guard named == 0 else {
            let error = failure("getsockname")
            close(fd)
            throw error
        }
        return (fd, UInt16(bigEndian: actual.sin_port))
    }

    /// A non-blocking pipe for waking the server loop: (read end, write end).
    static func wakePipe() throws(OTLPReceiverError) -> (Int32, Int32) {
        var fds: [Int32] = [-1, -1]
        guard pipe(&fds) == 0 else { throw failure("pipe") }
        for fd in fds { configure(fd) }
        return (fds[0], fds[1])
    }

    /// Accepts one pending connection as a non-blocking socket with `TCP_NODELAY`; `nil` when
    /// none is pending (or accepting failed).
    static func accept(_ listener: Int32) -> Int32? {
        let fd = Glibc.accept(listener, nil, nil)
        guard fd >= 0 else { return nil }
        configure(fd)
        var one: Int32 = 1
        _ = setsockopt(fd, Int32(IPPROTO_TCP), TCP_NODELAY, &one, socklen_t(MemoryLayout<Int32>.size))
        return fd
    }

    /// Makes `fd` non-blocking and close-on-exec.
    private static func configure(_ fd: Int32) {
        _ = fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK)
        _ = fcntl(fd, F_SETFD, fcntl(fd, F_GETFD) | FD_CLOEXEC)
    }

    /// Whether the last call failed only because it would block or was interrupted.
    static var wouldBlock: Bool {
        let code = errno
        return code == EAGAIN || code == EWOULDBLOCK || code == EINTR
    }

    private static func failure(_ operation: String) -> OTLPReceiverError {
        let code = errno
        let message = strerror(code).map { String(cString: $0) } ?? "unknown error"
        return .socketFailed(operation: operation, code: code, message: message)
    }
}
