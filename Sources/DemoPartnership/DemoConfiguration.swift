import CareCalendar

/// The size and shape of a demo partnership.
public struct DemoConfiguration: Hashable, Sendable {
    /// Seeds the generator: the same seed (and sizes) gives byte-identical events.
    public var seed: UInt64
    /// People who receive the service at some point in the period (about one in seven are already
    /// receiving it when the period starts).
    public var people: Int
    /// Length of the period in calendar months.
    public var months: Int
    /// First day of the period.
    public var startDate: CareDate

    /// The default: 1,000 people over 12 months from 1 January 2020, seed 2020.
    public init(
        seed: UInt64 = 2020, people: Int = 1000, months: Int = 12,
        startDate: CareDate = CareDate(daysSinceEpoch: 18_262)  // 2020-01-01
    ) {
        self.seed = seed
        self.people = people
        self.months = months
        self.startDate = startDate
    }

    /// The day after the last day of the period.
    public var endDate: CareDate { startDate.adding(months: months) }

    /// The last day of the period.
    public var lastDay: CareDate { endDate.adding(days: -1) }
}
