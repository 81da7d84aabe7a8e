import CareCalendar
import CareRecord
import EventLog
import Projections

/// Turns an ``Projections/AuditTimeline`` or ``Projections/AuditDiff`` into a ``ReportDocument``.
///
/// Timeline column keys: `sequence`, `streamVersion`, `type`, `occurredAt`, `recordedAt`,
/// `actor`, `summary`, `status`, `corrections`.
/// Diff change column keys: `sequence`, `target`, `targetType`, `action`, `reason`, `replacement`.
public enum AuditTimelineReport {
    /// The timeline's columns.
    public static let columns: [ReportColumn] = [
        ReportColumn("sequence", "Sequence"),
        ReportColumn("streamVersion", "Version"),
        ReportColumn("type", "Event"),
        ReportColumn("occurredAt", "Occurred"),
        ReportColumn("recordedAt", "Recorded"),
        ReportColumn("actor", "Recorded by"),
        ReportColumn("summary", "Summary"),
        ReportColumn("status", "Status"),
        ReportColumn("corrections", "Corrections"),
    ]

    /// The diff's change columns.
    public static let changeColumns: [ReportColumn] = [
        ReportColumn("sequence", "Sequence"),
        ReportColumn("target", "Entry changed"),
        ReportColumn("targetType", "Entry type"),
        ReportColumn("action", "Change"),
        ReportColumn("reason", "Reason"),
        ReportColumn("replacement", "Replacement"),
    ]

    static func row(_ entry: AuditTimelineEntry) -> [ReportCell] {
        [
            .integer(Int(entry.sequence)),
            .integer(Int(entry.streamVersion)),
            .text(entry.corrects.map { "\(entry.type) → #\($0)" } ?? entry.type),
            .instant(entry.occurredAt),
            .instant(entry.recordedAt),
            .text(entry.actor),
            .text(AuditField.joined(entry.summary)),
            .text(entry.status.label),
            entry.corrections.isEmpty ? .empty : .bullets(entry.corrections.map(\.label)),
        ]
    }

    /// The timeline document; `asAt` is the reporting date printed in the header.
    public static func document(_ timeline: AuditTimeline, checkpoint: Checkpoint, asAt: CareDate) -> ReportDocument {
        ReportDocument(
            title: "Audit timeline \(timeline.stream)",
            provenance: ReportProvenance(
                asAt: asAt, period: nil, checkpoint: checkpoint, rules: "not applicable (audit view)"),
            sections: [
                ReportSection(
                    notes: [
                        "Every entry as recorded; corrections are shown beside the entry they void or replace. Free text is shown as ‹text›."
                    ],
                    table: ReportTable(columns: columns, rows: timeline.entries.map(row)))
            ])
    }

    /// The diff document: events added between the cuts, then the changes to earlier entries.
    public static func document(_ diff: AuditDiff, asAt: CareDate) -> ReportDocument {
        let changes = diff.changes.map { change -> [ReportCell] in
            [
                .integer(Int(change.sequence)),
                .integer(Int(change.target)),
                change.targetType.map { .text($0) } ?? .empty,
                .text(change.action.rawValue),
                .text(change.reason.rawValue),
                change.replacement.map { .text(AuditField.joined($0)) } ?? .empty,
            ]
        }
        return ReportDocument(
            title:
                "Audit differences \(diff.stream?.description ?? "whole log"): sequence \(diff.from.sequence) → \(diff.to.sequence)",
            provenance: ReportProvenance(
                asAt: asAt, period: nil, checkpoint: diff.to, rules: "not applicable (audit view)"),
            sections: [
                ReportSection(
                    heading: "Entries added",
                    notes: [
                        "Compared from sequence \(diff.from.sequence), head hash \(diff.from.headHash.hex), to the log position above."
                    ],
                    table: ReportTable(columns: columns, rows: diff.added.map(row))),
                ReportSection(
                    heading: "Earlier entries voided, corrected or restored",
                    table: ReportTable(columns: changeColumns, rows: changes)),
            ])
    }
}
