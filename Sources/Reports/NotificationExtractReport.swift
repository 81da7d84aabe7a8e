import CareCalendar
import CareRecord
import EventLog
import Projections

/// Turns a ``Projections/NotificationExtract`` into a ``ReportDocument`` with two sections:
/// submitted notifications, and notifiable incidents with no notification.
///
/// Notification column keys: `sequence`, `category`, `submittedCategory`, `subject`, `incident`,
/// `eventOccurredAt`, `becameAwareAt`, `submittedAt`, `deadline`, `deadlineHours`,
/// `deadlineConfirmed`, `timeliness`, `lateByMinutes`, `eFormsReference`, `followUps`, `correctedBy`.
/// Unnotified column keys: `sequence`, `incident`, `subject`, `kind`, `expectedCategory`,
/// `occurredAt`, `becameAwareAt`, `deadline`, `deadlineConfirmed`, `overdue`, `carriedForward`.
///
/// Codes (JSON and CSV; Markdown and HTML show labels): `category`, `submittedCategory`,
/// `kind` and `expectedCategory` are the catalogue's raw values; `deadlineConfirmed` is
/// `confirmed` or `unconfirmed`; `timeliness` is `onTime` or `late`; `overdue` and
/// `carriedForward` are `yes` or `no`.
public enum NotificationExtractReport {
    /// The notification table's columns.
    public static let notificationColumns: [ReportColumn] = [
        ReportColumn("sequence", "Log sequence"),
        ReportColumn("category", "Category"),
        ReportColumn("submittedCategory", "Submitted as"),
        ReportColumn("subject", "Concerns"),
        ReportColumn("incident", "Incident"),
        ReportColumn("eventOccurredAt", "Happened"),
        ReportColumn("becameAwareAt", "Service aware"),
        ReportColumn("submittedAt", "Submitted"),
        ReportColumn("deadline", "Deadline"),
        ReportColumn("deadlineHours", "Deadline hours"),
        ReportColumn("deadlineConfirmed", "Deadline basis"),
        ReportColumn("timeliness", "On time"),
        ReportColumn("lateByMinutes", "Minutes late"),
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

    /// The deadline basis: code `confirmed`/`unconfirmed`, label `24 h, confirmed` style.
    static func basis(hours: Int?, confirmed: Bool) -> ReportCell {
        let h = hours.map { "\($0) h, " } ?? ""
        return .code(
            confirmed ? "confirmed" : "unconfirmed",
            label: confirmed ? "\(h)confirmed" : "\(h)UNCONFIRMED — check Care Inspectorate guidance")
    }

    /// `yes` or `no`.
    static func yesNo(_ value: Bool) -> ReportCell { .code(value ? "yes" : "no", label: value ? "yes" : "no") }

    /// The report document.
    public static func document(_ extract: NotificationExtract, context: ProjectionContext) -> ReportDocument {
        let notifications = ReportTable(
            columns: notificationColumns,
            rows: extract.notifications.map { entry in
                [
                    .integer(Int(entry.sequence)),
                    .text(entry.category.rawValue),
                    entry.submittedCategory.map { .text($0.rawValue) } ?? .empty,
                    entry.subject.map { .text($0) } ?? .empty,
                    entry.incident.map { .text($0) } ?? .empty,
                    entry.eventOccurredAt.map { .instant($0) } ?? .empty,
                    .instant(entry.becameAwareAt),
                    .instant(entry.submittedAt),
                    .instant(entry.deadline),
                    .integer(entry.deadlineHours),
                    basis(hours: entry.deadlineHours, confirmed: entry.deadlineConfirmed),
                    .code(entry.timeliness.code, label: entry.timeliness.label),
                    entry.timeliness.lateByMinutes.map { .integer(Int($0)) } ?? .empty,
                    .text(entry.eFormsReference),
                    entry.followUps.isEmpty
                        ? .empty
                        : .bullets(entry.followUps.map { "\($0.kind.rawValue) \($0.at.iso8601) (#\($0.sequence))" }),
                    entry.correctedBy.map { .integer(Int($0)) } ?? .empty,
                ]
            })
        let unnotified = ReportTable(
            columns: unnotifiedColumns,
            rows: extract.unnotifiedIncidents.map { incident in
                [
                    .integer(Int(incident.sequence)),
                    .text(incident.incident),
                    incident.subject.map { .text($0) } ?? .empty,
                    .text(incident.kind.rawValue),
                    .text(incident.expectedCategory.rawValue),
                    .instant(incident.occurredAt),
                    .instant(incident.becameAwareAt),
                    .instant(incident.deadline),
                    basis(hours: nil, confirmed: incident.deadlineConfirmed),
                    yesNo(incident.overdueAsAt),
                    yesNo(incident.carriedForward),
                ]
            })
        let identifiers =
            extract.identifiers == .pseudonymous
            ? "People and incidents are pseudonymous references for \(extract.recipient ?? "this recipient") (keyed: stable for this recipient, not reversible without the service's key)."
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
                    notes: [
                        "Incidents notifiable by kind (or marked notifiable) that no notification names, aware on or before the period's end."
                    ],
                    table: unnotified),
            ])
    }
}
