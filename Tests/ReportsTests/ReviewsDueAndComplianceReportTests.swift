import CareCalendar
import CareRecord
import EventLog
import Projections
import Reports
import Testing

@Suite("Reviews due and compliance reports")
struct ReviewsDueAndComplianceReportTests {
    let store = InMemoryEventStore(
        storeID: "reports-test", clock: { Timestamp(millisecondsSinceEpoch: 1_700_000_000_000) })

    func append(_ event: CareEvent, to stream: String) throws {
        try store.append([
            event.proposed(stream: StreamName(stream)!, occurredAt: Timestamp(millisecondsSinceEpoch: 0), actor: "test")
        ])
    }

    func seed() throws {
        try append(
            ServiceStarted(
                firstServiceOn: CareDate(year: 2020, month: 1, day: 6)!, model: .timeAndTask, plannedHoursPerWeek: 7,
                team: "barrhead", locality: "levern"
            ).careEvent, to: "person/P1")
        try append(
            ServiceStarted(
                firstServiceOn: CareDate(year: 2020, month: 1, day: 20)!, model: .timeAndTask, plannedHoursPerWeek: 7,
                team: "giffnock"
            ).careEvent, to: "person/P2")
    }

    @Test func reviewsDueReportHasASummaryAndOneSectionPerTeam() throws {
        try seed()
        let asAt = CareDate(year: 2020, month: 2, day: 4)!
        let (output, context) = try ProjectionRunner.run(
            ReviewsDue.self, parameters: ProjectionParameters(asAt: asAt), store: store)
        let document = ReviewsDueReport.document(output, context: context)
        #expect(document.title == "Reviews due as at 2020-02-04")
        #expect(document.provenance.asAt == asAt)
        #expect(document.provenance.checkpoint.sequence == 2)
        #expect(
            document.sections.map(\.heading) == [
                nil, "Team giffnock", "Team barrhead (levern)", "Every outstanding duty",
            ])
        let barrhead = document.sections[2].table!
        #expect(
            barrhead.columns.map(\.key) == [
                "personId", "status", "reason", "dueDate", "daysOverdue", "daysRemaining", "firstServiceOn",
                "planPreparedOn", "lastReviewOn", "rule",
            ])
        #expect(
            Array(barrhead.rows[0].prefix(6)) == [
                .text("P1"), .code("planMissing", label: "Plan missing"), .code("personalPlan", label: "Personal plan"),
                .date(CareDate(year: 2020, month: 2, day: 3)!), .integer(1), .empty,
            ])
        // Not overdue: daysOverdue is empty (null), daysRemaining counts down.
        let giffnock = try #require(document.sections[1].table)
        #expect(giffnock.rows[0][4] == .empty)
        #expect(giffnock.rows[0][5] == .integer(13))
        // Every outstanding duty of every person, one row each.
        let duties = try #require(document.sections[3].table)
        #expect(
            duties.columns.map(\.key) == [
                "team", "personId", "duty", "since", "dueDate", "daysOverdue", "daysRemaining", "deadlineBasis",
            ])
        let dutyCount = output.teams.flatMap(\.people).map(\.obligations.count).reduce(0, +)
        #expect(duties.rows.count == dutyCount)
    }

    @Test func complianceReportStartsWithTheWholeServiceThenEachTeam() throws {
        try seed()
        let parameters = ProjectionParameters(
            asAt: CareDate(year: 2020, month: 3, day: 31)!, periodStart: CareDate(year: 2020, month: 1, day: 1)!)
        let (output, context) = try ProjectionRunner.run(Compliance.self, parameters: parameters, store: store)
        let document = ComplianceReport.document(output, context: context)
        #expect(document.title == "Compliance 2020-01-01 to 2020-03-31")
        #expect(
            document.sections.map(\.heading) == [
                "Whole service", "Team barrhead", "Team giffnock", "Complaint time limits",
            ])
        let service = document.sections[0].table!
        #expect(service.columns.map(\.key) == ["measure", "title", "figure", "rule"])
        // Both plans fell due in Q1 (3 Feb, 17 Feb) and neither was prepared.
        #expect(service.rows[0][0] == .text("plansWithin28Days"))
        #expect(service.rows[0][2] == .fraction(numerator: 0, denominator: 2))
    }
}
