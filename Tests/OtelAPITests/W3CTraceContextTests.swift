import Foundation
import OtelAPI
import Testing

/// One `traceparent` header and the exact outcome of parsing it.
struct W3CTraceParentVector: Sendable, CustomTestStringConvertible {
    enum Outcome: Sendable {
        case valid(traceID: String, spanID: String, flags: UInt8)
        case invalid(TraceContextError)
    }

    let name: String
    let header: String
    let outcome: Outcome

    var testDescription: String { name }

    static func valid(
        _ name: String,
        _ header: String,
        _ traceID: String,
        _ spanID: String,
        _ flags: UInt8
    ) -> W3CTraceParentVector {
        let outcome = Outcome.valid(traceID: traceID, spanID: spanID, flags: flags)
        return W3CTraceParentVector(name: name, header: header, outcome: outcome)
    }

    static func invalid(_ name: String, _ header: String, _ error: TraceContextError) -> W3CTraceParentVector {
        W3CTraceParentVector(name: name, header: header, outcome: .invalid(error))
    }
}

/// One `tracestate` header and the exact outcome of parsing it.
struct W3CTraceStateVector: Sendable, CustomTestStringConvertible {
    enum Outcome: Sendable {
        /// The members, each written as `key=value`, in order.
        case valid([String])
        case invalid(TraceContextError)
    }

    let name: String
    let header: String
    let outcome: Outcome

    var testDescription: String { name }

    static func valid(_ name: String, _ header: String, _ members: [String]) -> W3CTraceStateVector {
        W3CTraceStateVector(name: name, header: header, outcome: .valid(members))
    }

    static func invalid(_ name: String, _ header: String, _ error: TraceContextError) -> W3CTraceStateVector {
        W3CTraceStateVector(name: name, header: header, outcome: .invalid(error))
    }
}

private let specTrace = "4bf92f3577b34da6a3ce929d0e0e4736"
private let specSpan = "00f067aa0ba902b7"
private let suiteTrace = "12345678901234567890123456789012"
private let suiteSpan = "1234567890123456"
private let zeroTrace = String(repeating: "0", count: 32)
private let zeroSpan = String(repeating: "0", count: 16)

private let traceparentVectors: [W3CTraceParentVector] = [
    // Valid version 00.
    .valid("spec example, sampled", "00-\(specTrace)-\(specSpan)-01", specTrace, specSpan, 0x01),
    .valid("spec example, not sampled", "00-\(specTrace)-\(specSpan)-00", specTrace, specSpan, 0x00),
    .valid("test suite ids", "00-\(suiteTrace)-\(suiteSpan)-01", suiteTrace, suiteSpan, 0x01),
    .valid(
        "relationship example",
        "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01",
        "0af7651916cd43dd8448eb211c80319c",
        "b7ad6b7169203331",
        0x01
    ),
    .valid("random flag (level 2)", "00-\(specTrace)-\(specSpan)-02", specTrace, specSpan, 0x02),
    .valid("sampled and random", "00-\(specTrace)-\(specSpan)-03", specTrace, specSpan, 0x03),
    .valid("unknown flag 0x08 cleared", "00-\(specTrace)-\(specSpan)-09", specTrace, specSpan, 0x01),
    .valid("all flags set keeps defined bits", "00-\(specTrace)-\(specSpan)-ff", specTrace, specSpan, 0x03),
    .valid("only reserved flags", "00-\(specTrace)-\(specSpan)-fc", specTrace, specSpan, 0x00),
    .valid(
        "smallest non-zero ids",
        "00-00000000000000000000000000000001-0000000000000001-01",
        "00000000000000000000000000000001",
        "0000000000000001",
        0x01
    ),
    .valid(
        "largest ids",
        "00-ffffffffffffffffffffffffffffffff-ffffffffffffffff-00",
        "ffffffffffffffffffffffffffffffff",
        "ffffffffffffffff",
        0x00
    ),
    // Optional whitespace around the value (W3C test suite: test_traceparent_ows_handling).
    .valid("leading space", " 00-\(suiteTrace)-\(suiteSpan)-01", suiteTrace, suiteSpan, 0x01),
    .valid("leading tab", "\t00-\(suiteTrace)-\(suiteSpan)-01", suiteTrace, suiteSpan, 0x01),
    .valid("trailing space", "00-\(suiteTrace)-\(suiteSpan)-01 ", suiteTrace, suiteSpan, 0x01),
    .valid("trailing tab", "00-\(suiteTrace)-\(suiteSpan)-01\t", suiteTrace, suiteSpan, 0x01),
    .valid("mixed OWS both sides", "\t 00-\(suiteTrace)-\(suiteSpan)-01 \t", suiteTrace, suiteSpan, 0x01),
    // Higher versions.
    .valid("version cc", "cc-\(suiteTrace)-\(suiteSpan)-01", suiteTrace, suiteSpan, 0x01),
    .valid(
        "version cc with future fields",
        "cc-\(suiteTrace)-\(suiteSpan)-01-what-the-future-will-be-like",
        suiteTrace,
        suiteSpan,
        0x01
    ),
    .valid("version 01 with lone trailing dash", "01-\(specTrace)-\(specSpan)-00-", specTrace, specSpan, 0x00),
    .valid("version fe with unknown flags", "fe-\(specTrace)-\(specSpan)-09-xyz", specTrace, specSpan, 0x01),
    // Missing and too short.
    .invalid("empty", "", .missing),
    .invalid("only spaces", "   ", .missing),
    .invalid("only tab", "\t", .missing),
    .invalid("single character", "0", .wrongLength(1)),
    .invalid("version only", "00", .wrongLength(2)),
    .invalid("version and dash", "00-", .wrongLength(3)),
    .invalid("higher version without flags", "cc-\(suiteTrace)-\(suiteSpan)", .wrongLength(52)),
    .invalid("higher version one flag digit", "cc-\(suiteTrace)-\(suiteSpan)-0", .wrongLength(54)),
    // Version field.
    .invalid("version ff", "ff-\(suiteTrace)-\(suiteSpan)-01", .invalidVersion),
    .invalid("version ff with future fields", "ff-\(suiteTrace)-\(suiteSpan)-01-future", .invalidVersion),
    .invalid("version ff with zero ids", "ff-\(zeroTrace)-\(zeroSpan)-00", .invalidVersion),
    .invalid("version illegal first char", ".0-\(suiteTrace)-\(suiteSpan)-01", .uppercaseOrNonHex(.version)),
    .invalid("version illegal second char", "0.-\(suiteTrace)-\(suiteSpan)-01", .uppercaseOrNonHex(.version)),
    .invalid("version uppercase", "0A-\(suiteTrace)-\(suiteSpan)-01", .uppercaseOrNonHex(.version)),
    .invalid("higher version uppercase", "Cc-\(suiteTrace)-\(suiteSpan)-01", .uppercaseOrNonHex(.version)),
    .invalid("version too short", "0-\(suiteTrace)-\(suiteSpan)-01", .uppercaseOrNonHex(.version)),
    .invalid("version three digits", "000-\(suiteTrace)-\(suiteSpan)-01", .badDelimiter(position: 2)),
    .invalid("version four digits", "0000-\(suiteTrace)-\(suiteSpan)-01", .badDelimiter(position: 2)),
    // Trailing data.
    .invalid("version 00 trailing dot", "00-\(suiteTrace)-\(suiteSpan)-01.", .trailingDataForVersion00),
    .invalid(
        "version 00 with future fields",
        "00-\(suiteTrace)-\(suiteSpan)-01-what-the-future-will-be-like",
        .trailingDataForVersion00
    ),
    .invalid("version 00 flags too long", "00-\(suiteTrace)-\(suiteSpan)-001", .trailingDataForVersion00),
    .invalid("version 00 trailing newline", "00-\(suiteTrace)-\(suiteSpan)-01\n", .trailingDataForVersion00),
    .invalid(
        "two folded headers",
        "00-\(suiteTrace)-\(suiteSpan)-01,00-\(suiteTrace)-\(suiteSpan)-01",
        .trailingDataForVersion00
    ),
    .invalid(
        "higher version trailing data without dash",
        "cc-\(suiteTrace)-\(suiteSpan)-01.what-the-future-will-be-like",
        .badDelimiter(position: 55)
    ),
    // Trace id.
    .invalid("trace id all zero", "00-\(zeroTrace)-\(suiteSpan)-01", .invalidTraceID),
    .invalid("higher version trace id all zero", "cc-\(zeroTrace)-\(suiteSpan)-01-x", .invalidTraceID),
    .invalid(
        "trace id illegal first char",
        "00-.2345678901234567890123456789012-\(suiteSpan)-01",
        .uppercaseOrNonHex(.traceID)
    ),
    .invalid(
        "trace id illegal last char",
        "00-1234567890123456789012345678901.-\(suiteSpan)-01",
        .uppercaseOrNonHex(.traceID)
    ),
    .invalid("trace id uppercase", "00-4BF92F3577B34DA6A3CE929D0E0E4736-\(specSpan)-01", .uppercaseOrNonHex(.traceID)),
    .invalid(
        "trace id one uppercase char",
        "00-4bf92f3577b34da6a3ce929d0e0e473A-\(specSpan)-01",
        .uppercaseOrNonHex(.traceID)
    ),
    .invalid("trace id too long", "00-\(suiteTrace)3-\(suiteSpan)-01", .badDelimiter(position: 35)),
    .invalid("trace id too short", "00-\(suiteTrace.dropLast())-\(suiteSpan)-01", .wrongLength(54)),
    // Parent id.
    .invalid("parent id all zero", "00-\(suiteTrace)-\(zeroSpan)-01", .invalidSpanID),
    .invalid("parent id illegal first char", "00-\(suiteTrace)-.234567890123456-01", .uppercaseOrNonHex(.parentID)),
    .invalid("parent id illegal last char", "00-\(suiteTrace)-123456789012345.-01", .uppercaseOrNonHex(.parentID)),
    .invalid("parent id uppercase", "00-\(specTrace)-00F067AA0BA902B7-01", .uppercaseOrNonHex(.parentID)),
    .invalid("parent id too long", "00-\(suiteTrace)-\(suiteSpan)7-01", .badDelimiter(position: 52)),
    .invalid("parent id too short", "00-\(suiteTrace)-\(suiteSpan.dropLast())-01", .wrongLength(54)),
    .invalid("space inside value", "00-\(suiteTrace)- \(suiteSpan)-01", .uppercaseOrNonHex(.parentID)),
    // Trace flags.
    .invalid("flags illegal first char", "00-\(suiteTrace)-\(suiteSpan)-.0", .uppercaseOrNonHex(.traceFlags)),
    .invalid("flags illegal second char", "00-\(suiteTrace)-\(suiteSpan)-0.", .uppercaseOrNonHex(.traceFlags)),
    .invalid("flags uppercase", "00-\(specTrace)-\(specSpan)-0A", .uppercaseOrNonHex(.traceFlags)),
    .invalid("flags too short", "00-\(suiteTrace)-\(suiteSpan)-1", .wrongLength(54)),
    .invalid("flags non-ASCII", "00-\(suiteTrace)-\(suiteSpan)-0é", .uppercaseOrNonHex(.traceFlags)),
    // Delimiters and other whitespace.
    .invalid("underscore delimiters", "00_\(suiteTrace)_\(suiteSpan)_01", .badDelimiter(position: 2)),
    .invalid("bad second delimiter", "00-\(suiteTrace)_\(suiteSpan)-01", .badDelimiter(position: 35)),
    .invalid("bad third delimiter", "00-\(suiteTrace)-\(suiteSpan)_01", .badDelimiter(position: 52)),
    .invalid("higher version bad third delimiter", "cc-\(suiteTrace)-\(suiteSpan)_01-x", .badDelimiter(position: 52)),
    .invalid("space before first delimiter", "00 -\(suiteTrace)-\(suiteSpan)-01", .badDelimiter(position: 2)),
    .invalid("leading newline", "\n00-\(suiteTrace)-\(suiteSpan)-01", .uppercaseOrNonHex(.version)),
    .invalid("leading no-break space", "\u{00A0}00-\(suiteTrace)-\(suiteSpan)-01", .uppercaseOrNonHex(.version)),
]

private func tracestateMembers(_ count: Int) -> String {
    (1...count).map { "bar\($0)=\($0)" }.joined(separator: ",")
}

private let allKeyCharacters = "abcdefghijklmnopqrstuvwxyz0123456789_-*/"
private let allValueCharacters = String(
    decoding: Array(0x20...0x2B) + Array(0x2D...0x3C) + Array(0x3E...0x7E) as [UInt8],
    as: UTF8.self
)

private let tracestateVectors: [W3CTraceStateVector] = [
    .valid("empty", "", []),
    .valid("only whitespace", " \t ", []),
    .valid("single member", "rojo=00f067aa0ba902b7", ["rojo=00f067aa0ba902b7"]),
    .valid("two members", "rojo=00f067aa0ba902b7,congo=t61rcWkgMzE", ["rojo=00f067aa0ba902b7", "congo=t61rcWkgMzE"]),
    .valid("OWS around members", "foo=1 \t , \t bar=2, \t baz=3", ["foo=1", "bar=2", "baz=3"]),
    .valid("tabs and spaces", "foo=1\t \t,\t \tbar=2,\t \tbaz=3", ["foo=1", "bar=2", "baz=3"]),
    .valid("leading OWS", "\t foo=1", ["foo=1"]),
    .valid("trailing OWS is not part of the value", "foo=1 \t", ["foo=1"]),
    .valid("empty members skipped", ",,foo=1,, ,\t,bar=2,", ["foo=1", "bar=2"]),
    .valid("leading space in value kept", "foo= 1", ["foo= 1"]),
    .valid("inner space in value", "foo=a b", ["foo=a b"]),
    .valid("multi-tenant key", "tenant@vendor=v", ["tenant@vendor=v"]),
    .valid("multi-tenant key starting with digit", "0tenant@vendor=v", ["0tenant@vendor=v"]),
    .valid("all key characters", "\(allKeyCharacters)=1", ["\(allKeyCharacters)=1"]),
    .valid(
        "all key and value characters",
        "\(allKeyCharacters)@a-z0-9_-*/=\(allValueCharacters)",
        ["\(allKeyCharacters)@a-z0-9_-*/=\(allValueCharacters)"]
    ),
    .valid("256-character key", "\(String(repeating: "z", count: 256))=1", ["\(String(repeating: "z", count: 256))=1"]),
    .valid(
        "241-character tenant and 14-character system",
        "\(String(repeating: "t", count: 241))@\(String(repeating: "v", count: 14))=1",
        ["\(String(repeating: "t", count: 241))@\(String(repeating: "v", count: 14))=1"]
    ),
    .valid(
        "256-character value",
        "foo=\(String(repeating: "a", count: 256))",
        ["foo=\(String(repeating: "a", count: 256))"]
    ),
    .valid("32 members", tracestateMembers(32), (1...32).map { "bar\($0)=\($0)" }),
    .valid("32 members among empty ones", ",\(tracestateMembers(32)),, ", (1...32).map { "bar\($0)=\($0)" }),
    .invalid("33 members", tracestateMembers(33), .tracestateTooManyMembers),
    .invalid("duplicate key, same value", "foo=1,foo=1", .tracestateDuplicateKey("foo")),
    .invalid("duplicate key, other value", "foo=1,bar=2,foo=2", .tracestateDuplicateKey("foo")),
    .invalid(
        "257-character key",
        "\(String(repeating: "z", count: 257))=1",
        .tracestateInvalidMember("\(String(repeating: "z", count: 257))=1")
    ),
    .invalid(
        "242-character tenant",
        "foo=1,\(String(repeating: "t", count: 242))@v=1",
        .tracestateInvalidMember("\(String(repeating: "t", count: 242))@v=1")
    ),
    .invalid(
        "15-character system",
        "t@\(String(repeating: "v", count: 15))=1",
        .tracestateInvalidMember("t@\(String(repeating: "v", count: 15))=1")
    ),
    .invalid(
        "257-character value",
        "foo=\(String(repeating: "a", count: 257))",
        .tracestateInvalidMember("foo=\(String(repeating: "a", count: 257))")
    ),
    .invalid("space before equals", "foo =1", .tracestateInvalidMember("foo =1")),
    .invalid("uppercase key", "FOO=1", .tracestateInvalidMember("FOO=1")),
    .invalid("dot in key", "foo.bar=1", .tracestateInvalidMember("foo.bar=1")),
    .invalid("simple key starting with digit", "1foo=1", .tracestateInvalidMember("1foo=1")),
    .invalid("empty system", "foo@=1,bar=2", .tracestateInvalidMember("foo@=1")),
    .invalid("empty tenant", "@foo=1,bar=2", .tracestateInvalidMember("@foo=1")),
    .invalid("double at", "foo@@bar=1,bar=2", .tracestateInvalidMember("foo@@bar=1")),
    .invalid("two at signs", "foo@bar@baz=1,bar=2", .tracestateInvalidMember("foo@bar@baz=1")),
    .invalid("system starting with digit", "foo@1bar=1", .tracestateInvalidMember("foo@1bar=1")),
    .invalid("equals in value", "foo=bar=baz", .tracestateInvalidMember("foo=bar=baz")),
    .invalid("empty value", "foo=,bar=3", .tracestateInvalidMember("foo=")),
    .invalid("comma splits value", "foo=a,b", .tracestateInvalidMember("b")),
    .invalid("no equals", "foo", .tracestateInvalidMember("foo")),
    .invalid("empty key", "=bar", .tracestateInvalidMember("=bar")),
    .invalid("control character in value", "foo=a\u{7F}", .tracestateInvalidMember("foo=a\u{7F}")),
    .invalid("non-ASCII value", "foo=é", .tracestateInvalidMember("foo=é")),
    .invalid("tab inside value", "foo=a\tb", .tracestateInvalidMember("foo=a\tb")),
]

@Suite("W3C Trace Context")
struct W3CTraceContextTests {
    @Test func vectorCounts() {
        #expect(traceparentVectors.count >= 45)
        #expect(tracestateVectors.count >= 15)
    }

    @Test(arguments: traceparentVectors)
    func traceparent(_ vector: W3CTraceParentVector) {
        let result = TraceParent.parse(vector.header)
        switch (vector.outcome, result) {
        case (.valid(let traceID, let spanID, let flags), .success(let context)):
            #expect(context.traceID.hexString == traceID)
            #expect(context.spanID.hexString == spanID)
            #expect(context.traceFlags.rawValue == flags)
            #expect(context.isRemote)
            #expect(context.isValid)
            #expect(context.traceState.isEmpty)
        case (.invalid(let expected), .failure(let error)):
            #expect(error == expected)
        case (.valid, .failure(let error)):
            Issue.record("expected success, got \(error)")
        case (.invalid(let expected), .success(let context)):
            Issue.record("expected \(expected), got \(TraceParent.format(context))")
        }
    }

    @Test func traceparentAcceptsSubstrings() {
        let header = "xx00-\(specTrace)-\(specSpan)-01yy"
        let slice = header.dropFirst(2).dropLast(2)
        let context = try? TraceParent.parse(slice).get()
        #expect(context?.traceID.hexString == specTrace)
        #expect(context?.spanID.hexString == specSpan)
    }

    @Test(arguments: [
        "00-\(specTrace)-\(specSpan)-00",
        "00-\(specTrace)-\(specSpan)-01",
        "00-\(specTrace)-\(specSpan)-02",
        "00-\(specTrace)-\(specSpan)-03",
        "00-\(suiteTrace)-\(suiteSpan)-01",
        "00-00000000000000000000000000000001-0000000000000001-00",
        "00-ffffffffffffffffffffffffffffffff-ffffffffffffffff-01",
    ])
    func traceparentRoundTrip(_ header: String) throws {
        let context = try TraceParent.parse(header).get()
        #expect(TraceParent.format(context) == header)
    }

    @Test func formatDowngradesHigherVersionAndClearsReservedFlags() throws {
        let future = try TraceParent.parse("cc-\(suiteTrace)-\(suiteSpan)-09-what-the-future-will-be-like").get()
        #expect(TraceParent.format(future) == "00-\(suiteTrace)-\(suiteSpan)-01")
    }

    @Test func formatWritesFlagsByteAsIs() {
        let context = SpanContext(
            traceID: TraceID(high: 0x0123_4567_89ab_cdef, low: 0xfedc_ba98_7654_3210),
            spanID: SpanID(0x0a0b_0c0d_0e0f_1011),
            traceFlags: TraceFlags(rawValue: 0xA5)
        )
        let header = TraceParent.format(context)
        #expect(header == "00-0123456789abcdeffedcba9876543210-0a0b0c0d0e0f1011-a5")
        #expect(header.utf8.count == TraceParent.length)
    }

    @Test(arguments: tracestateVectors)
    func tracestate(_ vector: W3CTraceStateVector) {
        let result = TraceState.parse(vector.header)
        switch (vector.outcome, result) {
        case (.valid(let members), .success(let state)):
            #expect(state.members.map { "\($0.key)=\($0.value)" } == members)
            #expect(state.count == members.count)
            #expect(state.isEmpty == members.isEmpty)
            #expect(state.header == members.joined(separator: ","))
        case (.invalid(let expected), .failure(let error)):
            #expect(error == expected)
        case (.valid, .failure(let error)):
            Issue.record("expected success, got \(error)")
        case (.invalid(let expected), .success(let state)):
            Issue.record("expected \(expected), got \(state.header)")
        }
    }

    @Test func tracestateHeaderRoundTrip() throws {
        let header = "congo=ucfJifl5GOE,rojo=00f067aa0ba902b7,t@v= x"
        let state = try TraceState.parse(header).get()
        #expect(state.header == header)
        #expect(try TraceState.parse(state.header).get() == state)
        #expect(state["congo"] == "ucfJifl5GOE")
        #expect(state["rojo"] == "00f067aa0ba902b7")
        #expect(state["t@v"] == " x")
        #expect(state["missing"] == nil)
    }

    @Test func settingMovesMemberToFront() throws {
        let state = try TraceState.parse("rojo=00f067aa0ba902b7,congo=t61rcWkgMzE").get()
        let updated = try #require(state.setting("congo", "ucfJifl5GOE"))
        #expect(updated.header == "congo=ucfJifl5GOE,rojo=00f067aa0ba902b7")
        let added = try #require(updated.setting("new", "1"))
        #expect(added.header == "new=1,congo=ucfJifl5GOE,rojo=00f067aa0ba902b7")
        #expect(added.count == 3)
        let empty = try #require(TraceState().setting("a", "b"))
        #expect(empty.header == "a=b")
    }

    @Test func settingCapsAtThirtyTwoMembers() throws {
        let full = try TraceState.parse(tracestateMembers(32)).get()
        #expect(full.count == 32)
        let added = try #require(full.setting("new", "x"))
        #expect(added.count == 32)
        #expect(added.members.first?.key == "new")
        #expect(added["new"] == "x")
        #expect(added["bar32"] == nil)
        #expect(added["bar31"] == "31")
        let updated = try #require(full.setting("bar32", "again"))
        #expect(updated.count == 32)
        #expect(updated.members.first?.key == "bar32")
        #expect(updated["bar31"] == "31")
    }

    @Test(arguments: [
        ("", "v"),
        ("Key", "v"),
        ("1key", "v"),
        ("key", ""),
        ("key", "trailing "),
        ("key", "a=b"),
        ("key", "a,b"),
        ("key", String(repeating: "a", count: 257)),
        ("key", "tab\t"),
        ("t@", "v"),
    ])
    func settingRejectsInvalidMembers(_ key: String, _ value: String) {
        #expect(TraceState().setting(key, value) == nil)
    }

    @Test func removing() throws {
        let state = try TraceState.parse("a=1,b=2,c=3").get()
        #expect(state.removing("b").header == "a=1,c=3")
        #expect(state.removing("missing") == state)
        #expect(state.removing("a").removing("b").removing("c").isEmpty)
    }

    @Test func w3cContextFromSpanContext() throws {
        let traceState = try TraceState.parse("rojo=00f067aa0ba902b7").get()
        let context = SpanContext(
            traceID: try #require(TraceID(hex: specTrace)),
            spanID: try #require(SpanID(hex: specSpan)),
            traceFlags: .sampled,
            traceState: traceState
        )
        let headers = W3CTraceContext(context)
        #expect(headers.traceparent == "00-\(specTrace)-\(specSpan)-01")
        #expect(headers.tracestate == "rojo=00f067aa0ba902b7")

        var remote = context
        remote.isRemote = true
        #expect(try headers.spanContext().get() == remote)

        var withoutState = context
        withoutState.traceState = TraceState()
        #expect(W3CTraceContext(withoutState).tracestate == nil)
    }

    @Test func w3cContextDiscardsInvalidTracestate() throws {
        let headers = W3CTraceContext(traceparent: "00-\(specTrace)-\(specSpan)-00", tracestate: "foo=1,foo=2")
        let context = try headers.spanContext().get()
        #expect(context.traceState.isEmpty)
        #expect(context.isRemote)
        #expect(!context.isSampled)
    }

    @Test func w3cContextRequiresValidTraceparent() {
        let headers = W3CTraceContext(traceparent: "", tracestate: "foo=1")
        #expect(headers.spanContext() == .failure(.missing))
        let bad = W3CTraceContext(traceparent: "ff-\(specTrace)-\(specSpan)-00")
        #expect(bad.spanContext() == .failure(.invalidVersion))
    }

    @Test func environmentReading() throws {
        #expect(TraceContextEnvironment.read(from: [:]) == nil)
        #expect(TraceContextEnvironment.read(from: ["TRACESTATE": "foo=1"]) == nil)
        #expect(TraceContextEnvironment.read(from: ["traceparent": "00-\(specTrace)-\(specSpan)-01"]) == nil)

        let parsed = try #require(
            TraceContextEnvironment.read(from: [
                "TRACEPARENT": "00-\(specTrace)-\(specSpan)-01",
                "TRACESTATE": "rojo=1,congo=2",
            ])
        )
        let context = try parsed.get()
        #expect(context.traceID.hexString == specTrace)
        #expect(context.spanID.hexString == specSpan)
        #expect(context.isSampled)
        #expect(context.isRemote)
        #expect(context.traceState.header == "rojo=1,congo=2")

        let badState = try #require(
            TraceContextEnvironment.read(from: ["TRACEPARENT": "00-\(specTrace)-\(specSpan)-01", "TRACESTATE": "FOO=1"])
        )
        #expect(try badState.get().traceState.isEmpty)

        let invalid = TraceContextEnvironment.read(from: ["TRACEPARENT": "00-\(zeroTrace)-\(specSpan)-01"])
        #expect(invalid == .failure(.invalidTraceID))
    }

    @Test func processParentMatchesEnvironmentAndIsStable() {
        let first = TraceContextEnvironment.processParent
        #expect(first == TraceContextEnvironment.processParent)
        #expect(first == TraceContextEnvironment.read(from: ProcessInfo.processInfo.environment))
    }

    @Test func errorDescriptionsAreSentences() {
        let errors: [TraceContextError] = [
            .missing, .wrongLength(3), .invalidVersion, .uppercaseOrNonHex(.traceID), .badDelimiter(position: 2),
            .invalidTraceID, .invalidSpanID, .trailingDataForVersion00, .tracestateTooManyMembers,
            .tracestateDuplicateKey("foo"), .tracestateInvalidMember("FOO=1"),
        ]
        for error in errors {
            #expect(error.description.hasSuffix("."))
            #expect(error.description.first?.isUppercase == true)
        }
        #expect(Set(errors.map(\.description)).count == errors.count)
    }
}
