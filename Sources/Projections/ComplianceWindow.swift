import CareCalendar
import EventLog

/// The dates a compliance report counts: the period, cut at the reporting date (valid time).
struct ComplianceWindow: Hashable, Sendable {
    /// First day counted.
    let start: CareDate
    /// Last day counted: the period end or the reporting date, whichever is earlier.
    let end: CareDate
    /// The first instant after `end` (UK midnight), for events stamped with instants.
    let endInstant: Timestamp

    init(period: ClosedRange<CareDate>, asAt: CareDate) {
        start = period.lowerBound
        end = max(period.lowerBound, min(period.upperBound, asAt))
        endInstant = Timestamp(millisecondsSinceEpoch: UKTime.startOfDay(end.adding(days: 1)))
    }

    /// Whether a date falls in the window.
    func contains(_ date: CareDate) -> Bool { date >= start && date <= end }

    /// Whether an instant's UK date falls in the window.
    func contains(_ instant: Timestamp) -> Bool {
        contains(UKTime.ukDate(epochMilliseconds: instant.millisecondsSinceEpoch))
    }

    /// Whether an instant is on or before the last day counted (not in the future of the report).
    func isKnown(_ instant: Timestamp) -> Bool { instant < endInstant }
}
