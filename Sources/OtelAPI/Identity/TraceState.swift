/// The vendor-specific `tracestate` list of W3C Trace Context.
///
/// A trace state is an ordered list of at most 32 key/value members with unique keys. The
/// leftmost member belongs to the vendor that last updated the trace; ``setting(_:_:)`` therefore
/// moves the member it adds or updates to the front.
///
/// Keys follow the level 1 grammar:
/// - a simple key is a lowercase letter followed by up to 255 of `a-z`, `0-9`, `_`, `-`, `*`, `/`;
/// - a multi-tenant key is `tenant@system`, where the tenant is 1 to 241 of those characters
///   starting with a lowercase letter or a digit, and the system is 1 to 14 of those characters
///   starting with a lowercase letter.
///
/// Values are 1 to 256 printable ASCII characters (`0x20`-`0x7E`) other than `,` and `=`, and do
/// not end with a space.
public struct TraceState: Sendable, Hashable {
    /// One `key=value` member of a trace state.
    public struct Member: Sendable, Hashable {
        /// The member's key, which identifies a tracing vendor (and tenant).
        public let key: String

        /// The member's opaque value.
        public let value: String
    }

    /// The most members a trace state may hold.
    public static let maximumMembers = 32

    /// The members in order, leftmost (most recently updated) first.
    public private(set) var members: [Member]

    /// Creates an empty trace state.
    public init() {
        members = []
    }

    private init(validatedMembers: [Member]) {
        members = validatedMembers
    }

    /// Whether the trace state has no members.
    public var isEmpty: Bool {
        members.isEmpty
    }

    /// The number of members.
    public var count: Int {
        members.count
    }

    /// The `tracestate` header value: the members as `key=value` joined by `,` without spaces.
    public var header: String {
        var result = ""
        var capacity = max(members.count - 1, 0)
        for member in members {
            capacity += member.key.utf8.count + 1 + member.value.utf8.count
        }
        result.reserveCapacity(capacity)
        for (index, member) in members.enumerated() {
            if index > 0 { result.append(",") }
            result.append(member.key)
            result.append("=")
            result.append(member.value)
        }
        return result
    }

    /// The value for `key`, or `nil` when the trace state has no such member.
    ///
    /// - Parameter key: The member key to look up.
    public subscript(key: String) -> String? {
        members.first { $0.key == key }?.value
    }

    /// Returns a copy in which `key` maps to `value` and that member is the leftmost.
    ///
    /// An existing member with the same key is removed first. When the list would then exceed
    /// ``maximumMembers``, the rightmost member is dropped.
    ///
    /// - Parameters:
    ///   - key: The member key; it must satisfy the key grammar.
    ///   - value: The member value; it must satisfy the value grammar.
    /// - Returns: The updated trace state, or `nil` when the key or the value is invalid.
    public func setting(_ key: String, _ value: String) -> TraceState? {
        guard withContiguousUTF8(key, TraceState.isValidKey),
            withContiguousUTF8(value, TraceState.isValidValue)
        else { return nil }
        var updated = members.filter { $0.key != key }
        updated.insert(Member(key: key, value: value), at: 0)
        if updated.count > TraceState.maximumMembers {
            updated.removeLast(updated.count - TraceState.maximumMembers)
        }
        return TraceState(validatedMembers: updated)
    }

    /// Returns a copy without the member for `key`; the order of the others is kept.
    ///
    /// - Parameter key: The member key to remove.
    public func removing(_ key: String) -> TraceState {
        TraceState(validatedMembers: members.filter { $0.key != key })
    }

    /// Parses a `tracestate` header value.
    ///
    /// The value is split on `,`. Spaces and tabs around each member are optional whitespace and
    /// ignored, and empty or whitespace-only members are skipped. The whole header is rejected when
    /// any member is invalid, when a key appears twice, or when there are more than
    /// ``maximumMembers`` members. Callers that receive several `tracestate` header fields should
    /// join them with `,` first.
    ///
    /// - Parameter header: The header value.
    /// - Returns: The trace state, or the first reason the header is invalid.
    public static func parse(_ header: some StringProtocol) -> Result<TraceState, TraceContextError> {
        withContiguousUTF8(header) { parse(utf8: $0) }
    }

    private static func parse(utf8 bytes: UnsafeBufferPointer<UInt8>) -> Result<TraceState, TraceContextError> {
        var members: [Member] = []
        var segmentStart = 0
        while segmentStart <= bytes.count {
            var segmentEnd = segmentStart
            while segmentEnd < bytes.count && bytes[segmentEnd] != comma {
                segmentEnd += 1
            }
            var start = segmentStart
            var end = segmentEnd
            while start < end && isOptionalWhitespace(bytes[start]) { start += 1 }
            while end > start && isOptionalWhitespace(bytes[end - 1]) { end -= 1 }
            segmentStart = segmentEnd + 1
            if start == end { continue }

            let text = UnsafeBufferPointer(rebasing: bytes[start..<end])
            guard let member = parseMember(text) else {
                return .failure(.tracestateInvalidMember(String(decoding: text, as: UTF8.self)))
            }
            if members.contains(where: { $0.key == member.key }) {
                return .failure(.tracestateDuplicateKey(member.key))
            }
            if members.count == maximumMembers {
                return .failure(.tracestateTooManyMembers)
            }
            members.append(member)
        }
        return .success(TraceState(validatedMembers: members))
    }

    private static func parseMember(_ text: UnsafeBufferPointer<UInt8>) -> Member? {
        guard let equals = text.firstIndex(of: equalsSign) else { return nil }
        let key = UnsafeBufferPointer(rebasing: text[..<equals])
        let value = UnsafeBufferPointer(rebasing: text[(equals + 1)...])
        guard isValidKey(key), isValidValue(value) else { return nil }
        return Member(key: String(decoding: key, as: UTF8.self), value: String(decoding: value, as: UTF8.self))
    }

    private static let comma: UInt8 = 0x2C
    private static let equalsSign: UInt8 = 0x3D
    private static let atSign: UInt8 = 0x40
    private static let space: UInt8 = 0x20

    private static func isOptionalWhitespace(_ byte: UInt8) -> Bool {
        byte == space || byte == 0x09
    }

    private static func isLowercaseLetter(_ byte: UInt8) -> Bool {
        byte >= 0x61 && byte <= 0x7A
    }

    private static func isDigit(_ byte: UInt8) -> Bool {
        byte >= 0x30 && byte <= 0x39
    }

    /// `lcalpha / DIGIT / "_" / "-" / "*" / "/"`
    private static func isKeyCharacter(_ byte: UInt8) -> Bool {
        isLowercaseLetter(byte) || isDigit(byte) || byte == 0x5F || byte == 0x2D || byte == 0x2A || byte == 0x2F
    }

    private static func isValidKey(_ key: UnsafeBufferPointer<UInt8>) -> Bool {
        guard !key.isEmpty, key.count <= 256 else { return false }
        guard let at = key.firstIndex(of: atSign) else {
            // simple-key = lcalpha 0*255( lcalpha / DIGIT / "_" / "-"/ "*" / "/" )
            return isLowercaseLetter(key[0]) && key.dropFirst().allSatisfy(isKeyCharacter)
        }
        // multi-tenant-key = tenant-id "@" system-id
        // tenant-id = ( lcalpha / DIGIT ) 0*240( keychar ); system-id = lcalpha 0*13( keychar )
        let tenantLength = at
        let systemLength = key.count - at - 1
        guard (1...241).contains(tenantLength), (1...14).contains(systemLength) else { return false }
        guard isLowercaseLetter(key[0]) || isDigit(key[0]), isLowercaseLetter(key[at + 1]) else { return false }
        return key[1..<at].allSatisfy(isKeyCharacter) && key[(at + 2)...].allSatisfy(isKeyCharacter)
    }

    private static func isValidValue(_ value: UnsafeBufferPointer<UInt8>) -> Bool {
        // value = 0*255(chr) nblk-chr; nblk-chr = %x21-2B / %x2D-3C / %x3E-7E; chr = %x20 / nblk-chr
        guard let last = value.last, value.count <= 256, last != space else { return false }
        return value.allSatisfy { byte in
            byte >= space && byte <= 0x7E && byte != comma && byte != equalsSign
        }
    }
}
