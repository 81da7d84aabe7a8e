import CareCalendar

/// A set of thresholds, tolerances and deadlines adopted from a date: the rules the
/// projections apply to reporting dates on or after `effectiveFrom` (until a later set).
///
/// Stream: `rules/<id>` (a later `RulesAdopted` in any rules stream supersedes from its own
/// `effectiveFrom`). Read by: reviews due, compliance, RAG table, notification extract.
/// Rule: projections are pure functions of the events plus a versioned rule set, so a report
/// replayed for a past date uses the rules in force then (rules.md §11.5, §11.25).
///
/// Every field except `effectiveFrom` may be left out of the JSON: the default shown applies.
/// Defaults tagged [I] in rules.md are local policy, not statute.
public struct RulesAdopted: CareEventPayload {
    /// `RulesAdopted`.
    public static let eventType = "RulesAdopted"
    /// The current schema version.
    public static let schemaVersion: UInt16 = 1
    /// The stream kind: `rules/<id>`.
    public static let streamKind: StreamKind? = .rules
    /// May be the first event of its stream.
    public static let startsStream = true

    /// The first reporting date these rules apply to.
    public var effectiveFrom: CareDate
    /// A label for reports, e.g. `ERHSCP care at home contract 2020`.
    public var label: String?

    // MARK: Personal plans and reviews (SSI 2011/210 reg 5; rules.md §2, §11.1–3)

    /// Days after the first service date by which the personal plan is due. Default 28 (reg 5).
    public var planDeadlineDays: Int
    /// Months between reviews (at least one review in every such period). Default 6 (reg 5).
    public var reviewIntervalMonths: Int
    /// What the first review period runs from. Default `planDate` (policy, rules.md §11.3).
    public var reviewPeriodStartsFrom: SixMonthPeriodStart
    /// Days to hold a review after a request or significant change. Default 28 (local policy:
    /// no statutory deadline exists, rules.md §2 "NOT FOUND").
    public var reviewOnRequestDeadlineDays: Int
    /// Always true: flags `reviewOnRequestDeadlineDays` as local policy in reports.
    public var reviewOnRequestDeadlineIsLocalPolicy: Bool
    /// A review or plan is "due soon" within this many days of its due date. Default 28.
    public var dueSoonDays: Int

    // MARK: Visits (contract configuration; rules.md §5, §11.22)

    /// Minutes after the planned start before a visit is late. Default 30.
    public var lateVisitToleranceMinutes: Int
    /// Minutes before the planned start before a visit is early. Default 30.
    public var earlyVisitToleranceMinutes: Int
    /// Lateness tolerance for time-critical visits, in minutes. Default 15.
    public var timeCriticalToleranceMinutes: Int
    /// Minutes after the planned start with no check-in before a visit counts as missed. Default 120.
    public var missedVisitThresholdMinutes: Int
    /// A visit is short if it lasts less than planned minus this many minutes. Default 15.
    public var shortVisitToleranceMinutes: Int

    // MARK: Complaints (SPSO model CHP; rules.md §3.1, §11.12–13, §11.16)

    /// Working days for a stage 1 response. Default 5.
    public var complaintStage1WorkingDays: Int
    /// Further working days for an agreed stage 1 extension. Default 5.
    public var complaintStage1ExtensionWorkingDays: Int
    /// Working days to acknowledge a stage 2 complaint. Default 3.
    public var complaintStage2AcknowledgeWorkingDays: Int
    /// Working days for a stage 2 response. Default 20.
    public var complaintStage2ResponseWorkingDays: Int
    /// Whether the day of receipt is day 0 (the N-th working day after it is the deadline). Default true.
    public var receiptDayIsDayZero: Bool

    // MARK: Care Inspectorate notifications (rules.md §1.2, §11.7)

    /// Hours from becoming aware to submission when a category has no entry below. Default 24.
    public var notificationDefaultDeadlineHours: Int
    /// Whether the default is confirmed against Care Inspectorate guidance. Default false ("unconfirmed").
    public var notificationDefaultDeadlineConfirmed: Bool
    /// Per-category deadlines overriding the default.
    public var notificationDeadlines: [NotificationDeadline]

    // MARK: Staff

    /// Maximum days between supervisions. Default 90 (local policy).
    public var supervisionIntervalDays: Int
    /// Courses every care staff member must hold current. Default: all seven courses.
    public var requiredTraining: [TrainingCourse]

    // MARK: RAG (rules.md §7, §11.25)

    /// Amber tolerance for indicators, as percentage points, when reports need a default. Default 5.
    public var ragDefaultAmberTolerance: Double
    /// How an indicator with no data is shown. Default `noData` (never green).
    public var ragMissingData: MissingDataRAG

    // MARK: Calendar (rules.md §3.4, §11.16)

    /// Council local holidays and one-off days, excluded from working days.
    public var localHolidays: [LocalHoliday]

    /// The Scottish defaults from rules.md §11, effective from `effectiveFrom`.
    public init(effectiveFrom: CareDate, label: String? = nil) {
        self.effectiveFrom = effectiveFrom
        self.label = label
        planDeadlineDays = 28
        reviewIntervalMonths = 6
        reviewPeriodStartsFrom = .planDate
        reviewOnRequestDeadlineDays = 28
        reviewOnRequestDeadlineIsLocalPolicy = true
        dueSoonDays = 28
        lateVisitToleranceMinutes = 30
        earlyVisitToleranceMinutes = 30
        timeCriticalToleranceMinutes = 15
        missedVisitThresholdMinutes = 120
        shortVisitToleranceMinutes = 15
        complaintStage1WorkingDays = 5
        complaintStage1ExtensionWorkingDays = 5
        complaintStage2AcknowledgeWorkingDays = 3
        complaintStage2ResponseWorkingDays = 20
        receiptDayIsDayZero = true
        notificationDefaultDeadlineHours = 24
        notificationDefaultDeadlineConfirmed = false
        notificationDeadlines = []
        supervisionIntervalDays = 90
        requiredTraining = TrainingCourse.allCases
        ragDefaultAmberTolerance = 5
        ragMissingData = .noData
        localHolidays = []
    }

    /// The deadline in hours for a notification category, and whether it is confirmed.
    public func notificationDeadline(for category: NotificationCategory) -> (hours: Int, confirmed: Bool) {
        if let entry = notificationDeadlines.last(where: { $0.category == category }) {
            return (entry.hours, entry.confirmed)
        }
        return (notificationDefaultDeadlineHours, notificationDefaultDeadlineConfirmed)
    }

    /// This event as a ``CareEvent``.
    public var careEvent: CareEvent { .rulesAdopted(self) }

    /// Checks that every number is usable.
    public func check(_ c: inout PayloadChecks) {
        let counts: [(Int, String)] = [
            (planDeadlineDays, "planDeadlineDays"), (reviewOnRequestDeadlineDays, "reviewOnRequestDeadlineDays"),
            (dueSoonDays, "dueSoonDays"), (lateVisitToleranceMinutes, "lateVisitToleranceMinutes"),
            (earlyVisitToleranceMinutes, "earlyVisitToleranceMinutes"),
            (timeCriticalToleranceMinutes, "timeCriticalToleranceMinutes"),
            (missedVisitThresholdMinutes, "missedVisitThresholdMinutes"),
            (shortVisitToleranceMinutes, "shortVisitToleranceMinutes"),
            (complaintStage1WorkingDays, "complaintStage1WorkingDays"),
            (complaintStage1ExtensionWorkingDays, "complaintStage1ExtensionWorkingDays"),
            (complaintStage2AcknowledgeWorkingDays, "complaintStage2AcknowledgeWorkingDays"),
            (complaintStage2ResponseWorkingDays, "complaintStage2ResponseWorkingDays"),
            (notificationDefaultDeadlineHours, "notificationDefaultDeadlineHours"),
        ]
        for (value, field) in counts { c.nonNegative(value, field) }
        c.require(reviewIntervalMonths >= 1, "reviewIntervalMonths", "must be 1 or more")
        c.require(supervisionIntervalDays >= 1, "supervisionIntervalDays", "must be 1 or more")
        c.require(
            reviewOnRequestDeadlineIsLocalPolicy, "reviewOnRequestDeadlineIsLocalPolicy",
            "must be true: no statutory deadline exists for request- or change-triggered reviews")
        for (i, entry) in notificationDeadlines.enumerated() {
            c.nonNegative(entry.hours, "notificationDeadlines[\(i)].hours")
        }
        c.nonNegative(ragDefaultAmberTolerance, "ragDefaultAmberTolerance")
        for (i, holiday) in localHolidays.enumerated() { c.nonEmpty(holiday.name, "localHolidays[\(i)].name") }
    }

    private enum CodingKeys: String, CodingKey {
        case effectiveFrom, label, planDeadlineDays, reviewIntervalMonths, reviewPeriodStartsFrom
        case reviewOnRequestDeadlineDays, reviewOnRequestDeadlineIsLocalPolicy, dueSoonDays
        case lateVisitToleranceMinutes, earlyVisitToleranceMinutes, timeCriticalToleranceMinutes
        case missedVisitThresholdMinutes, shortVisitToleranceMinutes
        case complaintStage1WorkingDays, complaintStage1ExtensionWorkingDays
        case complaintStage2AcknowledgeWorkingDays, complaintStage2ResponseWorkingDays, receiptDayIsDayZero
        case notificationDefaultDeadlineHours, notificationDefaultDeadlineConfirmed, notificationDeadlines
        case supervisionIntervalDays, requiredTraining, ragDefaultAmberTolerance, ragMissingData, localHolidays
    }

    /// Decodes, applying the default for every absent field but `effectiveFrom`.
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        self.init(effectiveFrom: try c.decode(CareDate.self, forKey: .effectiveFrom))
        func take<T: Decodable>(_ key: CodingKeys, _ into: inout T) throws {
            if let value = try c.decodeIfPresent(T.self, forKey: key) { into = value }
        }
        label = try c.decodeIfPresent(String.self, forKey: .label)
        try take(.planDeadlineDays, &planDeadlineDays)
        try take(.reviewIntervalMonths, &reviewIntervalMonths)
        try take(.reviewPeriodStartsFrom, &reviewPeriodStartsFrom)
        try take(.reviewOnRequestDeadlineDays, &reviewOnRequestDeadlineDays)
        try take(.reviewOnRequestDeadlineIsLocalPolicy, &reviewOnRequestDeadlineIsLocalPolicy)
        try take(.dueSoonDays, &dueSoonDays)
        try take(.lateVisitToleranceMinutes, &lateVisitToleranceMinutes)
        try take(.earlyVisitToleranceMinutes, &earlyVisitToleranceMinutes)
        try take(.timeCriticalToleranceMinutes, &timeCriticalToleranceMinutes)
        try take(.missedVisitThresholdMinutes, &missedVisitThresholdMinutes)
        try take(.shortVisitToleranceMinutes, &shortVisitToleranceMinutes)
        try take(.complaintStage1WorkingDays, &complaintStage1WorkingDays)
        try take(.complaintStage1ExtensionWorkingDays, &complaintStage1ExtensionWorkingDays)
        try take(.complaintStage2AcknowledgeWorkingDays, &complaintStage2AcknowledgeWorkingDays)
        try take(.complaintStage2ResponseWorkingDays, &complaintStage2ResponseWorkingDays)
        try take(.receiptDayIsDayZero, &receiptDayIsDayZero)
        try take(.notificationDefaultDeadlineHours, &notificationDefaultDeadlineHours)
        try take(.notificationDefaultDeadlineConfirmed, &notificationDefaultDeadlineConfirmed)
        try take(.notificationDeadlines, &notificationDeadlines)
        try take(.supervisionIntervalDays, &supervisionIntervalDays)
        try take(.requiredTraining, &requiredTraining)
        try take(.ragDefaultAmberTolerance, &ragDefaultAmberTolerance)
        try take(.ragMissingData, &ragMissingData)
        try take(.localHolidays, &localHolidays)
    }
}
