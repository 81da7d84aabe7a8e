import CareCalendar
import CareRecord
import EventLog

/// Compliance month by month over a period, in one pass over the log: every event is read and
/// decoded once and applied to one ``Compliance`` tally per calendar month (each with the same
/// rules, calendar and reporting date, its period the month cut to the report's period), so each
/// month's figures are exactly those of the compliance report run for that month alone.
///
/// Memory is that of one compliance fold per month. Through a projection cache each month's fold
/// resumes from its own checkpoint (``run(parameters:cut:store:cache:)``).
public struct ComplianceTrend: CareProjection {
    /// The event types the compliance measures read.
    public static let eventTypes: Set<String> = Compliance.eventTypes

    private var months: [(period: ClosedRange<CareDate>, tally: Compliance)] = []

    /// One empty tally per calendar month of the context's period.
    public init(context: ProjectionContext) {
        for parameters in Self.monthlyParameters(context.parameters) {
            var monthly = context
            monthly.parameters = parameters
            months.append((parameters.period, Compliance(context: monthly)))
        }
    }

    /// The calendar months that `period` touches, each cut to `period`: 2020-01-15…2020-03-10 gives
    /// 2020-01-15…01-31, 02-01…02-29, 03-01…03-10.
    public static func months(of period: ClosedRange<CareDate>) -> [ClosedRange<CareDate>] {
        var out: [ClosedRange<CareDate>] = []
        var start = period.lowerBound
        while start <= period.upperBound {
            let firstOfNext = CareDate(year: start.year, month: start.month, day: 1)?.adding(months: 1)
            let next = firstOfNext ?? period.upperBound.adding(days: 1)
            let end = min(next.adding(days: -1), period.upperBound)
            out.append(start...end)
            start = next
        }
        return out
    }

    /// Applies the event to every month's tally.
    public mutating func apply(_ event: CareEvent, recorded: RecordedEvent) {
        for index in months.indices {
            months[index].tally.apply(event, recorded: recorded)
        }
    }

    /// Each month's compliance figures, in calendar order.
    public func output() -> ComplianceTrendOutput {
        ComplianceTrendOutput(
            months: months.map { ComplianceTrendOutput.Month(period: $0.period, compliance: $0.tally.output()) })
    }
}
