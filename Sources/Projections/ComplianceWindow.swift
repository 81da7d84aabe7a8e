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
    /// The first instant of `start` (UK midnight): an instant is in the window when it is in
    /// `startInstant..<endInstant`, compared without working out its UK date.
    let startInstant: Timestamp

    init(period: ClosedRange<CareDate>, asAt: CareDate) {
        start = period.lowerBound
        end = max(period.lowerBound, min(period.upperBound, asAt))
        endInstant = Timestamp(millisecondsSinceEpoch: UKTime.startOfDay(end.adding(days: 1)))
        startInstant = Timestamp(millisecondsSinceEpoch: UKTime.startOfDay(start))
    }

    /// Whether a date falls in the window.
    func contains(_ date: CareDate) -> Bool { date >= start && date <= end }

    /// Whether an instant's UK date falls in the window (UK midnight always exists and is
    /// unique, so the UK dates from `start` to `end` are exactly these instants).
    func contains(_ instant: Timestamp) -> Bool { instant >= startInstant && instant < endInstant }

    /// Whether an instant is on or before the last day counted (not in the future of the report).
    func isKnown(_ instant: Timestamp) -> Bool { instant < endInstant }
}
