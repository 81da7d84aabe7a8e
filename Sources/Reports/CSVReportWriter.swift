import CareCalendar
import EventLog
import Projections

/// Writes a document as one RFC 4180 CSV file.
///
/// - Records end with CRLF, including the last; the first record is the header of column keys.
/// - Columns are the union of every table's column keys, in order of first appearance. A
///   column that holds a fraction in any row is followed by `<key>Numerator`,
///   `<key>Denominator` and `<key>Percent` (one decimal, empty when the denominator is 0), so a
///   spreadsheet can compute with the figures. A column that holds a record
///   (``ReportCell/record(_:)``) keeps a summary field (`Label: value; …`) and is followed by one
///   `<key><Field>` field per record key (e.g. `indicatorTarget`), each written as its own cell type.
/// - When the document has more than one table, or a table's section has a heading, a leading
///   `section` column holds the section heading (empty when there is none). If a table already
///   uses the key `section`, the leading column is called `reportSection` instead.
/// - Sections without a table, notes and provenance are not in the CSV (it has no comments):
///   they are in the JSON form and in the extract's manifest.
/// - Fields are quoted only when they contain `,`, `"`, CR or LF; quotes are doubled. Line breaks
///   inside a field are kept as they are.
/// - Values: text as is; codes as the code (never the label); integers in plain digits; dates
///   `YYYY-MM-DD`; instants ISO 8601 UTC with milliseconds (`2020-01-29T09:30:00.000Z`); fractions
///   `45/50 (90.0%)` / `0/0 (–)`; RAG as its raw value (`red`, `amber`, `green`, `noData`); bullets
///   joined with ` | `; empty as an empty field.
/// - Text and bullet fields that start with `=`, `+`, `-`, `@`, a tab or a carriage return get a
///   leading `'`, so a spreadsheet never runs free text as a formula (CSV injection).
enum CSVReportWriter {
    static func write(_ document: ReportDocument) -> String {
        let tables = document.sections.compactMap { section in section.table.map { (section.heading, $0) } }
        let withSection = tables.count > 1 || tables.contains { $0.0 != nil }

        // The header: union of keys in first-appearance order, fraction keys widened.
        var keys: [String] = []
        var seen: Set<String> = []
        var fractionKeys: Set<String> = []
        var recordKeys: [String: [String]] = [:]
        for (_, table) in tables {
            for (index, column) in table.columns.enumerated() {
                if seen.insert(column.key).inserted { keys.append(column.key) }
                if ReportColumnKind.hasFraction(column: index, in: table) { fractionKeys.insert(column.key) }
                for field in ReportColumnKind.recordKeys(column: index, in: table)
                where !(recordKeys[column.key] ?? []).contains(field) {
                    recordKeys[column.key, default: []].append(field)
                }
            }
        }
        var header: [String] = []
        let sectionKey = seen.contains("section") ? "reportSection" : "section"
        if withSection { header.append(sectionKey) }
        for key in keys {
            header.append(key)
            if fractionKeys.contains(key) {
                header += [key + "Numerator", key + "Denominator", key + "Percent"]
            }
            for field in recordKeys[key] ?? [] {
                header.append(key + capitalised(field))
            }
        }
        guard !header.isEmpty else { return "" }

        var out = record(header)
        for (heading, table) in tables {
            var position: [String: Int] = [:]
            for (index, column) in table.columns.enumerated() where position[column.key] == nil {
                position[column.key] = index
            }
            for row in table.rows {
                let cells = ReportValueFormat.cells(row, count: table.columns.count)
                var fields: [String] = []
                if withSection { fields.append(protect(heading ?? "")) }
                for key in keys {
                    let cell = position[key].map { cells[$0] } ?? .empty
                    fields.append(field(cell))
                    if fractionKeys.contains(key) {
                        if case .fraction(let numerator, let denominator) = cell {
                            fields += [
                                String(numerator), String(denominator),
                                ReportValueFormat.percent(numerator: numerator, denominator: denominator) ?? "",
                            ]
                        } else {
                            fields += ["", "", ""]
                        }
                    }
                    for name in recordKeys[key] ?? [] {
                        guard case .record(let parts) = cell, let part = parts.first(where: { $0.key == name }) else {
                            fields.append("")
                            continue
                        }
                        fields.append(field(part.cell))
                    }
                }
                out += record(fields)
            }
        }
        return out
    }

    /// One cell's field text (before quoting).
    static func field(_ cell: ReportCell) -> String {
        switch cell {
        case .text(let text): return protect(text)
        case .code(let code, _): return protect(code)
        case .integer(let value): return String(value)
        case .date(let date): return date.iso8601
        case .instant(let instant): return instant.iso8601
        case .fraction(let numerator, let denominator):
            return ReportValueFormat.fraction(numerator: numerator, denominator: denominator)
        case .rag(let status): return status.rawValue
        case .bullets(let items): return protect(items.joined(separator: " | "))
        case .quantity(let quantity): return quantity.number
        case .record(let fields):
            return protect(
                fields.filter { $0.cell != .empty }.map { $0.label + ": " + label($0.cell) }.joined(separator: "; "))
        case .empty: return ""
        }
    }

    /// A record field's value as people read it inside the record's summary field (labels, not codes).
    static func label(_ cell: ReportCell) -> String {
        switch cell {
        case .code(_, let label): return label
        case .rag(let status): return status.label
        case .quantity(let quantity): return quantity.label
        case .record: return ""
        default: return field(cell)
        }
    }

    /// `target` → `Target`, so a record field's CSV name reads `indicatorTarget`.
    static func capitalised(_ key: String) -> String {
        guard let first = key.first else { return key }
        return first.uppercased() + key.dropFirst()
    }

    /// Free text with a leading `'` when a spreadsheet would otherwise read it as a formula.
    static func protect(_ text: String) -> String {
        guard let first = text.unicodeScalars.first else { return text }
        switch first {
        case "=", "+", "-", "@", "\t", "\r": return "'" + text
        default: return text
        }
    }

    /// One record: fields quoted where needed, joined with commas, ended with CRLF.
    static func record(_ fields: [String]) -> String {
        fields.map(quote).joined(separator: ",") + "\r\n"
    }

    /// A field quoted (with inner quotes doubled) when it contains a comma, quote, CR or LF.
    static func quote(_ field: String) -> String {
        let needsQuotes = field.unicodeScalars.contains { $0 == "," || $0 == "\"" || $0 == "\r" || $0 == "\n" }
        guard needsQuotes else { return field }
        var out = "\""
        for scalar in field.unicodeScalars {
            if scalar == "\"" { out += "\"\"" } else { out.unicodeScalars.append(scalar) }
        }
        return out + "\""
    }
}
