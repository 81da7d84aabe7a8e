import CareRecord
import EventLog
import Testing

/// A lookup pinned at a sequence keeps what it read about its last few streams: its answers
/// are still those of the log at the pin, and the same as a fresh lookup's at that pin.
@Suite("Pinned reference lookup")
struct PinnedReferenceLookupTests {
    private func checkIn(_ stream: StreamName, minute: Int64, line: Int = 1) -> ProposedEvent {
        let at = Timestamp(millisecondsSinceEpoch: 1_580_716_800_000 + minute * 60_000)
        let event = VisitCheckedIn(checkedInAt: at, staffId: "S1", method: .electronic).careEvent
        return EventLine(line: line, stream: stream, event: event, occurredAt: at, actor: "staff/S2").proposedEvent
    }

    private func cancel(_ stream: StreamName) -> ProposedEvent {
        let at = Timestamp(millisecondsSinceEpoch: 1_580_720_000_000)
        let event = VisitCancelled(cancelledAt: at, cancelledBy: .person, reason: .personRequest).careEvent
        return EventLine(line: 1, stream: stream, event: event, occurredAt: at, actor: "staff/S2").proposedEvent
    }

    @Test("answers stay those of the log at the pin after its streams grow, and match a fresh lookup's")
    func keptAnswersAreThoseAtThePin() throws {
        let store = makeStore()
        let streams = try (0..<7).map { try #require(StreamName("visit/V\($0)")) }
        for (index, stream) in streams.enumerated() {
            for minute in 0...Int64(index) { _ = try store.append([checkIn(stream, minute: minute)]) }
        }
        _ = try store.append([cancel(streams[2])])
        let head = try store.checkpoint().sequence
        let pinned = EventStoreReferenceLookup(store: store).pinned(at: head)
        // The recorded facts first (as the planner asks), for more streams than are kept.
        for stream in streams { _ = try pinned.recordedFacts(in: stream) }
        for stream in streams { _ = try store.append([checkIn(stream, minute: 500), cancel(stream)]) }
        for (index, stream) in streams.enumerated() {
            let fresh = EventStoreReferenceLookup(store: store, knownAt: .sequence(head))
            let expectedVersion = UInt32(index + 1) + (index == 2 ? 1 : 0)
            #expect(try pinned.currentVersion(of: stream) == expectedVersion)
            #expect(try pinned.facts(of: stream) == (try fresh.facts(of: stream)))
            #expect(try pinned.facts(of: stream).cancelled == (index == 2))
            #expect(try pinned.recordedFacts(in: stream).map(\.version) == Array(1...expectedVersion))
            #expect(try pinned.currentVersion(of: stream) == (try fresh.currentVersion(of: stream)))
        }
        // A lookup at the head is never kept: it sees the new events.
        let atHead = EventStoreReferenceLookup(store: store)
        #expect(try atHead.currentVersion(of: streams[0]) == 3)
        _ = try store.append([checkIn(streams[0], minute: 600)])
        #expect(try atHead.currentVersion(of: streams[0]) == 4)
    }
}
