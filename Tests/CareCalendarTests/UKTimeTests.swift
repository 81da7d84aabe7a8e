import CareCalendar
import Foundation
import Testing

/// Instants below were taken from `date -u -d … +%s%3N` and checked by hand against the BST rule.
@Suite("UK civil time")
struct UKTimeTests {
    @Test("2020-03-29T00:59Z is still GMT; from 01:00Z BST is in force")
    func springForward2020() {
        let beforeMs: Int64 = 1_585_443_599_999  // 2020-03-29T00:59:59.999Z
        let atMs: Int64 = 1_585_443_600_000  // 2020-03-29T01:00:00Z
        #expect(UKTime.utcOffsetSeconds(epochMilliseconds: beforeMs) == 0)
        #expect(UKTime.utcOffsetSeconds(epochMilliseconds: atMs) == 3600)
        #expect(UKTime.ukDate(epochMilliseconds: 1_585_443_540_000) == d("2020-03-29"))
        #expect(UKTime.ukMillisecondOfDay(epochMilliseconds: 1_585_443_540_000) == 59 * 60_000)
        #expect(UKTime.ukMillisecondOfDay(epochMilliseconds: atMs) == 2 * 3_600_000)
        #expect(UKTime.summerTimeStart(year: 2020) == atMs)
    }

    @Test("2020-10-25: BST ends at 01:00Z; 2020-10-24T23:30Z is already 25 October in the UK")
    func fallBack2020() {
        #expect(UKTime.utcOffsetSeconds(epochMilliseconds: 1_603_587_540_000) == 3600)  // 00:59Z
        #expect(UKTime.utcOffsetSeconds(epochMilliseconds: 1_603_587_600_000) == 0)  // 01:00Z
        #expect(UKTime.summerTimeEnd(year: 2020) == 1_603_587_600_000)
        #expect(UKTime.ukDate(epochMilliseconds: 1_603_582_200_000) == d("2020-10-25"))  // 23:30Z on the 24th
        #expect(UKTime.ukMillisecondOfDay(epochMilliseconds: 1_603_587_600_000) == 3_600_000)  // 01:00 GMT
    }

    @Test("Late evening UTC in summer is the next UK date: 2020-06-30T23:30Z is 1 July")
    func summerEveningIsNextDay() {
        #expect(UKTime.ukDate(epochMilliseconds: 1_593_559_800_000) == d("2020-07-01"))  // 23:30Z
        #expect(UKTime.ukDate(epochMilliseconds: 1_593_557_940_000) == d("2020-06-30"))  // 22:59Z
    }

    @Test("Late evening UTC in winter stays on the same UK date: 2020-12-31T23:30Z is 31 December")
    func winterEveningIsSameDay() {
        #expect(UKTime.ukDate(epochMilliseconds: 1_609_457_400_000) == d("2020-12-31"))
        #expect(UKTime.utcOffsetSeconds(epochMilliseconds: 1_609_457_400_000) == 0)
    }

    @Test("The 2026 transitions are 29 March and 25 October at 01:00Z")
    func transitions2026() {
        #expect(UKTime.summerTimeStart(year: 2026) == 1_774_746_000_000)
        #expect(UKTime.summerTimeEnd(year: 2026) == 1_792_890_000_000)
    }

    @Test("A UK day starts at 23:00Z the evening before in summer and at 00:00Z in winter")
    func startOfDay() {
        #expect(UKTime.startOfDay(d("2020-07-01")) == 1_593_558_000_000)  // 2020-06-30T23:00Z
        #expect(UKTime.startOfDay(d("2020-12-31")) == 1_609_372_800_000)  // 2020-12-31T00:00Z
        #expect(UKTime.startOfDay(d("2020-03-29")) == 1_585_440_000_000)  // 00:00Z, still GMT
        #expect(UKTime.startOfDay(d("2020-10-25")) == 1_603_580_400_000)  // 2020-10-24T23:00Z, still BST
    }

    @Test("A local time in the spring-forward gap maps forward: 01:30 on 29 Mar 2020 is 01:30Z (02:30 BST)")
    func springGapMapsForward() throws {
        #expect(try UKTime.instant(of: d("2020-03-29"), hour: 1, minute: 30) == 1_585_445_400_000)
        #expect(try UKTime.instant(of: d("2020-03-29"), hour: 0, minute: 59) == 1_585_443_540_000)
        #expect(try UKTime.instant(of: d("2020-03-29"), hour: 2, minute: 0) == 1_585_443_600_000)
    }

    @Test("An ambiguous autumn local time takes the first (BST) occurrence: 01:30 on 25 Oct 2020 is 00:30Z")
    func autumnAmbiguityTakesFirst() throws {
        #expect(try UKTime.instant(of: d("2020-10-25"), hour: 1, minute: 30) == 1_603_585_800_000)
        #expect(try UKTime.instant(of: d("2020-10-25"), hour: 0, minute: 59) == 1_603_583_940_000)
        #expect(try UKTime.instant(of: d("2020-10-25"), hour: 2, minute: 0) == 1_603_591_200_000)
    }

    @Test("A summer local time is one hour ahead of UTC; seconds are honoured")
    func summerLocalTime() throws {
        // 2020-07-01 09:15:30 BST = 08:15:30Z = 1593561600000 + 8h15m30s
        #expect(try UKTime.instant(of: d("2020-07-01"), hour: 9, minute: 15, second: 30) == 1_593_591_330_000)
    }

    @Test("An impossible time of day is a typed error")
    func invalidTimeOfDay() {
        #expect(throws: UKTimeError.invalidTimeOfDay(hour: 24, minute: 0, second: 0)) {
            try UKTime.instant(of: d("2020-07-01"), hour: 24, minute: 0)
        }
        #expect(throws: UKTimeError.invalidTimeOfDay(hour: 12, minute: 60, second: 0)) {
            try UKTime.instant(of: d("2020-07-01"), hour: 12, minute: 60)
        }
        #expect(throws: UKTimeError.invalidTimeOfDay(hour: -1, minute: 0, second: 0)) {
            try UKTime.instant(of: d("2020-07-01"), hour: -1, minute: 0)
        }
    }

    @Test("Instants before 1970 round toward the earlier day (rule applied proleptically)")
    func negativeInstants() {
        #expect(UKTime.ukDate(epochMilliseconds: -1) == d("1969-12-31"))
        #expect(UKTime.ukMillisecondOfDay(epochMilliseconds: -1) == 86_399_999)
        #expect(UKTime.ukDate(epochMilliseconds: -86_400_000) == d("1969-12-31"))
        #expect(UKTime.ukDate(epochMilliseconds: -86_400_001) == d("1969-12-30"))
    }

    @Test("Foundation Date conversions agree with the millisecond API")
    func foundationDate() {
        #expect(UKTime.ukDate(Date(timeIntervalSince1970: 1_593_559_800)) == d("2020-07-01"))
        #expect(UKTime.ukDate(Date(timeIntervalSince1970: -0.0005)) == d("1969-12-31"))
        #expect(UKTime.utcOffsetSeconds(Date(timeIntervalSince1970: 1_593_559_800)) == 3600)
        #expect(UKTime.startOfDayDate(d("2020-07-01")) == Date(timeIntervalSince1970: 1_593_558_000))
        #expect(UKTime.epochMilliseconds(Date(timeIntervalSince1970: 1.2345)) == 1234)
    }

    @Test(
        "Offsets and UK dates agree with the tz database's Europe/London for 1996–2040",
        .enabled(if: TimeZone(identifier: "Europe/London") != nil, "needs tzdata"))
    func agreesWithTzDatabase() throws {
        let london = try #require(TimeZone(identifier: "Europe/London"))
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = london
        var probes: [Int64] = []
        for year in 1996...2040 {
            for t in [UKTime.summerTimeStart(year: year), UKTime.summerTimeEnd(year: year)] {
                probes += [t - 3_600_001, t - 1, t, t + 1, t + 3_599_999]
            }
        }
        // Every 7 hours across the range catches any day whose offset differs.
        var t: Int64 = 820_454_400_000  // 1996-01-01T00:00Z
        while t < 2_240_611_200_000 {  // 2041-01-01T00:00Z
            probes.append(t)
            t += 7 * 3_600_000
        }
        for ms in probes {
            let date = Date(timeIntervalSince1970: Double(ms) / 1000)
            #expect(UKTime.utcOffsetSeconds(epochMilliseconds: ms) == london.secondsFromGMT(for: date), "\(ms)")
            let parts = calendar.dateComponents([.year, .month, .day], from: date)
            #expect(
                UKTime.ukDate(epochMilliseconds: ms)
                    == CareDate(year: parts.year!, month: parts.month!, day: parts.day!), "\(ms)")
        }
    }
}
