import ArgumentParser
import CareCalendar
import CarelogOperations
import EventLog

/// An instant given as ISO 8601 (`2020-01-06T09:00:00Z`) or as a date `YYYY-MM-DD`, which
/// means the start of that day in UK time.
package struct InstantArgument: ExpressibleByArgument, Sendable, Hashable {
    /// The instant.
    package var instant: Timestamp
    /// The date, when a date was given.
    package var date: CareDate?

    package init?(argument: String) {
        if let instant = Timestamp(iso8601: argument) {
            self.instant = instant
            self.date = nil
        } else if let date = CareDate(iso8601: argument) {
            self.instant = Timestamp(millisecondsSinceEpoch: UKTime.startOfDay(date))
            self.date = date
        } else {
            return nil
        }
    }

    /// The end of the period this names: for a date, the start of the next day; for an instant, the instant.
    package var exclusiveEnd: Timestamp {
        guard let date else { return instant }
        return Timestamp(millisecondsSinceEpoch: UKTime.startOfDay(date.adding(days: 1)))
    }
}
