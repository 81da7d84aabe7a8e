import EventLog
import Foundation
import LMDBEventLog
import Testing

/// `readBorrowed` hands out events in place (LMDB's pages, inside the read transaction) for the
/// projection runner; it must visit exactly what `read` visits.
@Suite("Borrowed reads")
struct BorrowedReadTests {
    /// Every event `readBorrowed` visits for `selection`, copied out, and how often `end` ran
    /// (and after how many events).
    private func borrowed(_ store: LMDBEventStore, _ selection: EventSelection) throws -> (
        events: [RecordedEvent], ends: [(count: Int, completed: Bool)]
    ) {
        var events: [RecordedEvent] = []
        var ends: [(count: Int, completed: Bool)] = []
        try store.readBorrowed(
            selection, { events.append(try $0.recorded()) }, end: { ends.append((events.count, $0)) })
        return (events, ends)
    }

    @Test("a borrowed read visits the same events as read, indexed, in the tail or split between them")
    func sameEventsAsRead() throws {
        var rng = SeededGenerator(state: 13)
        let types = ["ServiceStarted", "ReviewHeld", "VisitScheduled", "MedicationRecorded"]
        let appends: [[ProposedEvent]] = (0..<40).map { _ in
            (0..<Int.random(in: 1...4, using: &rng)).map { _ in
                var proposed = event(
                    "person/P\(Int.random(in: 0..<6, using: &rng))", types.randomElement(using: &rng)!,
                    at: Int64.random(in: 0...1_000_000, using: &rng), payload: #"{"n":1}"#)
                if Bool.random(using: &rng) { proposed.correlationID = "c-\(Int.random(in: 0..<99, using: &rng))" }
                return proposed
            }
        }
        let total = UInt64(appends.joined().count)
        for batch in [1, 7, 1024] {
            let path = temporaryDirectory()
            defer { cleanUp(path) }
            let clock = ManualClock()
            let store = try LMDBEventStore.create(at: path, clock: clock.read, indexBatch: batch)
            for events in appends {
                try store.append(events)
                clock.advance(milliseconds: 1000)
            }
            var selections: [EventSelection] = [EventSelection()]
            for wanted in [["ReviewHeld"], ["ServiceStarted", "VisitScheduled", "MedicationRecorded"], ["Unknown"]] {
                selections.append(.types(Set(wanted)))
            }
            var variants: [EventSelection] = []
            for s in selections {
                for from in [nil, 2, total / 3, total - 2] as [UInt64?] {
                    var v = s
                    v.fromSequence = from
                    variants.append(v)
                    variants.append(v.known(at: .sequence(total / 2)))
                    var limited = v
                    limited.limit = 3
                    variants.append(limited)
                    var window = v
                    window.occurredFrom = Timestamp(millisecondsSinceEpoch: 250_000)
                    window.occurredBefore = Timestamp(millisecondsSinceEpoch: 750_000)
                    variants.append(window)
                }
            }
            for selection in variants {
                let reference = try store.events(selection)
                let (events, ends) = try borrowed(store, selection)
                #expect(events == reference, "index batch \(batch): \(selection)")
                #expect(ends.map(\.count) == [reference.count], "end runs once, after the last event")
                #expect(ends.map(\.completed) == [true])
            }
        }
    }

    @Test("a read by types steps over the log or merges the type index, and keeps what a filter of the whole log keeps")
    func typesReadMatchesAFilteredLog() throws {
        // Nine events in ten of one type: a selection of it (or of it and another) is read by
        // stepping one cursor over the log; a selection of the rare types merges the type index.
        var rng = SeededGenerator(state: 29)
        let appends: [[ProposedEvent]] = (0..<60).map { _ in
            (0..<Int.random(in: 1...5, using: &rng)).map { _ in
                let roll = Int.random(in: 0..<20, using: &rng)
                let type = roll < 18 ? "VisitCheckedIn" : roll == 18 ? "ReviewHeld" : "StaffJoined"
                return event(
                    "person/P\(Int.random(in: 0..<6, using: &rng))", type,
                    at: Int64.random(in: 0...1_000_000, using: &rng), payload: #"{"n":1}"#)
            }
        }
        let total = UInt64(appends.joined().count)
        for batch in [1, 16, 1024] {
            let path = temporaryDirectory()
            defer { cleanUp(path) }
            let store = try LMDBEventStore.create(at: path, indexBatch: batch)
            for events in appends { try store.append(events) }
            let log = try store.events(EventSelection())
            #expect(log.count == Int(total))
            for wanted in [
                ["VisitCheckedIn"], ["VisitCheckedIn", "StaffJoined"], ["ReviewHeld"], ["ReviewHeld", "Unknown"],
            ] {
                for from in [nil, 2, total / 3, total - 1] as [UInt64?] {
                    for cut in [total, total / 2] {
                        var selection = EventSelection.types(Set(wanted)).known(at: .sequence(cut))
                        selection.fromSequence = from
                        let expected = log.filter {
                            wanted.contains($0.type) && $0.sequence >= (from ?? 1) && $0.sequence <= cut
                        }
                        #expect(
                            try store.events(selection) == expected,
                            "batch \(batch), \(wanted), from \(String(describing: from)), cut \(cut)")
                        #expect(try borrowed(store, selection).events == expected)
                    }
                }
            }
        }
    }

    @Test("a borrowed read refuses a stream or backward selection instead of reading something else")
    func refusesOtherSelections() throws {
        let path = temporaryDirectory()
        defer { cleanUp(path) }
        let store = try LMDBEventStore.create(at: path)
        try store.append([event("person/P1")])
        var backward = EventSelection()
        backward.direction = .backward
        for selection in [EventSelection.stream(stream("person/P1")), backward] {
            #expect(throws: EventStoreError.self) { _ = try borrowed(store, selection) }
        }
    }
}
