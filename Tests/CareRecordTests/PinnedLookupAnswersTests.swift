import CareRecord
import EventLog
import Synchronization
import TestSupport
import Testing

/// A store that counts the stream versions and stream reads it is asked for.
final class ReadCountingStore: InMemoryStoreWrapper {
    let base: InMemoryEventStore
    private let versionsAsked = Mutex<[StreamName: Int]>([:])
    private let readsAsked = Mutex(0)

    init(base: InMemoryEventStore) { self.base = base }

    func append(_ batch: AppendBatch) throws(EventStoreError) -> AppendResult { try base.append(batch) }

    func currentVersion(of stream: StreamName, knownAt: KnownAt) throws(EventStoreError) -> UInt32 {
        versionsAsked.withLock { $0[stream, default: 0] += 1 }
        return try base.currentVersion(of: stream, knownAt: knownAt)
    }

    func read(_ selection: EventSelection, _ visit: (RecordedEvent) throws -> Void) throws {
        readsAsked.withLock { $0 += 1 }
        try base.read(selection, visit)
    }

    /// How often the version of `stream` was read from the store.
    func versionReads(of stream: StreamName) -> Int { versionsAsked.withLock { $0[stream] ?? 0 } }
    /// How many reads of events the store served.
    var reads: Int { readsAsked.withLock { $0 } }
}

@Suite("A lookup pinned at a sequence reads each stream that lines refer to once")
struct PinnedLookupAnswersTests {
    /// A store holding `count` members of staff, each one event.
    func storeWithStaff(_ count: Int) throws -> (ReadCountingStore, [StreamName]) {
        let store = ReadCountingStore(base: makeStore())
        let staff = (1...count).map { StreamName("staff/S\($0)")! }
        var planner = ImportPlanner(validator: validator, lookup: EventStoreReferenceLookup(store: store))
        let lines = staff.enumerated().map { index, stream in
            EventLine(
                line: index + 1, stream: stream, event: sample("StaffJoined").event,
                occurredAt: instant("2020-02-03T08:00:00Z"), actor: "system/hr")
        }
        for chunk in try planner.plan(lines) { _ = try store.append(chunk.batch) }
        return (store, staff)
    }

    @Test("streams the log holds are read once, however many new streams are asked about between")
    func referencedStreamsAreReadOnce() throws {
        let (store, staff) = try storeWithStaff(20)
        let lookup = EventStoreReferenceLookup(store: store).pinned(at: try store.checkpoint().sequence)
        for round in 0..<5 {
            for (index, member) in staff.enumerated() {
                #expect(try lookup.currentVersion(of: member) == 1)
                // A new visit between each: asked about once, it is not in the log.
                #expect(try lookup.currentVersion(of: StreamName("visit/V\(round)-\(index)")!) == 0)
                _ = try lookup.facts(of: member)
            }
        }
        for member in staff { #expect(store.versionReads(of: member) == 1) }
        #expect(store.reads == staff.count)
    }

    @Test("the answers kept are those the pinned log gives, whatever is appended after the pin")
    func answersStayThoseOfThePin() throws {
        let (store, staff) = try storeWithStaff(3)
        let head = try store.checkpoint().sequence
        let lookup = EventStoreReferenceLookup(store: store).pinned(at: head)
        #expect(try lookup.currentVersion(of: staff[0]) == 1)
        var planner = ImportPlanner(validator: validator, lookup: EventStoreReferenceLookup(store: store))
        let left = EventLine(
            line: 1, stream: staff[0], event: sample("StaffLeft").event,
            occurredAt: instant("2020-03-03T08:00:00Z"), actor: "system/hr")
        for chunk in try planner.plan([left]) { _ = try store.append(chunk.batch) }
        #expect(try lookup.currentVersion(of: staff[0]) == 1)
        #expect(try EventStoreReferenceLookup(store: store).currentVersion(of: staff[0]) == 2)
    }

    @Test("a stream read whole answers as the pin gives it, before and after many others are asked about")
    func streamsReadWholeStayRight() throws {
        let (store, staff) = try storeWithStaff(10)
        let lookup = EventStoreReferenceLookup(store: store).pinned(at: try store.checkpoint().sequence)
        #expect(try lookup.currentVersion(of: staff[0]) == 1)
        #expect(try lookup.recordedFacts(in: staff[0]).map(\.version) == [1])
        for member in staff.dropFirst() { _ = try lookup.recordedFacts(in: member) }
        #expect(try lookup.currentVersion(of: staff[0]) == 1)
        #expect(try lookup.recordedFacts(in: staff[0]).map(\.version) == [1])
    }
}
