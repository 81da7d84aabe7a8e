import CareCalendar
import CareRecord
import Projections

/// Turns the reviews-due list into a ``ReportDocument``: a summary, one section per team (one
/// row per person, the duty that sets their status), then every outstanding duty of every
/// person.
///
/// Codes (JSON and CSV; Markdown and HTML show labels): `status` is a ``ReviewStatus`` raw
/// value (`planMissing`, `overdue`, `dueSoon`, `onTrack`); `reason` and `duty` are a
/// ``ReviewDuty`` raw value (`personalPlan`, `sixMonthReview`, `reviewOnRequest`,
/// `reviewOnSignificantChange`); `deadlineBasis` is `statute` or `localPolicy`.
/// `daysOverdue` is null unless the due date has passed; `daysRemaining` is null once it has
/// (0 on the due date itself).
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

    /// The columns of the every-duty table.
    public static let dutyColumns: [ReportColumn] = [
        ReportColumn("team", "Team"),
        ReportColumn("personId", "Person"),
        ReportColumn("duty", "Duty"),
        ReportColumn("since", "Clock started"),
        ReportColumn("dueDate", "Due date"),
        ReportColumn("daysOverdue", "Days overdue"),
        ReportColumn("daysRemaining", "Days remaining"),
        ReportColumn("deadlineBasis", "Deadline basis"),
    ]

    /// The heading of the every-duty section.
    public static let dutiesHeading = "Every outstanding duty"

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
            sections.append(
                ReportSection(heading: heading, table: ReportTable(columns: columns, rows: team.people.map(row))))
        }
        if !output.teams.isEmpty {
            let rows = output.teams.flatMap { team in
                team.people.flatMap { entry in
                    entry.obligations.map { duty(team: team.team, personId: entry.personId, $0, asAt: output.asAt) }
                }
            }
            sections.append(
                ReportSection(
                    heading: dutiesHeading,
                    notes: [
                        "Each person's outstanding duties, earliest due first; the row above for each person shows the one that sets their status."
                    ],
                    table: ReportTable(columns: dutyColumns, rows: rows)))
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
            .code(entry.status.rawValue, label: entry.status.label),
            .code(entry.reason.rawValue, label: entry.reason.label),
            .date(entry.dueDate),
            entry.daysOverdue.map(ReportCell.integer) ?? .empty,
            entry.daysRemaining.map(ReportCell.integer) ?? .empty,
            .date(entry.firstServiceOn),
            entry.planPreparedOn.map(ReportCell.date) ?? .empty,
            entry.lastReviewOn.map(ReportCell.date) ?? .empty,
            .text(entry.reason.rule),
        ]
    }

    /// One outstanding duty's row.
    static func duty(team: String, personId: String, _ obligation: ReviewObligation, asAt: CareDate) -> [ReportCell] {
        [
            .text(team),
            .text(personId),
            .code(obligation.duty.rawValue, label: obligation.duty.label),
            .date(obligation.since),
            .date(obligation.dueDate),
            obligation.daysOverdue(asAt: asAt).map(ReportCell.integer) ?? .empty,
            obligation.daysRemaining(asAt: asAt).map(ReportCell.integer) ?? .empty,
            obligation.isLocalPolicy ? .code("localPolicy", label: "local policy") : .code("statute", label: "statute"),
        ]
    }
}
