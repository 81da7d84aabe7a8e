import CareCalendar
import EventLog
import Projections

/// Writes a document as JSON with stable field names.
///
/// The whole document is one object, pretty-printed (two-space indentation, keys sorted by code
/// point, `\n` line endings, a final `\n`). Shape, with every key always present:
///
///     {
///       "provenance": {
///         "asAt": "2020-03-31",
///         "checkpoint": {"headHash": "<64 hex>", "recordedAt": "<ISO 8601>" | null,
///                        "sequence": 1200, "storeID": "…"},
///         "periodEnd": "2020-03-31" | null,
///         "periodStart": "2020-01-01" | null,
///         "rules": "…"
///       },
///       "schemaVersion": 1,
///       "sections": [
///         {"columns": [{"key": "…", "title": "…"}], "heading": "…" | null, "notes": ["…"],
///          "rows": [{"<columnKey>": <value>, …}]}
///       ],
///       "title": "…"
///     }
///
/// Values: text → string; code → the code string (never its label); integer → number; date →
/// `"YYYY-MM-DD"`; instant → ISO 8601 UTC string with milliseconds; fraction → `{"denominator": 50,
/// "numerator": 45, "percent": 90.0}` (percent to one decimal, `null` when the denominator is 0);
/// RAG → its raw value (`"red"`, `"amber"`, `"green"`, `"noData"`); bullets → array of strings;
/// quantity → number without its unit (`90`, `2.5`); record → object keyed by field key (first wins);
/// empty → `null`. A section without a table has `"columns": []` and `"rows": []`. If a table
/// repeats a column key, the first column with that key wins.
enum JSONReportWriter {
    /// The version of this layout; raised only if a field is renamed or removed (2: the
    /// provenance's `knownAt`, how the log point was asked for, moved to the manifest).
    static let schemaVersion: Int64 = 2

    static func write(_ document: ReportDocument) -> String {
        value(document).written() + "\n"
    }

    static func value(_ document: ReportDocument) -> ReportJSONValue {
        .object([
            "title": .string(document.title),
            "schemaVersion": .integer(schemaVersion),
            "provenance": value(document.provenance),
            "sections": .array(document.sections.map(value)),
        ])
    }

    static func value(_ p: ReportProvenance) -> ReportJSONValue {
        .object([
            "asAt": .string(p.asAt.iso8601),
            "periodStart": p.period.map { .string($0.lowerBound.iso8601) } ?? .null,
            "periodEnd": p.period.map { .string($0.upperBound.iso8601) } ?? .null,
            "checkpoint": .object([
                "storeID": .string(p.checkpoint.storeID),
                "sequence": .unsigned(p.checkpoint.sequence),
                "headHash": .string(p.checkpoint.headHash.hex),
                "recordedAt": p.checkpoint.recordedAt.map { .string($0.iso8601) } ?? .null,
            ]),
            "rules": .string(p.rules),
        ])
    }

    static func value(_ section: ReportSection) -> ReportJSONValue {
        let columns = section.table?.columns ?? []
        let rows: [ReportJSONValue] = (section.table?.rows ?? []).map { row in
            let cells = ReportValueFormat.cells(row, count: columns.count)
            var object: [String: ReportJSONValue] = [:]
            for (column, cell) in zip(columns, cells) where object[column.key] == nil {
                object[column.key] = value(cell)
            }
            return .object(object)
        }
        return .object([
            "heading": section.heading.map { .string($0) } ?? .null,
            "notes": .array(section.notes.map { .string($0) }),
            "columns": .array(columns.map { .object(["key": .string($0.key), "title": .string($0.title)]) }),
            "rows": .array(rows),
        ])
    }

    static func value(_ cell: ReportCell) -> ReportJSONValue {
        switch cell {
        case .text(let text): return .string(text)
        case .code(let code, _): return .string(code)
        case .integer(let number): return .integer(Int64(number))
        case .date(let date): return .string(date.iso8601)
        case .instant(let instant): return .string(instant.iso8601)
        case .fraction(let numerator, let denominator):
            return .object([
                "numerator": .integer(Int64(numerator)),
                "denominator": .integer(Int64(denominator)),
                "percent": ReportValueFormat.percent(numerator: numerator, denominator: denominator)
                    .map { .decimal($0) } ?? .null,
            ])
        case .rag(let status): return .string(status.rawValue)
        case .bullets(let items): return .array(items.map { .string($0) })
        case .quantity(let quantity): return .decimal(quantity.number)
        case .record(let fields):
            var object: [String: ReportJSONValue] = [:]
            for field in fields where object[field.key] == nil {
                object[field.key] = value(field.cell)
            }
            return .object(object)
        case .empty: return .null
        }
    }
}
