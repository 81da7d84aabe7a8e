/// Proleptic Gregorian day arithmetic on plain integers: the one place that converts between a
/// civil date (year, month, day) and a count of days since 1970-01-01.
///
/// A leaf shared by `EventLog` (a `Timestamp`'s ISO 8601 form) and `CareCalendar` (`CareDate`),
/// so that the store's layer does not depend on the care domain's calendar. It knows nothing of
/// time zones or care rules. The conversions are Howard Hinnant's `days_from_civil` and
/// `civil_from_days` (exact for every year, negative ones included).
public enum Gregorian {
    /// Days from 1970-01-01 to the given date (negative before it). The date must exist
    /// (``isValid(year:month:day:)``); other input gives a meaningless but safe number.
    @inlinable
    public static func daysSinceEpoch(year: Int, month: Int, day: Int) -> Int {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let mp = (month + 9) % 12
        let doy = (153 * mp + 2) / 5 + day - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146_097 + doe - 719_468
    }

    /// The date `days` days after 1970-01-01 (before it when negative).
    @inlinable
    public static func date(daysSinceEpoch days: Int) -> (year: Int, month: Int, day: Int) {
        let z = days + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let d = doy - (153 * mp + 2) / 5 + 1
        let m = mp < 10 ? mp + 3 : mp - 9
        return (m <= 2 ? yoe + era * 400 + 1 : yoe + era * 400, m, d)
    }

    /// Milliseconds in a day of the calendar (UTC days: no leap seconds, no offsets).
    public static let millisecondsPerDay: Int64 = 86_400_000

    /// The day (days since 1970-01-01) in which the instant `milliseconds` after
    /// 1970-01-01T00:00 falls, rounding down: instants before 1970 fall in negative days.
    @inlinable
    public static func daysSinceEpoch(millisecondsSinceEpoch milliseconds: Int64) -> Int64 {
        let quotient = milliseconds / millisecondsPerDay
        return milliseconds % millisecondsPerDay < 0 ? quotient - 1 : quotient
    }

    /// Whether `year` is a leap year (divisible by 4, except centuries not divisible by 400).
    public static func isLeap(_ year: Int) -> Bool { (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 }

    /// The number of days in `month` (1–12) of `year`.
    public static func daysIn(month: Int, year: Int) -> Int {
        switch month {
        case 2: return isLeap(year) ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
    }

    /// Whether the date exists in years 1–9999 (the range a four-digit ISO 8601 year can write):
    /// 2021-02-30 and 2100-02-29 do not.
    public static func isValid(year: Int, month: Int, day: Int) -> Bool {
        (1...9999).contains(year) && (1...12).contains(month) && day >= 1 && day <= daysIn(month: month, year: year)
    }
}
