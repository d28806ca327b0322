import CCurl

/// What one transfer collects from libcurl's callbacks.
///
/// An instance lives only inside one `curl_easy_perform` call, on the thread that runs it; the
/// callbacks reach it through an unretained `Unmanaged` pointer while the caller keeps it alive.
final class CurlTransfer {
    private(set) var body: [UInt8] = []
    private(set) var headers: [(String, String)] = []
    private(set) var trailers: [(String, String)] = []
    /// Set when the body grew past `maxBodyBytes` and the transfer was stopped.
    private(set) var bodyLimitExceeded = false
    /// Set once any response header line (even a status line) arrived.
    private(set) var receivedResponse = false

    private let maxBodyBytes: Int
    private var inHeaderBlock = false
    private var headerBlockEnded = false

    init(maxBodyBytes: Int) {
        self.maxBodyBytes = maxBodyBytes
    }

    /// Appends response body bytes; returns false (stop the transfer) past the size limit.
    func appendBody(_ bytes: UnsafeRawBufferPointer) -> Bool {
        guard body.count + bytes.count <= maxBodyBytes else {
            bodyLimitExceeded = true
            return false
        }
        body.append(contentsOf: bytes)
        return true
    }

    /// Takes one header line as libcurl delivers it (status lines, fields, the blank line that
    /// ends a header block, and trailer fields after it).
    func appendHeaderLine(_ bytes: UnsafeRawBufferPointer) {
        receivedResponse = true
        var line = Substring(String(decoding: bytes, as: UTF8.self))
        while let last = line.last, last.isNewline {  // "\r\n" is one Character
            line = line.dropLast()
        }
        if line.hasPrefix("HTTP/") {
            // A new response head: an informational (1xx) one before it is dropped.
            headers.removeAll()
            trailers.removeAll()
            inHeaderBlock = true
            headerBlockEnded = false
            return
        }
        if line.isEmpty {
            if inHeaderBlock {
                inHeaderBlock = false
                headerBlockEnded = true
            }
            return
        }
        if let first = line.first, first == " " || first == "\t" {
            // Obsolete line folding: the line continues the previous field's value.
            appendContinuation(trimmed(line))
            return
        }
        guard let colon = line.firstIndex(of: ":") else { return }
        let field = (String(trimmed(line[..<colon])), String(trimmed(line[line.index(after: colon)...])))
        if inHeaderBlock {
            headers.append(field)
        } else if headerBlockEnded {
            trailers.append(field)
        }
    }

    private func appendContinuation(_ text: Substring) {
        if inHeaderBlock, let last = headers.indices.last {
            headers[last].1 += " " + text
        } else if headerBlockEnded, let last = trailers.indices.last {
            trailers[last].1 += " " + text
        }
    }

    private func trimmed(_ text: Substring) -> Substring {
        var result = text
        while let first = result.first, first == " " || first == "\t" { result = result.dropFirst() }
        while let last = result.last, last == " " || last == "\t" { result = result.dropLast() }
        return result
    }

    /// The CURLOPT_WRITEFUNCTION callback: `context` is an unretained `CurlTransfer`.
    static let writeCallback: ccurl_data_callback = { data, size, count, context in
        let length = size * count
        guard length > 0 else { return 0 }
        guard let data, let context else { return 0 }
        let transfer = Unmanaged<CurlTransfer>.fromOpaque(context).takeUnretainedValue()
        return transfer.appendBody(UnsafeRawBufferPointer(start: data, count: length)) ? length : 0
    }

    /// The CURLOPT_HEADERFUNCTION callback: `context` is an unretained `CurlTransfer`.
    static let headerCallback: ccurl_data_callback = { data, size, count, context in
        let length = size * count
        guard length > 0 else { return 0 }
        guard let data, let context else { return 0 }
        let transfer = Unmanaged<CurlTransfer>.fromOpaque(context).takeUnretainedValue()
        transfer.appendHeaderLine(UnsafeRawBufferPointer(start: data, count: length))
        return length
    }
}
