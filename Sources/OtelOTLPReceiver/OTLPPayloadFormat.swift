/// The body encodings of OTLP/HTTP.
public enum OTLPPayloadFormat: String, Sendable, Hashable, CaseIterable {
    /// Binary protobuf, `application/x-protobuf`.
    case protobuf
    /// The OTLP JSON mapping, `application/json`.
    case json

    /// The `Content-Type` of bodies in this format.
    public var contentType: String {
        switch self {
        case .protobuf: return "application/x-protobuf"
        case .json: return "application/json"
        }
    }

    /// The format of a `Content-Type` header value, ignoring case, parameters (`; charset=utf-8`)
    /// and surrounding spaces; `nil` for any other media type.
    public init?(contentType: String) {
        let mediaType = contentType.split(separator: ";", maxSplits: 1, omittingEmptySubsequences: false).first ?? ""
        switch mediaType.trimmingASCIISpaces.lowercased() {
        case "application/x-protobuf", "application/protobuf": self = .protobuf
        case "application/json": self = .json
        default: return nil
        }
    }
}

extension StringProtocol {
    /// The text without leading and trailing spaces and tabs.
    var trimmingASCIISpaces: Substring {
        let text = Substring(self)
        let isSpace: (Character) -> Bool = { $0 == " " || $0 == "\t" }
        guard let first = text.firstIndex(where: { !isSpace($0) }),
            let last = text.lastIndex(where: { !isSpace($0) })
        else { return "" }
        return text[first...last]
    }
}
