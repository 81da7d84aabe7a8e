import ArgumentParser
import CareCalendar
import CarelogOperations

/// A calendar date argument, `YYYY-MM-DD`.
package struct CareDateArgument: ExpressibleByArgument, Sendable, Hashable {
    /// The date.
    package var date: CareDate

    package init?(argument: String) {
        guard let date = CareDate(iso8601: argument) else { return nil }
        self.date = date
    }
}
