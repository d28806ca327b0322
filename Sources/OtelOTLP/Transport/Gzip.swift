import CZlib

/// A gzip (RFC 1952) failure.
public enum GzipError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The compression level is outside -1...9.
    case invalidLevel(Int)
    /// zlib could not set up a stream (usually out of memory); the zlib status code.
    case initializationFailed(Int32)
    /// The input is not valid gzip data; zlib's message.
    case corruptData(String)
    /// The input ends before the gzip stream does.
    case truncatedData
    /// Decompressing would produce more than the allowed number of bytes.
    case outputTooLarge(limit: Int)
    /// zlib failed in another way; the zlib status code.
    case zlibFailed(Int32)

    /// A sentence for logs.
    public var description: String {
        switch self {
        case .invalidLevel(let level):
            return "gzip: compression level \(level) is invalid; use -1 (default) or 0...9"
        case .initializationFailed(let code):
            return "gzip: zlib could not start a stream (status \(code)); the process may be out of memory"
        case .corruptData(let message):
            return "gzip: the data is not valid gzip (\(message)); check the Content-Encoding / grpc-encoding header"
        case .truncatedData:
            return "gzip: the data ends before the gzip stream does; the body was cut short"
        case .outputTooLarge(let limit):
            return "gzip: the decompressed data is larger than the limit of \(limit) bytes"
        case .zlibFailed(let code):
            return "gzip: zlib failed with status \(code)"
        }
    }
}

/// gzip compression and decompression with the system zlib.
public enum Gzip {
    private static let chunkSize = 64 * 1024

    /// Compresses `input` into one gzip member.
    ///
    /// - Parameter level: zlib level, -1 (default, 6) or 0 (store) ... 9 (smallest).
    /// - Throws: ``GzipError``.
    public static func compress(_ input: [UInt8], level: Int = -1) throws(GzipError) -> [UInt8] {
        guard (-1...9).contains(level) else { throw .invalidLevel(level) }
        var stream = z_stream()
        let initCode = czlib_deflate_init_gzip(&stream, Int32(level))
        guard initCode == Z_OK else { throw .initializationFailed(initCode) }
        defer { deflateEnd(&stream) }

        var output: [UInt8] = []
        output.reserveCapacity(Int(deflateBound(&stream, uLong(input.count))))
        var chunk = [UInt8](repeating: 0, count: chunkSize)
        let status: Int32 = input.withUnsafeBufferPointer { source in
            var offset = 0
            while true {
                let count = min(source.count - offset, Int(UInt32.max))
                stream.next_in = source.baseAddress.map { UnsafeMutablePointer(mutating: $0 + offset) }
                stream.avail_in = uInt(count)
                offset += count
                let flush = offset == source.count ? Z_FINISH : Z_NO_FLUSH
                var code = Z_OK
                repeat {
                    code = chunk.withUnsafeMutableBufferPointer { out in
                        stream.next_out = out.baseAddress
                        stream.avail_out = uInt(out.count)
                        return deflate(&stream, flush)
                    }
                    guard code == Z_OK || code == Z_STREAM_END || code == Z_BUF_ERROR else { return code }
                    output.append(contentsOf: chunk[0..<(chunk.count - Int(stream.avail_out))])
                } while stream.avail_out == 0
                if flush == Z_FINISH {
                    return code == Z_STREAM_END ? Z_OK : code
                }
            }
        }
        guard status == Z_OK else { throw .zlibFailed(status) }
        return output
    }

    /// Decompresses gzip data (one or more concatenated members).
    ///
    /// - Parameter maxOutputBytes: the most bytes to produce; larger output throws
    ///   ``GzipError/outputTooLarge(limit:)`` (protects against compression bombs).
    /// - Throws: ``GzipError``.
    public static func decompress(
        _ input: [UInt8], maxOutputBytes: Int = 64 * 1024 * 1024
    ) throws(GzipError)
        -> [UInt8]
    {
        var stream = z_stream()
        let initCode = czlib_inflate_init_gzip(&stream)
        guard initCode == Z_OK else { throw .initializationFailed(initCode) }
        defer { inflateEnd(&stream) }

        var output: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: chunkSize)
        let outcome: InflateOutcome = input.withUnsafeBufferPointer { source in
            guard let base = source.baseAddress, source.count > 0 else { return .truncated }
            var offset = 0
            while true {
                let count = min(source.count - offset, Int(UInt32.max))
                stream.next_in = UnsafeMutablePointer(mutating: base + offset)
                stream.avail_in = uInt(count)
                offset += count
                feeding: while true {
                    let code = chunk.withUnsafeMutableBufferPointer { out in
                        stream.next_out = out.baseAddress
                        stream.avail_out = uInt(out.count)
                        return inflate(&stream, Z_NO_FLUSH)
                    }
                    let produced = chunk.count - Int(stream.avail_out)
                    guard output.count + produced <= maxOutputBytes else { return .tooLarge }
                    output.append(contentsOf: chunk[0..<produced])
                    switch code {
                    case Z_STREAM_END:
                        if stream.avail_in == 0 && offset == source.count { return .done }
                        // Another member follows (RFC 1952 allows several).
                        guard inflateReset(&stream) == Z_OK else { return .failed(Z_STREAM_ERROR) }
                        if stream.avail_in == 0 { break feeding }
                    case Z_OK:
                        if stream.avail_in == 0 && stream.avail_out != 0 { break feeding }
                    case Z_BUF_ERROR:
                        // No progress: more input is needed.
                        if stream.avail_in == 0 { break feeding }
                        return .failed(code)
                    case Z_DATA_ERROR:
                        return .corrupt(stream.msg.map { String(cString: $0) } ?? "invalid data")
                    default:
                        return .failed(code)
                    }
                }
                if offset == source.count { return .truncated }
            }
        }
        switch outcome {
        case .done: return output
        case .truncated: throw .truncatedData
        case .tooLarge: throw .outputTooLarge(limit: maxOutputBytes)
        case .corrupt(let message): throw .corruptData(message)
        case .failed(let code): throw .zlibFailed(code)
        }
    }

    private enum InflateOutcome {
        case done
        case truncated
        case tooLarge
        case corrupt(String)
        case failed(Int32)
    }
}
