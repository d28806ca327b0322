/// Hand-written protobuf encoding for test messages (independent of the library's encoders).
enum Protobuf {
    static func varint(_ value: UInt64) -> [UInt8] {
        var value = value
        var bytes: [UInt8] = []
        repeat {
            var byte = UInt8(value & 0x7F)
            value >>= 7
            if value != 0 { byte |= 0x80 }
            bytes.append(byte)
        } while value != 0
        return bytes
    }

    /// A length-delimited field (wire type 2): sub-message, string or bytes.
    static func bytesField(_ number: UInt64, _ payload: [UInt8]) -> [UInt8] {
        varint(number << 3 | 2) + varint(UInt64(payload.count)) + payload
    }

    static func stringField(_ number: UInt64, _ text: String) -> [UInt8] {
        bytesField(number, Array(text.utf8))
    }

    /// A varint field (wire type 0).
    static func varintField(_ number: UInt64, _ value: UInt64) -> [UInt8] {
        varint(number << 3) + varint(value)
    }

    /// opentelemetry.proto.common.v1.KeyValue with a string AnyValue.
    static func stringAttribute(_ key: String, _ value: String) -> [UInt8] {
        stringField(1, key) + bytesField(2, stringField(1, value))
    }

    /// KeyValue with an int AnyValue (AnyValue.int_value is field 3).
    static func intAttribute(_ key: String, _ value: UInt64) -> [UInt8] {
        stringField(1, key) + bytesField(2, varintField(3, value))
    }

    /// An Export{Trace,Logs,Metrics}ServiceRequest: field 1 of each is resource_{spans,logs,metrics},
    /// whose field 1 is the Resource; so the same bytes are valid for all three signals.
    static func exportRequest(serviceName: String) -> [UInt8] {
        let resource =
            bytesField(1, stringAttribute("service.name", serviceName))
            + bytesField(1, intAttribute("process.pid", 42))
        return bytesField(1, bytesField(1, resource))
    }
}
