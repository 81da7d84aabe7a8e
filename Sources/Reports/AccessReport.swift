import CareCalendar
import CareRecord
import EventLog
import Projections

/// Turns an ``Projections/AccessLog`` into a ``ReportDocument``: a summary (reads allowed,
/// refused, break glass, by subject), the refusals and break-glass reads, then every recorded
/// read in log order.
///
/// Column keys: `sequence`, `occurredAt`, `subject`, `role`, `grantId`, `action`, `stream`,
/// `personId`, `report`, `parameters` (`name=value` pairs joined by `; `, sorted by name),
/// `outcome`, `breakGlass`, `reason`, `requestId`, `flag`.
///
/// Codes (JSON and CSV; Markdown and HTML show labels): `role`, `action` and `outcome` are the
/// catalogue's raw values; `breakGlass` is `yes` or `no`; `flag` is `refused`, `breakGlass`, or empty.
public enum AccessReport {
    /// The columns of the reads tables.
    public static let columns: [ReportColumn] = [
        ReportColumn("sequence", "Log sequence"),
        ReportColumn("occurredAt", "When"),
        ReportColumn("subject", "Who"),
        ReportColumn("role", "Role"),
        ReportColumn("grantId", "Grant"),
        ReportColumn("action", "Action"),
        ReportColumn("stream", "Stream"),
        ReportColumn("personId", "Person"),
        ReportColumn("report", "Report"),
        ReportColumn("parameters", "Parameters"),
        ReportColumn("outcome", "Outcome"),
        ReportColumn("breakGlass", "Break glass"),
        ReportColumn("reason", "Reason given"),
        ReportColumn("requestId", "Request"),
        ReportColumn("flag", "Flag"),
    ]

    /// The summary's columns.
    public static let summaryColumns: [ReportColumn] = [
        ReportColumn("subject", "Who"),
        ReportColumn("allowed", "Allowed"),
        ReportColumn("refused", "Refused"),
        ReportColumn("breakGlass", "Break glass"),
    ]

    /// The heading of the flagged section.
    public static let flaggedHeading = "Refusals and break-glass reads"
    /// The heading of the full list.
    public static let readsHeading = "Every recorded read"

    /// The report for `log`, built in `context`.
    public static func document(_ log: AccessLog, context: ProjectionContext) -> ReportDocument {
        let period = "\(log.period.lowerBound.iso8601) to \(log.period.upperBound.iso8601)"
        let title: String
        switch log.filter {
        case .person(let id): title = "Access to the record of \(id), \(period)"
        case .subject(let id): title = "Records read by \(id), \(period)"
        }
        var counts: [String: (allowed: Int, refused: Int, breakGlass: Int)] = [:]
        for entry in log.entries {
            var c = counts[entry.read.subject] ?? (0, 0, 0)
            if entry.read.outcome == .allowed { c.allowed += 1 } else { c.refused += 1 }
            if entry.read.breakGlass { c.breakGlass += 1 }
            counts[entry.read.subject] = c
        }
        let summary = counts.keys.sorted().map { subject -> [ReportCell] in
            let c = counts[subject] ?? (0, 0, 0)
            return [.text(subject), .integer(c.allowed), .integer(c.refused), .integer(c.breakGlass)]
        }
        let flagged = log.entries.filter(\.isFlagged)
        var notes = [
            "Every read of personal data through the service, and every refusal, as recorded in the log "
                + "(RecordAccessed), on the Europe/London days of the period.",
            "Refusals and break-glass reads (outside the reader's scope, on a stated reason) are flagged.",
        ]
        if log.entries.isEmpty { notes.append("No reads are recorded for this period.") }
        return ReportDocument(
            title: title, provenance: ReportProvenance(context: context, period: log.period),
            sections: [
                ReportSection(heading: nil, notes: notes, table: ReportTable(columns: summaryColumns, rows: summary)),
                ReportSection(
                    heading: flaggedHeading,
                    notes: flagged.isEmpty ? ["None."] : [],
                    table: ReportTable(columns: columns, rows: flagged.map(row))),
                ReportSection(heading: readsHeading, table: ReportTable(columns: columns, rows: log.entries.map(row))),
            ])
    }

    /// One read's row.
    static func row(_ entry: AccessLogEntry) -> [ReportCell] {
        let read = entry.read
        let parameters = (read.target.parameters ?? [:]).sorted { $0.key < $1.key }
            .map { "\($0.key)=\($0.value)" }.joined(separator: "; ")
        let flag: ReportCell =
            read.outcome == .refused
            ? .code("refused", label: "REFUSED")
            : read.breakGlass ? .code("breakGlass", label: "BREAK GLASS") : .empty
        return [
            .integer(Int(entry.sequence)),
            .instant(entry.occurredAt),
            .text(read.subject),
            read.role.map { .code($0.rawValue, label: $0.rawValue) } ?? .empty,
            read.grantId.map(ReportCell.text) ?? .empty,
            .code(read.action.rawValue, label: read.action.rawValue),
            read.target.stream.map(ReportCell.text) ?? .empty,
            read.target.personId.map(ReportCell.text) ?? .empty,
            read.target.report.map(ReportCell.text) ?? .empty,
            parameters.isEmpty ? .empty : .text(parameters),
            .code(read.outcome.rawValue, label: read.outcome == .allowed ? "allowed" : "refused"),
            .code(read.breakGlass ? "yes" : "no", label: read.breakGlass ? "yes" : "no"),
            read.reason.map(ReportCell.text) ?? .empty,
            read.requestId.map(ReportCell.text) ?? .empty,
            flag,
        ]
    }
}
