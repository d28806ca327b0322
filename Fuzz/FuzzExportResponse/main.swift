/// Feeds what a collector can send back to the exporters' response handling:
/// `ExportResponseDecoder.decodeProtobuf`/`decodeJSON`, the libcurl header-line collector
/// (`CurlTransfer`), `GRPCClient.interpret` (gRPC status, trailers, framing, gzip), `RetryAfter`
/// with the retry delay and deadline arithmetic built on it, `GRPCFraming`, `GRPCStatus`'s
/// percent coding, `Gzip` and `JSONValue.parse`.
///
/// A partial success that decodes must survive a round trip through the receiver's response
/// encoder (`OTLPExportResponseEncoder`, the other end of this wire), in both formats; gzip data
/// that decompresses must compress and decompress back to the same bytes, and so must the input.
///
/// Input: the first byte picks the part (`byte % 8`); the rest is its input:
/// 0 protobuf response body; 1-3 JSON response body for traces, metrics, logs;
/// 4 an HTTP answer: two status bytes, header lines up to a 0 byte (a blank line ends the header
///   block, lines after it are trailers), then the body;
/// 5 a `Retry-After` value, `\n`, then 8 bytes of "now" in Unix seconds;
/// 6 gzip data; 7 a `grpc-message` value or a gRPC-framed body.

import FuzzKit
import OtelOTLPReceiver

@testable import OtelOTLP

OtelDiagnostics.setHandler(minimumLevel: .debug) { _, _ in }

FuzzDriver.run(seeds: seeds) { buffer in
    var input = FuzzInput(buffer)
    switch input.byte() % 8 {
    case 0: decodeProtobufResponse(input.rest())
    case 1: decodeJSONResponse(input.rest(), signal: .traces)
    case 2: decodeJSONResponse(input.rest(), signal: .metrics)
    case 3: decodeJSONResponse(input.rest(), signal: .logs)
    case 4: interpretHTTPAnswer(&input)
    case 5: checkRetryAfter(&input)
    case 6: checkGzip(input.rest())
    default: checkGRPCCoding(input.rest())
    }
}

func decodeProtobufResponse(_ body: [UInt8]) {
    guard let partial = try? ExportResponseDecoder.decodeProtobuf(body) else { return }
    checkRoundTrip(partial, signal: .traces)
}

func decodeJSONResponse(_ body: [UInt8], signal: OTLPSignal) {
    _ = try? JSONValue.parse(body)
    guard let partial = try? ExportResponseDecoder.decodeJSON(body, signal: signal) else { return }
    checkRoundTrip(partial, signal: signal)
}

/// Encodes a decoded partial success as a receiver would and decodes it again. "Nothing
/// reported" has two spellings (no `partialSuccess`, or an empty one), so `nil` counts as zero
/// rejected items with no message.
func checkRoundTrip(_ partial: OTLPPartialSuccess?, signal: OTLPSignal) {
    let expected = partial ?? OTLPPartialSuccess(rejected: 0, errorMessage: "")
    for format in OTLPPayloadFormat.allCases {
        let body = OTLPExportResponseEncoder.partialSuccess(
            signal: signal, rejected: expected.rejected, errorMessage: expected.errorMessage, format: format)
        let again: OTLPPartialSuccess??
        switch format {
        case .protobuf: again = try? ExportResponseDecoder.decodeProtobuf(body)
        case .json: again = try? ExportResponseDecoder.decodeJSON(body, signal: signal)
        }
        guard let again else {
            fuzzCheck(false, "an encoded \(format) partial success does not decode: \(expected)")
            return
        }
        fuzzCheck(
            (again ?? OTLPPartialSuccess(rejected: 0, errorMessage: "")) == expected,
            "a \(format) partial success changed on a round trip: \(expected) -> \(String(describing: again))")
    }
}

/// Decompresses `data` (under a limit), recompresses what came out, and compresses `data`
/// itself at a level it picks: each must come back unchanged.
func checkGzip(_ data: [UInt8]) {
    let limit = 1 << 20
    if let output = try? Gzip.decompress(data, maxOutputBytes: limit) {
        fuzzCheck(output.count <= limit, "gzip output over the limit")
        checkGzipRoundTrip(output, level: -1)
    }
    checkGzipRoundTrip(data, level: data.count % 11 - 1)
}

func checkGzipRoundTrip(_ data: [UInt8], level: Int) {
    do {
        let compressed = try Gzip.compress(data, level: level)
        fuzzCheck(try Gzip.decompress(compressed, maxOutputBytes: data.count) == data, "gzip round trip changed data")
    } catch {
        fuzzCheck(false, "gzip round trip failed at level \(level): \(error)")
    }
}

/// Replays an answer through the same collector libcurl's callbacks feed, then interprets it as
/// an OTLP/HTTP answer and as a gRPC one.
func interpretHTTPAnswer(_ input: inout FuzzInput) {
    let status = 100 + Int(input.integer(bytes: 2) % 500)
    let head = input.field(separator: 0)
    let body = input.rest()
    let transfer = CurlTransfer(maxBodyBytes: 1 << 16)
    var lineStart = head.startIndex
    for index in head.indices where head[index] == UInt8(ascii: "\n") {
        head[lineStart...index].withUnsafeBytes { transfer.appendHeaderLine($0) }
        lineStart = index + 1
    }
    if lineStart < head.endIndex {
        head[lineStart...].withUnsafeBytes { transfer.appendHeaderLine($0) }
    }
    let accepted = body.withUnsafeBytes { transfer.appendBody($0) }
    fuzzCheck(accepted == (body.count <= 1 << 16), "body limit misapplied")
    let response = HTTPResponse(
        status: status, headers: transfer.headers, body: transfer.body, trailers: transfer.trailers,
        httpVersion: .http2)
    if let retryAfter = response.retryAfter {
        _ = retryAfter.delaySeconds(nowUnixSeconds: 1_700_000_000)
    }
    if (200..<300).contains(status) {
        decodeProtobufResponse(response.body)
        decodeJSONResponse(response.body, signal: .traces)
    }
    let unary = GRPCClient.interpret(response)
    if unary.status.isOK {
        fuzzCheck(unary.message != nil, "an OK gRPC answer without a message")
        decodeProtobufResponse(unary.message ?? [])
    }
    _ = unary.status.description
}

/// Parses a `Retry-After` value and follows it through the exporter's delay arithmetic, which
/// must never wait less than the server asked for (up to saturation) nor wrap around.
func checkRetryAfter(_ input: inout FuzzInput) {
    let text = input.text(separator: UInt8(ascii: "\n"))
    let now = Int64(bitPattern: input.integer(bytes: 8))
    guard let retryAfter = RetryAfter(headerValue: text) else { return }
    let seconds = retryAfter.delaySeconds(nowUnixSeconds: now)
    fuzzCheck(seconds >= 0, "negative Retry-After delay")
    let delay = Duration.seconds(seconds)
    let policy = RetryPolicy()
    guard let chosen = policy.delay(afterAttempt: 1, serverDelay: delay, random: 0.5) else {
        fuzzCheck(false, "the policy gave up after one attempt")
        return
    }
    fuzzCheck(chosen == delay, "the policy ignored the server's delay")
    let start = MonotonicInstant(nanoseconds: 1_000_000_000_000)
    let wake = start.advanced(by: chosen)
    fuzzCheck(wake >= start, "waking \(seconds) s later wrapped around to an earlier instant")
}

func checkGRPCCoding(_ bytes: [UInt8]) {
    let text = String(decoding: bytes, as: UTF8.self)
    let encoded = GRPCStatus.percentEncode(text)
    fuzzCheck(encoded.utf8.allSatisfy { $0 >= 0x20 && $0 <= 0x7E }, "grpc-message encoding left a raw byte")
    fuzzCheck(GRPCStatus.percentDecode(encoded) == text, "grpc-message percent coding is not a round trip")
    _ = GRPCStatus.percentDecode(text)
    _ = GRPCStatus.parse(headers: [], trailers: [("grpc-status", text), ("grpc-message", text)])
    if let frames = try? GRPCFraming.decode(bytes) {
        var reencoded: [UInt8] = []
        for frame in frames {
            guard let framed = try? GRPCFraming.encode(frame.message, compressed: frame.compressed) else {
                fuzzCheck(false, "a decoded frame does not encode")
                return
            }
            reencoded += framed
        }
        fuzzCheck(reencoded == bytes, "gRPC framing is not a round trip")
    }
}

/// Responses a collector sends: empty and partial successes in both encodings (with the field
/// spellings and number forms OTLP/JSON allows), gRPC answers with trailers, compression and
/// errors, OTLP/HTTP failures with `Retry-After`, the three HTTP-date forms, and gzip data.
func seeds() -> [FuzzSeed] {
    func seed(_ name: String, _ part: Character, _ bytes: [UInt8]) -> FuzzSeed {
        FuzzSeed(name, Array(String(part).utf8) + bytes)
    }
    func text(_ name: String, _ part: Character, _ text: String) -> FuzzSeed {
        seed(name, part, Array(text.utf8))
    }
    func partial(_ rejected: Int64, _ message: String) -> [UInt8] {
        OTLPExportResponseEncoder.partialSuccess(
            signal: .traces, rejected: rejected, errorMessage: message, format: .protobuf)
    }
    /// An HTTP answer: the status, header lines (`\r\n` each; a blank line, then trailers), body.
    func answer(_ name: String, status: Int, _ lines: [String], body: [UInt8]) -> FuzzSeed {
        let code = status - 100
        let head = lines.map { $0 + "\r\n" }.joined()
        return seed(name, "4", [UInt8(code >> 8), UInt8(code & 0xFF)] + Array(head.utf8) + [0] + body)
    }
    func framed(_ message: [UInt8], compressed: Bool = false) -> [UInt8] {
        (try? GRPCFraming.encode(message, compressed: compressed)) ?? []
    }
    func retryAfter(_ name: String, _ value: String, now: Int64) -> FuzzSeed {
        let nowBytes = (0..<8).reversed().map { UInt8(truncatingIfNeeded: UInt64(bitPattern: now) >> ($0 * 8)) }
        return seed(name, "5", Array((value + "\n").utf8) + nowBytes)
    }
    let gzipped = (try? Gzip.compress(partial(5, "five spans rejected"))) ?? []
    let now: Int64 = 1_700_000_000
    return [
        seed("pb-empty", "0", []),
        seed("pb-partial", "0", partial(3, "3 spans were rejected: invalid trace id")),
        seed("pb-partial-message-only", "0", partial(0, "warning: attribute limit reached \u{1F6A7}")),
        seed("pb-partial-negative", "0", partial(-1, "")),
        // An unknown top-level field, an unknown field inside partial_success, then a truncated field.
        seed(
            "pb-unknown-fields", "0",
            [0x12, 0x01, 0x41, 0x0A, 0x0B, 0x08, 0x07, 0x19] + [UInt8](repeating: 0xFF, count: 8)),
        seed("pb-truncated", "0", Array(partial(9, "cut short").dropLast(3))),
        text("json-traces-empty", "1", "{}"),
        text(
            "json-traces-partial", "1",
            #"{"partialSuccess":{"rejectedSpans":"2","errorMessage":"2 spans dropped \u00e9\ud83c\udf89"}}"#),
        text(
            "json-metrics-partial", "2",
            #"{ "partial_success" : { "rejectedDataPoints" : 7, "error_message" : "bad\tpoint" } }"#),
        text("json-logs-partial", "3", #"{"partialSuccess":{"rejectedLogRecords":"-9223372036854775808"}}"#),
        text("json-logs-number-forms", "3", #"{"partialSuccess":{"rejectedLogRecords":1e3,"errorMessage":null}}"#),
        text("json-not-object", "1", #"[{"partialSuccess":{}}, 1.5e-3, true, false, null, "\/"]"#),
        answer(
            "grpc-ok", status: 200,
            [
                "HTTP/2 200", "content-type: application/grpc", "grpc-encoding: identity", "",
                "grpc-status: 0", "grpc-message:",
            ], body: framed(partial(1, "one"))),
        answer(
            "grpc-ok-gzip", status: 200,
            ["HTTP/2 200", "content-type: application/grpc+proto", "grpc-encoding: gzip", "", "grpc-status: 0"],
            body: framed(gzipped, compressed: true)),
        answer(
            "grpc-trailers-only-error", status: 200,
            [
                "HTTP/2 200", "content-type: application/grpc", "grpc-status: 14",
                "grpc-message: collector%20unavailable%3A%20%E2%9C%93", "",
            ], body: []),
        answer(
            "grpc-two-frames", status: 200,
            ["HTTP/2 200", "content-type: application/grpc", "", "grpc-status: 0"],
            body: framed([]) + framed(partial(0, "x"))),
        answer(
            "http-100-then-200-folded", status: 200,
            [
                "HTTP/1.1 100 Continue", "", "HTTP/1.1 200 OK", "Content-Type: application/x-protobuf",
                "X-Folded: first", "\tsecond", "",
            ], body: partial(4, "four")),
        answer(
            "http-429-retry-after", status: 429,
            ["HTTP/1.1 429 Too Many Requests", "Retry-After: 30", "Content-Type: application/json", ""],
            body: Array(#"{"code":8,"message":"slow down"}"#.utf8)),
        answer(
            "http-503-retry-date", status: 503,
            ["HTTP/2 503", "retry-after: Wed, 21 Oct 2015 07:28:00 GMT", "grpc-status: 14", ""], body: []),
        retryAfter("retry-seconds", "120", now: now),
        retryAfter("retry-huge", "99999999999999999999999", now: now),
        retryAfter("retry-imf-date", "Sun, 06 Nov 1994 08:49:37 GMT", now: now),
        retryAfter("retry-rfc850", "Sunday, 06-Nov-94 08:49:37 GMT", now: Int64.min),
        retryAfter("retry-asctime", "Sun Nov  6 08:49:37 1994", now: Int64.max),
        retryAfter("retry-leap-day", "Thu, 29 Feb 2024 23:59:60 GMT", now: now),
        seed("gzip-member", "6", gzipped),
        seed("gzip-two-members", "6", gzipped + ((try? Gzip.compress(Array("second member".utf8), level: 9)) ?? [])),
        seed("gzip-truncated", "6", Array(gzipped.dropLast(6))),
        text("grpc-message", "7", "deadline exceeded: 100% \u{2713} %zz %E2%9C"),
        seed("grpc-framing", "7", framed(Array("frame".utf8)) + framed([], compressed: true)),
    ]
}
