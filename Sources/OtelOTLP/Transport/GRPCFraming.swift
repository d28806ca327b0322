/// One gRPC length-prefixed message.
public struct GRPCFrame: Sendable, Equatable {
    /// Whether the message is compressed with the call's `grpc-encoding`.
    public var compressed: Bool
    /// The (possibly compressed) message bytes.
    public var message: [UInt8]

    /// Creates a frame.
    public init(compressed: Bool, message: [UInt8]) {
        self.compressed = compressed
        self.message = message
    }
}

/// A malformed gRPC message frame.
public enum GRPCFramingError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The message is longer than the 4 GiB a frame can describe.
    case messageTooLarge(Int)
    /// Fewer than 5 bytes remain where a frame prefix should be.
    case truncatedPrefix(available: Int)
    /// The prefix announces more bytes than remain.
    case truncatedMessage(expected: Int, available: Int)
    /// The compressed-flag byte is neither 0 nor 1.
    case invalidCompressedFlag(UInt8)

    /// A sentence for logs.
    public var description: String {
        switch self {
        case .messageTooLarge(let size):
            return "gRPC framing: a \(size)-byte message does not fit a frame (limit 4 GiB - 1)"
        case .truncatedPrefix(let available):
            return "gRPC framing: the body ends inside a 5-byte message prefix (\(available) bytes left)"
        case .truncatedMessage(let expected, let available):
            return "gRPC framing: the prefix announces \(expected) bytes but only \(available) follow"
        case .invalidCompressedFlag(let flag):
            return "gRPC framing: compressed flag \(flag) is invalid (must be 0 or 1)"
        }
    }
}

/// gRPC's message framing over HTTP/2: a 1-byte compressed flag, a 4-byte big-endian length,
/// then the message.
public enum GRPCFraming {
    /// The size of the prefix before each message.
    public static let prefixLength = 5

    /// Frames `message`.
    /// - Throws: ``GRPCFramingError/messageTooLarge(_:)`` past `UInt32.max` bytes.
    public static func encode(_ message: [UInt8], compressed: Bool) throws(GRPCFramingError) -> [UInt8] {
        guard message.count <= Int(UInt32.max) else { throw .messageTooLarge(message.count) }
        let length = UInt32(message.count)
        var framed: [UInt8] = []
        framed.reserveCapacity(prefixLength + message.count)
        framed.append(compressed ? 1 : 0)
        framed.append(UInt8(truncatingIfNeeded: length >> 24))
        framed.append(UInt8(truncatingIfNeeded: length >> 16))
        framed.append(UInt8(truncatingIfNeeded: length >> 8))
        framed.append(UInt8(truncatingIfNeeded: length))
        framed.append(contentsOf: message)
        return framed
    }

    /// Splits a response body into its frames.
    /// - Throws: ``GRPCFramingError`` when the body is not a whole number of frames.
    public static func decode(_ body: [UInt8]) throws(GRPCFramingError) -> [GRPCFrame] {
        var frames: [GRPCFrame] = []
        var index = 0
        while index < body.count {
            let available = body.count - index
            guard available >= prefixLength else { throw .truncatedPrefix(available: available) }
            let flag = body[index]
            guard flag <= 1 else { throw .invalidCompressedFlag(flag) }
            var length = 0
            for offset in 1...4 {
                length = length << 8 | Int(body[index + offset])
            }
            let start = index + prefixLength
            guard body.count - start >= length else {
                throw .truncatedMessage(expected: length, available: body.count - start)
            }
            frames.append(GRPCFrame(compressed: flag == 1, message: Array(body[start..<(start + length)])))
            index = start + length
        }
        return frames
    }
}
