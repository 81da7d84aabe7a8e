import EventLog
import Testing

/// Migrated events keep their own `recordedAt`; the store refuses one that decreases, and
/// normal appends afterwards are never recorded earlier than the migrated events.
@Suite("Per-event recordedAt (migration)")
struct MigratedRecordedAtTests {
    func migrated(_ streamName: String, recordedAt ms: Int64) -> ProposedEvent {
        var e = event(streamName)
        e.recordedAt = Timestamp(millisecondsSinceEpoch: ms)
        return e
    }

    @Test("each event of a batch keeps its own recordedAt", arguments: StoreKind.allCases)
    func eachEventKeepsItsTime(kind: StoreKind) throws {
        let clock = ManualClock()
        let (store, cleanup) = try kind.make(clock: clock)
        defer { cleanup() }
        let times: [Int64] = [1_000_000, 2_000_000, 2_000_000, 5_000_000]
        _ = try store.append(AppendBatch(events: times.map { migrated("person/A", recordedAt: $0) }))
        #expect(try store.events().map(\.recordedAt.millisecondsSinceEpoch) == times)
        #expect(try store.verify(against: nil).problems.isEmpty)
        // As known at an instant between two migrated events, only the earlier ones are seen.
        #expect(try store.checkpoint(knownAt: .recordedAt(Timestamp(millisecondsSinceEpoch: 3_000_000))).sequence == 3)
    }

    @Test(
        "a decreasing recordedAt is refused with the event named, and nothing is written", arguments: StoreKind.allCases
    )
    func decreasingIsRefused(kind: StoreKind) throws {
        let (store, cleanup) = try kind.make()
        defer { cleanup() }
        _ = try store.append(AppendBatch(events: [migrated("person/A", recordedAt: 5_000_000)]))
        let batch = AppendBatch(events: [
            migrated("person/B", recordedAt: 6_000_000), migrated("person/B", recordedAt: 4_000_000),
        ])
        #expect(throws: EventStoreError.self) { try store.append(batch) }
        do {
            _ = try store.append(batch)
        } catch let EventStoreError.invalidEvent(index, _) {
            #expect(index == 1)
        }
        let earlier = AppendBatch(events: [migrated("person/B", recordedAt: 4_999_999)])
        #expect(throws: EventStoreError.self) { try store.append(earlier) }
        #expect(try store.checkpoint().sequence == 1)
    }

    @Test("an own recordedAt in the future is refused by the store itself", arguments: StoreKind.allCases)
    func futureIsRefused(kind: StoreKind) throws {
        let clock = ManualClock()
        let (store, cleanup) = try kind.make(clock: clock)
        defer { cleanup() }
        let now = clock.current.millisecondsSinceEpoch
        #expect(throws: EventStoreError.self) {
            try store.append(AppendBatch(events: [migrated("person/A", recordedAt: now + 5 * 60 * 1000 + 1)]))
        }
        _ = try store.append(AppendBatch(events: [migrated("person/A", recordedAt: now + 5 * 60 * 1000)]))
        #expect(try store.checkpoint().sequence == 1)
    }

    @Test(
        "after a migration, normal appends are never recorded earlier than the migrated events",
        arguments: StoreKind.allCases)
    func normalAppendsFollow(kind: StoreKind) throws {
        let clock = ManualClock()
        let (store, cleanup) = try kind.make(clock: clock)
        defer { cleanup() }
        let late = clock.current.millisecondsSinceEpoch + 240_000
        _ = try store.append(AppendBatch(events: [migrated("person/A", recordedAt: late)]))
        clock.advance(milliseconds: -3_600_000)
        try store.append([event("person/A")])
        let times = try store.events().map(\.recordedAt.millisecondsSinceEpoch)
        #expect(times == [late, late])
    }

    @Test("a batch planned at a head is refused once another writer has appended", arguments: StoreKind.allCases)
    func expectedHead(kind: StoreKind) throws {
        let (store, cleanup) = try kind.make()
        defer { cleanup() }
        try store.append([event("person/A")])
        #expect(throws: EventStoreError.headMoved(expected: 0, actual: 1)) {
            try store.append(AppendBatch(events: [event("person/B")], expectedHead: 0))
        }
        #expect(
            try store.append(AppendBatch(events: [event("person/B")], expectedHead: 1)).positions.first?.sequence == 2)
    }
}
