import CareCalendar
import CareRecord
import DemoPartnership
import EventLog
import Foundation
import LMDBEventLog
import Projections
import Testing

/// A store seen only through ``EventStore``: the runner reads it through envelopes and hands
/// every fold whole events.
final class WholeEventStore: EventStore {
    let inner: any EventStore
    init(_ inner: any EventStore) { self.inner = inner }

    var storeID: String { inner.storeID }
    func append(_ batch: AppendBatch) throws(EventStoreError) -> AppendResult { try inner.append(batch) }
    func read(_ selection: EventSelection, _ visit: (RecordedEvent) throws -> Void) throws {
        try inner.read(selection, visit)
    }
    func currentVersion(of stream: StreamName, knownAt: KnownAt) throws(EventStoreError) -> UInt32 {
        try inner.currentVersion(of: stream, knownAt: knownAt)
    }
    func checkpoint(knownAt: KnownAt) throws(EventStoreError) -> Checkpoint { try inner.checkpoint(knownAt: knownAt) }
    func verify(against checkpoint: Checkpoint?) throws(EventStoreError) -> VerificationReport {
        try inner.verify(against: checkpoint)
    }
}

@Suite("Folds read lean from the store in place")
struct LeanFoldTests {
    @Test(
        "compliance and the RAG table read lean in place (only the fields they name) equal the same reports from whole events",
        arguments: [UInt64(1), 2])
    func leanReportsEqualWholeReports(seed: UInt64) throws {
        let configuration = DemoConfiguration(seed: seed, people: 8, months: 4)
        let directory = NSTemporaryDirectory() + "carelog-lean-\(UUID().uuidString)"
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let store = try LMDBEventStore.create(at: directory + "/store")
        _ = try DemoBuilder(configuration: configuration).build(into: store)
        let whole = WholeEventStore(store)
        #expect(Compliance.reads != .everything)
        var windows: [ProjectionParameters] = [
            ProjectionParameters(
                asAt: configuration.lastDay, periodStart: configuration.startDate, periodEnd: configuration.lastDay)
        ]
        for month in 0..<4 {
            let start = configuration.startDate.adding(months: month)
            let end = start.adding(months: 1).adding(days: -1)
            windows.append(ProjectionParameters(asAt: end, periodStart: start, periodEnd: end))
        }
        for parameters in windows {
            let lean = try ProjectionRunner.run(Compliance.self, parameters: parameters, store: store).output
            let full = try ProjectionRunner.run(Compliance.self, parameters: parameters, store: whole).output
            #expect(lean == full, "\(parameters.period)")
            #expect(full.service.visitsOnTime.denominator > 0)
        }
        let quarter = Quarter.containing(configuration.lastDay)
        let parameters = windows[0]
        let leanTable = try ImprovementRAGTable.runWithComplianceIndicators(
            programmeId: nil, quarter: quarter, parameters: parameters, store: store)
        let wholeTable = try ImprovementRAGTable.runWithComplianceIndicators(
            programmeId: nil, quarter: quarter, parameters: parameters, store: whole)
        #expect(leanTable.table == wholeTable.table)
    }
}
