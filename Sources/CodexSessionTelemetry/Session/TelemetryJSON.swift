import OtelOTLP

/// The little JSON the session events need: parsing Responses API messages, rendering a JSON
/// value compactly for `error.message`, and describing a parse failure.
///
/// Differences from the original's `serde_json`, kept deliberately small: object members keep
/// their input order, numbers keep their input text, and parse errors read
/// `<reason> at line L column C` with this parser's reasons.
enum TelemetryJSON {
    /// Parses `text`, or describes why it is not JSON.
    static func parse(_ text: String) -> Result<JSONValue, ParseFailure> {
        do {
            return .success(try JSONValue.parse(text.utf8))
        } catch {
            return .failure(ParseFailure(text: text, error: error))
        }
    }

    /// Why a text is not JSON, with the line and column of the problem.
    struct ParseFailure: Error, CustomStringConvertible {
        let text: String
        let error: JSONValue.ParseError

        var description: String {
            var line = 1
            var column = 0
            for byte in text.utf8.prefix(error.offset + 1) {
                if byte == UInt8(ascii: "\n") {
                    line += 1
                    column = 0
                } else {
                    column += 1
                }
            }
            return "\(error.reason) at line \(line) column \(column)"
        }
    }

    /// `value` as compact JSON (no whitespace), strings escaped as `serde_json` escapes them.
    static func compact(_ value: JSONValue) -> String {
        var output = ""
        write(value, to: &output)
        return output
    }

    private static func write(_ value: JSONValue, to output: inout String) {
        switch value {
        case .null: output += "null"
        case .bool(let flag): output += flag ? "true" : "false"
        case .number(_, let text): output += text
        case .string(let text): writeString(text, to: &output)
        case .array(let elements):
            output += "["
            for (index, element) in elements.enumerated() {
                if index > 0 { output += "," }
                write(element, to: &output)
            }
            output += "]"
        case .object(let members):
            output += "{"
            for (index, member) in members.enumerated() {
                if index > 0 { output += "," }
                writeString(member.0, to: &output)
                output += ":"
                write(member.1, to: &output)
            }
            output += "}"
        }
    }

    private static func writeString(_ text: String, to output: inout String) {
        output += "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": output += "\\\""
            case "\\": output += "\\\\"
            case "\n": output += "\\n"
            case "\r": output += "\\r"
            case "\t": output += "\\t"
            case "\u{08}": output += "\\b"
            case "\u{0C}": output += "\\f"
            case "\u{00}"..."\u{1F}":
                let hex = Array("0123456789abcdef")
                output += "\\u00"
                output.append(hex[Int(scalar.value >> 4)])
                output.append(hex[Int(scalar.value & 0xF)])
            default: output.unicodeScalars.append(scalar)
            }
        }
        output += "\""
    }

    /// A non-negative, finite number of milliseconds rounded to whole milliseconds, or `nil`
    /// for anything else (strings, negative or non-finite numbers), as the original reads
    /// `timing_metrics`.
    static func wholeMilliseconds(_ value: JSONValue?) -> Duration? {
        guard case .number(let milliseconds, _)? = value, milliseconds.isFinite, milliseconds >= 0 else { return nil }
        let rounded = milliseconds.rounded(.toNearestOrAwayFromZero)
        guard rounded < Double(Int64.max) else { return .milliseconds(Int64.max) }
        return .milliseconds(Int64(rounded))
    }
}
