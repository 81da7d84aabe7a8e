import CareCalendar
import CareRecord
import EventLog
import Foundation
import Projections
import Reports
import Testing

@Suite("Visit delivery report")
struct VisitDeliveryReportTests {
    let store = InMemoryEventStore(
        storeID: "reports-test", clock: { Timestamp(millisecondsSinceEpoch: 1_700_000_000_000) })

    func append(_ event: CareEvent, to stream: String) throws {
        try store.append([
            event.proposed(stream: StreamName(stream)!, occurredAt: Timestamp(millisecondsSinceEpoch: 0), actor: "test")
        ])
    }

    /// One person in team barrhead with one late visit (+40 minutes, 20 of 30 minutes) by S7.
    func document(by grouping: VisitDeliveryGrouping, rules: RulesAdopted? = nil) throws -> ReportDocument {
        try append(
            ServiceStarted(
                firstServiceOn: CareDate(year: 2020, month: 1, day: 6)!, model: .timeAndTask, plannedHoursPerWeek: 7,
                team: "barrhead"
            ).careEvent, to: "person/P1")
        if let rules { try append(rules.careEvent, to: "rules/R1") }
        try append(
            VisitScheduled(
                personId: "P1", plannedStart: Timestamp(iso8601: "2020-02-03T09:00:00Z")!, plannedMinutes: 30,
                carersNeeded: 1, timeCritical: false
            ).careEvent, to: "visit/V1")
        try append(
            VisitCheckedIn(
                checkedInAt: Timestamp(iso8601: "2020-02-03T09:40:00Z")!, staffId: "S7", method: .electronic,
                exceptionCode: nil
            ).careEvent, to: "visit/V1")
        try append(
            VisitCheckedOut(
                checkedOutAt: Timestamp(iso8601: "2020-02-03T10:00:00Z")!, staffId: "S7", method: .electronic,
                exceptionCode: nil
            ).careEvent, to: "visit/V1")
        let parameters = ProjectionParameters(
            asAt: CareDate(year: 2020, month: 3, day: 31)!, periodStart: CareDate(year: 2020, month: 1, day: 1)!,
            periodEnd: CareDate(year: 2020, month: 3, day: 31)!)
        let (output, context) = try ProjectionRunner.run(VisitDelivery.self, parameters: parameters, store: store)
        return VisitDeliveryReport.document(output, by: grouping, context: context)
    }

    @Test(arguments: VisitDeliveryGrouping.allCases)
    func theGroupColumnIsNamedForTheGrouping(grouping: VisitDeliveryGrouping) throws {
        let document = try document(by: grouping)
        #expect(document.title == "Visit delivery 2020-01-01 to 2020-03-31 by \(grouping.rawValue)")
        #expect(document.sections.count == 2)
        let rows = try #require(document.sections[1].table)
        #expect(rows.columns.first?.key == grouping.columnKey)
        let expectedGroup = ["barrhead", "S7", "P1"][VisitDeliveryGrouping.allCases.firstIndex(of: grouping)!]
        #expect(rows.rows.map { $0.first } == [.text(expectedGroup)])
        #expect(rows.columns.dropFirst().map(\.key) == VisitDeliveryReport.figureColumns.map(\.key))
    }

    @Test func theWholeServiceRowCarriesTheFigures() throws {
        let table = try #require(try document(by: .team).sections[0].table)
        let row = try #require(table.rows.first)
        func cell(_ key: String) -> ReportCell? { table.columns.firstIndex { $0.key == key }.map { row[$0] } }
        #expect(cell("planned") == .integer(1) && cell("delivered") == .integer(1))
        #expect(cell("onTime") == .fraction(numerator: 0, denominator: 1))
        #expect(cell("late") == .integer(1) && cell("short") == .integer(0))
        #expect(cell("medianLatenessMinutes") == .integer(40) && cell("p90LatenessMinutes") == .integer(40))
        #expect(cell("plannedMinutes") == .integer(30) && cell("deliveredMinutes") == .integer(20))
    }

    @Test func theNotesStateTheTolerancesInForce() throws {
        var rules = RulesAdopted(effectiveFrom: CareDate(year: 2020, month: 1, day: 1)!)
        rules.lateVisitToleranceMinutes = 20
        rules.shortVisitToleranceMinutes = 5
        let document = try document(by: .team, rules: rules)
        let notes = document.sections[0].notes.joined(separator: " ")
        #expect(notes.contains("within 20 min after"))
        #expect(notes.contains("minus 5 min"))
        // 20 of 30 minutes is now short (below 30 − 5).
        let table = try #require(document.sections[0].table)
        let short = try #require(table.columns.firstIndex { $0.key == "short" })
        #expect(table.rows[0][short] == .integer(1))
    }

    @Test func everyFormatRendersTheReport() throws {
        let document = try document(by: .carer)
        let csv = ReportRenderer().renderText(document, as: .csv)
        #expect(csv.contains("staffId,planned,delivered,onTime"))
        let json = ReportRenderer().renderText(document, as: .json)
        #expect((try? JSONSerialization.jsonObject(with: Data(json.utf8))) != nil)
        #expect(ReportRenderer().renderText(document, as: .markdown).contains("| S7 |"))
        #expect(ReportRenderer().renderText(document, as: .html).contains("<td>S7</td>"))
    }
}
