import OtelSDK

/// Encodes the messages of `opentelemetry/proto/common/v1` and `resource/v1`.
extension ProtobufWriter {
    /// `repeated KeyValue` at `field`.
    ///
    /// The length of each `KeyValue` and `AnyValue` is computed here rather than measured, so the
    /// measuring pass of ``ProtobufWriter/encode(lengthHint:_:)`` does only arithmetic per attribute.
    package mutating func keyValues(_ field: UInt32, _ attributes: Attributes) {
        for index in attributes.indices {
            keyValue(field, attributes[index])
        }
    }

    @inline(__always)
    private mutating func keyValue(_ field: UInt32, _ attribute: Attribute) {
        let valueLength = Self.anyValueLength(attribute.value)
        let length = Self.smallFieldSize(length: attribute.key.utf8.count) &+ Self.smallFieldSize(length: valueLength)
        message(field, length: length) { kv in
            kv.stringAlways(1, attribute.key)
            kv.message(2, length: valueLength) { $0.anyValue(attribute.value) }
        }
    }

    /// The number of bytes of the body of an `AnyValue` holding `value`.
    package static func anyValueLength(_ value: AttributeValue) -> Int {
        switch value {
        case .string(let s): return smallFieldSize(length: s.utf8.count)
        case .bool: return 2
        case .int(let i): return 1 &+ varintSize(UInt64(bitPattern: i))
        case .double: return 9
        case .bytes(let b): return smallFieldSize(length: b.count)
        case .stringArray(let a): return smallFieldSize(length: arrayValueLength(a, stringValueLength))
        case .boolArray(let a): return smallFieldSize(length: arrayValueLength(a) { _ in 2 })
        case .intArray(let a): return smallFieldSize(length: arrayValueLength(a, intValueLength))
        case .doubleArray(let a): return smallFieldSize(length: arrayValueLength(a) { _ in 9 })
        }
    }

    private static func stringValueLength(_ value: String) -> Int { smallFieldSize(length: value.utf8.count) }

    private static func intValueLength(_ value: Int64) -> Int { 1 &+ varintSize(UInt64(bitPattern: value)) }

    /// The body of an `ArrayValue`: one `AnyValue` message per element, whose body is `valueLength`.
    private static func arrayValueLength<Element>(_ elements: [Element], _ valueLength: (Element) -> Int) -> Int {
        var length = 0
        for element in elements { length &+= smallFieldSize(length: valueLength(element)) }
        return length
    }

    /// The body of an `AnyValue` (the caller opened the message, of ``anyValueLength(_:)`` bytes).
    package mutating func anyValue(_ value: AttributeValue) {
        switch value {
        case .string(let s): stringAlways(1, s)
        case .bool(let b): boolAlways(2, b)
        case .int(let i): int64Always(3, i)
        case .double(let d): doubleAlways(4, d)
        case .bytes(let b): bytesAlways(7, b)
        case .stringArray(let a): arrayValue(a, Self.stringValueLength) { $0.stringAlways(1, $1) }
        case .boolArray(let a): arrayValue(a, { _ in 2 }) { $0.boolAlways(2, $1) }
        case .intArray(let a): arrayValue(a, Self.intValueLength) { $0.int64Always(3, $1) }
        case .doubleArray(let a): arrayValue(a, { _ in 9 }) { $0.doubleAlways(4, $1) }
        }
    }

    /// `AnyValue.array_value` (field 5): an `ArrayValue` holding one `AnyValue` per element.
    private mutating func arrayValue<Element>(
        _ elements: [Element], _ valueLength: (Element) -> Int, _ write: (inout ProtobufWriter, Element) -> Void
    ) {
        message(5, length: Self.arrayValueLength(elements, valueLength)) { array in
            for element in elements {
                array.message(1, length: valueLength(element)) { write(&$0, element) }
            }
        }
    }

    /// The body of an `ExportTraceServiceRequest` or `ExportLogsServiceRequest`: per group, a
    /// `ResourceSpans`/`ResourceLogs` (field 1) with its resource and one `ScopeSpans`/`ScopeLogs`
    /// per scope, whose items (field 2) `item` writes from their positions. The two signals
    /// number these fields alike.
    package mutating func resourceGroups(_ groups: [OTLPGroup], _ item: (inout ProtobufWriter, Int) -> Void) {
        for group in groups {
            message(1) { resourceMessage in
                resourceMessage.resource(1, group.resource)
                for (scope, runs) in group.scopes {
                    resourceMessage.message(2) { scopeMessage in
                        scopeMessage.scope(1, scope)
                        for run in runs {
                            for position in run { scopeMessage.message(2) { item(&$0, position) } }
                        }
                        scopeMessage.string(3, scope.schemaURL ?? "")
                    }
                }
                resourceMessage.string(3, group.resource.schemaURL ?? "")
            }
        }
    }

    /// A `Resource` message at `field`.
    package mutating func resource(_ field: UInt32, _ resource: Resource) {
        message(field) { $0.keyValues(1, resource.attributes) }
    }

    /// An `InstrumentationScope` message at `field`.
    package mutating func scope(_ field: UInt32, _ scope: InstrumentationScope) {
        message(field) { m in
            m.string(1, scope.name)
            m.string(2, scope.version ?? "")
            m.keyValues(3, scope.attributes)
        }
    }
}

/// Encodes the same messages in the OTLP JSON mapping.
extension JSONWriter {
    /// `"attributes": [...]` (omitted when empty).
    package mutating func attributes(_ attributes: Attributes, key: StaticString = "attributes") {
        guard !attributes.isEmpty else { return }
        self.key(key)
        array { list in
            for attribute in attributes {
                list.object { kv in
                    kv.key("key")
                    kv.string(attribute.key)
                    kv.key("value")
                    kv.anyValue(attribute.value)
                }
            }
        }
    }

    /// An `AnyValue` object.
    package mutating func anyValue(_ value: AttributeValue) {
        object { o in
            switch value {
            case .string(let s):
                o.key("stringValue")
                o.string(s)
            case .bool(let b):
                o.key("boolValue")
                o.bool(b)
            case .int(let i):
                o.key("intValue")
                o.int64String(i)
            case .double(let d):
                o.key("doubleValue")
                o.double(d)
            case .bytes(let b):
                o.key("bytesValue")
                o.base64(b)
            case .stringArray(let a): o.arrayValue(a.map(AttributeValue.string))
            case .boolArray(let a): o.arrayValue(a.map(AttributeValue.bool))
            case .intArray(let a): o.arrayValue(a.map(AttributeValue.int))
            case .doubleArray(let a): o.arrayValue(a.map(AttributeValue.double))
            }
        }
    }

    private mutating func arrayValue(_ values: [AttributeValue]) {
        key("arrayValue")
        object { o in
            o.key("values")
            o.array { list in for value in values { list.anyValue(value) } }
        }
    }

    /// `"resource": {...}`.
    package mutating func resource(_ resource: Resource) {
        key("resource")
        object { $0.attributes(resource.attributes) }
    }

    /// `"scope": {...}`.
    package mutating func scope(_ scope: InstrumentationScope) {
        key("scope")
        object { o in
            if !scope.name.isEmpty {
                o.key("name")
                o.string(scope.name)
            }
            if let version = scope.version, !version.isEmpty {
                o.key("version")
                o.string(version)
            }
            o.attributes(scope.attributes)
        }
    }

    /// `"schemaUrl": "..."` when present.
    package mutating func schemaURL(_ url: String?) {
        guard let url, !url.isEmpty else { return }
        key("schemaUrl")
        string(url)
    }

    /// A fixed64 nanosecond timestamp as a string (omitted when zero).
    package mutating func nanos(_ key: StaticString, _ value: UInt64) {
        guard value != 0 else { return }
        self.key(key)
        uint64String(value)
    }

    /// A count written only when non-zero.
    package mutating func count(_ key: StaticString, _ value: Int) {
        guard value != 0 else { return }
        self.key(key)
        int(value)
    }
}
