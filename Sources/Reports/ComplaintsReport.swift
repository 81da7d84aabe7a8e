import CareCalendar
import CareRecord
import Projections

/// The complaints report: each complaint with its stage, its SPSO time limits (stage 1 response
/// in five working days, or ten when extended; stage 2 acknowledgement in three and response in
/// twenty, by the rules in force) and whether each was met, from the compliance projection's
/// complaint deadlines (the same rows the compliance figures count, one computation of each).
///
/// Sections: `Time limits met` (one row per time limit: the compliance figure) and `Each
/// complaint` (one row per complaint with a time limit that fell due in the period).
///
/// Column keys of `Each complaint`: `complaintId`, `team`, `stage` (`stage1`, `stage2`),
/// `receivedOn` (when the stage 1 limit is listed), `stage1Due`, `stage1Answered`,
/// `stage1Outcome`, `stage2StartedOn`, `stage2AcknowledgementDue`,
/// `stage2Acknowledged`, `stage2AcknowledgementOutcome`, `stage2Due`, `stage2Answered`,
/// `stage2Outcome`, `met` (`yes`: every counted limit on time; `no`: one late or unanswered;
/// `notCounted`: withdrawn before any was answered). Outcomes are `onTime`, `late`,
/// `unanswered`, `withdrawn`; a limit that did not fall due in the period is empty.
public enum ComplaintsReport {
    /// The columns of the per-complaint table.
    public static let columns: [ReportColumn] = [
        ReportColumn("complaintId", "Complaint"),
        ReportColumn("team", "Team"),
        ReportColumn("stage", "Stage"),
        ReportColumn("receivedOn", "Received"),
        ReportColumn("stage1Due", "Stage 1 due"),
        ReportColumn("stage1Answered", "Stage 1 answered"),
        ReportColumn("stage1Outcome", "Stage 1"),
        ReportColumn("stage2StartedOn", "Stage 2 started"),
        ReportColumn("stage2AcknowledgementDue", "Stage 2 acknowledgement due"),
        ReportColumn("stage2Acknowledged", "Stage 2 acknowledged"),
        ReportColumn("stage2AcknowledgementOutcome", "Stage 2 acknowledgement"),
        ReportColumn("stage2Due", "Stage 2 due"),
        ReportColumn("stage2Answered", "Stage 2 answered"),
        ReportColumn("stage2Outcome", "Stage 2"),
        ReportColumn("met", "All met"),
    ]

    /// The columns of the summary table.
    public static let summaryColumns: [ReportColumn] = [
        ReportColumn("step", "Time limit"),
        ReportColumn("limit", "Limit"),
        ReportColumn("onTime", "Met"),
    ]

    /// The report for `output` (a compliance run over the report's period), built in `context`.
    public static func document(_ output: ComplianceOutput, context: ProjectionContext) -> ReportDocument {
        let period = output.period
        let rules = context.rules
        let service = output.service
        let summary = ReportTable(
            columns: summaryColumns,
            rows: [
                [
                    .code(ComplaintDeadline.Step.stage1Response.rawValue, label: "Stage 1 response"),
                    .text(
                        "\(rules.complaintStage1WorkingDays) working days (\(rules.complaintStage1WorkingDays + rules.complaintStage1ExtensionWorkingDays) if extended)"
                    ),
                    fraction(service.complaintsStage1OnTime),
                ],
                [
                    .code(ComplaintDeadline.Step.stage2Acknowledgement.rawValue, label: "Stage 2 acknowledgement"),
                    .text("\(rules.complaintStage2AcknowledgeWorkingDays) working days"),
                    fraction(service.complaintsStage2AcknowledgedOnTime),
                ],
                [
                    .code(ComplaintDeadline.Step.stage2Response.rawValue, label: "Stage 2 response"),
                    .text("\(rules.complaintStage2ResponseWorkingDays) working days"),
                    fraction(service.complaintsStage2OnTime),
                ],
            ])
        let complaints = rows(output.complaintDeadlines)
        return ReportDocument(
            title: "Complaints \(period.lowerBound.iso8601) to \(period.upperBound.iso8601)",
            provenance: ReportProvenance(context: context, period: period),
            sections: [
                ReportSection(
                    heading: "Time limits met",
                    notes: [
                        "SPSO model complaints handling procedure, in working days (Scottish bank holidays excluded). "
                            + "Each figure counts the time limits that fell due in the period; withdrawn complaints are not counted."
                    ],
                    table: summary),
                ReportSection(
                    heading: "Each complaint",
                    notes: [
                        "One row per complaint with a time limit that fell due in the period: the due date (extended where agreed), "
                            + "the day it was answered and whether it was met."
                    ],
                    table: ReportTable(columns: columns, rows: complaints)),
            ])
    }

    static func fraction(_ ratio: ComplianceRatio) -> ReportCell {
        .fraction(numerator: ratio.numerator, denominator: ratio.denominator)
    }

    /// One row per complaint, in the order the deadlines are listed (first appearance).
    static func rows(_ deadlines: [ComplaintDeadline]) -> [[ReportCell]] {
        var order: [String] = []
        var byComplaint: [String: [ComplaintDeadline]] = [:]
        for deadline in deadlines {
            if byComplaint[deadline.complaintId] == nil { order.append(deadline.complaintId) }
            byComplaint[deadline.complaintId, default: []].append(deadline)
        }
        return order.map { id in row(id, byComplaint[id] ?? []) }
    }

    static func row(_ id: String, _ limits: [ComplaintDeadline]) -> [ReportCell] {
        func step(_ step: ComplaintDeadline.Step) -> ComplaintDeadline? { limits.first { $0.step == step } }
        let stage1 = step(.stage1Response)
        let acknowledgement = step(.stage2Acknowledgement)
        let stage2 = step(.stage2Response)
        let inStage2 = acknowledgement != nil || stage2 != nil
        let counted = limits.filter { $0.outcome != .withdrawn }
        let met: ReportCell
        if counted.isEmpty {
            met = .code("notCounted", label: "not counted (withdrawn)")
        } else if counted.allSatisfy({ $0.outcome == .onTime }) {
            met = .code("yes", label: "yes")
        } else {
            met = .code("no", label: "no")
        }
        func outcome(_ limit: ComplaintDeadline?) -> ReportCell {
            limit.map { .code($0.outcome.rawValue, label: $0.outcome.label) } ?? .empty
        }
        func date(_ value: CareDate?) -> ReportCell { value.map(ReportCell.date) ?? .empty }
        return [
            .text(id),
            .text(limits.first?.team ?? ""),
            inStage2 ? .code("stage2", label: "Stage 2") : .code("stage1", label: "Stage 1"),
            date(stage1?.startedOn),
            date(stage1?.effectiveDueOn), date(stage1?.answeredOn), outcome(stage1),
            date(acknowledgement?.startedOn ?? stage2?.startedOn),
            date(acknowledgement?.dueOn), date(acknowledgement?.answeredOn), outcome(acknowledgement),
            date(stage2?.dueOn), date(stage2?.answeredOn), outcome(stage2),
            met,
        ]
    }
}
