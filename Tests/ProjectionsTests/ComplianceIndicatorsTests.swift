import CareCalendar
import CareRecord
import EventLog
import Foundation
import Projections
import Testing

@Suite("RAG indicators from compliance figures")
struct ComplianceIndicatorsTests {
    @Test("an activity's computed RAG follows the electronic-verification rate of its quarter")
    func ragFollowsVisitEvidence() throws {
        let log = TestLog()
        log.append(started("2020-01-06"), to: "person/P1")
        // Q1 2020: 9 of 10 visits verified electronically (90%); Q2: 7 of 10 (70%).
        for (quarterStart, electronic) in [("2020-02-", 9), ("2020-05-", 7)] {
            for day in 1...10 {
                let start = "\(quarterStart)\(day < 10 ? "0" : "")\(day)T09:00:00Z"
                let stream = "visit/V\(quarterStart)\(day)".replacingOccurrences(of: "-", with: "")
                log.append(scheduled("P1", at: start), to: stream)
                log.append(checkIn(start, day <= electronic ? .electronic : .manual), to: stream)
                log.append(
                    checkOut(
                        start.replacingOccurrences(of: "T09:00", with: "T09:30"),
                        day <= electronic ? .electronic : .manual), to: stream)
            }
        }
        let indicator = ActivityIndicator(
            measure: .visitsVerifiedElectronically, target: 90, direction: .higherIsBetter, amberTolerance: 10)
        let source = try ComplianceIndicators.source(
            quarters: [quarter("2020-Q1"), quarter("2020-Q2")], asAt: d("2020-06-30"),
            checkpoint: try log.store.checkpoint().sequence, store: log.store)
        #expect(source(indicator, quarter("2020-Q1")) == IndicatorReading(numerator: 9, denominator: 10))
        #expect(source(indicator, quarter("2020-Q2")) == IndicatorReading(numerator: 7, denominator: 10))
        #expect(
            IndicatorRAG.status(of: indicator, reading: source(indicator, quarter("2020-Q1")), missingData: .noData)
                == .green)
        #expect(
            IndicatorRAG.status(of: indicator, reading: source(indicator, quarter("2020-Q2")), missingData: .noData)
                == .red)
        #expect(source(indicator, quarter("2020-Q3")) == nil)
    }
}
