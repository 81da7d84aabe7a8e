import CareRecord
import EventLog
import Foundation
import SourceImport
import Testing

/// A dry run with a chunk size forgets what it planned, as the real import does, and still counts
/// exactly what the real import does.
@Suite struct ChunkedDryRunTests {
    /// The dry run of `csv` with chunks of `chunk` rows appended to a scratch store, and the
    /// number of events the scratch store then holds.
    static func dryRun(_ csv: String, into store: any EventStore, chunk: Int) throws -> (MappedImport.Summary, UInt64) {
        let mapping = try ecmMapping()
        let scratch = InMemoryEventStore(storeID: "scratch", clock: { testNow })
        var reader = try CSVSourceReader(stream: InputStream(data: Data(csv.utf8)), mapping: mapping)
        var importer = MappedImport(mapping: mapping, chunkSize: chunk, dryRun: true)
        importer.dryRunScratch = scratch
        let summary = try importer.run(&reader, into: store, now: testNow)
        return (summary, try scratch.checkpoint().sequence)
    }

    /// What a summary says, as text: rows, counts, corrections, vanished records and problems.
    static func said(_ summary: MappedImport.Summary) -> [String] {
        ["\(summary.rows) rows"] + summary.countLines + summary.corrections.map(\.description)
            + summary.vanished.map(\.description) + summary.problems.map(\.description)
    }

    /// An ECM row with another planned duration (a changed fact).
    static func changed(_ row: String) -> String {
        row.replacingOccurrences(of: " 09:00,30,1,", with: " 09:00,45,1,")
    }

    @Test func chunkedDryRunCountsEqualTheImportOfOverlappingWeeklyExports() throws {
        let store = try seededStore()
        var forgotten = false
        for week in 0..<8 {
            var rows = ((week * 7)..<((week + 3) * 7)).map(OverlappingExportTests.row)
            // Rows repeated later in the same export: already recorded within the file, once the
            // planner has forgotten them.
            rows.append(rows[2])
            rows.append(rows[9])
            // A row of the overlap changed: a correction of what an earlier export recorded.
            if week > 0 { rows.append(Self.changed(rows[4])) }
            // A row of this export changed further down: a contradiction of an earlier row of the
            // same file, refused as the real import refuses it.
            if week == 5 { rows.append(Self.changed(rows[17])) }
            let csv = OverlappingExportTests.header + rows.joined()
            let head = try store.checkpoint().sequence
            let (dry, scratchEvents) = try Self.dryRun(csv, into: store, chunk: 3)
            #expect(try store.checkpoint().sequence == head, "the dry run appended to the store")
            #expect(scratchEvents > 0, "the dry run did not use its scratch store")
            let real = try importCSV(csv, mapping: try ecmMapping(), into: store, chunk: 3)
            #expect(Self.said(dry) == Self.said(real), "week \(week)")
            #expect(dry.appended == 0)
            if dry.counts.values.contains(where: { $0.alreadyRecorded > 0 }) { forgotten = true }
            if week > 0 { #expect(!real.corrections.isEmpty, "week \(week)") }
            if week == 5 { #expect(!real.problems.isEmpty) }
        }
        #expect(forgotten)
    }

    @Test func chunkedDryRunCountsRowsRepeatedAcrossChunksAsTheImportDoes() throws {
        let store = try seededStore()
        let rows = (0..<21).map(OverlappingExportTests.row)
        let csv = OverlappingExportTests.header + (rows + rows.prefix(7)).joined()
        let (dry, _) = try Self.dryRun(csv, into: store, chunk: 2)
        let unbounded = try importCSV(csv, mapping: try ecmMapping(), into: store, dryRun: true, chunk: 2)
        let real = try importCSV(csv, mapping: try ecmMapping(), into: store, chunk: 2)
        #expect(Self.said(dry) == Self.said(real))
        #expect(Self.said(unbounded) == Self.said(real))
        #expect(dry.counts.values.reduce(0) { $0 + $1.alreadyRecorded } > 0)
    }
}
