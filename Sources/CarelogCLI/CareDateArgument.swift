import ArgumentParser
import CareCalendar

/// A calendar date argument, `YYYY-MM-DD`.
public struct CareDateArgument: ExpressibleByArgument, Sendable, Hashable {
    /// The date.
    public var date: CareDate

    public init?(argument: String) {
        guard let date = CareDate(iso8601: argument) else { return nil }
        self.date = date
    }
}
