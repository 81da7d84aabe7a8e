import CareCalendar

/// The deadline for one notification category.
public struct NotificationDeadline: Codable, Hashable, Sendable {
    /// The category.
    public var category: NotificationCategory
    /// Hours from becoming aware to submission.
    public var hours: Int
    /// Whether the value is confirmed against Care Inspectorate guidance (rules.md §1.2 says per-type timescales were not found).
    public var confirmed: Bool

    /// Creates the value; optional fields default to absent.
    public init(category: NotificationCategory, hours: Int, confirmed: Bool) {
        self.category = category
        self.hours = hours
        self.confirmed = confirmed
    }
}

/// A council local holiday or one-off proclaimed holiday, excluded from working days.
public struct LocalHoliday: Codable, Hashable, Sendable {
    /// The holiday.
    public var date: CareDate
    /// Its name, e.g. `Easter Monday`.
    public var name: String

    /// Creates the value; optional fields default to absent.
    public init(date: CareDate, name: String) {
        self.date = date
        self.name = name
    }
}
