/// The request line and header fields of one HTTP/1.x request, as the receiver parses them.
struct HTTPRequestHead: Sendable {
    /// The method, such as `POST` (case-sensitive, as HTTP defines).
    let method: String
    /// The path of the target, without query or fragment (`/v1/traces`).
    let path: String
    /// The minor version: 1 for HTTP/1.1, 0 for HTTP/1.0.
    let minorVersion: Int
    /// The header fields in order, names lowercased, values trimmed.
    let headers: [(name: String, value: String)]
    /// The body length from `Content-Length` (0 when absent).
    let contentLength: Int

    /// Why a request head was refused, with the status to answer.
    struct Failure: Error, Sendable {
        let status: Int
        let reason: String
    }

    /// The first value of header `name` (lowercase).
    func header(_ name: String) -> String? { headers.first { $0.name == name }?.value }

    /// Whether the connection stays open after the response (HTTP/1.1 unless `close`; HTTP/1.0
    /// only with `keep-alive`).
    var keepAlive: Bool {
        let tokens = headers.filter { $0.name == "connection" }
            .flatMap { $0.value.lowercased().split(separator: ",").map { $0.trimmingASCIISpaces } }
        if tokens.contains("close") { return false }
        return minorVersion >= 1 || tokens.contains("keep-alive")
    }

    /// Whether the client waits for `100 Continue` before sending the body.
    var expectsContinue: Bool { header("expect")?.lowercased() == "100-continue" && minorVersion >= 1 }

    /// The most header fields accepted.
    static let maxHeaderCount = 128

    /// Parses a head: everything before the empty line, without the final CRLF CRLF.
    static func parse(_ bytes: ArraySlice<UInt8>) throws(Failure) -> HTTPRequestHead {
        var lines: [ArraySlice<UInt8>] = []
        var lineStart = bytes.startIndex
        var index = bytes.startIndex
        while index < bytes.endIndex {
            if bytes[index] == UInt8(ascii: "\n") {
                var lineEnd = index
                if lineEnd > lineStart, bytes[lineEnd - 1] == UInt8(ascii: "\r") { lineEnd -= 1 }
                lines.append(bytes[lineStart..<lineEnd])
                lineStart = index + 1
                guard lines.count <= maxHeaderCount + 1 else {
                    throw Failure(status: 431, reason: "more than \(maxHeaderCount) header fields")
                }
            }
            index += 1
        }
        lines.append(bytes[lineStart..<bytes.endIndex])
        guard let requestLine = lines.first else { throw Failure(status: 400, reason: "empty request") }

        let parts = requestLine.split(separator: UInt8(ascii: " "), omittingEmptySubsequences: false)
        guard parts.count == 3, !parts[0].isEmpty, !parts[1].isEmpty else {
            throw Failure(status: 400, reason: "malformed request line")
        }
        let method = String(decoding: parts[0], as: UTF8.self)
        let target = String(decoding: parts[1], as: UTF8.self)
        let minorVersion: Int
        switch String(decoding: parts[2], as: UTF8.self) {
        case "HTTP/1.1": minorVersion = 1
        case "HTTP/1.0": minorVersion = 0
        default: throw Failure(status: 505, reason: "only HTTP/1.0 and HTTP/1.1 are supported")
        }
        guard method.utf8.allSatisfy({ $0 > 0x20 && $0 < 0x7F }) else {
            throw Failure(status: 400, reason: "malformed method")
        }

        var headers: [(name: String, value: String)] = []
        for line in lines.dropFirst() {
            guard let first = line.first else { continue }
            guard first != UInt8(ascii: " "), first != UInt8(ascii: "\t") else {
                throw Failure(status: 400, reason: "obsolete header line folding is not supported")
            }
            guard let colon = line.firstIndex(of: UInt8(ascii: ":")), colon > line.startIndex else {
                throw Failure(status: 400, reason: "malformed header field")
            }
            let name = String(decoding: line[line.startIndex..<colon], as: UTF8.self)
            guard name.utf8.allSatisfy({ $0 > 0x20 && $0 < 0x7F }) else {
                throw Failure(status: 400, reason: "malformed header name")
            }
            let value = String(decoding: line[(colon + 1)...], as: UTF8.self).trimmingASCIISpaces
            headers.append((name.lowercased(), String(value)))
        }

        if let coding = headers.first(where: { $0.name == "transfer-encoding" }) {
            throw Failure(
                status: coding.value.lowercased() == "chunked" ? 411 : 501,
                reason: "Transfer-Encoding is not supported; send a Content-Length body")
        }
        var contentLength = 0
        let lengths = Set(headers.filter { $0.name == "content-length" }.map(\.value))
        if let text = lengths.first {
            guard lengths.count == 1, !text.isEmpty, text.utf8.count <= 18,
                text.utf8.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }),
                let value = Int(text)
            else { throw Failure(status: 400, reason: "invalid Content-Length") }
            contentLength = value
        }
        return HTTPRequestHead(
            method: method, path: path(of: target), minorVersion: minorVersion, headers: headers,
            contentLength: contentLength)
    }

    /// The path of an origin-form (`/v1/traces?x`) or absolute-form (`http://host/v1/traces`) target.
    private static func path(of target: String) -> String {
        var rest = Substring(target)
        if let scheme = rest.firstRange(of: "://") {
            rest = rest[scheme.upperBound...]
            rest = rest.firstIndex(of: "/").map { rest[$0...] } ?? "/"
        }
        if let end = rest.firstIndex(where: { $0 == "?" || $0 == "#" }) { rest = rest[..<end] }
        return String(rest)
    }
}
