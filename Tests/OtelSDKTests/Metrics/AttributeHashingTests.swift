import OtelAPI
import Testing

@testable import OtelSDK

@Suite("Attribute hashing")
struct AttributeHashingTests {
    /// The same text stored inline and on the heap.
    private static func heapCopy(_ text: String) -> String {
        var copy = String()
        copy.reserveCapacity(64)
        copy += text
        return copy
    }

    @Test(arguments: [
        "", "a", "ab", "abc", "abcd", "model", "gpt-5-c", "gpt-5-co", "gpt-5-cod", "gpt-5-codex-mx", "gpt-5-codex-max",
        "é", "模型",
    ])
    func inlineAndStoredFingerprintsAgree(_ text: String) throws {
        let inline = try #require(AttributeHashing.inlineString(text))
        let heap = Self.heapCopy(text)
        #expect(AttributeHashing.inlineString(heap) == nil)
        let stored = AttributeHashing.storedString(heap)
        #expect(inline == stored)
        #expect(AttributeHashing.string(heap) == AttributeHashing.string(text))
    }

    @Test func inlineEqualityTellsOrDefers() {
        #expect(AttributeHashing.inlineEqual("cli", "cli") == true)
        #expect(AttributeHashing.inlineEqual("cli", "tui") == false)
        #expect(AttributeHashing.inlineEqual("cli", Self.heapCopy("cli")) == nil)
    }

    @Test func setHashIgnoresOrderAndMatchesTagPairs() {
        let forward: Attributes = ["model": "m", "source": "s", "route": "r"]
        let backward: Attributes = ["route": "r", "source": "s", "model": "m"]
        #expect(forward.seriesHash(nil) == backward.seriesHash(nil))
        #expect(forward.seriesHash(nil) != (["model": "m", "source": "r", "route": "s"] as Attributes).seriesHash(nil))
        let defaults = [("model", "m")]
        let tags = [("source", "s"), ("route", "r")]
        let pairsHash = defaults.withUnsafeBufferPointer { first in
            tags.withUnsafeBufferPointer { TagPairs(first: first, second: $0).seriesHash(nil) }
        }
        #expect(pairsHash == forward.seriesHash(nil))
    }

    @Test func tagPairsResolveRepeatedKeysLastWins() {
        let first = [("model", "default"), ("env", "prod")]
        let second = [("model", "override")]
        let canonical = first.withUnsafeBufferPointer { first in
            second.withUnsafeBufferPointer { TagPairs(first: first, second: $0).canonicalAttributes(nil) }
        }
        #expect(canonical == ["model": "override", "env": "prod"])
        let matches = first.withUnsafeBufferPointer { first in
            second.withUnsafeBufferPointer { TagPairs(first: first, second: $0).matches(canonical, nil) }
        }
        #expect(!matches, "a repeated key must not match through the fast path")
    }
}
