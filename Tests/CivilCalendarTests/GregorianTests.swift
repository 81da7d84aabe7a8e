import CivilCalendar
import Testing

@Suite("Gregorian day arithmetic")
struct GregorianTests {
    @Test("Days since the epoch and the date they name round-trip across four centuries")
    func roundTrip() {
        // 1600-01-01 … 2400-12-31, every day, both directions.
        let first = Gregorian.daysSinceEpoch(year: 1600, month: 1, day: 1)
        let last = Gregorian.daysSinceEpoch(year: 2400, month: 12, day: 31)
        var expected = (year: 1600, month: 1, day: 1)
        for days in first...last {
            let date = Gregorian.date(daysSinceEpoch: days)
            #expect(date == expected)
            #expect(Gregorian.daysSinceEpoch(year: date.year, month: date.month, day: date.day) == days)
            if expected.day < Gregorian.daysIn(month: expected.month, year: expected.year) {
                expected.day += 1
            } else if expected.month < 12 {
                expected = (expected.year, expected.month + 1, 1)
            } else {
                expected = (expected.year + 1, 1, 1)
            }
        }
    }

    @Test("Known anchors: the epoch, the day before it, and a leap day")
    func anchors() {
        #expect(Gregorian.daysSinceEpoch(year: 1970, month: 1, day: 1) == 0)
        #expect(Gregorian.date(daysSinceEpoch: -1) == (1969, 12, 31))
        #expect(
            Gregorian.daysSinceEpoch(year: 2000, month: 3, day: 1)
                - Gregorian.daysSinceEpoch(year: 2000, month: 2, day: 28) == 2)
        #expect(
            Gregorian.daysSinceEpoch(year: 2100, month: 3, day: 1)
                - Gregorian.daysSinceEpoch(year: 2100, month: 2, day: 28) == 1)
    }

    @Test(
        "Only dates that exist in years 1–9999 are valid",
        arguments: [
            (2021, 2, 30, false), (2100, 2, 29, false), (2000, 2, 29, true), (2024, 2, 29, true),
            (2021, 4, 31, false), (2021, 13, 1, false), (2021, 0, 1, false), (2021, 1, 0, false),
            (0, 1, 1, false), (10_000, 1, 1, false), (1, 1, 1, true), (9999, 12, 31, true),
        ])
    func validity(year: Int, month: Int, day: Int, valid: Bool) {
        #expect(Gregorian.isValid(year: year, month: month, day: day) == valid)
    }

    @Test(
        "an instant falls in the day that contains it, before 1970 as after",
        arguments: [
            (Int64(0), Int64(0)), (86_399_999, 0), (86_400_000, 1), (-1, -1), (-86_400_000, -1),
            (-86_400_001, -2), (1_580_000_000_000, 18_287),
        ])
    func dayOfInstant(milliseconds: Int64, day: Int64) {
        #expect(Gregorian.daysSinceEpoch(millisecondsSinceEpoch: milliseconds) == day)
    }
}
