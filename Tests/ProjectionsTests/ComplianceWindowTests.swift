import CareCalendar
import EventLog
import Testing

@testable import Projections

/// ``ComplianceWindow`` tests an instant against the window's first and last UK midnights; it
/// must agree with the instant's UK date, across the clock changes and the window's edges.
@Suite struct ComplianceWindowTests {
    @Test("an instant is in the window exactly when its UK date is, around midnights and clock changes")
    func instantsAgreeWithTheirUKDates() throws {
        let windows = [
            ComplianceWindow(period: try day("2020-01-01")...day("2020-12-31"), asAt: try day("2020-12-31")),
            // Both edges on a clock change: 29 March and 25 October 2020.
            ComplianceWindow(period: try day("2020-03-29")...day("2020-10-25"), asAt: try day("2021-01-01")),
            ComplianceWindow(period: try day("2020-04-01")...day("2020-06-30"), asAt: try day("2020-05-15")),
            ComplianceWindow(period: try day("2021-07-01")...day("2021-07-01"), asAt: try day("2021-07-01")),
        ]
        var state: UInt64 = 0x5EED
        func next(_ bound: Int64) -> Int64 {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return Int64(truncatingIfNeeded: state >> 17) % bound
        }
        for window in windows {
            // Every hour's edge (± 1 ms) for two days around each window edge, and random instants.
            var instants: [Int64] = []
            for edge in [window.start, window.end.adding(days: 1)] {
                let midnight = UKTime.startOfDay(edge)
                for hour in -48...48 {
                    let at = midnight + Int64(hour) * 3_600_000
                    instants += [at - 1, at, at + 1]
                }
            }
            for _ in 0..<5000 {
                instants.append(UKTime.startOfDay(window.start) - 86_400_000 * 40 + next(86_400_000 * 500))
            }
            for ms in instants {
                let expected = window.contains(UKTime.ukDate(epochMilliseconds: ms))
                #expect(window.contains(Timestamp(millisecondsSinceEpoch: ms)) == expected, "\(ms)")
            }
        }
    }

    private func day(_ text: String) throws -> CareDate { try #require(CareDate(iso8601: text)) }
}
