/// Feeds W3C Trace Context text to `TraceParent.parse`, `TraceState.parse`, `TraceState.setting`,
/// `W3CTraceContext.spanContext()`, `TraceContextEnvironment.read(from:)` and the `TraceID`/`SpanID`
/// hex parsers, and checks that whatever parses formats back to text that parses the same.
///
/// Input: `traceparent` `\n` `tracestate` (the second line may hold more `\n`s; `tracestate`
/// parsing does not treat them specially).

import FuzzKit
import OtelAPI

FuzzDriver.run(seeds: seeds) { buffer in
    var input = FuzzInput(buffer)
    let traceparent = input.text(separator: UInt8(ascii: "\n"))
    let tracestate = String(decoding: input.rest(), as: UTF8.self)
    checkTraceParent(traceparent)
    let state = checkTraceState(tracestate)
    checkSetting(tracestate, on: state ?? TraceState())
    checkPair(traceparent: traceparent, tracestate: tracestate, parsedState: state)
    checkIdentifiers(traceparent, buffer)
}

func checkTraceParent(_ header: String) {
    guard case .success(let context) = TraceParent.parse(header) else { return }
    fuzzCheck(context.traceID.isValid && context.spanID.isValid, "traceparent parsed to an invalid id: \(header)")
    fuzzCheck(context.isRemote && context.traceState.isEmpty, "traceparent context not remote or has state")
    fuzzCheck(
        context.traceFlags.subtracting([.sampled, .random]).isEmpty, "undefined trace flags kept: \(header)")
    let formatted = TraceParent.format(context)
    fuzzCheck(formatted.utf8.count == TraceParent.length, "formatted traceparent has the wrong length")
    guard case .success(let again) = TraceParent.parse(formatted) else {
        fuzzCheck(false, "formatted traceparent does not parse: \(formatted)")
        return
    }
    fuzzCheck(again == context, "traceparent round trip changed the context: \(header) -> \(formatted)")
}

func checkTraceState(_ header: String) -> TraceState? {
    guard case .success(let state) = TraceState.parse(header) else { return nil }
    fuzzCheck(state.count <= TraceState.maximumMembers, "tracestate with \(state.count) members")
    fuzzCheck(Set(state.members.map(\.key)).count == state.count, "tracestate with a duplicate key")
    let formatted = state.header
    guard case .success(let again) = TraceState.parse(formatted) else {
        fuzzCheck(false, "formatted tracestate does not parse: \(formatted)")
        return state
    }
    fuzzCheck(again == state, "tracestate round trip changed the members: \(formatted)")
    for member in state.members {
        fuzzCheck(state[member.key] == member.value, "tracestate lookup of \(member.key) failed")
    }
    if let first = state.members.first {
        let removed = state.removing(first.key)
        fuzzCheck(removed.count == state.count - 1 && removed[first.key] == nil, "removing a member failed")
    }
    return state
}

/// Uses the text before and after the first `=` as a key and value to set on `state`.
func checkSetting(_ text: String, on state: TraceState) {
    guard let equals = text.firstIndex(of: "=") else { return }
    let key = String(text[..<equals])
    let value = String(text[text.index(after: equals)...])
    guard let updated = state.setting(key, value) else { return }
    fuzzCheck(updated.members.first?.key == key && updated[key] == value, "setting did not put the member first")
    fuzzCheck(updated.count <= TraceState.maximumMembers, "setting exceeded the member limit")
    guard case .success(let again) = TraceState.parse(updated.header) else {
        fuzzCheck(false, "a trace state built by setting does not parse: \(updated.header)")
        return
    }
    fuzzCheck(again == updated, "a trace state built by setting changed on a round trip")
}

func checkPair(traceparent: String, tracestate: String, parsedState: TraceState?) {
    let direct = W3CTraceContext(traceparent: traceparent, tracestate: tracestate).spanContext()
    let environment = TraceContextEnvironment.read(from: ["TRACEPARENT": traceparent, "TRACESTATE": tracestate])
    fuzzCheck(environment == direct, "TraceContextEnvironment and W3CTraceContext disagree")
    let parentOnly = TraceParent.parse(traceparent)
    switch (direct, parentOnly) {
    case (.success(let context), .success(let parent)):
        fuzzCheck(context.traceState == (parsedState ?? TraceState()), "the pair kept the wrong trace state")
        var withoutState = context
        withoutState.traceState = TraceState()
        fuzzCheck(withoutState == parent, "the pair parsed traceparent differently")
        let propagated = W3CTraceContext(context)
        fuzzCheck(propagated.spanContext() == .success(context), "propagating a parsed pair is lossy")
    case (.failure(let pairError), .failure(let parentError)):
        fuzzCheck(pairError == parentError, "the pair failed for a different reason")
    default:
        fuzzCheck(false, "the pair and traceparent alone disagree on validity")
    }
}

func checkIdentifiers(_ text: String, _ buffer: UnsafeRawBufferPointer) {
    if let traceID = TraceID(hex: text) {
        fuzzCheck(traceID.hexString == text, "TraceID hex round trip: \(text)")
        fuzzCheck(TraceID(bytes: traceID.bytes) == traceID, "TraceID bytes round trip")
    }
    if let spanID = SpanID(hex: text) {
        fuzzCheck(spanID.hexString == text, "SpanID hex round trip: \(text)")
        fuzzCheck(SpanID(bytes: spanID.bytes) == spanID, "SpanID bytes round trip")
    }
    if let traceID = TraceID(bytes: buffer.prefix(16)) {
        fuzzCheck(traceID.bytes == Array(buffer.prefix(16)), "TraceID from bytes changed them")
    }
    if let spanID = SpanID(bytes: buffer.prefix(8)) {
        fuzzCheck(spanID.bytes == Array(buffer.prefix(8)), "SpanID from bytes changed them")
    }
}

/// Valid and near-valid header pairs: the W3C specification's examples, every flag and version
/// rule, multi-tenant keys, optional whitespace, the member limit and values at their limits.
func seeds() -> [FuzzSeed] {
    let parent = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01"
    let members = (0..<32).map { "k\($0)=v\($0)" }.joined(separator: ",")
    let pairs: [(String, String, String)] = [
        ("spec-example", parent, "congo=t61rcWkgMzE,rojo=00f067aa0ba902b7"),
        ("not-sampled", "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-00", ""),
        ("random-flag", "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-03", "vendor=value"),
        ("unknown-flags", "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-ff", "a=1"),
        ("future-version", "cc-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01-what-the-future-holds", "x=y"),
        ("future-version-short", "01-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01", ""),
        ("version-ff", "ff-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01", ""),
        ("version-00-trailing", parent + "-00", ""),
        ("zero-trace-id", "00-00000000000000000000000000000000-00f067aa0ba902b7-01", ""),
        ("zero-span-id", "00-4bf92f3577b34da6a3ce929d0e0e4736-0000000000000000-01", ""),
        ("uppercase", "00-4BF92F3577B34DA6A3CE929D0E0E4736-00F067AA0BA902B7-01", ""),
        ("multi-tenant", parent, "fw529a3039@dt=00f067aa0ba902b7-01,rojo=00f067aa0ba902b7 , ,congo=t61rcWkgMzE"),
        ("whitespace", parent, " \tfoo=bar ,\t ,baz=qux\t"),
        ("32-members", parent, members),
        ("33-members", parent, members + ",k32=v32"),
        ("duplicate-key", parent, "foo=1,bar=2,foo=3"),
        (
            "long-key-and-value", parent,
            "a" + String(repeating: "z", count: 255) + "=" + String(repeating: "~", count: 256)
        ),
        ("bad-value", parent, "key=va=lue,other=ok "),
        ("tenant-limits", parent, String(repeating: "9", count: 241) + "@" + String(repeating: "s", count: 14) + "=v"),
        ("empty", "", ""),
    ]
    var result = pairs.map { FuzzSeed($0.0, $0.1 + "\n" + $0.2) }
    // Bare identifiers for the hex and byte parsers (the first line only).
    result.append(FuzzSeed("trace-id-hex", "4bf92f3577b34da6a3ce929d0e0e4736"))
    result.append(FuzzSeed("span-id-hex", "00f067aa0ba902b7"))
    return result
}
