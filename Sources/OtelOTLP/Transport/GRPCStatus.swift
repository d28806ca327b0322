/// The outcome of a gRPC call: a status code and a message.
public struct GRPCStatus: Sendable, Equatable, CustomStringConvertible {
    /// The 17 gRPC status codes.
    public enum Code: Int, Sendable, Equatable, CaseIterable {
        /// 0: success.
        case ok = 0
        /// 1: the caller cancelled.
        case cancelled = 1
        /// 2: an unknown error.
        case unknown = 2
        /// 3: the request is invalid whatever the server's state.
        case invalidArgument = 3
        /// 4: the deadline passed before the call completed.
        case deadlineExceeded = 4
        /// 5: an entity was not found.
        case notFound = 5
        /// 6: the entity already exists.
        case alreadyExists = 6
        /// 7: the caller may not do this.
        case permissionDenied = 7
        /// 8: a quota or resource ran out (retryable in OTLP when the server says so).
        case resourceExhausted = 8
        /// 9: the system is not in the state the call needs.
        case failedPrecondition = 9
        /// 10: aborted, usually by a concurrency conflict.
        case aborted = 10
        /// 11: out of the valid range.
        case outOfRange = 11
        /// 12: the server does not implement the method.
        case unimplemented = 12
        /// 13: an internal error (also used for protocol violations seen by the client).
        case `internal` = 13
        /// 14: the service is unavailable for now; retry with backoff.
        case unavailable = 14
        /// 15: unrecoverable data loss.
        case dataLoss = 15
        /// 16: missing or invalid credentials.
        case unauthenticated = 16
    }

    /// The status code.
    public var code: Code
    /// The human-readable message (percent-decoded from `grpc-message`).
    public var message: String

    /// Creates a status.
    public init(code: Code, message: String = "") {
        self.code = code
        self.message = message
    }

    /// Success with no message.
    public static let ok = GRPCStatus(code: .ok)

    /// Whether the code is ``Code/ok``.
    public var isOK: Bool { code == .ok }

    /// "CODE: message".
    public var description: String {
        message.isEmpty ? "\(code)" : "\(code): \(message)"
    }

    /// Reads `grpc-status` / `grpc-message` from the trailers, or from the headers when the server
    /// sent a trailers-only response. `nil` when neither has `grpc-status`. Unknown numeric codes
    /// become ``Code/unknown`` (as the gRPC spec says).
    public static func parse(headers: [(String, String)], trailers: [(String, String)]) -> GRPCStatus? {
        let fields = HTTPResponse.firstValue(named: "grpc-status", in: trailers) != nil ? trailers : headers
        guard let rawCode = HTTPResponse.firstValue(named: "grpc-status", in: fields) else { return nil }
        let trimmedCode = trimmed(rawCode)
        let code = Int(trimmedCode).flatMap(Code.init(rawValue:)) ?? .unknown
        let rawMessage = HTTPResponse.firstValue(named: "grpc-message", in: fields) ?? ""
        var message = percentDecode(rawMessage)
        if code == .unknown, Int(trimmedCode).flatMap(Code.init(rawValue:)) == nil {
            let note = "unrecognized grpc-status '\(trimmedCode.prefix(16))'"
            message = message.isEmpty ? note : "\(message) (\(note))"
        }
        return GRPCStatus(code: code, message: message)
    }

    /// The status a client reports for a non-gRPC HTTP answer (gRPC's "HTTP to gRPC status code
    /// mapping"): 400 internal, 401 unauthenticated, 403 permission denied, 404 unimplemented,
    /// 429/502/503/504 unavailable, anything else unknown.
    public static func fromHTTPStatus(_ status: Int) -> GRPCStatus {
        let code: Code
        switch status {
        case 400: code = .internal
        case 401: code = .unauthenticated
        case 403: code = .permissionDenied
        case 404: code = .unimplemented
        case 429, 502, 503, 504: code = .unavailable
        default: code = .unknown
        }
        return GRPCStatus(code: code, message: "HTTP status \(status) without a gRPC status")
    }

    /// Decodes a `grpc-message` value: `%XX` sequences are UTF-8 bytes. Malformed sequences are
    /// kept as they are, and invalid UTF-8 becomes U+FFFD, as the gRPC spec asks.
    public static func percentDecode(_ value: String) -> String {
        let input = Array(value.utf8)
        guard input.contains(UInt8(ascii: "%")) else { return value }
        var bytes: [UInt8] = []
        bytes.reserveCapacity(input.count)
        var index = 0
        while index < input.count {
            if input[index] == UInt8(ascii: "%"), index + 2 < input.count,
                let high = hexValue(input[index + 1]), let low = hexValue(input[index + 2])
            {
                bytes.append(high << 4 | low)
                index += 3
            } else {
                bytes.append(input[index])
                index += 1
            }
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    /// Encodes a message for `grpc-message`: bytes outside 0x20...0x7E and `%` become `%XX`.
    public static func percentEncode(_ message: String) -> String {
        let hex = Array("0123456789ABCDEF".utf8)
        var bytes: [UInt8] = []
        for byte in message.utf8 {
            if byte >= 0x20 && byte <= 0x7E && byte != UInt8(ascii: "%") {
                bytes.append(byte)
            } else {
                bytes.append(contentsOf: [UInt8(ascii: "%"), hex[Int(byte >> 4)], hex[Int(byte & 0x0F)]])
            }
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    private static func trimmed(_ text: String) -> String {
        var view = Substring(text)
        while let first = view.first, first == " " || first == "\t" { view = view.dropFirst() }
        while let last = view.last, last == " " || last == "\t" { view = view.dropLast() }
        return String(view)
    }

    private static func hexValue(_ byte: UInt8) -> UInt8? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): return byte - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): return byte - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): return byte - UInt8(ascii: "A") + 10
        default: return nil
        }
    }
}
