import OtelSDK

/// Encodes the messages of `opentelemetry/proto/common/v1` and `resource/v1`.
extension ProtobufWriter {
    /// `repeated KeyValue` at `field`.
    package mutating func keyValues(_ field: UInt32, _ attributes: Attributes) {
        for attribute in attributes {
            message(field) { kv in
                kv.stringAlways(1, attribute.key)
                kv.message(2) { value in value.anyValue(attribute.value) }
            }
        }
    }

    /// The body of an `AnyValue` (the caller opened the message).
    package mutating func anyValue(_ value: AttributeValue) {
        switch value {
        case .string(let s): stringAlways(1, s)
        case .bool(let b): boolAlways(2, b)
        case .int(let i): int64Always(3, i)
        case .double(let d): doubleAlways(4, d)
        case .bytes(let b): bytesAlways(7, b)
        case .stringArray(let a): message(5) { array in for s in a { array.message(1) { $0.stringAlways(1, s) } } }
        case .boolArray(let a): message(5) { array in for b in a { array.message(1) { $0.boolAlways(2, b) } } }
        case .intArray(let a): message(5) { array in for i in a { array.message(1) { $0.int64Always(3, i) } } }
        case .doubleArray(let a): message(5) { array in for d in a { array.message(1) { $0.doubleAlways(4, d) } } }
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
