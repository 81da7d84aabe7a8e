import CareCalendar

/// One outstanding duty for a person: what is due, from which date, and by when.
public struct ReviewObligation: Hashable, Sendable {
    /// The duty.
    public var duty: ReviewDuty
    /// The date the clock started: first service, plan or last review, request or change date.
    public var since: CareDate
    /// The last day the duty can be met on time.
    public var dueDate: CareDate
    /// Whether the deadline is local policy rather than statute (request and change reviews).
    public var isLocalPolicy: Bool

    /// Creates an obligation.
    public init(duty: ReviewDuty, since: CareDate, dueDate: CareDate, isLocalPolicy: Bool) {
        self.duty = duty
        self.since = since
        self.dueDate = dueDate
        self.isLocalPolicy = isLocalPolicy
    }
}
