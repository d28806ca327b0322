import OtelSDK

/// The JSON-style names of one signal's nesting, used in error paths.
struct EnvelopeNames {
    /// `resourceSpans` / `resourceLogs`.
    let resource: String
    /// `scopeSpans` / `scopeLogs`.
    let scope: String
    /// `spans` / `logRecords`.
    let item: String
}

extension ProtobufRequestDecoder {
    /// The `Export*ServiceRequest` → `Resource*` → `Scope*` → item nesting that traces and logs
    /// share (field 1 of the request; resource = 1, scopes = 2, schema URL = 3 at both levels),
    /// with `decodeItem` reading one span or log record.
    mutating func exportRequest<Item>(
        _ bytes: [UInt8], names: EnvelopeNames,
        decodeItem: (inout ProtobufRequestDecoder, ArraySlice<UInt8>, Resource, InstrumentationScope)
            throws(OTLPDecodeError) -> Item
    ) throws(OTLPDecodeError) -> [Item] {
        try checkSize(bytes)
        var items: [Item] = []
        var fields = WireFields(bytes[...])
        var index = 0
        while let field = try fields.next() {
            guard field.number == 1 else { continue }
            try at("\(names.resource)[\(index)]") { () throws(OTLPDecodeError) in
                try resourceLevel(try field.bytes(""), names: names, into: &items, decodeItem: decodeItem)
            }
            index += 1
        }
        return items
    }

    private mutating func resourceLevel<Item>(
        _ bytes: ArraySlice<UInt8>, names: EnvelopeNames, into items: inout [Item],
        decodeItem: (inout ProtobufRequestDecoder, ArraySlice<UInt8>, Resource, InstrumentationScope)
            throws(OTLPDecodeError) -> Item
    ) throws(OTLPDecodeError) {
        // The resource and the schema URL may follow the scopes on the wire: find them first.
        var fields = WireFields(bytes)
        var resourceBytes: ArraySlice<UInt8> = []
        var schemaURL = ""
        var scopes: [ArraySlice<UInt8>] = []
        while let field = try fields.next() {
            switch field.number {
            case 1: resourceBytes = try field.bytes("resource")
            case 2:
                try budget.take()
                scopes.append(try field.bytes(names.scope))
            case 3: schemaURL = try field.string("schemaUrl")
            default: continue
            }
        }
        let resource = try at("resource") { () throws(OTLPDecodeError) in
            try self.resource(resourceBytes, schemaURL: schemaURL)
        }
        for (index, scope) in scopes.enumerated() {
            try at("\(names.scope)[\(index)]") { () throws(OTLPDecodeError) in
                try scopeLevel(scope, resource: resource, names: names, into: &items, decodeItem: decodeItem)
            }
        }
    }

    private mutating func scopeLevel<Item>(
        _ bytes: ArraySlice<UInt8>, resource: Resource, names: EnvelopeNames, into items: inout [Item],
        decodeItem: (inout ProtobufRequestDecoder, ArraySlice<UInt8>, Resource, InstrumentationScope)
            throws(OTLPDecodeError) -> Item
    ) throws(OTLPDecodeError) {
        var fields = WireFields(bytes)
        var scopeBytes: ArraySlice<UInt8> = []
        var schemaURL = ""
        var encoded: [ArraySlice<UInt8>] = []
        while let field = try fields.next() {
            switch field.number {
            case 1: scopeBytes = try field.bytes("scope")
            case 2:
                try budget.take()
                encoded.append(try field.bytes(names.item))
            case 3: schemaURL = try field.string("schemaUrl")
            default: continue
            }
        }
        let scope = try at("scope") { () throws(OTLPDecodeError) in try self.scope(scopeBytes, schemaURL: schemaURL) }
        for (index, item) in encoded.enumerated() {
            items.append(
                try at("\(names.item)[\(index)]") { () throws(OTLPDecodeError) in
                    try decodeItem(&self, item, resource, scope)
                })
        }
    }
}
