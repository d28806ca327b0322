#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif

/// One client connection of the receiver: bytes read but not yet consumed, the request being
/// assembled, and the response bytes not yet written. Used only on the receiver's thread.
final class HTTPConnection {
    let fd: Int32
    /// Bytes read and not yet consumed.
    private var input: [UInt8] = []
    /// Where to resume looking for the end of the head.
    private var scanFrom = 0
    /// The head of the request whose body is being read.
    private var head: HTTPRequestHead?
    /// Bytes to write, from `outputOffset`.
    private var output: [UInt8] = []
    private var outputOffset = 0
    /// Whether to close once `output` is written (or now, when it is empty).
    private(set) var closeAfterWrite = false
    /// When bytes last moved in either direction (monotonic nanoseconds).
    private(set) var lastProgress: UInt64

    init(fd: Int32, now: UInt64) {
        self.fd = fd
        lastProgress = now
    }

    /// Whether a request is partly received or a response partly written.
    var isBusy: Bool { head != nil || !input.isEmpty || outputOffset < output.count }

    /// Whether the connection has something to write.
    var wantsWrite: Bool { outputOffset < output.count }

    /// Whether to read more: not while a response waits to be written (back-pressure on
    /// pipelined requests), except for the body after `100 Continue`.
    var wantsRead: Bool { !closeAfterWrite && (!wantsWrite || head != nil) }

    /// Whether the connection is finished and can be closed.
    var isDone: Bool { closeAfterWrite && !wantsWrite }

    /// Reads what is available (up to a bounded amount per call); returns `false` at end of
    /// stream or on an error.
    func readAvailable(now: UInt64, maxHeadBytes: Int, scratch: inout [UInt8]) -> Bool {
        // Enough for the request being read (its head, or its body) plus a pipelined head.
        let maxInput = (head?.contentLength ?? 0) + maxHeadBytes + 4
        var rounds = 0
        while rounds < 16, input.count < maxInput {
            rounds += 1
            let room = min(scratch.count, maxInput - input.count)
            let count = scratch.withUnsafeMutableBytes { buffer in recv(fd, buffer.baseAddress, room, 0) }
            if count > 0 {
                input.append(contentsOf: scratch[0..<count])
                lastProgress = now
                continue
            }
            if count == 0 { return false }
            return Socket.wouldBlock
        }
        return true
    }

    /// Writes what the socket takes; returns `false` on an error.
    func writePending(now: UInt64) -> Bool {
        while outputOffset < output.count {
            let count = output.withUnsafeBytes { buffer in
                send(fd, buffer.baseAddress.map { $0 + outputOffset }, output.count - outputOffset, Int32(MSG_NOSIGNAL))
            }
            if count > 0 {
                outputOffset += count
                lastProgress = now
                continue
            }
            return count < 0 && Socket.wouldBlock
        }
        output.removeAll(keepingCapacity: output.capacity <= 64 * 1024)
        outputOffset = 0
        return true
    }

    /// Queues `reply`; closes afterwards when the reply or the request says so.
    private func queue(_ reply: HTTPReply, keepAliveHeader: Bool) {
        output.append(contentsOf: reply.serialized(keepAliveHeader: keepAliveHeader))
        if reply.closesConnection { closeAfterWrite = true }
    }

    /// Handles every complete request in the input, in order, while no response is pending.
    func process(handler: OTLPRequestHandler, maxHeadBytes: Int) {
        while !closeAfterWrite {
            if head == nil {
                guard !wantsWrite else { return }
                guard let headEnd = findHeadEnd() else {
                    if input.count > maxHeadBytes {
                        queue(
                            handler.refusal(
                                status: 431, reason: "the request head exceeds \(maxHeadBytes) bytes", contentType: nil),
                            keepAliveHeader: false)
                    }
                    return
                }
                let parsed: HTTPRequestHead
                do throws(HTTPRequestHead.Failure) {
                    parsed = try HTTPRequestHead.parse(input[0..<headEnd])
                } catch {
                    queue(
                        handler.refusal(status: error.status, reason: error.reason, contentType: nil),
                        keepAliveHeader: false)
                    return
                }
                input.removeFirst(min(input.count, headEnd + 4))
                scanFrom = 0
                guard parsed.contentLength <= handler.maxWireBodyBytes else {
                    queue(
                        handler.refusal(
                            status: 413,
                            reason: "the body of \(parsed.contentLength) bytes exceeds the limit of "
                                + "\(handler.maxWireBodyBytes) bytes; send smaller batches",
                            contentType: parsed.header("content-type")),
                        keepAliveHeader: false)
                    return
                }
                head = parsed
                if parsed.expectsContinue, input.count < parsed.contentLength {
                    output.append(contentsOf: HTTPReply.continueBytes)
                }
                input.reserveCapacity(min(parsed.contentLength, 1 << 20))  // grows as the body arrives
            }
            guard let current = head, input.count >= current.contentLength else { return }
            let body = Array(input[0..<current.contentLength])
            input.removeFirst(current.contentLength)
            head = nil
            var reply = handler.handle(current, body: body)
            if !current.keepAlive { reply.closesConnection = true }
            queue(reply, keepAliveHeader: current.minorVersion == 0)
        }
    }

    /// The index of the CR LF CR LF that ends the head in `input`, if it has arrived.
    private func findHeadEnd() -> Int? {
        guard input.count >= 4 else { return nil }
        var index = max(0, scanFrom)
        while index + 3 < input.count {
            if input[index] == 0x0D, input[index + 1] == 0x0A, input[index + 2] == 0x0D, input[index + 3] == 0x0A {
                return index
            }
            index += 1
        }
        scanFrom = max(0, input.count - 3)
        return nil
    }

    /// Queues a final error and closes after it (read timeout).
    func fail(status: Int, message: String) {
        guard !wantsWrite else {
            closeAfterWrite = true
            return
        }
        var reply = HTTPReply(status: status, contentType: "text/plain", body: Array(message.utf8))
        reply.closesConnection = true
        queue(reply, keepAliveHeader: false)
    }

    /// The peer finished sending: answer the complete requests already read, then close.
    func peerClosed() {
        closeAfterWrite = true
    }

    /// Marks the connection for closing without a response (peer gone, I/O error).
    func abandon() {
        closeAfterWrite = true
        output.removeAll()
        outputOffset = 0
    }
}
