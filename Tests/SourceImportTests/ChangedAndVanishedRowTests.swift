import CareRecord
import EventLog
import Foundation
import SourceImport
import Testing

/// A later export that changes or drops a row: corrected with the difference shown, or reported.
@Suite struct ChangedAndVanishedRowTests {
    @Test func changedRowBecomesACorrectionOfTheEarlierEntryNamingTheChangedFields() throws {
        let store = try seededStore()
        let csv = try example("ecm-visits.csv")
        _ = try importCSV(csv, mapping: try ecmMapping(), into: store)
        // Visit 700002's planned duration changes from 30 to 40 minutes in the next export.
        let changed = csv.replacingOccurrences(of: "12:30,30,", with: "12:30,40,")
        #expect(changed != csv)
        let dry = try importCSV(changed, mapping: try ecmMapping(), into: store, dryRun: true)
        #expect(dry.problems.isEmpty, "\(dry.problems)")
        #expect(dry.counts["VisitScheduled"]?.corrections == 1)
        #expect(dry.counts["VisitScheduled"]?.alreadyRecorded == 4)
        let correction = try #require(dry.corrections.first)
        #expect(correction.row == 3 && correction.stream == "visit/CM00700002" && correction.version == 1)
        #expect(correction.changedFields == ["data.plannedMinutes"])
        #expect(!correction.description.contains("40"))

        let head = try store.checkpoint().sequence
        let applied = try importCSV(changed, mapping: try ecmMapping(), into: store)
        #expect(applied.appended == 1)
        let last = try #require(try store.events().last)
        #expect(last.type == "EntryCorrected" && last.stream.rawValue == "visit/CM00700002")
        #expect(last.sequence == head + 1)
        // The same changed export again adds nothing: the correction is already recorded.
        let again = try importCSV(changed, mapping: try ecmMapping(), into: store)
        #expect(again.appended == 0 && again.problems.isEmpty)
        #expect(again.counts["VisitScheduled"]?.alreadyRecorded == 5)
    }

    @Test func rowMissingFromALaterExportIsReportedNotDeleted() throws {
        let store = try seededStore()
        let csv = try example("ecm-visits.csv")
        _ = try importCSV(csv, mapping: try ecmMapping(), into: store)
        let head = try store.checkpoint().sequence
        // Lines end in CRLF (one Character in Swift).
        let without = csv.components(separatedBy: "\r\n").filter { !$0.hasPrefix("700003,") }
            .joined(separator: "\r\n")
        #expect(without.count < csv.count)
        let summary = try importCSV(without, mapping: try ecmMapping(), into: store)
        #expect(summary.vanished.map(\.recordId) == ["700003"])
        #expect(summary.vanished.first?.stream == "visit/CM00700003")
        #expect(try store.checkpoint().sequence == head)
    }

    @Test func recordIdsAreComparedAsWrittenNotAsNumbers() throws {
        // `0700003` names the same visit as `700003` (ids are padded) but is another record id:
        // an export holding `700003` no longer holds record `0700003`.
        let store = try seededStore()
        let csv = try example("ecm-visits.csv")
        let zeroed = csv.replacingOccurrences(of: "\r\n700003,", with: "\r\n0700003,")
        #expect(zeroed != csv)
        _ = try importCSV(zeroed, mapping: try ecmMapping(), into: store)
        let head = try store.checkpoint().sequence
        let summary = try importCSV(csv, mapping: try ecmMapping(), into: store)
        #expect(summary.problems.isEmpty, "\(summary.problems)")
        #expect(summary.vanished.map(\.recordId) == ["0700003"])
        #expect(summary.vanished.first?.stream == "visit/CM00700003")
        #expect(try store.checkpoint().sequence == head)
    }
}
