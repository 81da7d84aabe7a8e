import CareCalendar
import CareRecord
import Projections

/// Turns the reviews-due list into a ``ReportDocument``: one section per team, most urgent first.
public enum ReviewsDueReport {
    /// The table's columns (stable keys for JSON and CSV).
    public static let columns: [ReportColumn] = [
        ReportColumn("personId", "Person"),
        ReportColumn("status", "Status"),
        ReportColumn("reason", "Reason"),
        ReportColumn("dueDate", "Due date"),
        ReportColumn("daysOverdue", "Days overdue"),
        ReportColumn("daysRemaining", "Days remaining"),
        ReportColumn("firstServiceOn", "First service"),
        ReportColumn("planPreparedOn", "Plan prepared"),
        ReportColumn("lastReviewOn", "Last review"),
        ReportColumn("rule", "Rule"),
    ]

    /// The report for `output`, built in `context`.
    public static func document(_ output: ReviewsDueOutput, context: ProjectionContext) -> ReportDocument {
        let rules = context.rules
        var notes = [
            "Personal plan due \(rules.planDeadlineDays) days after the first service date; "
                + "review due \(rules.reviewIntervalMonths) calendar months after the last review "
                + "(or the \(rules.reviewPeriodStartsFrom == .planDate ? "plan date" : "first service date")), "
                + "clamped to the month end.",
            "Reviews on request or after a significant change are due within \(rules.reviewOnRequestDeadlineDays) days"
                + (rules.reviewOnRequestDeadlineIsLocalPolicy ? " (local policy: no statutory deadline)." : "."),
            "\"Due soon\" means due within \(rules.dueSoonDays) days. A hospital admission does not stop the clock. "
                + "People whose service has ended are not listed.",
        ]
        if output.teams.isEmpty { notes.append("No one has an active service on \(output.asAt.iso8601).") }
        var sections = [ReportSection(heading: nil, notes: notes, table: summary(output))]
        for team in output.teams {
            let heading = team.locality.map { "Team \(team.team) (\($0))" } ?? "Team \(team.team)"
            sections.append(ReportSection(heading: heading, table: ReportTable(columns: columns, rows: team.people.map(row))))
        }
        return ReportDocument(
            title: "Reviews due as at \(output.asAt.iso8601)",
            provenance: ReportProvenance(context: context), sections: sections)
    }

    /// Counts by status for each team.
    static func summary(_ output: ReviewsDueOutput) -> ReportTable {
        var columns = [ReportColumn("team", "Team"), ReportColumn("locality", "Locality")]
        columns += ReviewStatus.allCases.map { ReportColumn($0.rawValue, $0.label) }
        let rows = output.teams.map { team -> [ReportCell] in
            [.text(team.team), team.locality.map(ReportCell.text) ?? .empty]
                + ReviewStatus.allCases.map { .integer(team.count(of: $0)) }
        }
        return ReportTable(columns: columns, rows: rows)
    }

    /// One person's row.
    static func row(_ entry: ReviewsDueEntry) -> [ReportCell] {
        [
            .text(entry.personId),
            .text(entry.status.label),
            .text(entry.reason.label),
            .date(entry.dueDate),
            .integer(entry.daysOverdue),
            entry.daysRemaining.map(ReportCell.integer) ?? .empty,
            .date(entry.firstServiceOn),
            entry.planPreparedOn.map(ReportCell.date) ?? .empty,
            entry.lastReviewOn.map(ReportCell.date) ?? .empty,
            .text(entry.reason.rule),
        ]
    }
}
