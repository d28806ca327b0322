import OtelAPI
import OtelOTLP
import OtelSDK

/// Decodes OTLP export requests from the OTLP/JSON mapping: the state shared by the three
/// signals, typed access to JSON values, and the messages of `common/v1` and `resource/v1`.
///
/// Keys are accepted in lowerCamelCase and in snake_case; `null` is read as an absent field;
/// 64-bit integers as strings or numbers; enums as integers or their names; trace and span ids
/// as hexadecimal (either case); `bytes` as base64.
struct JSONRequestDecoder {
    let limits: OTLPDecodeLimits
    var budget: ElementBudget
    /// Metric data points the SDK model cannot hold, left out of the result.
    var skipped = SkippedDataPoints()

    init(limits: OTLPDecodeLimits) {
        self.limits = limits
        budget = ElementBudget(limit: limits.maxElements)
    }

    /// Parses the body into a JSON object.
    func document(_ bytes: [UInt8]) throws(OTLPDecodeError) -> [(String, JSONValue)] {
        guard bytes.count <= limits.maxJSONBodyBytes else {
            throw .bodyTooLarge(bytes: bytes.count, limit: limits.maxJSONBodyBytes)
        }
        let value: JSONValue
        do {
            value = try JSONValue.parse(bytes)
        } catch {
            throw .invalidJSON(reason: error.description)
        }
        return try Self.members(value, "")
    }

    // MARK: Typed access

    /// The members of an object (in order; a repeated key is read last-wins by the callers).
    static func members(_ value: JSONValue, _ name: String) throws(OTLPDecodeError) -> [(String, JSONValue)] {
        switch value {
        case .object(let members): return members
        case .null: return []
        default: throw .invalidValue(path: name, reason: "expected a JSON object, got \(kind(value))")
        }
    }

    /// The elements of an array; `null` is empty.
    static func elements(_ value: JSONValue, _ name: String) throws(OTLPDecodeError) -> [JSONValue] {
        switch value {
        case .array(let elements): return elements
        case .null: return []
        default: throw .invalidValue(path: name, reason: "expected a JSON array, got \(kind(value))")
        }
    }

    static func string(_ value: JSONValue, _ name: String) throws(OTLPDecodeError) -> String {
        switch value {
        case .string(let text): return text
        case .null: return ""
        default: throw .invalidValue(path: name, reason: "expected a string, got \(kind(value))")
        }
    }

    static func bool(_ value: JSONValue, _ name: String) throws(OTLPDecodeError) -> Bool {
        switch value {
        case .bool(let flag): return flag
        case .null: return false
        default: throw .invalidValue(path: name, reason: "expected true or false, got \(kind(value))")
        }
    }

    /// An unsigned 64-bit integer: a JSON number or a decimal string.
    static func uint64(_ value: JSONValue, _ name: String) throws(OTLPDecodeError) -> UInt64 {
        switch value {
        case .null: return 0
        case .number(let number, let text):
            if let exact = UInt64(text) ?? UInt64(exactly: number) { return exact }
        case .string(let text):
            if let exact = UInt64(text) ?? Double(text).flatMap(UInt64.init(exactly:)) { return exact }
        default: break
        }
        throw .invalidValue(path: name, reason: "expected an unsigned 64-bit integer, got \(kind(value))")
    }

    /// A signed 64-bit integer: a JSON number or a decimal string.
    static func int64(_ value: JSONValue, _ name: String) throws(OTLPDecodeError) -> Int64 {
        switch value {
        case .null: return 0
        case .number(let number, let text):
            if let exact = Int64(text) ?? Int64(exactly: number) { return exact }
        case .string(let text):
            if let exact = Int64(text) ?? Double(text).flatMap(Int64.init(exactly:)) { return exact }
        default: break
        }
        throw .invalidValue(path: name, reason: "expected a signed 64-bit integer, got \(kind(value))")
    }

    /// A 32-bit unsigned integer (counts, flags).
    static func uint32(_ value: JSONValue, _ name: String) throws(OTLPDecodeError) -> UInt32 {
        guard let exact = UInt32(exactly: try uint64(value, name)) else {
            throw .invalidValue(path: name, reason: "\(describe(value)) does not fit in 32 bits")
        }
        return exact
    }

    /// A 32-bit signed integer (scale, offset).
    static func int32(_ value: JSONValue, _ name: String) throws(OTLPDecodeError) -> Int32 {
        guard let exact = Int32(exactly: try int64(value, name)) else {
            throw .invalidValue(path: name, reason: "\(describe(value)) does not fit in 32 bits")
        }
        return exact
    }

    /// An enum: its number, or its name among `names` (whose index is the number).
    static func enumValue(_ value: JSONValue, _ name: String, names: [String]) throws(OTLPDecodeError) -> Int64 {
        if case .string(let text) = value, Int64(text) == nil {
            guard let index = names.firstIndex(of: text) else {
                throw .invalidValue(path: name, reason: "unknown enum name '\(text.prefix(64))'")
            }
            return Int64(index)
        }
        return try int64(value, name)
    }

    /// A double: a number, a numeric string, or `"NaN"`, `"Infinity"`, `"-Infinity"`.
    static func double(_ value: JSONValue, _ name: String) throws(OTLPDecodeError) -> Double {
        if case .null = value { return 0 }
        guard let number = value.doubleValue else {
            throw .invalidValue(path: name, reason: "expected a number, got \(kind(value))")
        }
        return number
    }

    /// A trace id: 32 hex digits; `nil` when empty.
    static func traceID(_ value: JSONValue, _ name: String) throws(OTLPDecodeError) -> TraceID? {
        let text = try string(value, name)
        if text.isEmpty { return nil }
        guard let words = TextCodecs.hexWords(text, byteCount: 16), words.count == 2 else {
            throw .invalidValue(path: name, reason: "a trace id is 32 hex digits; got '\(text.prefix(64))'")
        }
        return TraceID(high: words[0], low: words[1])
    }

    /// A span id: 16 hex digits; `nil` when empty.
    static func spanID(_ value: JSONValue, _ name: String) throws(OTLPDecodeError) -> SpanID? {
        let text = try string(value, name)
        if text.isEmpty { return nil }
        guard let words = TextCodecs.hexWords(text, byteCount: 8), let word = words.first else {
            throw .invalidValue(path: name, reason: "a span id is 16 hex digits; got '\(text.prefix(64))'")
        }
        return SpanID(word)
    }

    private static func kind(_ value: JSONValue) -> String {
        switch value {
        case .null: return "null"
        case .bool: return "a boolean"
        case .number: return "a number"
        case .string: return "a string"
        case .array: return "an array"
        case .object: return "an object"
        }
    }

    private static func describe(_ value: JSONValue) -> String {
        switch value {
        case .number(_, let text): return String(text.prefix(32))
        case .string(let text): return "'\(text.prefix(32))'"
        default: return kind(value)
        }
    }

    // MARK: AnyValue

    /// An `AnyValue` object at nesting level `depth` (an attribute's value is level 1).
    mutating func anyValue(_ value: JSONValue, depth: Int) throws(OTLPDecodeError) -> AnyValueNode {
        guard depth <= limits.maxAnyValueDepth else { throw .nestingTooDeep(path: "", limit: limits.maxAnyValueDepth) }
        var result = AnyValueNode.empty
        for (key, member) in try Self.members(value, "") {
            if case .null = member { continue }
            switch key {
            case "stringValue", "string_value": result = .string(try Self.string(member, key))
            case "boolValue", "bool_value": result = .bool(try Self.bool(member, key))
            case "intValue", "int_value": result = .int(try Self.int64(member, key))
            case "doubleValue", "double_value": result = .double(try Self.double(member, key))
            case "bytesValue", "bytes_value":
                let text = try Self.string(member, key)
                guard let bytes = TextCodecs.base64(text) else {
                    throw .invalidValue(path: key, reason: "bytesValue is not valid base64")
                }
                try budget.take(bytes.count / 64)
                result = .bytes(bytes)
            case "arrayValue", "array_value":
                result = .array(try at(key) { () throws(OTLPDecodeError) in try arrayValue(member, depth) })
            case "kvlistValue", "kvlist_value":
                result = .keyValues(try at(key) { () throws(OTLPDecodeError) in try keyValueList(member, depth) })
            default: continue
            }
        }
        return result
    }

    private mutating func arrayValue(_ value: JSONValue, _ depth: Int) throws(OTLPDecodeError) -> [AnyValueNode] {
        var elements: [AnyValueNode] = []
        for (key, member) in try Self.members(value, "") where key == "values" {
            elements = []
            for (index, element) in try Self.elements(member, key).enumerated() {
                try budget.take()
                elements.append(
                    try at("values[\(index)]") { () throws(OTLPDecodeError) in
                        try anyValue(element, depth: depth + 1)
                    })
            }
        }
        return elements
    }

    private mutating func keyValueList(
        _ value: JSONValue, _ depth: Int
    ) throws(OTLPDecodeError)
        -> [AnyValueNode.KeyedNode]
    {
        var members: [AnyValueNode.KeyedNode] = []
        for (key, member) in try Self.members(value, "") where key == "values" {
            members = []
            for (index, element) in try Self.elements(member, key).enumerated() {
                try budget.take()
                members.append(
                    try at("values[\(index)]") { () throws(OTLPDecodeError) in
                        try keyValue(element, depth: depth + 1)
                    })
            }
        }
        return members
    }

    /// A `KeyValue` object whose value is at nesting level `depth`.
    mutating func keyValue(_ value: JSONValue, depth: Int) throws(OTLPDecodeError) -> AnyValueNode.KeyedNode {
        var key = ""
        var node = AnyValueNode.empty
        for (name, member) in try Self.members(value, "") {
            switch name {
            case "key": key = try Self.string(member, name)
            case "value": node = try at("value") { () throws(OTLPDecodeError) in try anyValue(member, depth: depth) }
            default: continue
            }
        }
        return AnyValueNode.KeyedNode(key: key, value: node)
    }

    /// A JSON array of `KeyValue` objects (an `attributes` field).
    mutating func attributes(_ value: JSONValue, _ name: String) throws(OTLPDecodeError) -> AttributeCollector {
        var collector = AttributeCollector(limit: limits.maxAttributesPerSet)
        for (index, element) in try Self.elements(value, name).enumerated() {
            try budget.take()
            let member = try at("\(name)[\(index)]") { () throws(OTLPDecodeError) in
                try keyValue(element, depth: 1)
            }
            member.value.flatten(key: member.key, into: &collector)
        }
        return collector
    }

    // MARK: Resource and scope

    /// A `resource` object with the schema URL of its enclosing `Resource<Signal>`.
    mutating func resource(_ value: JSONValue, schemaURL: String) throws(OTLPDecodeError) -> Resource {
        var attributes = AttributeCollector(limit: limits.maxAttributesPerSet)
        for (key, member) in try Self.members(value, "") where key == "attributes" {
            attributes = try self.attributes(member, key)
        }
        return Resource(attributes: attributes.attributes, schemaURL: schemaURL.isEmpty ? nil : schemaURL)
    }

    /// A `scope` object with the schema URL of its enclosing `Scope<Signal>`.
    mutating func scope(_ value: JSONValue, schemaURL: String) throws(OTLPDecodeError) -> InstrumentationScope {
        var name = ""
        var version = ""
        var attributes = AttributeCollector(limit: limits.maxAttributesPerSet)
        for (key, member) in try Self.members(value, "") {
            switch key {
            case "name": name = try Self.string(member, key)
            case "version": version = try Self.string(member, key)
            case "attributes": attributes = try self.attributes(member, key)
            default: continue
            }
        }
        return InstrumentationScope(
            name: name, version: version.isEmpty ? nil : version, schemaURL: schemaURL.isEmpty ? nil : schemaURL,
            attributes: attributes.attributes)
    }

    /// The `resource`, `schemaUrl` and the list under `listKeys` of a `Resource<Signal>` or
    /// `Scope<Signal>` object (`scopeKeys` names its scope or resource member).
    static func container(
        _ value: JSONValue, headKeys: (String, String), listKeys: (String, String)
    ) throws(OTLPDecodeError) -> (head: JSONValue, schemaURL: String, list: [JSONValue]) {
        var head = JSONValue.null
        var schemaURL = ""
        var list: [JSONValue] = []
        for (key, member) in try members(value, "") {
            switch key {
            case headKeys.0, headKeys.1: head = member
            case "schemaUrl", "schema_url": schemaURL = try string(member, key)
            case listKeys.0, listKeys.1: list = try elements(member, listKeys.0)
            default: continue
            }
        }
        return (head, schemaURL, list)
    }
}
