import CarelogOperations
import EventLog
import TestSupport
import Testing

/// The import with chunks in flight (``EventImporter/chunksInFlight``): a chunk whose append fails stops the import with the
/// chunks before it in the store and nothing of it or after it.
@Suite struct EventImporterPipelineTests {
    /// Seven valid lines: in chunks of two, lines 1–2, 3–4, 5–6 and 7.
    let input = Array(
        Fixture.ndjson([
            Fixture.serviceStarted, Fixture.staffJoined, Fixture.visitScheduled, Fixture.checkedIn,
            Fixture.checkedOut, Fixture.visit2Scheduled, Fixture.visit2CheckedIn,
        ]).utf8)

    @Test func aChunkWhoseAppendFailsLeavesExactlyTheChunksBeforeIt() {
        let base = InMemoryEventStore(storeID: "test", clock: { CLIHarness.fixedClock })
        let store = FailingAppendStore(base: base, failingAppend: 2)
        let importer = EventImporter(chunkSize: 2)
        var message: String?
        do {
            _ = try importer.run(input, into: store, now: CLIHarness.fixedClock)
        } catch {
            guard case .storeOrIO(let text) = error else {
                Issue.record("expected a store error, got \(error)")
                return
            }
            message = text
        }
        #expect(message?.contains("nothing from lines 3–4 was appended") == true)
        #expect(message?.contains("(lines 1–2 are in the store: 2 appended, 0 already recorded;") == true)
        // The third chunk may have been handed over, but it was never asked of the store.
        #expect(store.appendsAsked == 2)
        #expect((try? base.checkpoint().sequence) == 2)
    }

    @Test func everyChunkIsAppendedInOrderWithSeveralInFlight() throws {
        let store = InMemoryEventStore(storeID: "test", clock: { CLIHarness.fixedClock })
        let summary = try EventImporter(chunkSize: 2).run(input, into: store, now: CLIHarness.fixedClock)
        #expect(summary.description == "imported 7 events (sequences 1–7), 0 already recorded")
        #expect(summary.chunks == 4)
        var streams: [String] = []
        try store.read(EventSelection()) { streams.append($0.stream.rawValue) }
        #expect(
            streams == [
                "person/P001", "staff/S001", "visit/V001", "visit/V001", "visit/V001", "visit/V002", "visit/V002",
            ])
    }
}
