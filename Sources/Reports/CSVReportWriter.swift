import CareCalendar
import EventLog
import Projections

/// Writes a document as one RFC 4180 CSV file.
///
/// - Records end with CRLF, including the last; the first record is the header of column keys.
/// - Columns are the union of every table's column keys, in order of first appearance. A
///   column that holds a fraction in any row is followed by `<key>Numerator`,
///   `<key>Denominator` and `<key>Percent` (one decimal, empty when the denominator is 0), so a
///   spreadsheet can compute with the figures.
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
        for (_, table) in tables {
            for (index, column) in table.columns.enumerated() {
                if seen.insert(column.key).inserted { keys.append(column.key) }
                if ReportColumnKind.hasFraction(column: index, in: table) { fractionKeys.insert(column.key) }
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
        case .empty: return ""
        }
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
