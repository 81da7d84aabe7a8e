import CareRecord
import EventLog
import Foundation
import SourceImport
import Testing

/// `Tools/ecm_generate.py` (the generator behind `Tools/ecm-memory.sh`'s 200 MB measurement),
/// run small: every generated row imports, in chunks.
@Suite struct GeneratedExportTests {
    @Test func generatedExportImportsEveryRow() throws {
        let directory = NSTemporaryDirectory() + "carelog-ecm-generate-" + UUID().uuidString
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let script = examplesDirectory.deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("Tools/ecm_generate.py").path
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", script, "--rows", "200", "--people", "20", "--carers", "5", directory]
        try process.run()
        process.waitUntilExit()
        try #require(process.terminationStatus == 0)

        let store = InMemoryEventStore(storeID: "generated", clock: { testNow })
        let base = Array(try Data(contentsOf: URL(fileURLWithPath: directory + "/base.ndjson")))
        var planner = ImportPlanner(
            validator: EventValidator(now: testNow), lookup: EventStoreReferenceLookup(store: store))
        for chunk in try planner.plan(NDJSONReader.readAll(base).lines) { _ = try store.append(chunk.batch) }
        let csv = try String(contentsOfFile: directory + "/ecm.csv", encoding: .utf8)
        let summary = try importCSV(csv, mapping: try ecmMapping(), into: store, chunk: 50)
        #expect(summary.problems.isEmpty, "\(summary.problems.prefix(3))")
        #expect(summary.rows == 200)
        // 200 visits, a check-in and check-out per carer: every tenth visit has two carers.
        #expect(summary.counts["VisitScheduled"]?.new == 200)
        #expect(summary.counts["VisitCheckedIn"]?.new == 220 && summary.counts["VisitCheckedOut"]?.new == 220)
        #expect(summary.appended == 640)
    }
}
