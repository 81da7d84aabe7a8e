import EventLog
import Testing

/// The contract every ``EventStore`` keeps; each test runs against the in-memory store and
/// the LMDB store. Invariant numbers refer to `Docs/storage.md`.
@Suite("Event store contract")
struct EventStoreContractTests {
    @Test(
        "sequence numbers are 1, 2, 3… and stream versions count per stream (invariants 1, 2)",
        arguments: StoreKind.allCases)
    func positionsAreGapFree(kind: StoreKind) throws {
        let (store, cleanup) = try kind.make()
        defer { cleanup() }
        let first = try store.append([event("person/A"), event("person/B"), event("person/A")])
        let second = try store.append([event("person/B")])
        #expect(first.positions.map(\.sequence) == [1, 2, 3])
        #expect(first.positions.map(\.streamVersion) == [1, 1, 2])
        #expect(second.positions == [EventPosition(sequence: 4, stream: stream("person/B"), streamVersion: 2)])
        #expect(try store.currentVersion(of: stream("person/A"), knownAt: .head) == 2)
        #expect(try store.currentVersion(of: stream("person/Z"), knownAt: .head) == 0)
    }

    @Test(
        "a conflict rejects the whole batch, names the stream and versions, and writes nothing",
        arguments: StoreKind.allCases)
    func conflictRejectsWholeBatch(kind: StoreKind) throws {
        let (store, cleanup) = try kind.make()
        defer { cleanup() }
        try store.append([event("person/A"), event("person/A")])
        let batch = AppendBatch(
            events: [event("person/B"), event("person/A")],
            expectedVersions: [stream("person/B"): .noStream, stream("person/A"): .exactly(1)])
        #expect(throws: EventStoreError.conflict(stream: stream("person/A"), expected: .exactly(1), actual: 2)) {
            try store.append(batch)
        }
        #expect(try store.checkpoint().sequence == 2)
        #expect(try store.currentVersion(of: stream("person/B"), knownAt: .head) == 0)
    }

    @Test("expected versions: no stream, exactly N and any", arguments: StoreKind.allCases)
    func expectedVersions(kind: StoreKind) throws {
        let (store, cleanup) = try kind.make()
        defer { cleanup() }
        let a = stream("complaint/C-1")
        _ = try store.append(AppendBatch(events: [event("complaint/C-1")], expectedVersions: [a: .noStream]))
        #expect(throws: EventStoreError.conflict(stream: a, expected: .noStream, actual: 1)) {
            _ = try store.append(AppendBatch(events: [event("complaint/C-1")], expectedVersions: [a: .noStream]))
        }
        _ = try store.append(AppendBatch(events: [event("complaint/C-1")], expectedVersions: [a: .exactly(1)]))
        _ = try store.append(AppendBatch(events: [event("complaint/C-1")], expectedVersions: [a: .any]))
        #expect(try store.currentVersion(of: a, knownAt: .head) == 3)
    }

    @Test(
        "re-appending with a used idempotency key returns the first positions and writes nothing",
        arguments: StoreKind.allCases)
    func idempotentRetry(kind: StoreKind) throws {
        let (store, cleanup) = try kind.make()
        defer { cleanup() }
        let batch = AppendBatch(events: [event("person/A"), event("person/B")], idempotencyKey: "import-1/chunk-0")
        let first = try store.append(batch)
        try store.append([event("person/C")])
        let again = try store.append(batch)
        #expect(again.wasAlreadyAppended)
        #expect(!first.wasAlreadyAppended)
        #expect(again.positions == first.positions)
        #expect(try store.checkpoint().sequence == 3)
        let changed = AppendBatch(events: [event("person/A", payload: #"{"x":1}"#)], idempotencyKey: "import-1/chunk-0")
        #expect(throws: EventStoreError.idempotencyKeyReused(key: "import-1/chunk-0")) { try store.append(changed) }
        #expect(try store.events().allSatisfy { $0.sequence == 3 || $0.idempotencyKey == "import-1/chunk-0" })
    }

    @Test("an event over the size limit is refused and nothing of its batch is written", arguments: StoreKind.allCases)
    func oversizedEventRejected(kind: StoreKind) throws {
        let (store, cleanup) = try kind.make()
        defer { cleanup() }
        let huge = ProposedEvent(
            stream: stream("person/A"), type: "NoteRecorded", occurredAt: Timestamp(millisecondsSinceEpoch: 0),
            actor: "a",
            payload: [UInt8](repeating: 0x20, count: EventRecordCodec.maximumPayloadSize + 1))
        #expect(throws: EventStoreError.self) { try store.append([event("person/A"), huge]) }
        #expect(try store.checkpoint().sequence == 0)
    }

    @Test(
        "reads go forward and backward from a position, by stream from a version, and by type",
        arguments: StoreKind.allCases)
    func reads(kind: StoreKind) throws {
        let (store, cleanup) = try kind.make()
        defer { cleanup() }
        try store.append([
            event("person/A", "ServiceStarted"), event("visit/V1", "VisitScheduled"), event("person/A", "ReviewHeld"),
            event("visit/V1", "VisitCheckedIn"), event("person/B", "ServiceStarted"), event("person/A", "ReviewHeld"),
        ])
        var forward = EventSelection()
        forward.fromSequence = 3
        #expect(try store.events(forward).map(\.sequence) == [3, 4, 5, 6])
        var backward = EventSelection()
        backward.direction = .backward
        backward.fromSequence = 4
        backward.limit = 3
        #expect(try store.events(backward).map(\.sequence) == [4, 3, 2])
        #expect(try store.events(.stream(stream("person/A"), fromVersion: 2)).map(\.sequence) == [3, 6])
        var streamBackward = EventSelection.stream(stream("person/A"))
        streamBackward.direction = .backward
        #expect(try store.events(streamBackward).map(\.sequence) == [6, 3, 1])
        #expect(try store.events(.types(["ServiceStarted", "VisitCheckedIn"])).map(\.sequence) == [1, 4, 5])
        var typesBackward = EventSelection.types(["ServiceStarted", "ReviewHeld"])
        typesBackward.direction = .backward
        #expect(try store.events(typesBackward).map(\.sequence) == [6, 5, 3, 1])
        #expect(try store.events(.types(["NoSuchType"])).isEmpty)
    }

    @Test("as known at a sequence or a recordedAt instant, later events are invisible", arguments: StoreKind.allCases)
    func knownAt(kind: StoreKind) throws {
        let clock = ManualClock()
        let (store, cleanup) = try kind.make(clock: clock)
        defer { cleanup() }
        try store.append([event("person/A"), event("person/A")])
        let boardMeeting = clock.current
        clock.advance(milliseconds: 60_000)
        try store.append([event("person/A", "EntryCorrected")])
        #expect(try store.events(EventSelection().known(at: .sequence(1))).map(\.sequence) == [1])
        #expect(try store.events(EventSelection().known(at: .recordedAt(boardMeeting))).map(\.sequence) == [1, 2])
        #expect(try store.events(EventSelection.types(["EntryCorrected"]).known(at: .recordedAt(boardMeeting))).isEmpty)
        #expect(try store.events(EventSelection.stream(stream("person/A")).known(at: .sequence(2))).count == 2)
        #expect(try store.currentVersion(of: stream("person/A"), knownAt: .recordedAt(boardMeeting)) == 2)
        #expect(try store.checkpoint(knownAt: .recordedAt(boardMeeting)).sequence == 2)
        #expect(try store.checkpoint(knownAt: .recordedAt(Timestamp(millisecondsSinceEpoch: 0))).sequence == 0)
    }

    @Test("occurredAt (valid time) filters reads independently of recording order", arguments: StoreKind.allCases)
    func validTimeFilter(kind: StoreKind) throws {
        let (store, cleanup) = try kind.make()
        defer { cleanup() }
        try store.append([event("person/A", at: 3000), event("person/A", at: 1000), event("person/A", at: 2000)])
        var selection = EventSelection()
        selection.occurredFrom = Timestamp(millisecondsSinceEpoch: 1500)
        selection.occurredBefore = Timestamp(millisecondsSinceEpoch: 3000)
        #expect(try store.events(selection).map(\.sequence) == [3])
    }

    @Test("recordedAt never goes backwards, even when the clock does", arguments: StoreKind.allCases)
    func recordedAtMonotonic(kind: StoreKind) throws {
        let clock = ManualClock()
        let (store, cleanup) = try kind.make(clock: clock)
        defer { cleanup() }
        try store.append([event("person/A")])
        clock.advance(milliseconds: -3_600_000)
        try store.append([event("person/A")])
        let times = try store.events().map(\.recordedAt)
        #expect(times[1] >= times[0])
    }

    @Test(
        "verify passes on a sound log and against its own checkpoint; a foreign checkpoint fails",
        arguments: StoreKind.allCases)
    func verifyAndCheckpoints(kind: StoreKind) throws {
        let (store, cleanup) = try kind.make()
        defer { cleanup() }
        try store.append([event("person/A"), event("person/B")])
        let checkpoint = try store.checkpoint()
        try store.append([event("person/A")])
        let report = try store.verify(against: checkpoint)
        #expect(report.isValid, "\(report.problems)")
        #expect(report.eventsChecked == 3)
        let head = try store.checkpoint()
        #expect(report.head.sequence == head.sequence && report.head.headHash == head.headHash)
        var foreign = checkpoint
        foreign.storeID = "another-store"
        #expect(try store.verify(against: foreign).problems.map(\.kind) == [.checkpoint])
        var future = checkpoint
        future.sequence = 99
        #expect(try store.verify(against: future).problems.map(\.kind) == [.checkpoint])
        var altered = checkpoint
        altered.headHash = EventHash(hex: String(repeating: "ab", count: 32))!
        #expect(try store.verify(against: altered).firstBadSequence == 2)
    }

    @Test(
        "random batches keep every invariant: gap-free positions, consistent indexes, a verifying chain",
        arguments: StoreKind.allCases)
    func randomBatchesKeepInvariants(kind: StoreKind) throws {
        let (store, cleanup) = try kind.make()
        defer { cleanup() }
        var rng = SeededGenerator(state: 20_240_101)
        let streams = (0..<12).map { "person/P\($0)" }
        let types = ["ServiceStarted", "ReviewHeld", "VisitScheduled", "MedicationRecorded"]
        var accepted = 0
        var conflicts = 0
        for _ in 0..<60 {
            let size = Int.random(in: 1...8, using: &rng)
            let batchEvents = (0..<size).map { _ in
                event(
                    streams.randomElement(using: &rng)!, types.randomElement(using: &rng)!,
                    at: Int64.random(in: 0...1_000_000, using: &rng))
            }
            var expectations: [StreamName: ExpectedVersion] = [:]
            if Bool.random(using: &rng), let target = batchEvents.first?.stream {
                let current = try store.currentVersion(of: target, knownAt: .head)
                expectations[target] = Bool.random(using: &rng) ? .exactly(current) : .exactly(current + 1)
            }
            let outcome = Result { () throws(EventStoreError) in
                _ = try store.append(AppendBatch(events: batchEvents, expectedVersions: expectations))
            }
            switch outcome {
            case .success: accepted += size
            case .failure(.conflict): conflicts += 1
            case .failure(let other): throw other
            }
        }
        let all = try store.events()
        #expect(all.count == accepted)
        #expect(conflicts > 0)
        #expect(all.map(\.sequence) == Array(1...UInt64(accepted)))
        for name in streams {
            let byStream = try store.events(.stream(stream(name)))
            #expect(byStream == all.filter { $0.stream.rawValue == name })
            #expect(
                byStream.map(\.streamVersion)
                    == Array(1...UInt32(max(byStream.count, 1))).prefix(byStream.count).map { $0 })
        }
        for type in types {
            #expect(try store.events(.types([type])) == all.filter { $0.type == type })
        }
        #expect(try store.events(.types(Set(types.prefix(2)))) == all.filter { types.prefix(2).contains($0.type) })
        let report = try store.verify(against: nil)
        #expect(report.isValid, "\(report.problems)")
    }
}
