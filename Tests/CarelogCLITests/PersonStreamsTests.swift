import CareCalendar
import CareRecord
import CarelogOperations
import EventLog
import Foundation
import LMDBEventLog
import Testing

/// A person's timeline across streams finds the streams about them by reading the opening
/// events in place and decoding only a payload that may name them (`AuditWiring.mayName`).
@Suite struct PersonStreamsTests {
    @Test(
        "a payload may name a person unless it has no escape and no run of the id's bytes",
        arguments: [
            (#"{"personId":"P00001","plannedMinutes":30}"#, true),
            (#"{"personId":"P000011","plannedMinutes":30}"#, true),
            (#"{"personId":"P00002","plannedMinutes":30}"#, false),
            (#"{"personId":"P\u00300001"}"#, true),
            (#"{"note":"\n"}"#, true),
            (#"{}"#, false),
            ("P0000", false),
            ("P00001", true),
        ])
    func mayNameNeedsTheIdsBytesOrAnEscape(payload: String, may: Bool) {
        let id = Array("P00001".utf8)
        let bytes = Array(payload.utf8)
        #expect(bytes.withUnsafeBytes { AuditWiring.mayName(id, payload: $0) } == may)
    }

    @Test("the streams about each person read in place are those a read through envelopes finds")
    func streamsReadInPlaceEqualThoseReadThroughEnvelopes() throws {
        let cli = CLIHarness()
        let path = try ExtractTrustTests.demo(cli, people: 8)
        let store = try LMDBEventStore(path: path)
        let plain = EnvelopesOnly(store)
        let head = KnownAt.sequence(try store.checkpoint().sequence)
        var found = 0
        for number in 1...9 {
            let personId = "P" + String(repeating: "0", count: 4) + String(number)
            let own = try #require(StreamName(kind: "person", id: personId))
            let inPlace = try AuditWiring.streams(of: personId, own: own, cut: head, store: store)
            let read = try AuditWiring.streams(of: personId, own: own, cut: head, store: plain)
            #expect(inPlace == read, "\(personId)")
            found += inPlace.count
        }
        #expect(found > 9 * 2, "the people's visits were found")
    }
}

/// A store that hands out its events only through envelopes (no ``BorrowedEventReading``).
private final class EnvelopesOnly: EventStore, @unchecked Sendable {
    let store: any EventStore
    init(_ store: any EventStore) { self.store = store }
    var storeID: String { store.storeID }
    func append(_ batch: AppendBatch) throws(EventStoreError) -> AppendResult { try store.append(batch) }
    func read(_ selection: EventSelection, _ visit: (RecordedEvent) throws -> Void) throws {
        try store.read(selection, visit)
    }
    func currentVersion(of stream: StreamName, knownAt: KnownAt) throws(EventStoreError) -> UInt32 {
        try store.currentVersion(of: stream, knownAt: knownAt)
    }
    func checkpoint(knownAt: KnownAt) throws(EventStoreError) -> Checkpoint { try store.checkpoint(knownAt: knownAt) }
    func verify(against checkpoint: Checkpoint?) throws(EventStoreError) -> VerificationReport {
        try store.verify(against: checkpoint)
    }
}
