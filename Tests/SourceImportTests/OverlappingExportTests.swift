import CareCalendar
import CareRecord
import EventLog
import Foundation
import SourceImport
import Testing

/// Weekly ECM exports that overlap add only what is new.
@Suite struct OverlappingExportTests {
    static let header =
        "Visit ID,Client Ref,Carer 1 ID,Carer 2 ID,Planned Start,Planned Duration,Carers Needed,Time Critical,Actual In,Actual Out,Verification In,Verification Out,Exception Code\r\n"

    /// One ECM row per day from Monday 2020-03-02 for `days` days (visits on a seventh day not yet
    /// delivered), in UK local time across the change to summer time.
    static func row(day: Int) -> String {
        let date = CareDate(daysSinceEpoch: 18_323 + day)  // 2020-03-02
        let uk = String(format: "%02d/%02d/%04d", date.day, date.month, date.year)
        let client = 101 + day % 3
        let carer = 42 + day % 2
        if day % 7 == 6 { return "\(800_000 + day),\(client),\(carer),,\(uk) 09:00,30,1,N,,,,,\r\n" }
        let method = day % 5 == 0 ? "Manual,ECM,03" : "ECM,ECM,"
        return
            "\(800_000 + day),\(client),\(carer),,\(uk) 09:00,30,1,N,\(uk) 09:0\(day % 10),\(uk) 09:3\(day % 10),\(method)\r\n"
    }

    @Test func twelveWeeklyExportsOverlappingByTwoWeeksEqualOneCleanImport() throws {
        let weeks = 14
        let clean = try seededStore()
        let all = Self.header + (0..<(weeks * 7)).map(Self.row).joined()
        let single = try importCSV(all, mapping: try ecmMapping(), into: clean)
        #expect(single.problems.isEmpty, "\(single.problems)")

        let weekly = try seededStore()
        var alreadyRecorded = 0
        for week in 0..<12 {
            // Each export covers three weeks: the two of the previous export's end plus one new.
            let rows = ((week * 7)..<((week + 3) * 7)).map(Self.row).joined()
            let summary = try importCSV(Self.header + rows, mapping: try ecmMapping(), into: weekly, chunk: 7)
            #expect(summary.problems.isEmpty, "\(summary.problems)")
            alreadyRecorded += summary.counts.values.reduce(0) { $0 + $1.alreadyRecorded }
        }
        #expect(try visitFacts(weekly) == visitFacts(clean))
        #expect(alreadyRecorded > 0)
        #expect(try weekly.checkpoint().sequence == clean.checkpoint().sequence)
    }
}
