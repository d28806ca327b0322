import OtelAPI
import Testing

@Suite("Attributes")
struct AttributesTests {
    @Test func literalsBuildEveryScalarType() {
        let string: AttributeValue = "chat"
        let int: AttributeValue = 3
        let negative: AttributeValue = -7
        let double: AttributeValue = 2.5
        let bool: AttributeValue = true
        let interpolated: AttributeValue = "attempt \(2) of \(3)"
        #expect(string == .string("chat"))
        #expect(int == .int(3))
        #expect(negative == .int(-7))
        #expect(double == .double(2.5))
        #expect(bool == .bool(true))
        #expect(interpolated == .string("attempt 2 of 3"))
    }

    @Test func dictionaryLiteralsTakeEveryValueType() {
        let attributes: Attributes = [
            "s": "v", "i": 1, "d": 0.5, "b": false,
            "bytes": .bytes([0, 255]),
            "ss": .stringArray(["a", "b"]), "bs": .boolArray([true, false]),
            "is": .intArray([1, 2, 3]), "ds": .doubleArray([1.5]),
        ]
        #expect(attributes.map(\.key) == ["s", "i", "d", "b", "bytes", "ss", "bs", "is", "ds"])
        #expect(attributes["s"] == .string("v"))
        #expect(attributes["i"] == .int(1))
        #expect(attributes["d"] == .double(0.5))
        #expect(attributes["b"] == .bool(false))
        #expect(attributes["bytes"] == .bytes([0, 255]))
        #expect(attributes["ss"] == .stringArray(["a", "b"]))
        #expect(attributes["bs"] == .boolArray([true, false]))
        #expect(attributes["is"] == .intArray([1, 2, 3]))
        #expect(attributes["ds"] == .doubleArray([1.5]))
        #expect(attributes["missing"] == nil)
    }

    @Test func binaryIntegersClampToInt64() {
        #expect(AttributeValue(UInt8(200)) == .int(200))
        #expect(AttributeValue(UInt64.max) == .int(Int64.max))
        #expect(AttributeValue(Int32.min) == .int(Int64(Int32.min)))
    }

    @Test func homogeneousArraysKeepTheirElementType() {
        // The element type is part of the value: equal numbers in different array types differ.
        #expect(AttributeValue.intArray([1, 2]) != .doubleArray([1, 2]))
        #expect(AttributeValue.stringArray(["true"]) != .boolArray([true]))
        #expect(AttributeValue.intArray([1, 2]) != .intArray([2, 1]))
        #expect(AttributeValue.intArray([]) != .stringArray([]))
        #expect(AttributeValue.stringArray(["a", "b"]).displayString == "[a, b]")
        #expect(AttributeValue.boolArray([true, false]).displayString == "[true, false]")
        #expect(AttributeValue.intArray([1, -2]).displayString == "[1, -2]")
        #expect(AttributeValue.doubleArray([0.5, 2]).displayString == "[0.5, 2.0]")
        #expect(AttributeValue.bytes([1, 2, 3]).displayString == "<3 bytes>")
    }

    @Test func scalarsRenderAsText() {
        #expect(AttributeValue.string("x").displayString == "x")
        #expect(AttributeValue.bool(false).displayString == "false")
        #expect(AttributeValue.int(-12).displayString == "-12")
        #expect(AttributeValue.double(0.25).description == "0.25")
    }

    @Test func lastWriteWinsInPlace() {
        var attributes: Attributes = ["a": 1, "b": 2, "c": 3]
        attributes["b"] = "two"
        #expect(attributes.map(\.key) == ["a", "b", "c"])
        #expect(attributes["b"] == .string("two"))
        #expect(attributes.count == 3)

        let literal: Attributes = ["k": 1, "other": true, "k": 2]
        #expect(literal.count == 2)
        #expect(literal["k"] == .int(2))
        #expect(literal.map(\.key) == ["k", "other"])

        let fromSequence = Attributes([Attribute("k", 1), Attribute("j", 0), Attribute("k", 9)])
        #expect(fromSequence.map(\.key) == ["k", "j"])
        #expect(fromSequence["k"] == .int(9))
    }

    @Test func assigningNilRemovesTheKey() {
        var attributes: Attributes = ["a": 1, "b": 2, "c": 3]
        attributes["b"] = nil
        #expect(attributes.map(\.key) == ["a", "c"])
        #expect(attributes["b"] == nil)
        attributes["absent"] = nil
        #expect(attributes.count == 2)
        attributes["a"] = nil
        attributes["c"] = nil
        #expect(attributes.isEmpty)
    }

    @Test func mergeSetsTheOtherOverThisAndKeepsOrder() {
        var base: Attributes = ["a": 1, "b": 2]
        let other: Attributes = ["c": 30, "b": 20]
        let merged = base.merging(other)
        #expect(merged.map(\.key) == ["a", "b", "c"])
        #expect(merged["b"] == .int(20))
        #expect(merged["c"] == .int(30))
        #expect(base["b"] == .int(2))

        base.merge(other)
        #expect(base == merged)

        var empty = Attributes()
        empty.merge(other)
        #expect(empty == other)

        var reversed = other
        reversed.merge(["b": 2, "a": 1])
        #expect(reversed.map(\.key) == ["c", "b", "a"])
        #expect(reversed["b"] == .int(2))
    }

    @Test func filterRemoveAllAndDescription() {
        var attributes: Attributes = ["keep.one": 1, "drop": 2, "keep.two": "x"]
        #expect(attributes.description == "[keep.one=1, drop=2, keep.two=x]")
        attributes.filter(keys: { $0.hasPrefix("keep.") })
        #expect(attributes.map(\.key) == ["keep.one", "keep.two"])
        attributes.removeAll()
        #expect(attributes.isEmpty)
        #expect(Attributes(minimumCapacity: 8).isEmpty)
    }
}
