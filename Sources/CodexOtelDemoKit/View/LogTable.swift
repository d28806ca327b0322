import OtelAPI
import OtelSDK

/// Log records as a table: target (the logger's scope), severity, event name, and the record's
/// key fields as `key=value`, each row cut to the terminal width.
///
/// ```text
/// TARGET               SEVERITY  EVENT                FIELDS
/// codex_otel.log_only  INFO      codex.user_prompt    prompt_length=11 prompt=[REDACTED]
/// ```
///
/// The session metadata every Codex event carries (``hiddenKeys``) is left out of the fields;
/// the body, when a record has one, comes first.
public enum LogTable {
    /// Attribute keys not shown as fields: the event name (it has its own column) and the
    /// session metadata that is the same on every record.
    public static let hiddenKeys: Set<String> = [
        "event.name", "event.timestamp", "conversation.id", "app.version", "auth_mode", "originator",
        "user.account_id", "user.email", "terminal.type", "model", "slug",
    ]

    /// The table's lines: a column header, then one line per record, in the given order.
    public static func render(_ records: [LogRecordData], style: TerminalStyle) -> [String] {
        guard !records.isEmpty else { return [] }
        let rows = records.map(row)
        let targetWidth = Swift.min(24, Swift.max(6, rows.map(\.target.count).max() ?? 0))
        let severityWidth = Swift.max(8, rows.map(\.severity.count).max() ?? 0)
        let eventWidth = Swift.min(26, Swift.max(5, rows.map(\.event.count).max() ?? 0))
        func line(_ target: String, _ severity: String, _ event: String, _ fields: String, header: Bool) -> String {
            let e = style.ellipsis
            let targetColumn = TextLayout.column(target, targetWidth, ellipsis: e)
            let severityColumn = TextLayout.column(severity, severityWidth, ellipsis: e)
            let eventColumn = TextLayout.column(event, eventWidth, ellipsis: e)
            let fieldsWidth = style.width - targetWidth - severityWidth - eventWidth - 6
            let fieldsColumn = TextLayout.truncate(fields, to: Swift.max(0, fieldsWidth), ellipsis: e)
            var parts: [String]
            if header {
                parts = [targetColumn, severityColumn, eventColumn, fieldsColumn].map { style.paint($0, .bold) }
            } else {
                parts = [
                    style.paint(targetColumn, .blue), style.paint(severityColumn, paint(forSeverity: severity)),
                    eventColumn, fieldsColumn,
                ]
            }
            if fieldsColumn.isEmpty { parts.removeLast() }
            var text = parts.joined(separator: "  ")
            while text.hasSuffix(" ") { text.removeLast() }
            return text
        }
        var lines = [line("TARGET", "SEVERITY", "EVENT", "FIELDS", header: true)]
        for row in rows { lines.append(line(row.target, row.severity, row.event, row.fields, header: false)) }
        return lines
    }

    /// One record's cells, before layout.
    struct Row {
        var target: String
        var severity: String
        var event: String
        var fields: String
    }

    /// The cells of `record`.
    static func row(_ record: LogRecordData) -> Row {
        let severity = record.severityText ?? record.severity?.text ?? "-"
        let event = record.eventName ?? record.attributes["event.name"]?.displayString ?? "-"
        var fields: [String] = []
        if let body = record.body { fields.append(quoted(body.displayString)) }
        for attribute in record.attributes where !hiddenKeys.contains(attribute.key) {
            fields.append(TextLayout.singleLine(attribute.key) + "=" + quoted(attribute.value.displayString))
        }
        return Row(
            target: TextLayout.singleLine(record.instrumentationScope.name), severity: TextLayout.singleLine(severity),
            event: TextLayout.singleLine(event), fields: fields.joined(separator: " "))
    }

    /// `text` on one line, in double quotes when it is empty or holds a space or a quote.
    static func quoted(_ text: String) -> String {
        let line = TextLayout.singleLine(text)
        guard line.isEmpty || line.contains(" ") || line.contains("\"") else { return line }
        var escaped = ""
        for character in line {
            if character == "\"" || character == "\\" { escaped.append("\\") }
            escaped.append(character)
        }
        return "\"" + escaped + "\""
    }

    /// The colour of a severity's text.
    static func paint(forSeverity text: String) -> TerminalStyle.Paint {
        switch text.uppercased().prefix(4) {
        case "FATA", "ERRO": return .red
        case "WARN": return .yellow
        case "INFO": return .green
        default: return .dim
        }
    }
}
