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

    /// Days past the due date as at `asAt`; nil when not overdue (due on `asAt` or later).
    public func daysOverdue(asAt: CareDate) -> Int? {
        let days = asAt.days(until: dueDate)
        return days < 0 ? -days : nil
    }

    /// Days left until the due date as at `asAt` (0 on the day); nil when overdue.
    public func daysRemaining(asAt: CareDate) -> Int? {
        let days = asAt.days(until: dueDate)
        return days >= 0 ? days : nil
    }

    /// Creates an obligation.
    public init(duty: ReviewDuty, since: CareDate, dueDate: CareDate, isLocalPolicy: Bool) {
        self.duty = duty
        self.since = since
        self.dueDate = dueDate
        self.isLocalPolicy = isLocalPolicy
    }
}
