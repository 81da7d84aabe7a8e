public import CivilCalendar

/// Europe/London civil time computed by rule, not by the host's time-zone database, so that
/// reports are byte-for-byte the same on every machine.
///
/// The rule (Summer Time Order 2002, EU Directive 2000/84/EC): GMT (UTC+0) all year except
/// British Summer Time (UTC+1) from 01:00 UTC on the last Sunday of March until 01:00 UTC on the
/// last Sunday of October. It is exact for 1996 onwards; earlier instants get the same rule
/// applied proleptically (before 1996 BST ended on a different Sunday, and 1968–71 differed
/// entirely), so do not rely on it for pre-1996 data.
///
/// Everything is pure integer arithmetic with no allocation: these functions are called once
/// per event by projections over millions of events.
public enum UKTime {
    /// Milliseconds in one day.
    public static let millisecondsPerDay = Gregorian.millisecondsPerDay
    /// Milliseconds in one hour (the BST offset).
    public static let millisecondsPerHour: Int64 = 3_600_000

    // MARK: - Transitions

    /// The instant (ms since the Unix epoch) BST starts in `year`: 01:00 UTC on the last Sunday of March.
    @inlinable
    public static func summerTimeStart(year: Int) -> Int64 {
        Int64(lastSundayDays(year: year, month: 3)) * millisecondsPerDay + millisecondsPerHour
    }

    /// The instant (ms since the Unix epoch) BST ends in `year`: 01:00 UTC on the last Sunday of October.
    @inlinable
    public static func summerTimeEnd(year: Int) -> Int64 {
        Int64(lastSundayDays(year: year, month: 10)) * millisecondsPerDay + millisecondsPerHour
    }

    /// Whether British Summer Time is in force at the instant (ms since the Unix epoch).
    @inlinable
    public static func isSummerTime(epochMilliseconds ms: Int64) -> Bool {
        let days = Gregorian.daysSinceEpoch(millisecondsSinceEpoch: ms)
        // BST never spans a year end, so the UTC year of the instant is the year whose rule applies.
        let year = CareDate(daysSinceEpoch: Int(days)).year
        return ms >= summerTimeStart(year: year) && ms < summerTimeEnd(year: year)
    }

    /// The UTC offset in force in the UK at the instant, in seconds: 0 (GMT) or 3600 (BST).
    @inlinable
    public static func utcOffsetSeconds(epochMilliseconds ms: Int64) -> Int {
        isSummerTime(epochMilliseconds: ms) ? 3600 : 0
    }

    // MARK: - Instant → UK local

    /// The UK calendar date at the instant (ms since the Unix epoch), e.g. 2020-06-30T23:30Z is
    /// 1 July 2020 in the UK.
    @inlinable
    public static func ukDate(epochMilliseconds ms: Int64) -> CareDate {
        CareDate(
            daysSinceEpoch: Int(
                Gregorian.daysSinceEpoch(millisecondsSinceEpoch: localMilliseconds(epochMilliseconds: ms))))
    }

    /// Milliseconds since UK local midnight at the instant (0 ..< 86_400_000), for time-of-day
    /// rules such as late visits.
    @inlinable
    public static func ukMillisecondOfDay(epochMilliseconds ms: Int64) -> Int {
        let local = localMilliseconds(epochMilliseconds: ms)
        return Int(local - Gregorian.daysSinceEpoch(millisecondsSinceEpoch: local) * millisecondsPerDay)
    }

    /// UK wall-clock time at the instant, expressed as milliseconds since 1970-01-01T00:00 *local*
    /// (i.e. the instant plus the offset in force).
    @inlinable
    public static func localMilliseconds(epochMilliseconds ms: Int64) -> Int64 {
        isSummerTime(epochMilliseconds: ms) ? ms + millisecondsPerHour : ms
    }

    // MARK: - UK local → instant

    /// The instant (ms since the Unix epoch) at which the UK calendar date starts (local midnight).
    /// Midnight is never inside a transition, so this is always exact.
    @inlinable
    public static func startOfDay(_ date: CareDate) -> Int64 {
        resolve(localMilliseconds: Int64(date.daysSinceEpoch) * millisecondsPerDay)
    }

    /// The instant (ms since the Unix epoch) of a UK local date and time of day.
    ///
    /// - A local time that does not exist (01:00–01:59 on the last Sunday of March) is mapped
    ///   forward by the length of the gap: 01:30 becomes 02:30 BST (= 01:30 UTC).
    /// - A local time that occurs twice (01:00–01:59 on the last Sunday of October) resolves to
    ///   the first occurrence, which is still BST: 01:30 becomes 00:30 UTC.
    /// - Throws: `UKTimeError.invalidTimeOfDay` unless 0 ≤ hour ≤ 23, 0 ≤ minute ≤ 59, 0 ≤ second ≤ 59.
    @inlinable
    public static func instant(
        of date: CareDate, hour: Int, minute: Int, second: Int = 0
    ) throws(UKTimeError) -> Int64 {
        guard (0...23).contains(hour), (0...59).contains(minute), (0...59).contains(second) else {
            throw .invalidTimeOfDay(hour: hour, minute: minute, second: second)
        }
        let local =
            Int64(date.daysSinceEpoch) * millisecondsPerDay
            + Int64(hour * 3600 + minute * 60 + second) * 1000
        return resolve(localMilliseconds: local)
    }

    /// Resolves a local wall-clock value (ms since 1970-01-01T00:00 local) to an instant:
    /// BST if the BST reading is self-consistent (the first occurrence when ambiguous), else GMT
    /// (which maps a spring-forward gap time forward by one hour).
    @inlinable
    static func resolve(localMilliseconds local: Int64) -> Int64 {
        let asSummer = local - millisecondsPerHour
        return isSummerTime(epochMilliseconds: asSummer) ? asSummer : local
    }

    // MARK: - Arithmetic helpers

    /// Days since the epoch of the last Sunday of `month` (a 31-day month: March or October).
    @inlinable
    static func lastSundayDays(year: Int, month: Int) -> Int {
        let last = CareDate(uncheckedYear: year, month: month, day: 31).daysSinceEpoch
        // ISO weekday of `last` is ((last + 3) mod 7) + 1; Sunday = 7 ⇒ (last + 3) mod 7 == 6.
        var back = (last + 4) % 7  // days since the previous Sunday (0 when `last` is a Sunday)
        if back < 0 { back += 7 }
        return last - back
    }
}
