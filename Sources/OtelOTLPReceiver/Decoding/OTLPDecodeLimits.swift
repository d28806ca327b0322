/// Bounds on what one export request may make the decoders allocate.
///
/// The decoders read untrusted input (the receiver accepts requests from any local process,
/// and they are fuzzed), so every dimension that input controls is capped: exceeding a cap is
/// an ``OTLPDecodeError``, never unbounded memory or time.
public struct OTLPDecodeLimits: Sendable, Hashable {
    /// The largest protobuf body, in bytes (after gzip decompression). Default 64 MiB, the size
    /// at which our exporters split a batch.
    public var maxBodyBytes: Int
    /// The largest JSON body, in bytes (after decompression). Default 16 MiB: the JSON parser
    /// builds a document tree of up to ~16 times the text's size before it is decoded.
    public var maxJSONBodyBytes: Int
    /// How deeply `AnyValue` arrays and key-value lists may nest; an attribute's value is level 1.
    /// Default 32.
    public var maxAnyValueDepth: Int
    /// The most elements one request may decode into: spans, events, links, log records,
    /// metrics, data points, attributes, array elements and histogram buckets together.
    /// Default 2,000,000.
    public var maxElements: Int
    /// The most attributes kept per attribute set; the rest are dropped and added to the item's
    /// dropped-attributes count (resources and scopes have none). Default 256.
    ///
    /// Keeps the cost of building an ``Attributes`` collection (linear search per key) bounded.
    public var maxAttributesPerSet: Int

    /// Creates limits; the defaults suit a local receiver.
    public init(
        maxBodyBytes: Int = 64 * 1024 * 1024,
        maxJSONBodyBytes: Int = 16 * 1024 * 1024,
        maxAnyValueDepth: Int = 32,
        maxElements: Int = 2_000_000,
        maxAttributesPerSet: Int = 256
    ) {
        self.maxBodyBytes = max(0, maxBodyBytes)
        self.maxJSONBodyBytes = max(0, maxJSONBodyBytes)
        self.maxAnyValueDepth = max(1, maxAnyValueDepth)
        self.maxElements = max(1, maxElements)
        self.maxAttributesPerSet = max(0, maxAttributesPerSet)
    }

    /// The default limits.
    public static let `default` = OTLPDecodeLimits()

    /// The body limit for `format`.
    public func maxBodyBytes(for format: OTLPPayloadFormat) -> Int {
        format == .json ? maxJSONBodyBytes : maxBodyBytes
    }
}

/// Counts the elements one request decodes, against ``OTLPDecodeLimits/maxElements``.
struct ElementBudget {
    let limit: Int
    private(set) var used = 0

    init(limit: Int) { self.limit = limit }

    /// Takes `count` elements from the budget.
    @inline(__always)
    mutating func take(_ count: Int = 1) throws(OTLPDecodeError) {
        used += count
        guard used <= limit else { throw .tooManyElements(limit: limit) }
    }
}
