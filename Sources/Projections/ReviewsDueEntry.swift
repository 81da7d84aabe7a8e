import CareCalendar

/// One person on the reviews-due list: their status, the duty that sets it, and its due date.
public struct ReviewsDueEntry: Hashable, Sendable {
    /// The person's id (the `person/<id>` stream id).
    public var personId: String
    /// Their team, from the latest `ServiceStarted`.
    public var team: String
    /// Their team's locality, if recorded.
    public var locality: String?
    /// The first service date.
    public var firstServiceOn: CareDate
    /// The date the first personal plan was prepared, if one has been.
    public var planPreparedOn: CareDate?
    /// The date of the latest review of any kind, if one has been held.
    public var lastReviewOn: CareDate?
    /// The status: plan missing, overdue, due soon or on track.
    public var status: ReviewStatus
    /// The duty that sets the status (the most urgent one).
    public var reason: ReviewDuty
    /// The due date of that duty.
    public var dueDate: CareDate
    /// Days from the reporting date to the due date: negative when overdue, 0 on the day.
    public var daysUntilDue: Int
    /// Every outstanding duty, earliest due first.
    public var obligations: [ReviewObligation]

    /// Creates an entry.
    public init(
        personId: String, team: String, locality: String?, firstServiceOn: CareDate, planPreparedOn: CareDate?,
        lastReviewOn: CareDate?, status: ReviewStatus, reason: ReviewDuty, dueDate: CareDate, daysUntilDue: Int,
        obligations: [ReviewObligation]
    ) {
        self.personId = personId
        self.team = team
        self.locality = locality
        self.firstServiceOn = firstServiceOn
        self.planPreparedOn = planPreparedOn
        self.lastReviewOn = lastReviewOn
        self.status = status
        self.reason = reason
        self.dueDate = dueDate
        self.daysUntilDue = daysUntilDue
        self.obligations = obligations
    }

    /// Days past the due date; nil when not overdue (due today or later).
    public var daysOverdue: Int? { daysUntilDue < 0 ? -daysUntilDue : nil }

    /// Days left until the due date (nil when overdue).
    public var daysRemaining: Int? { daysUntilDue >= 0 ? daysUntilDue : nil }
}
