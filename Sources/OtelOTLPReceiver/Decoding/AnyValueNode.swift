import OtelAPI
import OtelOTLP

/// An OTLP `AnyValue` as decoded from either encoding, before it is mapped onto the SDK's
/// ``AttributeValue``, which has no key-value lists, no heterogeneous arrays and no empty value.
///
/// The mapping (the same for protobuf and JSON):
/// - scalars (string, bool, int, double, bytes) map one to one;
/// - an array whose elements all have the same scalar type (string, bool, int or double) becomes
///   the typed array, and an empty array an empty string array; any other array (mixed types,
///   nested arrays or lists, bytes, empty values) is rendered as JSON text in a string value;
/// - a key-value list in an attribute is flattened into one attribute per leaf, its keys joined
///   with dots (`http.request.header` holding `{accept: "json"}` becomes
///   `http.request.header.accept = "json"`); an empty list becomes the string `{}`. Elsewhere (a
///   log body, an array element) the list is rendered as JSON text;
/// - an empty `AnyValue` (no value set) is skipped as an attribute and is no log body.
indirect enum AnyValueNode: Sendable, Hashable {
    case empty
    case string(String)
    case bool(Bool)
    case int(Int64)
    case double(Double)
    case bytes([UInt8])
    case array([AnyValueNode])
    case keyValues([KeyedNode])

    /// One member of a key-value list.
    struct KeyedNode: Sendable, Hashable {
        let key: String
        let value: AnyValueNode
    }

    /// The value as one attribute value: `nil` when empty; lists and irregular arrays as JSON text.
    var attributeValue: AttributeValue? {
        switch self {
        case .empty: return nil
        case .string(let value): return .string(value)
        case .bool(let value): return .bool(value)
        case .int(let value): return .int(value)
        case .double(let value): return .double(value)
        case .bytes(let value): return .bytes(value)
        case .array(let elements): return Self.typedArray(elements) ?? .string(renderedJSON)
        case .keyValues: return .string(renderedJSON)
        }
    }

    private static func typedArray(_ elements: [AnyValueNode]) -> AttributeValue? {
        guard let first = elements.first else { return .stringArray([]) }
        switch first {
        case .string:
            var values: [String] = []
            values.reserveCapacity(elements.count)
            for element in elements {
                guard case .string(let value) = element else { return nil }
                values.append(value)
            }
            return .stringArray(values)
        case .bool:
            var values: [Bool] = []
            values.reserveCapacity(elements.count)
            for element in elements {
                guard case .bool(let value) = element else { return nil }
                values.append(value)
            }
            return .boolArray(values)
        case .int:
            var values: [Int64] = []
            values.reserveCapacity(elements.count)
            for element in elements {
                guard case .int(let value) = element else { return nil }
                values.append(value)
            }
            return .intArray(values)
        case .double:
            var values: [Double] = []
            values.reserveCapacity(elements.count)
            for element in elements {
                guard case .double(let value) = element else { return nil }
                values.append(value)
            }
            return .doubleArray(values)
        case .empty, .bytes, .array, .keyValues:
            return nil
        }
    }

    /// Appends the attribute(s) for `key` holding this value to `collector`, flattening lists.
    func flatten(key: String, into collector: inout AttributeCollector) {
        switch self {
        case .empty:
            return
        case .keyValues(let members) where !members.isEmpty:
            for member in members {
                member.value.flatten(key: key.isEmpty ? member.key : key + "." + member.key, into: &collector)
            }
        default:
            if let value = attributeValue { collector.append(Attribute(key, value)) }
        }
    }

    /// The value as compact JSON text: lists as objects, bytes as base64, empty as `null`.
    var renderedJSON: String {
        var output: [UInt8] = []
        render(into: &output)
        return String(decoding: output, as: UTF8.self)
    }

    private func render(into output: inout [UInt8]) {
        switch self {
        case .empty: output.append(contentsOf: "null".utf8)
        case .string(let value): Self.appendQuoted(value, to: &output)
        case .bool(let value): output.append(contentsOf: (value ? "true" : "false").utf8)
        case .int(let value): output.append(contentsOf: String(value).utf8)
        case .double(let value):
            if value.isFinite {
                output.append(contentsOf: String(value).utf8)
            } else {
                Self.appendQuoted(value.isNaN ? "NaN" : (value < 0 ? "-Infinity" : "Infinity"), to: &output)
            }
        case .bytes(let value):
            output.append(UInt8(ascii: "\""))
            Base64.encode(value, into: &output)
            output.append(UInt8(ascii: "\""))
        case .array(let elements):
            output.append(UInt8(ascii: "["))
            for (index, element) in elements.enumerated() {
                if index > 0 { output.append(UInt8(ascii: ",")) }
                element.render(into: &output)
            }
            output.append(UInt8(ascii: "]"))
        case .keyValues(let members):
            output.append(UInt8(ascii: "{"))
            for (index, member) in members.enumerated() {
                if index > 0 { output.append(UInt8(ascii: ",")) }
                Self.appendQuoted(member.key, to: &output)
                output.append(UInt8(ascii: ":"))
                member.value.render(into: &output)
            }
            output.append(UInt8(ascii: "}"))
        }
    }

    private static func appendQuoted(_ text: String, to output: inout [UInt8]) {
        let hex: [UInt8] = Array("0123456789abcdef".utf8)
        output.append(UInt8(ascii: "\""))
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "\""), UInt8(ascii: "\\"):
                output.append(UInt8(ascii: "\\"))
                output.append(byte)
            case 0x0A: output.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "n")])
            case 0x0D: output.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "r")])
            case 0x09: output.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "t")])
            case 0..<0x20:
                output.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "u"), UInt8(ascii: "0"), UInt8(ascii: "0")])
                output.append(hex[Int(byte >> 4)])
                output.append(hex[Int(byte & 0xF)])
            default: output.append(byte)
            }
        }
        output.append(UInt8(ascii: "\""))
    }
}

/// Collects one attribute set, keeping at most a limit and counting the rest as dropped.
struct AttributeCollector {
    private var list: [Attribute] = []
    private let limit: Int
    /// Attributes beyond the limit.
    private(set) var dropped = 0

    init(limit: Int) { self.limit = limit }

    mutating func append(_ attribute: Attribute) {
        guard list.count < limit else {
            dropped += 1
            return
        }
        list.append(attribute)
    }

    /// The collected attributes; a repeated key keeps its last value.
    var attributes: Attributes {
        var attributes = Attributes(minimumCapacity: list.count)
        for attribute in list { attributes[attribute.key] = attribute.value }
        return attributes
    }
}
