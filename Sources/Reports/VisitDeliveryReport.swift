import CareCalendar
import CareRecord
import Projections

/// Turns the visit-delivery figures into a ``ReportDocument``: the whole service, then one row
/// per team, carer or person.
///
/// Columns (JSON and CSV keys): the group (`team`, `staffId` or `personId`; empty in the
/// whole-service table), counts of visits `planned`, `delivered`, `onTime` (a fraction of
/// `delivered`), `late`, `early`, `short`, `missed`, `cancelled`, `pending`, `unverified`,
/// `manuallyVerified`, `understaffed`, then `medianLatenessMinutes` and `p90LatenessMinutes`
/// (null with no delivered visit), `plannedMinutes` and `deliveredMinutes`.
public enum VisitDeliveryReport {
    /// The figure columns after the group column (stable keys for JSON and CSV).
    public static let figureColumns: [ReportColumn] = [
        ReportColumn("planned", "Planned"),
        ReportColumn("delivered", "Delivered"),
        ReportColumn("onTime", "On time"),
        ReportColumn("late", "Late"),
        ReportColumn("early", "Early"),
        ReportColumn("short", "Short"),
        ReportColumn("missed", "Missed"),
        ReportColumn("cancelled", "Cancelled"),
        ReportColumn("pending", "Pending"),
        ReportColumn("unverified", "Unverified"),
        ReportColumn("manuallyVerified", "Manually verified"),
        ReportColumn("understaffed", "Fewer carers than needed"),
        ReportColumn("medianLatenessMinutes", "Median lateness (min)"),
        ReportColumn("p90LatenessMinutes", "90th percentile lateness (min)"),
        ReportColumn("plannedMinutes", "Planned minutes"),
        ReportColumn("deliveredMinutes", "Delivered minutes"),
    ]

    /// The report for `output` grouped `by`, built in `context`.
    public static func document(
        _ output: VisitDeliveryOutput, by grouping: VisitDeliveryGrouping, context: ProjectionContext
    ) -> ReportDocument {
        let rules = context.rules
        let period = output.period
        let notes = [
            "Period \(period.lowerBound.iso8601) to \(period.upperBound.iso8601): visits planned to start in it "
                + "(UK dates), with what was recorded up to its end.",
            "On time: first check-in within \(rules.lateVisitToleranceMinutes) min after and "
                + "\(rules.earlyVisitToleranceMinutes) min before the planned start "
                + "(time-critical visits ±\(rules.timeCriticalToleranceMinutes) min); later is late, earlier is early. "
                + "Short: checked out after less than the planned minutes minus \(rules.shortVisitToleranceMinutes) min. "
                + "Missed: recorded as missed, or no check-in \(rules.missedVisitThresholdMinutes) min after the planned "
                + "start; pending: not yet that late. Any check-in makes a visit delivered.",
            "Unverified: a carer who checked in has no check-out. Manually verified: a check-in or check-out entered "
                + "by hand (with an exception code). Fewer carers than needed: a visit needing two or more carers at "
                + "which fewer checked in. Lateness: the first check-in's offset from the planned start, whole minutes "
                + "(negative when early), median and 90th percentile (nearest rank) of delivered visits.",
            "Thresholds are contract configuration (rules.md §5): no Scottish national standard was found.",
        ]
        var groupNotes: [String] = []
        if grouping == .carer {
            groupNotes.append(
                "A visit counts once for each carer who checked in, with that carer's own check-in and check-out; "
                    + "visits no carer checked in to are the row \(VisitDelivery.unattendedGroup).")
        }
        let columns = [ReportColumn(grouping.columnKey, grouping.columnTitle)] + figureColumns
        let sections = [
            ReportSection(
                heading: "Whole service", notes: notes,
                table: ReportTable(columns: columns, rows: [row(output.service)])),
            ReportSection(
                heading: "By \(grouping.rawValue)", notes: groupNotes,
                table: ReportTable(columns: columns, rows: output.rows(grouping).map(row))),
        ]
        return ReportDocument(
            title:
                "Visit delivery \(period.lowerBound.iso8601) to \(period.upperBound.iso8601) by \(grouping.rawValue)",
            provenance: ReportProvenance(context: context, period: period), sections: sections)
    }

    /// One group's row (the group cell is empty in the whole-service row).
    static func row(_ figures: VisitDeliveryFigures) -> [ReportCell] {
        [
            figures.group.map(ReportCell.text) ?? .empty,
            .integer(figures.planned),
            .integer(figures.delivered),
            .fraction(numerator: figures.onTime, denominator: figures.delivered),
            .integer(figures.late),
            .integer(figures.early),
            .integer(figures.short),
            .integer(figures.missed),
            .integer(figures.cancelled),
            .integer(figures.pending),
            .integer(figures.unverified),
            .integer(figures.manuallyVerified),
            .integer(figures.understaffed),
            figures.medianLatenessMinutes.map(ReportCell.integer) ?? .empty,
            figures.p90LatenessMinutes.map(ReportCell.integer) ?? .empty,
            .integer(figures.plannedMinutes),
            .integer(figures.deliveredMinutes),
        ]
    }
}
