import Testing

@testable import OtelAPI

@Suite("Attribute keys compare byte for byte")
struct AttributeKeyComparisonTests {
    /// Strings of every storage this platform has: small (inline), literal (immortal), native
    /// (built at run time), and native with spare capacity holding few bytes.
    private static func variants(of text: String) -> [String] {
        var spare = String()
        spare.reserveCapacity(64)
        spare.append(text)
        return [text, String(decoding: Array(text.utf8), as: UTF8.self), spare, String(text.dropFirst(0))]
    }

    @Test func theFastRulesAreOnHere() {
        // If the standard library's layout changed, this fails, and the comparisons below still
        // pass through the byte-reading path.
        #expect(AttributeKeyComparison.smallFlag == 1 << 61)
    }

    @Test(arguments: [
        "", "a", "model", "tool_name", "user.account_id", "mcp_server_origin", "output_line_count",
        "http.response.status_code", String(repeating: "k", count: 300), "clé", "名前",
    ])
    func equalKeysMatchWhateverTheirStorage(_ key: String) {
        let flag = AttributeKeyComparison.smallFlag
        for left in Self.variants(of: key) {
            for right in Self.variants(of: key) {
                #expect(AttributeKeyComparison.equal(left, right, smallFlag: flag))
                #expect(AttributeKeyComparison.equal(left, right, smallFlag: 0))
            }
        }
    }

    @Test(arguments: [
        ("model", "modem"), ("tool_name", "tool_nam"), ("user.account_id", "user.account_ix"),
        ("mcp_server_origin", "mcp_server_origix"), ("mcp_server_origin", "mcp_server"),
        ("arguments_length", "output_length_xx"), ("", "a"),
        (String(repeating: "k", count: 300), String(repeating: "k", count: 299) + "j"),
    ])
    func differentKeysDoNotMatch(_ pair: (String, String)) {
        let flag = AttributeKeyComparison.smallFlag
        for left in Self.variants(of: pair.0) {
            for right in Self.variants(of: pair.1) {
                #expect(!AttributeKeyComparison.equal(left, right, smallFlag: flag))
                #expect(!AttributeKeyComparison.equal(right, left, smallFlag: flag))
                #expect(!AttributeKeyComparison.equal(left, right, smallFlag: 0))
            }
        }
    }

    @Test func canonicallyEquivalentSpellingsAreDistinctKeys() {
        // "é" as one scalar and as "e" + combining acute: equal as Swift strings, not as bytes.
        let composed = "caf\u{E9}"
        let decomposed = "cafe\u{301}"
        #expect(composed == decomposed)
        var attributes: Attributes = [composed: 1]
        attributes[decomposed] = 2
        #expect(attributes.count == 2)
        #expect(attributes[composed] == 1)
        #expect(attributes[decomposed] == 2)
    }

    @Test func aRepeatedKeyInALiteralKeepsItsLastValueWhateverTheKeysLength() {
        let long = "a.key.longer.than.fifteen.bytes"
        let attributes: Attributes = [long: 1, "short": 2, String(long.dropFirst(0)): 3]
        #expect(attributes.count == 2)
        #expect(attributes[long] == 3)
        #expect(attributes.map(\.key) == [long, "short"])  // replaced in place
    }

    @Test(arguments: [
        "", "a", "model", "tool_name", "user.account_id", "mcp_server_origin", "http.response.status_code", "clé",
    ])
    func theQuickFilterNeverClearsARepeatedKeyWhateverItsStorage(_ key: String) {
        let flag = AttributeKeyComparison.smallFlag
        for left in Self.variants(of: key) {
            for right in Self.variants(of: key) {
                let attributes = [
                    Attribute("other", 0), Attribute(left, 1), Attribute("success", 2), Attribute(right, 3),
                ]
                #expect(attributes.withUnsafeBufferPointer { AttributeKeyComparison.mayRepeat($0, smallFlag: flag) })
                let literal: Attributes = ["other": 0, left: 1, "success": 2, right: 3]
                #expect(literal.map(\.key) == ["other", key, "success"] && literal[key] == 3)
            }
        }
    }

    @Test func theQuickFilterClearsTypicalDistinctKeysWithoutComparingThem() {
        // The log benchmark's keys and a session event's: distinct bits, so no pair is compared.
        let sets: [[String]] = [
            ["tool_name", "call_id", "success", "duration_ms", "model"],
            ["conversation.id", "app.version", "auth_mode", "originator", "terminal.type", "model", "slug"],
            ["http.response.status_code", "input_token_count"],
        ]
        for keys in sets {
            let attributes = keys.map { Attribute($0, 1) }
            #expect(
                !attributes.withUnsafeBufferPointer {
                    AttributeKeyComparison.mayRepeat($0, smallFlag: AttributeKeyComparison.smallFlag)
                }, "\(keys)")
        }
        // Two long keys of one length share a bit: the filter says "compare them", rightly.
        let sameLength = [Attribute("mcp_server_origin", 1), Attribute("mcp_server_origix", 2)]
        #expect(sameLength.withUnsafeBufferPointer { AttributeKeyComparison.mayRepeat($0, smallFlag: 1 << 61) })
    }
}

@Suite("Large attribute sets")
struct LargeAttributeSetTests {
    @Test func buildingAndMergingLargeSetsKeepsLastValuesInFirstPlacesInLinearTime() {
        let count = 20_000
        let distinct = (0..<count).map { Attribute("key.\($0)", .int(Int64($0))) }
        let repeats = stride(from: 0, to: count, by: 2).map { Attribute("key.\($0)", .int(-1)) }
        let clock = ContinuousClock()
        let start = clock.now
        let built = Attributes(distinct + repeats)
        var merged = Attributes(distinct.prefix(10))
        merged.merge(built)
        // A search per key takes about half a minute at this size in a debug build; hashing, seconds.
        #expect(clock.now - start < .seconds(15))
        #expect(built.count == count)
        #expect(built[0] == Attribute("key.0", -1))
        #expect(built[1] == Attribute("key.1", 1))
        #expect(built["key.19998"] == -1 && built["key.19999"] == 19_999)
        #expect(merged.count == count && merged.map(\.key) == built.map(\.key))
    }
}
