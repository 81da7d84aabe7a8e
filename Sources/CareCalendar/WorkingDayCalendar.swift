/// Working days for Scottish care services: Monday to Friday, excluding Scottish bank holidays
/// (with substitute days and one-off proclamations), a council's local holidays, and any extra
/// one-off days, with a configurable day-count convention for "within N working days".
///
/// A value type built once at start-up: holiday days for `coveredYears` are precomputed into a
/// bit set so `isWorkingDay` is a couple of integer operations (projections call it per event).
/// Dates outside `coveredYears` are still answered correctly, just more slowly.
public struct WorkingDayCalendar: Hashable, Sendable {
    /// The council's local holidays (e.g. Easter Monday, September weekend), as dated for the
    /// period the caller cares about.
    public let localHolidays: [CareDate]
    /// Extra one-off holidays beyond the built-in proclamation table.
    public let additionalHolidays: [Holiday]
    /// How working-day deadlines count the day of receipt.
    public let convention: WorkingDayConvention
    /// Years whose holidays are precomputed for fast lookup.
    public let coveredYears: ClosedRange<Int>

    /// Day number (days since epoch) of 1 January of `coveredYears.lowerBound`.
    private let firstDay: Int
    /// One bit per day from `firstDay`: set when the day is a holiday (bank, local or one-off).
    private let holidayBits: [UInt64]
    /// Local and additional holidays as day numbers, for dates outside the covered years.
    private let extraDays: Set<Int>

    /// A calendar with the given local and one-off holidays and day-count convention.
    /// - Parameters:
    ///   - localHolidays: the council's local holidays (not named; reported as "Local holiday").
    ///   - additionalHolidays: further one-off named holidays.
    ///   - convention: day-0 (default) or day-1 counting for `addingWorkingDays`.
    ///   - coveredYears: years precomputed for speed (correctness does not depend on it).
    public init(
        localHolidays: [CareDate] = [],
        additionalHolidays: [Holiday] = [],
        convention: WorkingDayConvention = .receiptIsDayZero,
        coveredYears: ClosedRange<Int> = 2000...2100
    ) {
        self.localHolidays = localHolidays
        self.additionalHolidays = additionalHolidays
        self.convention = convention
        self.coveredYears = coveredYears
        let extra = Set(localHolidays.map(\.daysSinceEpoch) + additionalHolidays.map(\.date.daysSinceEpoch))
        self.extraDays = extra
        let first = CareDate(uncheckedYear: coveredYears.lowerBound, month: 1, day: 1).daysSinceEpoch
        let end = CareDate(uncheckedYear: coveredYears.upperBound, month: 12, day: 31).daysSinceEpoch + 1
        self.firstDay = first
        var bits = [UInt64](repeating: 0, count: (end - first + 63) / 64)
        func mark(_ n: Int) {
            guard n >= first, n < end else { return }
            bits[(n - first) >> 6] |= 1 << UInt64((n - first) & 63)
        }
        for year in coveredYears {
            for h in ScottishBankHolidays.holidays(in: year) { mark(h.date.daysSinceEpoch) }
        }
        for n in extra { mark(n) }
        self.holidayBits = bits
    }

    // MARK: - Queries

    /// Whether `date` is a working day: a weekday that is not a holiday of any kind.
    public func isWorkingDay(_ date: CareDate) -> Bool {
        isWorkingDay(daysSinceEpoch: date.daysSinceEpoch)
    }

    /// Whether the day `n` days after 1970-01-01 is a working day (fast path for projections).
    public func isWorkingDay(daysSinceEpoch n: Int) -> Bool {
        var w = (n + 3) % 7
        if w < 0 { w += 7 }
        if w >= 5 { return false }  // Saturday or Sunday
        return !isHoliday(daysSinceEpoch: n)
    }

    /// Whether `date` is a bank, local or one-off holiday (whatever the day of the week).
    public func isHoliday(_ date: CareDate) -> Bool { isHoliday(daysSinceEpoch: date.daysSinceEpoch) }

    private func isHoliday(daysSinceEpoch n: Int) -> Bool {
        let i = n - firstDay
        if i >= 0, (i >> 6) < holidayBits.count {
            return holidayBits[i >> 6] & (1 << UInt64(i & 63)) != 0
        }
        if extraDays.contains(n) { return true }
        let date = CareDate(daysSinceEpoch: n)
        return ScottishBankHolidays.holidays(in: date.year).contains { $0.date == date }
    }

    /// Every holiday in `year` (bank holidays, local holidays, one-offs), by date, with names.
    public func namedHolidays(in year: Int) -> [Holiday] {
        var all = ScottishBankHolidays.holidays(in: year)
        all += localHolidays.filter { $0.year == year }.map { Holiday(date: $0, name: "Local holiday") }
        all += additionalHolidays.filter { $0.date.year == year }
        return all.sorted()
    }

    /// The dates of every holiday in `year`, ascending, without duplicates.
    public func holidays(in year: Int) -> [CareDate] {
        var seen = Set<CareDate>()
        return namedHolidays(in: year).map(\.date).filter { seen.insert($0).inserted }
    }

    // MARK: - Arithmetic

    /// `date` itself if it is a working day, otherwise the next working day (e.g. a subject access
    /// request deadline that lands on a holiday rolls forward).
    public func nextWorkingDay(onOrAfter date: CareDate) -> CareDate {
        var n = date.daysSinceEpoch
        while !isWorkingDay(daysSinceEpoch: n) { n += 1 }
        return CareDate(daysSinceEpoch: n)
    }

    /// `date` itself if it is a working day, otherwise the previous working day.
    public func previousWorkingDay(onOrBefore date: CareDate) -> CareDate {
        var n = date.daysSinceEpoch
        while !isWorkingDay(daysSinceEpoch: n) { n -= 1 }
        return CareDate(daysSinceEpoch: n)
    }

    /// The deadline `n` working days from receipt on `date`, counted by `convention`.
    ///
    /// Receipt on a non-working day is treated as receipt on the next working day. With the
    /// default `.receiptIsDayZero` the deadline is the n-th working day after that (Tue 22 Dec
    /// 2020 + 5 = Thu 31 Dec 2020); with `.receiptIsDayOne` it is the (n−1)-th. `n` ≤ 0 (or
    /// `n` = 1 with day-1 counting) gives the effective receipt day itself.
    public func addingWorkingDays(_ n: Int, to date: CareDate) -> CareDate {
        var day = nextWorkingDay(onOrAfter: date).daysSinceEpoch
        var remaining = convention == .receiptIsDayZero ? n : n - 1
        while remaining > 0 {
            day += 1
            if isWorkingDay(daysSinceEpoch: day) { remaining -= 1 }
        }
        return CareDate(daysSinceEpoch: day)
    }

    /// The number of working days after `start` up to and including `end` (so Fri → next Fri
    /// is 5); negative when `end` is before `start`, zero when equal.
    public func workingDays(from start: CareDate, to end: CareDate) -> Int {
        let a = start.daysSinceEpoch
        let b = end.daysSinceEpoch
        if b < a { return -workingDays(from: end, to: start) }
        var count = 0
        var d = a + 1
        while d <= b {
            if isWorkingDay(daysSinceEpoch: d) { count += 1 }
            d += 1
        }
        return count
    }
}
