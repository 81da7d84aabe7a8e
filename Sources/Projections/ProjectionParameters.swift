import CareCalendar
import EventLog

/// What a report is asked for: the reporting date ("as at"), the point in the log
/// ("as known at"), and a period where one applies.
public struct ProjectionParameters: Hashable, Sendable {
    /// The care-world date the report describes; rules in force on this date apply.
    public var asAt: CareDate
    /// The point in the log the report reads up to (transaction time).
    public var knownAt: KnownAt
    /// The first day of the reporting period, for period reports (compliance, extracts).
    public var periodStart: CareDate?
    /// The last day of the reporting period (inclusive).
    public var periodEnd: CareDate?

    /// Creates parameters; the period defaults to none.
    public init(asAt: CareDate, knownAt: KnownAt = .head, periodStart: CareDate? = nil, periodEnd: CareDate? = nil) {
        self.asAt = asAt
        self.knownAt = knownAt
        self.periodStart = periodStart
        self.periodEnd = periodEnd
    }

    /// The period, defaulting to the quarter containing `asAt` up to `asAt`.
    public var period: ClosedRange<CareDate> {
        let start = periodStart ?? Quarter.containing(asAt).firstDay
        let end = periodEnd ?? asAt
        return start...max(start, end)
    }
}
