public import Foundation

extension UKTime {
    /// The UK calendar date at a Foundation `Date` (sub-millisecond parts are rounded down).
    public static func ukDate(_ date: Date) -> CareDate {
        ukDate(epochMilliseconds: epochMilliseconds(date))
    }

    /// The UTC offset in force in the UK at a Foundation `Date`, in seconds: 0 or 3600.
    public static func utcOffsetSeconds(_ date: Date) -> Int {
        utcOffsetSeconds(epochMilliseconds: epochMilliseconds(date))
    }

    /// The Foundation `Date` at which the UK calendar date starts (local midnight).
    public static func startOfDayDate(_ date: CareDate) -> Date {
        Date(timeIntervalSince1970: Double(startOfDay(date)) / 1000)
    }

    /// Milliseconds since the Unix epoch of a Foundation `Date`, rounded toward negative infinity.
    public static func epochMilliseconds(_ date: Date) -> Int64 {
        Int64((date.timeIntervalSince1970 * 1000).rounded(.down))
    }
}
