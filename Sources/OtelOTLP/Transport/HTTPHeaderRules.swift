/// The HTTP field rules that both the exporter configuration and the transport enforce.
package enum HTTPHeaderRules {
    /// Whether `name` is an HTTP token (RFC 9110): letters, digits and ``!#$%&'*+-.^_`|~``.
    package static func isToken(_ name: String) -> Bool {
        guard !name.isEmpty else { return false }
        return name.utf8.allSatisfy { byte in
            switch byte {
            case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
                UInt8(ascii: "0")...UInt8(ascii: "9"):
                return true
            default:
                return "!#$%&'*+-.^_`|~".utf8.contains(byte)
            }
        }
    }

    /// Whether `text` holds a control character (DEL included); a tab is allowed only with
    /// `allowingTab`, and without it a space counts as forbidden too (for URLs).
    package static func hasControlCharacter(_ text: String, allowingTab: Bool) -> Bool {
        text.utf8.contains { byte in
            (byte < 0x20 && !(allowingTab && byte == 0x09)) || byte == 0x7F || (!allowingTab && byte == 0x20)
        }
    }
}
