/// The Scottish bank holidays of a year, computed by rule plus the one-off UK proclamations
/// that applied in Scotland.
///
/// Rules (Banking and Financial Dealings Act 1971 Sch. 1; St Andrew's Day Bank Holiday
/// (Scotland) Act 2007): 1 January, 2 January, Good Friday, first Monday in May, last Monday in
/// May, first Monday in August, 30 November (from 2007), 25 December, 26 December. Easter Monday
/// is not one. A holiday falling on a weekend moves to the next weekday not already a holiday.
/// Exact for 2007 onwards; see Docs/calendar.md for sources.
public enum ScottishBankHolidays {
    /// Identifies this rule set and proclamation table; store it with derived deadlines so a
    /// replay can tell which calendar produced them. Bump when the table changes.
    public static let dataVersion = "scotland-bank-holidays-2026.1"

    /// Every Scottish bank holiday (including substitute days and proclamations) in `year`, by date.
    public static func holidays(in year: Int) -> [Holiday] {
        var result: [Holiday] = []
        result.reserveCapacity(11)

        // New Year: substitutes taken in calendar order (1 Jan on Sunday ⇒ Mon 2 Jan for New
        // Year's Day, Tue 3 Jan for 2nd January), as published on gov.uk.
        substituteInOrder(
            [(day(year, 1, 1), "New Year's Day"), (day(year, 1, 2), "2nd January")], into: &result)

        result.append(Holiday(date: easterSunday(year: year).adding(days: -2), name: "Good Friday"))

        // Early May: moved to Fri 8 May in 2020 (VE Day 75); 1995's VE Day 50 move is pre-2007.
        if year == 2020 {
            result.append(Holiday(date: day(2020, 5, 8), name: "Early May bank holiday (VE Day)"))
        } else {
            result.append(Holiday(date: firstMonday(year: year, month: 5), name: "Early May bank holiday"))
        }
        if year == 2023 {
            result.append(Holiday(date: day(2023, 5, 8), name: "Bank holiday for the coronation of King Charles III"))
        }
        if year == 2011 {
            result.append(Holiday(date: day(2011, 4, 29), name: "Royal wedding bank holiday"))
        }

        // Spring: moved for the Diamond (2012) and Platinum (2022) Jubilees, each with an extra day.
        switch year {
        case 2012:
            result.append(Holiday(date: day(2012, 6, 4), name: "Spring bank holiday"))
            result.append(Holiday(date: day(2012, 6, 5), name: "Queen's Diamond Jubilee"))
        case 2022:
            result.append(Holiday(date: day(2022, 6, 2), name: "Spring bank holiday"))
            result.append(Holiday(date: day(2022, 6, 3), name: "Platinum Jubilee bank holiday"))
        default:
            result.append(Holiday(date: lastMonday(year: year, month: 5), name: "Spring bank holiday"))
        }

        result.append(Holiday(date: firstMonday(year: year, month: 8), name: "Summer bank holiday"))

        if year == 2022 {
            result.append(
                Holiday(
                    date: day(2022, 9, 19), name: "Bank holiday for the State Funeral of Queen Elizabeth II"))
        }

        if year >= 2007 {
            substituteInOrder([(day(year, 11, 30), "St Andrew's Day")], into: &result)
        }

        // Christmas: a weekday holiday keeps its day, weekend ones take the next free weekday
        // (25 Dec on Sunday ⇒ Boxing Day Mon 26, Christmas substitute Tue 27), as on gov.uk.
        substituteWeekdaysFirst(
            [(day(year, 12, 25), "Christmas Day"), (day(year, 12, 26), "Boxing Day")], into: &result)

        result.sort()
        return result
    }

    /// Easter Sunday in the Gregorian calendar (anonymous Gregorian / Meeus–Jones–Butcher algorithm).
    public static func easterSunday(year: Int) -> CareDate {
        let a = year % 19
        let b = year / 100
        let c = year % 100
        let d = b / 4
        let e = b % 4
        let f = (b + 8) / 25
        let g = (b - f + 1) / 3
        let h = (19 * a + b - d - g + 15) % 30
        let i = c / 4
        let k = c % 4
        let l = (32 + 2 * e + 2 * i - h - k) % 7
        let m = (a + 11 * h + 22 * l) / 451
        let month = (h + l - 7 * m + 114) / 31
        let dayOfMonth = (h + l - 7 * m + 114) % 31 + 1
        return day(year, month, dayOfMonth)
    }

    // MARK: - Helpers

    private static func day(_ y: Int, _ m: Int, _ d: Int) -> CareDate {
        CareDate(uncheckedYear: y, month: m, day: d)
    }

    /// The first Monday of a month.
    static func firstMonday(year: Int, month: Int) -> CareDate {
        let first = day(year, month, 1)
        return first.adding(days: (8 - first.weekday) % 7)
    }

    /// The last Monday of a month.
    static func lastMonday(year: Int, month: Int) -> CareDate {
        let last = day(year, month, CareDate.daysIn(month: month, year: year))
        return last.adding(days: -((last.weekday + 6) % 7))
    }

    /// The next weekday on or after `date` that is not already in `taken`.
    private static func nextFreeWeekday(onOrAfter date: CareDate, taken: [Holiday]) -> CareDate {
        var d = date
        while d.isWeekend || taken.contains(where: { $0.date == d }) { d = d.adding(days: 1) }
        return d
    }

    /// Places each fixed-date holiday in order, moving it to the next free weekday when needed.
    private static func substituteInOrder(_ fixed: [(CareDate, String)], into result: inout [Holiday]) {
        for (date, name) in fixed {
            let actual = nextFreeWeekday(onOrAfter: date, taken: result)
            result.append(Holiday(date: actual, name: actual == date ? name : name + " (substitute day)"))
        }
    }

    /// Places weekday holidays on their own day first, then moves weekend ones in order.
    private static func substituteWeekdaysFirst(_ fixed: [(CareDate, String)], into result: inout [Holiday]) {
        for (date, name) in fixed where !date.isWeekend {
            result.append(Holiday(date: date, name: name))
        }
        for (date, name) in fixed where date.isWeekend {
            result.append(
                Holiday(date: nextFreeWeekday(onOrAfter: date, taken: result), name: name + " (substitute day)"))
        }
    }
}
