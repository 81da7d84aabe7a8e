import CareCalendar
import CareRecord
import DemoPartnership
import EventLog
import Projections
import Testing

/// A fold-state cache in memory that lists the keys it is asked for.
final class ListingFoldStateCache: FoldStateCache {
    var entries: [String: [UInt8]] = [:]
    var loads: [String] = []
    func load(key: String) -> [UInt8]? {
        loads.append(key)
        return entries[key]
    }
    func save(key: String, bytes: [UInt8]) { entries[key] = bytes }
}

@Suite("Saved outputs of settled folds")
struct SavedOutputTests {
    /// 2031-01-01: every event is recorded after every demo period, so every period is settled.
    static let lateClock: @Sendable () -> Timestamp = { Timestamp(millisecondsSinceEpoch: 1_924_992_000_000) }

    @Test(
        "a settled period's report answers from its saved output without reading its state; a later event that reaches the period, a correction of an entry before the saved position, a rule change or damaged output bytes send it back to the state or a rebuild, byte-identical to a full rebuild"
    )
    func settledReportUsesSavedOutputUntilAnEventReachesIt() throws {
        let configuration = DemoConfiguration(seed: 7, people: 6, months: 4)
        let store = InMemoryEventStore(storeID: "saved-output", clock: Self.lateClock)
        _ = try DemoBuilder(configuration: configuration).build(into: store)
        let periodEnd = configuration.startDate.adding(months: 2).adding(days: -1)
        let parameters = ProjectionParameters(
            asAt: periodEnd, periodStart: configuration.startDate, periodEnd: periodEnd)
        let head = try store.checkpoint().sequence
        let saved = head - 200
        // The premise: none of the demo's last 200 events reaches the first two months.
        let later = try store.events(EventSelection.types(Compliance.eventTypes)).filter { $0.sequence > saved }
        try #require(
            try later.allSatisfy {
                try Compliance.decisiveDay(of: CareEventCodec.decode($0)).map { $0 > periodEnd } ?? false
            })
        let cache = ListingFoldStateCache()
        let key =
            "compliance/v\(Compliance.foldVersion)/as-at=\(periodEnd)/period=\(configuration.startDate)..\(periodEnd)"
        _ = try ProjectionRunner.run(
            Compliance.self, parameters: parameters, cut: ProjectionRunner.cut(knownAt: .sequence(saved), in: store),
            store: store, cache: cache)
        #expect(cache.entries[key] != nil)
        #expect(cache.entries[key + "/output"] != nil, "a settled fold saves its output beside its state")

        /// The report at the head through the cache, checked against a full rebuild; returns the keys loaded.
        func reportAtHead() throws -> [String] {
            cache.loads = []
            let cut = try ProjectionRunner.cut(knownAt: .head, in: store)
            let resumed = try ProjectionRunner.run(
                Compliance.self, parameters: parameters, cut: cut, store: store, cache: cache)
            let rebuilt = try ProjectionRunner.run(Compliance.self, parameters: parameters, cut: cut, store: store)
            #expect(resumed.output == rebuilt.output)
            #expect(resumed.context.checkpoint == cut.checkpoint, "provenance names the resolved position")
            return cache.loads.filter { $0.hasPrefix("compliance/") && !$0.contains("decisive-days") }
        }
        #expect(try reportAtHead() == [key + "/output"], "the state is not read")

        // A late entry dated in the period (a MAR entry recorded again) reaches the fold: the state is read.
        let entry = try #require(
            try store.events(EventSelection.types([MedicationRecorded.eventType])).first {
                try Compliance.decisiveDay(of: CareEventCodec.decode($0)).map { $0 <= periodEnd } ?? false
            })
        try store.append([
            try CareEventCodec.decode(entry).proposed(
                stream: entry.stream, occurredAt: entry.occurredAt, actor: "test")
        ])
        #expect(try reportAtHead().contains(key), "an event reaching the period sends the fold back to its state")
        // Folded again, the settled fold's output is saved at the head: the next report answers from it.
        #expect(try reportAtHead() == [key + "/output"])

        // A correction that replaces a later entry with one dated in the period reaches it too.
        let lastEntry = try #require(
            try store.events(EventSelection.types([MedicationRecorded.eventType])).last)
        try store.append([
            CareEvent.entryCorrected(
                EntryCorrected(
                    sequence: lastEntry.sequence, reason: .wrongTime, replacement: try CareEventCodec.decode(entry))
            ).proposed(stream: lastEntry.stream, occurredAt: entry.occurredAt, actor: "test")
        ])
        #expect(try reportAtHead().contains(key))

        // A void of an entry before the saved position: neither the output nor the state is used.
        let early = try #require(
            try store.events(EventSelection.types([MedicationRecorded.eventType])).first {
                try Compliance.decisiveDay(of: CareEventCodec.decode($0)).map { $0 <= periodEnd } ?? false
            })
        try store.append([
            CareEvent.entryVoided(EntryVoided(sequence: early.sequence, reason: .enteredInError)).proposed(
                stream: early.stream, occurredAt: early.occurredAt, actor: "test")
        ])
        #expect(try reportAtHead().contains(key))
        #expect(try reportAtHead() == [key + "/output"], "rebuilt, the output was saved at the head")

        // A rule change in force on the reporting date: the saved output is not used.
        var rules = RulesAdopted(effectiveFrom: configuration.startDate, label: "changed")
        rules.planDeadlineDays = 7
        try store.append([
            CareEvent.rulesAdopted(rules).proposed(
                stream: try #require(StreamName("rules/service")), occurredAt: entry.occurredAt, actor: "test")
        ])
        #expect(try reportAtHead().contains(key))

        // Damaged output bytes read as a miss.
        cache.entries[key + "/output"] = Array("CLFO".utf8) + [1, 0xFF]
        #expect(try reportAtHead().contains(key))
        #expect(try reportAtHead() == [key + "/output"], "the damaged output was saved again")
    }

    @Test(
        "the RAG table at the head reads its previous quarter from the saved output and equals the table rebuilt in full",
        arguments: [UInt64(2), 3])
    func ragTableReadsPreviousQuarterFromSavedOutput(seed: UInt64) throws {
        let configuration = DemoConfiguration(seed: seed, people: 6, months: 5)
        let store = InMemoryEventStore(storeID: "saved-output-rag", clock: Self.lateClock)
        _ = try DemoBuilder(configuration: configuration).build(into: store)
        let parameters = ProjectionParameters(
            asAt: configuration.lastDay, periodStart: configuration.startDate, periodEnd: configuration.lastDay)
        let quarter = Quarter.containing(configuration.lastDay)
        let previous = quarter.previous
        let head = try store.checkpoint().sequence
        let cache = ListingFoldStateCache()
        var earlier = parameters
        earlier.knownAt = .sequence(head - 100)
        _ = try ImprovementRAGTable.runWithComplianceIndicators(
            programmeId: nil, quarter: quarter, parameters: earlier, store: store, cache: cache)
        cache.loads = []
        let warm = try ImprovementRAGTable.runWithComplianceIndicators(
            programmeId: nil, quarter: quarter, parameters: parameters, store: store, cache: cache)
        let rebuilt = try ImprovementRAGTable.runWithComplianceIndicators(
            programmeId: nil, quarter: quarter, parameters: parameters, store: store)
        #expect(warm.table == rebuilt.table)
        #expect(warm.context.checkpoint == rebuilt.context.checkpoint)
        let previousKeys = cache.loads.filter { $0.contains("period=\(previous.firstDay)..") }
        #expect(previousKeys.count == 1 && previousKeys[0].hasSuffix("/output"), "\(previousKeys)")
    }
}
