import CareCalendar
import Testing

@Suite("Working-day calendar")
struct WorkingDayCalendarTests {
    let calendar = WorkingDayCalendar()

    @Test(
        "Complaint received Tue 22 Dec 2020 + 5 working days is due Thu 31 Dec 2020 (skips Christmas and Boxing substitute)"
    )
    func stageOneOverChristmas2020() {
        #expect(calendar.addingWorkingDays(5, to: d("2020-12-22")) == d("2020-12-31"))
    }

    @Test("Received on a Friday + 5 working days is due the next Friday")
    func fridayPlusFive() {
        #expect(calendar.addingWorkingDays(5, to: d("2020-12-04")) == d("2020-12-11"))
    }

    @Test("Received on a Saturday counts from Monday: + 5 working days is due the Monday after next")
    func saturdayPlusFive() {
        #expect(calendar.addingWorkingDays(5, to: d("2020-12-05")) == d("2020-12-14"))
        #expect(calendar.addingWorkingDays(5, to: d("2020-12-06")) == d("2020-12-14"))
    }

    @Test("Day-one convention: Friday + 5 is Thursday; Saturday + 5 is the following Friday")
    func dayOneConvention() {
        let dayOne = WorkingDayCalendar(convention: .receiptIsDayOne)
        #expect(dayOne.addingWorkingDays(5, to: d("2020-12-04")) == d("2020-12-10"))
        #expect(dayOne.addingWorkingDays(5, to: d("2020-12-05")) == d("2020-12-11"))
        #expect(dayOne.addingWorkingDays(5, to: d("2020-12-22")) == d("2020-12-30"))
    }

    @Test("Zero working days gives the effective day of receipt")
    func zeroDays() {
        #expect(calendar.addingWorkingDays(0, to: d("2020-12-22")) == d("2020-12-22"))
        #expect(calendar.addingWorkingDays(0, to: d("2020-12-25")) == d("2020-12-29"))
    }

    @Test("Received on Good Friday 2025 counts from Easter Monday: + 5 is Mon 28 April")
    func receivedOnHoliday() {
        #expect(calendar.addingWorkingDays(5, to: d("2025-04-18")) == d("2025-04-28"))
    }

    @Test("Stage 2 response (20 working days) from Mon 16 May 2022 skips the moved Jubilee days but not 30 May")
    func stageTwoOverJubilee2022() {
        #expect(calendar.addingWorkingDays(20, to: d("2022-05-16")) == d("2022-06-15"))
    }

    @Test("Acknowledgement (3 working days) from Thu 23 Dec 2021 is Thu 30 Dec 2021")
    func acknowledgementOverChristmas2021() {
        #expect(calendar.addingWorkingDays(3, to: d("2021-12-23")) == d("2021-12-30"))
    }

    @Test("St Andrew's Day substitute (Mon 1 Dec 2025) is skipped")
    func standrewsSubstituteSkipped() {
        #expect(calendar.addingWorkingDays(1, to: d("2025-11-28")) == d("2025-12-02"))
    }

    @Test("A council's local holiday (Easter Monday) is skipped only when configured")
    func localHoliday() {
        #expect(calendar.addingWorkingDays(1, to: d("2025-04-17")) == d("2025-04-21"))
        let council = WorkingDayCalendar(localHolidays: [d("2025-04-21")])
        #expect(council.addingWorkingDays(1, to: d("2025-04-17")) == d("2025-04-22"))
        #expect(!council.isWorkingDay(d("2025-04-21")))
        #expect(council.namedHolidays(in: 2025).contains(Holiday(date: d("2025-04-21"), name: "Local holiday")))
    }

    @Test("Extra one-off holidays are non-working days and listed by name")
    func additionalHolidays() {
        let extra = Holiday(date: d("2027-06-08"), name: "Hypothetical proclamation")
        let cal = WorkingDayCalendar(additionalHolidays: [extra])
        #expect(!cal.isWorkingDay(d("2027-06-08")))
        #expect(calendar.isWorkingDay(d("2027-06-08")))
        #expect(cal.namedHolidays(in: 2027).contains(extra))
    }

    @Test("holidays(in:) merges local holidays in date order without duplicating a bank holiday")
    func holidaysMergeWithoutDuplicates() {
        let cal = WorkingDayCalendar(localHolidays: [d("2026-04-06"), d("2026-12-25"), d("2026-09-28")])
        #expect(
            cal.holidays(in: 2026)
                == ds([
                    "2026-01-01", "2026-01-02", "2026-04-03", "2026-04-06", "2026-05-04", "2026-05-25",
                    "2026-08-03", "2026-09-28", "2026-11-30", "2026-12-25", "2026-12-28",
                ]))
    }

    @Test("Working days between dates exclude the start and include the end")
    func countBetween() {
        #expect(calendar.workingDays(from: d("2020-12-22"), to: d("2020-12-31")) == 5)
        #expect(calendar.workingDays(from: d("2020-12-04"), to: d("2020-12-11")) == 5)
        #expect(calendar.workingDays(from: d("2020-12-04"), to: d("2020-12-04")) == 0)
        #expect(calendar.workingDays(from: d("2020-12-11"), to: d("2020-12-04")) == -5)
        #expect(calendar.workingDays(from: d("2020-12-05"), to: d("2020-12-06")) == 0)
    }

    @Test("2020 has 262 weekdays less 9 weekday bank holidays = 253 working days")
    func wholeYearCount() {
        #expect(calendar.workingDays(from: d("2019-12-31"), to: d("2020-12-31")) == 253)
    }

    @Test(
        "Subject access request: receipt Sat 27 Nov 2021 + 1 month lands on the Christmas substitute and rolls to Wed 29 Dec"
    )
    func subjectAccessRequestRolls() {
        let due = calendar.nextWorkingDay(onOrAfter: d("2021-11-27").adding(months: 1))
        #expect(due == d("2021-12-29"))
        #expect(calendar.previousWorkingDay(onOrBefore: d("2021-12-28")) == d("2021-12-24"))
        #expect(calendar.nextWorkingDay(onOrAfter: d("2021-12-29")) == d("2021-12-29"))
    }

    @Test("Dates outside the precomputed years are answered by rule all the same")
    func outsideCoveredYears() {
        let narrow = WorkingDayCalendar(localHolidays: [d("2030-09-23")], coveredYears: 2020...2020)
        #expect(!narrow.isWorkingDay(d("2026-12-28")))
        #expect(narrow.isWorkingDay(d("2026-12-29")))
        #expect(!narrow.isWorkingDay(d("2030-09-23")))
        // Tue 22 Dec 2026 + 8: skips Fri 25, Mon 28 Dec, Fri 1 Jan and Mon 4 Jan 2027 (2 Jan substitute).
        #expect(narrow.addingWorkingDays(8, to: d("2026-12-22")) == d("2027-01-07"))
        #expect(calendar.addingWorkingDays(8, to: d("2026-12-22")) == d("2027-01-07"))
    }
}
