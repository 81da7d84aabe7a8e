import CareCalendar
import CareRecord
import Projections

/// Turns compliance figures into a ``ReportDocument``: a whole-service section, one per team,
/// then every complaint time limit that fell due in the period.
///
/// Codes (JSON and CSV; Markdown and HTML show labels): `measure` is the measure's key;
/// `step` is `stage1Response`, `stage2Acknowledgement` or `stage2Response`; `outcome` is
/// `onTime`, `late`, `unanswered` (counted as not on time) or `withdrawn` (not counted).
public enum ComplianceReport {
    /// The table's columns (stable keys for JSON and CSV).
    public static let columns: [ReportColumn] = [
        ReportColumn("measure", "Measure"),
        ReportColumn("title", "Title"),
        ReportColumn("figure", "Figure"),
        ReportColumn("rule", "Rule"),
    ]

    /// The columns of the complaint deadline table.
    public static let complaintColumns: [ReportColumn] = [
        ReportColumn("complaintId", "Complaint"),
        ReportColumn("team", "Team"),
        ReportColumn("step", "Time limit"),
        ReportColumn("startedOn", "Clock started"),
        ReportColumn("dueOn", "Due"),
        ReportColumn("extendedDueOn", "Extended due"),
        ReportColumn("answeredOn", "Answered"),
        ReportColumn("outcome", "Outcome"),
    ]

    /// The heading of the complaint deadline section.
    public static let complaintsHeading = "Complaint time limits"

    /// The report for `output`, built in `context`.
    public static func document(_ output: ComplianceOutput, context: ProjectionContext) -> ReportDocument {
        let period = output.period
        var sections = [
            ReportSection(
                heading: "Whole service",
                notes: [
                    "Period \(period.lowerBound.iso8601) to \(period.upperBound.iso8601). "
                        + "Each figure is numerator / denominator; no denominator means no data, never 100%."
                ],
                table: table(output.service, rules: context.rules))
        ]
        for team in output.teams {
            sections.append(
                ReportSection(
                    heading: "Team \(team.team ?? Compliance.unassignedTeam)", table: table(team, rules: context.rules))
            )
        }
        sections.append(
            ReportSection(
                heading: complaintsHeading,
                notes: [
                    "Each complaint time limit that fell due in the period (working days, SPSO model procedure): the rows the complaint figures count."
                ],
                table: ReportTable(columns: complaintColumns, rows: output.complaintDeadlines.map(complaintRow))))
        return ReportDocument(
            title: "Compliance \(period.lowerBound.iso8601) to \(period.upperBound.iso8601)",
            provenance: ReportProvenance(context: context, period: period), sections: sections)
    }

    /// One complaint time limit's row.
    static func complaintRow(_ deadline: ComplaintDeadline) -> [ReportCell] {
        [
            .text(deadline.complaintId),
            .text(deadline.team),
            .code(deadline.step.rawValue, label: deadline.step.label),
            .date(deadline.startedOn),
            .date(deadline.dueOn),
            deadline.extendedDueOn.map(ReportCell.date) ?? .empty,
            deadline.answeredOn.map(ReportCell.date) ?? .empty,
            .code(deadline.outcome.rawValue, label: deadline.outcome.label),
        ]
    }

    /// One scope's measures as rows.
    static func table(_ m: ComplianceMeasures, rules: RulesAdopted) -> ReportTable {
        func fraction(_ r: ComplianceRatio) -> ReportCell {
            .fraction(numerator: r.numerator, denominator: r.denominator)
        }
        var rows: [[ReportCell]] = [
            [
                .text("plansWithin28Days"), .text("Personal plans prepared within \(rules.planDeadlineDays) days"),
                fraction(m.plansWithinDeadline), .text("SSI 2011/210 reg 5(1) [S*]"),
            ],
            [
                .text("reviewsWithinSixMonths"), .text("Reviews held within \(rules.reviewIntervalMonths) months"),
                fraction(m.reviewsWithinInterval), .text("reg 5(2)(c) [S*]; period arithmetic [I]"),
            ],
            [
                .text("visitsVerifiedElectronically"), .text("Visits verified electronically (ECM compliance rate)"),
                fraction(m.visitsVerifiedElectronically), .text("rules.md §5, §11.23 [I]"),
            ],
            [
                .text("visitsOnTime"),
                .text(
                    "Visits on time (±\(rules.lateVisitToleranceMinutes) min; time-critical ±\(rules.timeCriticalToleranceMinutes) min)"
                ),
                fraction(m.visitsOnTime), .text("rules.md §11.22 [I]"),
            ],
            [
                .text("missedVisits"), .text("Missed visits"), fraction(m.missedVisits),
                .text("rules.md §5, §11.22 [I]"),
            ],
            [
                .text("marEntriesWithOutcome"), .text("MAR entries with an outcome"), fraction(m.marEntriesWithOutcome),
                .text("NICE NG67; rules.md §4.2, §11.17 [S]"),
            ],
            [
                .text("missedMedications"), .text("Missed medications"), fraction(m.missedMedications),
                .text("rules.md §11.18–19 [I]"),
            ],
            [
                .text("medicationErrors"), .text("Medication errors (near misses: \(m.nearMisses))"),
                .integer(m.medicationErrors),
                .text("CQC definition; rules.md §4.3 [S]"),
            ],
            [
                .text("medicationErrorsPerThousandMAREntries"), .text("Medication errors per 1,000 MAR entries"),
                m.medicationErrorsPerThousandMAREntries.map { .text(oneDecimal($0)) } ?? .empty,
                .text("rules.md §4.3 [S]"),
            ],
            [
                .text("complaintsStage1OnTime"),
                .text(
                    "Stage 1 complaints answered within \(rules.complaintStage1WorkingDays) working days (+\(rules.complaintStage1ExtensionWorkingDays) if extended)"
                ),
                fraction(m.complaintsStage1OnTime), .text("SPSO model CHP; rules.md §3.1 [S]"),
            ],
            [
                .text("complaintsStage2AcknowledgedOnTime"),
                .text(
                    "Stage 2 complaints acknowledged within \(rules.complaintStage2AcknowledgeWorkingDays) working days"
                ),
                fraction(m.complaintsStage2AcknowledgedOnTime), .text("SPSO model CHP; rules.md §3.1 [S]"),
            ],
            [
                .text("complaintsStage2OnTime"),
                .text("Stage 2 complaints answered within \(rules.complaintStage2ResponseWorkingDays) working days"),
                fraction(m.complaintsStage2OnTime), .text("SPSO model CHP; rules.md §3.1 [S]"),
            ],
            [
                .text("notificationsOnTime"), .text("Care Inspectorate notifications submitted on time"),
                fraction(m.notificationsOnTime), .text("rules.md §1.2, §11.7 [S] duty, [I] deadline"),
            ],
        ]
        for figure in m.notificationsByCategory {
            rows.append([
                .text("notificationsOnTime.\(figure.category.rawValue)"),
                .text(
                    "… \(figure.category.rawValue) (within \(figure.deadlineHours) h\(figure.deadlineConfirmed ? "" : ", unconfirmed"))"
                ),
                fraction(figure.onTime), .text("rules.md §11.7"),
            ])
        }
        rows.append([
            .text("trainingCurrent"), .text("Care staff with every required course current"),
            fraction(m.trainingCurrent), .text("HSCS 3.14; rules.md §8 [I]"),
        ])
        for figure in m.trainingByCourse {
            rows.append([
                .text("trainingCurrent.\(figure.course.rawValue)"), .text("… \(figure.course.rawValue)"),
                fraction(figure.current), .text("rules.md §8 [I]"),
            ])
        }
        rows.append([
            .text("supervisionWithinInterval"),
            .text("Care staff supervised within \(rules.supervisionIntervalDays) days"),
            fraction(m.supervisionWithinInterval), .text("local policy [I]"),
        ])
        rows.append([
            .text("ssscRegistrationCurrent"), .text("Care staff with current SSSC registration"),
            fraction(m.ssscRegistrationCurrent), .text("SSI 2011/210 regs 6–9; rules.md §2 [S]"),
        ])
        return ReportTable(columns: columns, rows: rows)
    }

    /// A non-negative number with one decimal place, without Foundation (e.g. `2.5`).
    static func oneDecimal(_ value: Double) -> String {
        let tenths = Int((value * 10).rounded())
        return "\(tenths / 10).\(tenths % 10)"
    }
}
