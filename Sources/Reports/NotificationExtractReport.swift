import CareCalendar
import CareRecord
import EventLog
import Projections

/// Turns a ``Projections/NotificationExtract`` into a ``ReportDocument`` with two sections:
/// submitted notifications, and notifiable incidents with no notification.
///
/// Notification column keys: `sequence`, `category`, `subject`, `incident`, `eventOccurredAt`,
/// `becameAwareAt`, `submittedAt`, `deadline`, `deadlineConfirmed`, `timeliness`,
/// `eFormsReference`, `followUps`, `correctedBy`.
/// Unnotified column keys: `sequence`, `incident`, `subject`, `kind`, `expectedCategory`,
/// `occurredAt`, `becameAwareAt`, `deadline`, `deadlineConfirmed`, `overdue`, `carriedForward`.
public enum NotificationExtractReport {
    /// The notification table's columns.
    public static let notificationColumns: [ReportColumn] = [
        ReportColumn("sequence", "Log sequence"),
        ReportColumn("category", "Category"),
        ReportColumn("subject", "Concerns"),
        ReportColumn("incident", "Incident"),
        ReportColumn("eventOccurredAt", "Happened"),
        ReportColumn("becameAwareAt", "Service aware"),
        ReportColumn("submittedAt", "Submitted"),
        ReportColumn("deadline", "Deadline"),
        ReportColumn("deadlineConfirmed", "Deadline basis"),
        ReportColumn("timeliness", "On time"),
        ReportColumn("eFormsReference", "eForms reference"),
        ReportColumn("followUps", "Follow-ups"),
        ReportColumn("correctedBy", "Entry corrected by"),
    ]

    /// The unnotified-incident table's columns.
    public static let unnotifiedColumns: [ReportColumn] = [
        ReportColumn("sequence", "Log sequence"),
        ReportColumn("incident", "Incident"),
        ReportColumn("subject", "Concerns"),
        ReportColumn("kind", "Incident kind"),
        ReportColumn("expectedCategory", "Category to notify"),
        ReportColumn("occurredAt", "Happened"),
        ReportColumn("becameAwareAt", "Service aware"),
        ReportColumn("deadline", "Deadline"),
        ReportColumn("deadlineConfirmed", "Deadline basis"),
        ReportColumn("overdue", "Overdue at reporting date"),
        ReportColumn("carriedForward", "Aware before period"),
    ]

    /// `confirmed`, or `unconfirmed (default 24 h)` style label for a deadline.
    static func basis(hours: Int?, confirmed: Bool) -> String {
        let h = hours.map { "\($0) h, " } ?? ""
        return confirmed ? "\(h)confirmed" : "\(h)UNCONFIRMED — check Care Inspectorate guidance"
    }

    /// The report document.
    public static func document(_ extract: NotificationExtract, context: ProjectionContext) -> ReportDocument {
        let notifications = ReportTable(columns: notificationColumns, rows: extract.notifications.map { entry in
            [
                .integer(Int(entry.sequence)),
                .text(entry.submittedCategory.map { "\(entry.category.rawValue) (submitted as \($0.rawValue))" } ?? entry.category.rawValue),
                entry.subject.map { .text($0) } ?? .empty,
                entry.incident.map { .text($0) } ?? .empty,
                entry.eventOccurredAt.map { .instant($0) } ?? .empty,
                .instant(entry.becameAwareAt),
                .instant(entry.submittedAt),
                .instant(entry.deadline),
                .text(basis(hours: entry.deadlineHours, confirmed: entry.deadlineConfirmed)),
                .text(entry.timeliness.label),
                .text(entry.eFormsReference),
                entry.followUps.isEmpty ? .empty : .bullets(entry.followUps.map { "\($0.kind.rawValue) \($0.at.iso8601) (#\($0.sequence))" }),
                entry.correctedBy.map { .integer(Int($0)) } ?? .empty,
            ]
        })
        let unnotified = ReportTable(columns: unnotifiedColumns, rows: extract.unnotifiedIncidents.map { incident in
            [
                .integer(Int(incident.sequence)),
                .text(incident.incident),
                incident.subject.map { .text($0) } ?? .empty,
                .text(incident.kind.rawValue),
                .text(incident.expectedCategory.rawValue),
                .instant(incident.occurredAt),
                .instant(incident.becameAwareAt),
                .instant(incident.deadline),
                .text(basis(hours: nil, confirmed: incident.deadlineConfirmed)),
                .text(incident.overdueAsAt ? "yes" : "no"),
                .text(incident.carriedForward ? "yes" : "no"),
            ]
        })
        let identifiers = extract.identifiers == .pseudonymous
            ? "People and incidents are pseudonymous references (stable for this store, not reversible without it)."
            : "INTERNAL USE: people and incidents are shown by the service's own ids."
        return ReportDocument(
            title: "Care Inspectorate notifications \(extract.period.lowerBound) to \(extract.period.upperBound)",
            provenance: ReportProvenance(context: context, period: extract.period),
            sections: [
                ReportSection(
                    heading: "Notifications submitted",
                    notes: [
                        "Notifications whose service-aware date (UK) falls in the period. Deadline = service aware + the category's hours from the rules; submitted at or before the deadline is on time.",
                        identifiers,
                    ],
                    table: notifications),
                ReportSection(
                    heading: "Notifiable incidents with no notification",
                    notes: ["Incidents notifiable by kind (or marked notifiable) that no notification names, aware on or before the period's end."],
                    table: unnotified),
            ])
    }
}
