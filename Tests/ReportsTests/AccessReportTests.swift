import CareCalendar
import CareRecord
import EventLog
import Projections
import Reports
import Testing

@Suite("Access report: who read a record, refusals and break glass flagged")
struct AccessReportTests {
    let store = InMemoryEventStore(
        storeID: "access-report-test", clock: { Timestamp(millisecondsSinceEpoch: 1_700_000_000_000) })

    /// Records a read at `at` in its day's stream.
    func read(_ fact: RecordAccessed, at: String) throws {
        let instant = try #require(Timestamp(iso8601: at))
        let day = UKTime.ukDate(epochMilliseconds: instant.millisecondsSinceEpoch)
        try store.append([
            fact.careEvent.proposed(
                stream: RecordAccessed.stream(on: day), occurredAt: instant, actor: "service/carelog")
        ])
    }

    func seed() throws {
        try read(
            RecordAccessed(
                subject: "u-coord", role: .coordinator, grantId: "G1", action: .timelineRead,
                target: AccessTarget(personId: "P1"), outcome: .allowed, requestId: "r-1"),
            at: "2020-02-03T10:00:00Z")
        try read(
            RecordAccessed(
                subject: "u-other", role: .coordinator, grantId: "G2", action: .streamRead,
                target: AccessTarget(stream: "person/P1"), outcome: .refused, requestId: "r-2"),
            at: "2020-02-04T10:00:00Z")
        try read(
            RecordAccessed(
                subject: "u-other", role: .coordinator, grantId: "G2", action: .streamRead,
                target: AccessTarget(stream: "medication/P1", parameters: ["knownAt": "head"]), outcome: .allowed,
                breakGlass: true, reason: "paramedic asked for the MAR", requestId: "r-3"),
            at: "2020-02-04T10:01:00Z")
        try read(
            RecordAccessed(
                subject: "u-coord", role: .coordinator, grantId: "G1", action: .timelineRead,
                target: AccessTarget(personId: "P2"), outcome: .allowed),
            at: "2020-02-04T11:00:00Z")
        // Outside the period (the next day in London: BST does not apply in February).
        try read(
            RecordAccessed(
                subject: "u-coord", role: .coordinator, action: .timelineRead, target: AccessTarget(personId: "P1"),
                outcome: .allowed),
            at: "2020-02-06T00:00:00Z")
    }

    func report(_ filter: AccessLog.Filter) throws -> (AccessLog, ReportDocument) {
        let parameters = ProjectionParameters(
            asAt: CareDate(year: 2020, month: 2, day: 5)!, periodStart: CareDate(year: 2020, month: 2, day: 1)!,
            periodEnd: CareDate(year: 2020, month: 2, day: 5)!)
        let (log, context) = try AccessLog.run(filter: filter, parameters: parameters, store: store)
        return (log, AccessReport.document(log, context: context))
    }

    @Test("a person's report lists every read of their record in the period, in log order")
    func personReport() throws {
        try seed()
        let (log, document) = try report(.person("P1"))
        #expect(log.entries.map { $0.read.requestId } == ["r-1", "r-2", "r-3"])
        #expect(document.title == "Access to the record of P1, 2020-02-01 to 2020-02-05")
        #expect(document.provenance.checkpoint.sequence == 5)
        let all = try #require(document.sections.last?.table)
        #expect(all.rows.count == 3)
    }

    @Test("refusals and break-glass reads are listed again on their own, flagged, with the reason given")
    func flagged() throws {
        try seed()
        let (_, document) = try report(.person("P1"))
        let flagged = try #require(document.sections.first { $0.heading == AccessReport.flaggedHeading }?.table)
        let flagColumn = try #require(flagged.columns.firstIndex { $0.key == "flag" })
        let reasonColumn = try #require(flagged.columns.firstIndex { $0.key == "reason" })
        #expect(
            flagged.rows.map { $0[flagColumn] } == [
                .code("refused", label: "REFUSED"), .code("breakGlass", label: "BREAK GLASS"),
            ])
        #expect(flagged.rows[1][reasonColumn] == .text("paramedic asked for the MAR"))
        let summary = try #require(document.sections.first?.table)
        #expect(
            summary.rows.first { $0.first == .text("u-other") } == [
                .text("u-other"), .integer(1), .integer(1), .integer(1),
            ])
    }

    @Test("a subject's report lists what that subject read, across people")
    func subjectReport() throws {
        try seed()
        let (log, _) = try report(.subject("u-coord"))
        #expect(log.entries.map { $0.read.target.personId } == ["P1", "P2"])
    }

    @Test("every format renders, and the same log gives the same bytes")
    func formats() throws {
        try seed()
        for format in ReportFormat.allCases {
            let first = ReportRenderer().render(try report(.person("P1")).1, as: format)
            let again = ReportRenderer().render(try report(.person("P1")).1, as: format)
            #expect(first == again)
            // The .docx package is zipped text: its document part holds the reason too.
            if !format.isBinary {
                #expect(String(decoding: first, as: UTF8.self).contains("paramedic asked for the MAR"), "\(format)")
            }
        }
    }
}
