import CareRecord
import EventLog
import Foundation
import SourceImport
import Testing

/// The ready ECM mapping imports its example export.
@Suite struct ECMExampleTests {
    @Test func exampleExportImportsEveryVisitWithUKTimesAsUTC() throws {
        let store = try seededStore()
        let csv = try example("ecm-visits.csv")
        let summary = try importCSV(csv, mapping: try ecmMapping(), into: store)
        #expect(summary.problems.isEmpty, "\(summary.problems)")
        #expect(summary.rows == 5)
        #expect(summary.counts["VisitScheduled"]?.new == 5)
        // Visit 700003 is double-handed (two check-ins, two check-outs); 700004 has none yet.
        #expect(summary.counts["VisitCheckedIn"]?.new == 5)
        #expect(summary.counts["VisitCheckedOut"]?.new == 5)
        #expect(summary.appended == 15)

        let facts = try visitFacts(store).filter { $0.hasPrefix("visit/CM") }
        // 10/02/2020 08:00 is GMT: 08:00Z.
        #expect(facts.contains { $0.hasPrefix("visit/CM00700001 VisitScheduled 2020-02-10T08:00:00.000Z") })
        // 15/06/2020 09:05 as an Excel serial is BST: 08:05Z; the ISO planned start keeps its offset.
        #expect(facts.contains { $0.hasPrefix("visit/CM00700005 VisitCheckedIn 2020-06-15T08:05:00.000Z") })
        #expect(facts.contains { $0.hasPrefix("visit/CM00700005 VisitScheduled 2020-06-15T08:00:00.000Z") })
        // A manual check-in carries the translated exception code; client 101 was padded to P000101.
        let manual = try #require(facts.first { $0.hasPrefix("visit/CM00700002 VisitCheckedIn") })
        #expect(manual.contains("\"method\":\"manual\"") && manual.contains("\"exceptionCode\":\"LATEREC\""))
        let scheduled = try #require(facts.first { $0.hasPrefix("visit/CM00700002 VisitScheduled") })
        #expect(scheduled.contains("\"personId\":\"P000101\""))
    }

    @Test func eachEventCarriesTheSourceRecordIdAsItsCorrelationId() throws {
        let store = try seededStore()
        _ = try importCSV(try example("ecm-visits.csv"), mapping: try ecmMapping(), into: store)
        let events = try store.events().filter { $0.stream.rawValue == "visit/CM00700003" }
        #expect(events.count == 5)
        #expect(events.allSatisfy { $0.correlationID == "cm2000:700003" })
    }

    @Test func reimportingTheSameExportAppendsNothingAndCountsItAlreadyRecorded() throws {
        let store = try seededStore()
        let csv = try example("ecm-visits.csv")
        _ = try importCSV(csv, mapping: try ecmMapping(), into: store)
        let head = try store.checkpoint().sequence
        let again = try importCSV(csv, mapping: try ecmMapping(), into: store)
        #expect(again.appended == 0)
        #expect(again.counts["VisitScheduled"]?.alreadyRecorded == 5)
        #expect(again.counts.values.reduce(0) { $0 + $1.new } == 0)
        #expect(try store.checkpoint().sequence == head)
    }

    @Test func dryRunCountsButAppendsNothing() throws {
        let store = try seededStore()
        let head = try store.checkpoint().sequence
        let summary = try importCSV(try example("ecm-visits.csv"), mapping: try ecmMapping(), into: store, dryRun: true)
        #expect(summary.counts["VisitCheckedOut"]?.new == 5)
        #expect(summary.appended == 0)
        #expect(try store.checkpoint().sequence == head)
        #expect(summary.countLines.first == "VisitCheckedIn: 5 new, 0 already recorded, 0 corrections")
    }
}
