import Testing

@testable import OtelOTLP

@Suite("Protobuf and JSON primitives")
struct WirePrimitivesTests {
    @Test("varints and fixed fields round-trip through the reader")
    func protobufRoundTrip() throws {
        var writer = ProtobufWriter()
        writer.uint64(1, 300)
        writer.int64(2, -1)
        writer.fixed64(3, 0x0102_0304_0506_0708)
        writer.string(4, "héllo")
        writer.double(5, 1.5)
        writer.uint64(6, 0)  // default: omitted
        var reader = ProtobufReader(writer.bytes)
        var fields: [UInt32] = []
        while let (field, value) = try reader.next() {
            fields.append(field)
            switch field {
            case 1: #expect(value.int64 == 300)
            case 2: #expect(value.int64 == -1)
            case 3:
                guard case .fixed64(let v) = value else { Issue.record("field 3 not fixed64"); continue }
                #expect(v == 0x0102_0304_0506_0708)
            case 4: #expect(try value.string() == "héllo")
            case 5:
                guard case .fixed64(let v) = value else { Issue.record("field 5 not fixed64"); continue }
                #expect(Double(bitPattern: v) == 1.5)
            default: Issue.record("unexpected field \(field)")
            }
        }
        #expect(fields == [1, 2, 3, 4, 5])
        #expect(Array(writer.bytes.prefix(3)) == [0x08, 0xAC, 0x02])
    }

    @Test(
        "nested messages of every length class get a correct length prefix",
        arguments: [0, 1, 127, 128, 300, 20_000, 3_000_000])
    func nestedLengths(length: Int) throws {
        var writer = ProtobufWriter()
        writer.message(1) { inner in inner.bytesField(2, [UInt8](repeating: 7, count: length)) }
        writer.uint64(3, 9)
        var reader = ProtobufReader(writer.bytes)
        let first = try #require(try reader.next())
        #expect(first.field == 1)
        var inner = ProtobufReader(first.value.slice)
        if length > 0 {
            let payload = try #require(try inner.next())
            #expect(payload.value.slice.count == length)
            #expect(payload.value.slice.allSatisfy { $0 == 7 })
        }
        let last = try #require(try reader.next())
        #expect(last.field == 3 && last.value.int64 == 9)
    }

    @Test(
        "malformed protobuf is an error, not a crash",
        arguments: [
            [0x0A, 0x05, 0x01], [0x08], [0x0B], [0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0x01],
        ])
    func malformedProtobuf(bytes: [UInt8]) {
        var reader = ProtobufReader(bytes)
        #expect(throws: ProtobufReader.DecodeError.self) { while try reader.next() != nil {} }
    }

    @Test("JSON writer escapes strings and writes OTLP number conventions")
    func jsonWriter() throws {
        var writer = JSONWriter()
        writer.object { o in
            o.key("s")
            o.string("a\"b\\c\n\u{01}")
            o.key("i")
            o.int64String(-5)
            o.key("d")
            o.double(.nan)
            o.key("id")
            o.hexID(high: 1, low: 2)
            o.key("b")
            o.base64([0xFF, 0x00, 0x10])
            o.key("arr")
            o.array { a in
                a.int(1)
                a.bool(false)
            }
        }
        let text = String(decoding: writer.bytes, as: UTF8.self)
        #expect(
            text
                == #"{"s":"a\"b\\c\n\u0001","i":"-5","d":"NaN","id":"00000000000000010000000000000002","b":"/wAQ","arr":[1,false]}"#
        )
        let parsed = try JSONValue.parse(writer.bytes)
        #expect(parsed["s"]?.stringValue == "a\"b\\c\n\u{01}")
        #expect(parsed["i"]?.int64Value == -5)
        #expect(parsed["d"]?.doubleValue?.isNaN == true)
    }

    @Test(
        "JSON parser handles unicode escapes and rejects garbage",
        arguments: ["{", "[1,]", "{\"a\" 1}", "tru", "\"\\ud800\"", "1 2", "<html>"])
    func jsonGarbage(text: String) {
        #expect(throws: JSONValue.ParseError.self) { _ = try JSONValue.parse(Array(text.utf8)) }
    }

    @Test("JSON parser decodes surrogate pairs and nesting")
    func jsonUnicode() throws {
        let value = try JSONValue.parse(Array(#"{"a":["\ud83d\ude00",{"b":null}],"n":-1.5e2}"#.utf8))
        #expect(value["a"]?.arrayValue.first?.stringValue == "😀")
        #expect(value["n"]?.doubleValue == -150)
    }

    @Test("deeply nested JSON is refused rather than overflowing the stack")
    func jsonDepth() {
        let text = String(repeating: "[", count: 10_000)
        #expect(throws: JSONValue.ParseError.self) { _ = try JSONValue.parse(Array(text.utf8)) }
    }
}
