import CareCalendar
import Testing

/// Hand-worked from the published Scottish lists (gov.uk / mygov.scot, rules.md §3.4):
/// every holiday of every year 2016–2027, substitute days and proclamations included.
let scottishHolidaysByYear: [(Int, [String])] = [
    (
        2016,
        [
            "2016-01-01", "2016-01-04", "2016-03-25", "2016-05-02", "2016-05-30", "2016-08-01",
            "2016-11-30", "2016-12-26", "2016-12-27",
        ]
    ),
    (
        2017,
        [
            "2017-01-02", "2017-01-03", "2017-04-14", "2017-05-01", "2017-05-29", "2017-08-07",
            "2017-11-30", "2017-12-25", "2017-12-26",
        ]
    ),
    (
        2018,
        [
            "2018-01-01", "2018-01-02", "2018-03-30", "2018-05-07", "2018-05-28", "2018-08-06",
            "2018-11-30", "2018-12-25", "2018-12-26",
        ]
    ),
    (
        2019,
        [
            "2019-01-01", "2019-01-02", "2019-04-19", "2019-05-06", "2019-05-27", "2019-08-05",
            "2019-12-02", "2019-12-25", "2019-12-26",
        ]
    ),
    (
        2020,
        [
            "2020-01-01", "2020-01-02", "2020-04-10", "2020-05-08", "2020-05-25", "2020-08-03",
            "2020-11-30", "2020-12-25", "2020-12-28",
        ]
    ),
    (
        2021,
        [
            "2021-01-01", "2021-01-04", "2021-04-02", "2021-05-03", "2021-05-31", "2021-08-02",
            "2021-11-30", "2021-12-27", "2021-12-28",
        ]
    ),
    (
        2022,
        [
            "2022-01-03", "2022-01-04", "2022-04-15", "2022-05-02", "2022-06-02", "2022-06-03",
            "2022-08-01", "2022-09-19", "2022-11-30", "2022-12-26", "2022-12-27",
        ]
    ),
    (
        2023,
        [
            "2023-01-02", "2023-01-03", "2023-04-07", "2023-05-01", "2023-05-08", "2023-05-29",
            "2023-08-07", "2023-11-30", "2023-12-25", "2023-12-26",
        ]
    ),
    (
        2024,
        [
            "2024-01-01", "2024-01-02", "2024-03-29", "2024-05-06", "2024-05-27", "2024-08-05",
            "2024-12-02", "2024-12-25", "2024-12-26",
        ]
    ),
    (
        2025,
        [
            "2025-01-01", "2025-01-02", "2025-04-18", "2025-05-05", "2025-05-26", "2025-08-04",
            "2025-12-01", "2025-12-25", "2025-12-26",
        ]
    ),
    (
        2026,
        [
            "2026-01-01", "2026-01-02", "2026-04-03", "2026-05-04", "2026-05-25", "2026-08-03",
            "2026-11-30", "2026-12-25", "2026-12-28",
        ]
    ),
    (
        2027,
        [
            "2027-01-01", "2027-01-04", "2027-03-26", "2027-05-03", "2027-05-31", "2027-08-02",
            "2027-11-30", "2027-12-27", "2027-12-28",
        ]
    ),
]

@Suite("Scottish bank holidays")
struct ScottishBankHolidaysTests {
    @Test("Every Scottish bank holiday of the year matches the published list", arguments: scottishHolidaysByYear)
    func wholeYearMatchesPublishedList(year: Int, expected: [String]) {
        #expect(ScottishBankHolidays.holidays(in: year).map(\.date) == ds(expected))
        #expect(WorkingDayCalendar().holidays(in: year) == ds(expected))
    }

    @Test(
        "Every listed holiday is a non-working day and every other weekday of the year is a working day",
        arguments: scottishHolidaysByYear)
    func everyOtherWeekdayIsWorking(year: Int, expected: [String]) {
        let calendar = WorkingDayCalendar()
        let holidays = Set(ds(expected))
        var day = CareDate(year: year, month: 1, day: 1)!
        while day.year == year {
            #expect(calendar.isWorkingDay(day) == (!day.isWeekend && !holidays.contains(day)), "\(day)")
            day = day.adding(days: 1)
        }
    }

    @Test("2016: Christmas on Sunday gives Boxing Day on Monday 26 and the Christmas substitute on Tuesday 27")
    func christmasOnSunday2016() {
        let december = ScottishBankHolidays.holidays(in: 2016).filter { $0.date.month == 12 }
        #expect(
            december == [
                Holiday(date: d("2016-12-26"), name: "Boxing Day"),
                Holiday(date: d("2016-12-27"), name: "Christmas Day (substitute day)"),
            ])
    }

    @Test("2021: Christmas on Saturday and Boxing Day on Sunday move to Monday 27 and Tuesday 28")
    func christmasOnSaturday2021() {
        let december = ScottishBankHolidays.holidays(in: 2021).filter { $0.date.month == 12 }
        #expect(
            december == [
                Holiday(date: d("2021-12-27"), name: "Christmas Day (substitute day)"),
                Holiday(date: d("2021-12-28"), name: "Boxing Day (substitute day)"),
            ])
    }

    @Test("2020: Boxing Day on Saturday moves to Monday 28 December; St Andrew's Day is Monday 30 November")
    func boxingDayOnSaturday2020() {
        let late = ScottishBankHolidays.holidays(in: 2020).filter { $0.date.month >= 11 }
        #expect(
            late == [
                Holiday(date: d("2020-11-30"), name: "St Andrew's Day"),
                Holiday(date: d("2020-12-25"), name: "Christmas Day"),
                Holiday(date: d("2020-12-28"), name: "Boxing Day (substitute day)"),
            ])
    }

    @Test("2017: New Year's Day on Sunday moves to Monday 2 January and 2nd January to Tuesday 3")
    func newYearOnSunday2017() {
        let january = ScottishBankHolidays.holidays(in: 2017).filter { $0.date.month == 1 }
        #expect(
            january == [
                Holiday(date: d("2017-01-02"), name: "New Year's Day (substitute day)"),
                Holiday(date: d("2017-01-03"), name: "2nd January (substitute day)"),
            ])
    }

    @Test("2022: New Year's Day on Saturday and 2nd January on Sunday move to Monday 3 and Tuesday 4")
    func newYearOnSaturday2022() {
        let january = ScottishBankHolidays.holidays(in: 2022).filter { $0.date.month == 1 }
        #expect(
            january == [
                Holiday(date: d("2022-01-03"), name: "New Year's Day (substitute day)"),
                Holiday(date: d("2022-01-04"), name: "2nd January (substitute day)"),
            ])
    }

    @Test("St Andrew's Day on a weekend moves to the following Monday (2019 Sat, 2024 Sat, 2025 Sun)")
    func standrewsDayOnWeekend() {
        for (year, expected) in [(2019, "2019-12-02"), (2024, "2024-12-02"), (2025, "2025-12-01")] {
            let standrews = ScottishBankHolidays.holidays(in: year).filter { $0.name.hasPrefix("St Andrew") }
            #expect(standrews == [Holiday(date: d(expected), name: "St Andrew's Day (substitute day)")])
        }
    }

    @Test("St Andrew's Day is not a bank holiday before the 2007 Act")
    func noStAndrewsDayBefore2007() {
        #expect(!ScottishBankHolidays.holidays(in: 2006).contains { $0.date == d("2006-11-30") })
        #expect(ScottishBankHolidays.holidays(in: 2007).contains { $0.date == d("2007-11-30") })
    }

    @Test("Easter Monday is not a Scottish bank holiday")
    func easterMondayIsWorking() {
        let calendar = WorkingDayCalendar()
        for easterMonday in ds(["2016-03-28", "2021-04-05", "2025-04-21", "2026-04-06"]) {
            #expect(calendar.isWorkingDay(easterMonday), "\(easterMonday)")
        }
    }

    @Test("The one-off proclamations of 2020, 2022 and 2023 are named as published")
    func proclamationsAreNamed() {
        let h2022 = ScottishBankHolidays.holidays(in: 2022)
        #expect(h2022.contains(Holiday(date: d("2022-06-03"), name: "Platinum Jubilee bank holiday")))
        #expect(
            h2022.contains(
                Holiday(
                    date: d("2022-09-19"), name: "Bank holiday for the State Funeral of Queen Elizabeth II")))
        #expect(!h2022.contains { $0.date == d("2022-05-30") })
        #expect(
            ScottishBankHolidays.holidays(in: 2023).contains(
                Holiday(
                    date: d("2023-05-08"), name: "Bank holiday for the coronation of King Charles III")))
        #expect(!ScottishBankHolidays.holidays(in: 2020).contains { $0.date == d("2020-05-04") })
    }

    @Test("2011 royal wedding and 2012 Diamond Jubilee days are holidays")
    func earlierProclamations() {
        #expect(ScottishBankHolidays.holidays(in: 2011).map(\.date).contains(d("2011-04-29")))
        let h2012 = ScottishBankHolidays.holidays(in: 2012).map(\.date)
        #expect(h2012.contains(d("2012-06-04")) && h2012.contains(d("2012-06-05")))
        #expect(!h2012.contains(d("2012-05-28")))
    }

    @Test("Easter Sunday follows the Gregorian computus, including the earliest possible date (22 March 2285)")
    func easterSunday() {
        let known: [(Int, String)] = [
            (1943, "1943-04-25"), (2000, "2000-04-23"), (2008, "2008-03-23"), (2011, "2011-04-24"),
            (2019, "2019-04-21"), (2024, "2024-03-31"), (2026, "2026-04-05"), (2038, "2038-04-25"),
            (2285, "2285-03-22"),
        ]
        for (year, sunday) in known {
            #expect(ScottishBankHolidays.easterSunday(year: year) == d(sunday), "\(year)")
        }
    }
}
