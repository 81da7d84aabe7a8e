public import CivilCalendar

/// A calendar date in the care world (no time of day), e.g. the first service date or a
/// review date. Written `YYYY-MM-DD`.
///
/// Month arithmetic clamps to the month's end, as the six-month review rule needs:
/// 31 August + 6 months = 28 (or 29) February.
public struct CareDate: Hashable, Comparable, Sendable, Codable, CustomStringConvertible {
    /// The year, e.g. 2020.
    public let year: Int
    /// The month, 1–12.
    public let month: Int
    /// The day of the month, 1–31.
    public let day: Int

    /// A valid date; `nil` for impossible dates such as 2021-02-30.
    public init?(year: Int, month: Int, day: Int) {
        guard Gregorian.isValid(year: year, month: month, day: day) else { return nil }
        self.year = year
        self.month = month
        self.day = day
    }

    /// Parses `YYYY-MM-DD` strictly; `nil` for anything else or an impossible date.
    public init?(iso8601 text: String) {
        let b = Array(text.utf8)
        guard b.count == 10, b[4] == 45, b[7] == 45 else { return nil }
        func number(_ r: Range<Int>) -> Int? {
            var v = 0
            for i in r {
                guard b[i] >= 48, b[i] <= 57 else { return nil }
                v = v * 10 + Int(b[i] - 48)
            }
            return v
        }
        guard let y = number(0..<4), let m = number(5..<7), let d = number(8..<10) else { return nil }
        self.init(year: y, month: m, day: d)
    }

    /// 31 December 9999, the latest date a `CareDate` can hold: "no end" in date ranges.
    public static let latest = CareDate(uncheckedYear: 9999, month: 12, day: 31)

    /// A date from components already known to be valid (internal fast path; no checks).
    @usableFromInline
    init(uncheckedYear year: Int, month: Int, day: Int) {
        self.year = year
        self.month = month
        self.day = day
    }

    /// The date `daysSinceEpoch` days after 1970-01-01.
    @inlinable
    public init(daysSinceEpoch: Int) {
        (year, month, day) = Gregorian.date(daysSinceEpoch: daysSinceEpoch)
    }

    /// Days since 1970-01-01 (negative before it).
    @inlinable
    public var daysSinceEpoch: Int { Gregorian.daysSinceEpoch(year: year, month: month, day: day) }

    /// ISO weekday: 1 = Monday … 7 = Sunday.
    public var weekday: Int {
        let w = (daysSinceEpoch + 3) % 7  // 1970-01-01 was a Thursday (ISO 4)
        return (w < 0 ? w + 7 : w) + 1
    }

    /// Saturday or Sunday.
    public var isWeekend: Bool { weekday >= 6 }

    /// The date `days` later (earlier when negative).
    public func adding(days: Int) -> CareDate { CareDate(daysSinceEpoch: daysSinceEpoch + days) }

    /// The same day `months` later, clamped to the end of a shorter month
    /// (31 Aug + 6 = 28/29 Feb; 31 Jan + 1 = 28/29 Feb).
    public func adding(months: Int) -> CareDate {
        let total = (year * 12 + (month - 1)) + months
        let y = total / 12
        let m = total % 12 + 1
        return CareDate(uncheckedYear: y, month: m, day: min(day, CareDate.daysIn(month: m, year: y)))
    }

    /// The same day `years` later (earlier when negative); 29 February becomes 28 February in a
    /// non-leap year, as with month arithmetic.
    public func adding(years: Int) -> CareDate { adding(months: years * 12) }

    /// Whole days from `self` to `other` (positive when `other` is later).
    public func days(until other: CareDate) -> Int { other.daysSinceEpoch - daysSinceEpoch }

    /// `YYYY-MM-DD`.
    public var iso8601: String {
        func pad(_ v: Int, _ w: Int) -> String {
            let s = String(v)
            return String(repeating: "0", count: max(0, w - s.count)) + s
        }
        return "\(pad(year, 4))-\(pad(month, 2))-\(pad(day, 2))"
    }

    /// `YYYY-MM-DD`, as `iso8601`.
    public var description: String { iso8601 }

    /// Chronological order.
    public static func < (lhs: CareDate, rhs: CareDate) -> Bool {
        (lhs.year, lhs.month, lhs.day) < (rhs.year, rhs.month, rhs.day)
    }

    /// The number of days in a month.
    public static func daysIn(month: Int, year: Int) -> Int { Gregorian.daysIn(month: month, year: year) }

    /// Decodes from the strict `YYYY-MM-DD` string form, rejecting impossible dates.
    public init(from decoder: any Decoder) throws {
        self = try StringCoding.decode(from: decoder, expecting: "expected a calendar date YYYY-MM-DD that exists") {
            CareDate(iso8601: $0)
        }
    }

    /// Encodes as the `YYYY-MM-DD` string form.
    public func encode(to encoder: any Encoder) throws { try StringCoding.encode(iso8601, to: encoder) }
}
