import CareCalendar
import CareRecord
import DemoPartnership
import EventLog
import Projections
import Synchronization
import Testing

/// A store that counts the events its reads hand out.
final class CountingStore: EventStore {
    let inner: InMemoryEventStore
    let reads = Mutex(0)

    init(_ inner: InMemoryEventStore) { self.inner = inner }

    var storeID: String { inner.storeID }
    func append(_ batch: AppendBatch) throws(EventStoreError) -> AppendResult { try inner.append(batch) }
    func read(_ selection: EventSelection, _ visit: (RecordedEvent) throws -> Void) throws {
        try inner.read(selection) { event in
            reads.withLock { $0 += 1 }
            try visit(event)
        }
    }
    func currentVersion(of stream: StreamName, knownAt: KnownAt) throws(EventStoreError) -> UInt32 {
        try inner.currentVersion(of: stream, knownAt: knownAt)
    }
    func checkpoint(knownAt: KnownAt) throws(EventStoreError) -> Checkpoint { try inner.checkpoint(knownAt: knownAt) }
    func verify(against checkpoint: Checkpoint?) throws(EventStoreError) -> VerificationReport {
        try inner.verify(against: checkpoint)
    }
}

@Suite("Reads bounded by time")
struct ComplianceDecisiveDayTests {
    @Test(
        "a compliance fold leaves its state unchanged by every event decisive after its window's end",
        arguments: [1, 2])
    func laterEventsAreIgnored(seed: UInt64) throws {
        let configuration = DemoConfiguration(seed: seed, people: 6, months: 4)
        let store = InMemoryEventStore(storeID: "days", clock: { Timestamp(millisecondsSinceEpoch: 0) })
        _ = try DemoBuilder(configuration: configuration).build(into: store)
        let cut = try ProjectionRunner.cut(knownAt: .head, in: store)
        let events = try store.events(EventSelection.types(Compliance.eventTypes))
        var ignored = 0
        for months in [1, 2, 3] {
            let end = configuration.startDate.adding(months: months)
            let parameters = ProjectionParameters(asAt: end, periodStart: configuration.startDate, periodEnd: end)
            let last = try #require(Compliance.lastDecisiveDay(of: parameters))
            var fold = Compliance(context: cut.context(for: parameters))
            for recorded in events {
                let event = try CareEventCodec.decode(recorded)
                let decisive = try #require(Compliance.decisiveDay(of: event), "\(recorded.type) has no decisive day")
                guard decisive > last else {
                    fold.apply(event, recorded: recorded)
                    continue
                }
                let before = fold.foldState
                fold.apply(event, recorded: recorded)
                #expect(fold.foldState == before, "\(recorded.type) at \(recorded.sequence), window to \(last)")
                ignored += 1
            }
        }
        #expect(ignored > 0)
    }

    @Test(
        "a past period's compliance read through the decisive-day summary equals a full rebuild and skips later blocks, with corrections recorded after",
        arguments: [UInt64(1), 2, 3])
    func boundedReadEqualsFullRebuild(seed: UInt64) throws {
        let configuration = DemoConfiguration(seed: seed, people: 6, months: 4)
        let inner = InMemoryEventStore(storeID: "days", clock: { Timestamp(millisecondsSinceEpoch: 0) })
        _ = try DemoBuilder(configuration: configuration).build(into: inner)
        let store = CountingStore(inner)
        let cache = MemoryFoldStateCache()
        let whole = ProjectionParameters(
            asAt: configuration.lastDay, periodStart: configuration.startDate, periodEnd: configuration.lastDay)
        // Any report over the whole log describes its blocks.
        _ = try ProjectionRunner.run(
            Compliance.self, parameters: [whole], cut: ProjectionRunner.cut(knownAt: .head, in: store), store: store,
            cache: cache, blockSize: 32)
        var random = SplitMix64(seed: seed)
        try recordCorrections(in: inner, count: 6, random: &random)
        for months in [1, 2] {
            let end = configuration.startDate.adding(months: months)
            let past = ProjectionParameters(asAt: end, periodStart: configuration.startDate, periodEnd: end)
            let cut = try ProjectionRunner.cut(knownAt: .head, in: store)
            store.reads.withLock { $0 = 0 }
            let bounded = try ProjectionRunner.run(
                Compliance.self, parameters: [past], cut: cut, store: store, cache: cache, blockSize: 32)
            let boundedReads = store.reads.withLock { $0 }
            store.reads.withLock { $0 = 0 }
            let rebuilt = try ProjectionRunner.run(Compliance.self, parameters: past, cut: cut, store: store)
            let fullReads = store.reads.withLock { $0 }
            #expect(bounded[0].output == rebuilt.output, "period of \(months) months")
            // The demo's four months are recorded in order: a window of m months reads about m quarters of the log.
            #expect(boundedReads * 4 < fullReads * (months + 1), "read \(boundedReads) of \(fullReads) events")
        }
    }

    /// Appends voids and corrections of random compliance entries; a correction's replacement is
    /// another entry of the same type, so it may move an entry's date into an earlier period.
    private func recordCorrections(in store: InMemoryEventStore, count: Int, random: inout SplitMix64) throws {
        let entries = try store.events(EventSelection.types(Compliance.eventTypes))
        for _ in 0..<count {
            guard let target = entries.randomElement(using: &random) else { return }
            let event: CareEvent
            if Bool.random(using: &random) {
                event = .entryVoided(EntryVoided(sequence: target.sequence, reason: .enteredInError))
            } else {
                let sameType = entries.filter { $0.type == target.type }
                guard let source = sameType.randomElement(using: &random) else { continue }
                event = .entryCorrected(
                    EntryCorrected(
                        sequence: target.sequence, reason: .wrongTime, replacement: try CareEventCodec.decode(source)))
            }
            try store.append([
                event.proposed(stream: target.stream, occurredAt: Timestamp(millisecondsSinceEpoch: 0), actor: "test")
            ])
        }
    }
}
