import CareCalendar
import Foundation
import Testing

@Suite("Calendar dates")
struct CareDateTests {
    @Test(
        "Six-month reviews clamp to the month end",
        arguments: [
            ("2019-08-31", 6, "2020-02-29"),
            ("2020-08-31", 6, "2021-02-28"),
            ("2021-04-30", 6, "2021-10-30"),
            ("2021-03-31", 6, "2021-09-30"),
            ("2021-01-31", 1, "2021-02-28"),
            ("2020-03-31", -1, "2020-02-29"),
            ("2020-01-15", -1, "2019-12-15"),
            ("2020-11-30", 3, "2021-02-28"),
            ("2020-06-15", 24, "2022-06-15"),
        ])
    func addingMonths(start: String, months: Int, expected: String) {
        #expect(d(start).adding(months: months) == d(expected))
    }

    @Test("Adding years maps 29 February to 28 February in a non-leap year")
    func addingYears() {
        #expect(d("2020-02-29").adding(years: 1) == d("2021-02-28"))
        #expect(d("2020-02-29").adding(years: 4) == d("2024-02-29"))
        #expect(d("2020-02-29").adding(years: -1) == d("2019-02-28"))
        #expect(d("2000-02-29").adding(years: 100) == d("2100-02-28"))
        #expect(d("2021-06-15").adding(years: 2) == d("2023-06-15"))
    }

    @Test(
        "Strict ISO parsing rejects impossible or loosely written dates",
        arguments: [
            "2021-02-30", "2021-2-3", "2100-02-29", "2019-02-29", "2021-13-01", "2021-00-10", "2021-04-31",
            "0000-01-01", "20210203", "2021/02/03", "2021-02-03 ", " 2021-02-03", "2021-02-03T00:00", "",
            "+021-02-03", "2021-0a-03",
        ])
    func rejects(text: String) {
        #expect(CareDate(iso8601: text) == nil)
    }

    @Test(
        "Strict ISO parsing accepts real leap days and round-trips",
        arguments: ["2000-02-29", "2024-02-29", "2021-12-31", "0001-01-01"])
    func accepts(text: String) throws {
        let date = try #require(CareDate(iso8601: text))
        #expect(date.iso8601 == text)
    }

    @Test("ISO weekdays: 1 Jan 2026 Thursday, 30 Nov 2020 Monday, 30 Nov 2025 Sunday, 31 Dec 1969 Wednesday")
    func weekdays() {
        #expect(d("2026-01-01").weekday == 4)
        #expect(d("2020-11-30").weekday == 1)
        #expect(d("2025-11-30").weekday == 7)
        #expect(d("1969-12-31").weekday == 3)
        #expect(d("2025-11-29").isWeekend && !d("2025-11-28").isWeekend)
    }

    @Test("Days since the epoch: 1970-01-01 is 0, 2000-03-01 is 11017, 1969-12-31 is −1")
    func daysSinceEpoch() {
        #expect(d("1970-01-01").daysSinceEpoch == 0)
        #expect(d("2000-03-01").daysSinceEpoch == 11_017)
        #expect(d("1969-12-31").daysSinceEpoch == -1)
        #expect(CareDate(daysSinceEpoch: 11_017) == d("2000-03-01"))
        #expect(d("2020-03-01").days(until: d("2020-02-01")) == -29)
    }

    @Test("Day numbers and dates convert both ways for every day 1900–2100")
    func dayNumberRoundTrip() {
        var expected = d("1900-01-01")
        for n in d("1900-01-01").daysSinceEpoch...d("2100-12-31").daysSinceEpoch {
            let date = CareDate(daysSinceEpoch: n)
            #expect(date == expected)
            #expect(date.daysSinceEpoch == n)
            // Step the expected date by hand so the two directions are checked independently.
            if expected.day < CareDate.daysIn(month: expected.month, year: expected.year) {
                expected = CareDate(year: expected.year, month: expected.month, day: expected.day + 1)!
            } else if expected.month < 12 {
                expected = CareDate(year: expected.year, month: expected.month + 1, day: 1)!
            } else {
                expected = CareDate(year: expected.year + 1, month: 1, day: 1)!
            }
        }
    }

    @Test("JSON encodes as YYYY-MM-DD and rejects 2021-02-30")
    func codable() throws {
        let data = try JSONEncoder().encode([d("2021-02-28")])
        #expect(String(decoding: data, as: UTF8.self) == #"["2021-02-28"]"#)
        #expect(try JSONDecoder().decode([CareDate].self, from: data) == [d("2021-02-28")])
        #expect(throws: DecodingError.self) {
            try JSONDecoder().decode([CareDate].self, from: Data(#"["2021-02-30"]"#.utf8))
        }
    }
}
