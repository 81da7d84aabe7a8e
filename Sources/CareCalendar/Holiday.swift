/// A named non-working day, e.g. "Christmas Day (substitute day)" on 2021-12-27.
public struct Holiday: Hashable, Comparable, Sendable, Codable, CustomStringConvertible {
    /// The day off.
    public let date: CareDate
    /// The published name, e.g. "St Andrew's Day (substitute day)".
    public let name: String

    /// A holiday on `date` called `name`.
    public init(date: CareDate, name: String) {
        self.date = date
        self.name = name
    }

    /// `YYYY-MM-DD name`.
    public var description: String { "\(date.iso8601) \(name)" }

    /// Ordered by date, then name.
    public static func < (lhs: Holiday, rhs: Holiday) -> Bool {
        (lhs.date, lhs.name) < (rhs.date, rhs.name)
    }
}
