import CareCalendar
import CareRecord
import CarelogOperations
import DemoPartnership
import EventLog
import Projections
import Reports
import Testing

/// A fold-state cache in memory, counting what it is asked.
final class MemoryFoldStateCache: FoldStateCache {
    var entries: [String: [UInt8]] = [:]
    func load(key: String) -> [UInt8]? { entries[key] }
    func save(key: String, bytes: [UInt8]) { entries[key] = bytes }
}

@Suite("Projection checkpoints")
struct ProjectionCheckpointTests {
    @Test(
        "compliance resumed from a saved state equals a full rebuild at random cuts, with corrections and rule changes recorded after the saved position, alone and with another period's fold in the same read; recorded after every period (settled), also answered from saved outputs",
        arguments: [UInt64(1), 2, 3], [false, true])
    func resumedFoldEqualsFullRebuild(seed: UInt64, settled: Bool) throws {
        let configuration = DemoConfiguration(seed: seed, people: 6, months: 4)
        // Settled: the changes recorded on 2031-01-01, after every period, so the runner saves the
        // folds' outputs there and offers them in place of the states (the demo's own events carry
        // recording times inside the log's months).
        let recordedAt = Timestamp(millisecondsSinceEpoch: settled ? 1_924_992_000_000 : 0)
        let store = InMemoryEventStore(storeID: "checkpoints", clock: { recordedAt })
        _ = try DemoBuilder(configuration: configuration).build(into: store)
        let parameters = ProjectionParameters(
            asAt: configuration.lastDay, periodStart: configuration.startDate, periodEnd: configuration.lastDay)
        // A second, shorter period whose state is saved at other positions.
        let earlierPeriod = ProjectionParameters(
            asAt: configuration.startDate.adding(months: 2), periodStart: configuration.startDate,
            periodEnd: configuration.startDate.adding(months: 2))
        var random = SplitMix64(seed: seed)
        let cache = MemoryFoldStateCache()
        var changedBeforeSaved = 0
        for round in 0..<8 {
            let head = try store.checkpoint().sequence
            // Fold to a random position (saving the state there), then record corrections and
            // rule changes after it, then report at a random later cut through the cache.
            let saved = UInt64.random(in: 1...head, using: &random)
            _ = try ProjectionRunner.run(
                Compliance.self, parameters: parameters,
                cut: ProjectionRunner.cut(knownAt: .sequence(saved), in: store), store: store, cache: cache)
            // The first rounds correct entries only (a rule change in force would hide a wrongly
            // resumed state behind the rules check); the later ones change the rules too.
            let targets = try recordLaterChanges(
                in: store, count: Int.random(in: 0...4, using: &random), rules: round >= 4, random: &random)
            let newHead = try store.checkpoint().sequence
            // Half the reports read the changes just recorded; the others an earlier cut.
            let reported = Bool.random(using: &random) ? newHead : UInt64.random(in: saved...newHead, using: &random)
            if reported == newHead, targets.contains(where: { $0 <= saved }) { changedBeforeSaved += 1 }
            let cut = try ProjectionRunner.cut(knownAt: .sequence(reported), in: store)
            let resumed = try ProjectionRunner.run(
                Compliance.self, parameters: parameters, cut: cut, store: store, cache: cache)
            let rebuilt = try ProjectionRunner.run(Compliance.self, parameters: parameters, cut: cut, store: store)
            #expect(resumed.output == rebuilt.output, "saved at \(saved), reported at \(reported)")
            #expect(resumed.context.rulesSequence == rebuilt.context.rulesSequence)

            // Two folds in one read (the RAG table's quarters), each resumed from its own position.
            let both = [parameters, earlierPeriod]
            let together = try ProjectionRunner.run(
                Compliance.self, parameters: both, cut: cut, store: store, cache: cache)
            for (index, fold) in together.enumerated() {
                let alone = try ProjectionRunner.run(Compliance.self, parameters: both[index], cut: cut, store: store)
                #expect(fold.output == alone.output, "fold \(index), reported at \(reported)")
            }
            let elsewhere = UInt64.random(in: 1...newHead, using: &random)
            _ = try ProjectionRunner.run(
                Compliance.self, parameters: earlierPeriod,
                cut: ProjectionRunner.cut(knownAt: .sequence(elsewhere), in: store), store: store, cache: cache)
        }
        #expect(!cache.entries.isEmpty)
        if settled { #expect(cache.entries.keys.contains { $0.hasSuffix("/output") }) }
        #expect(changedBeforeSaved > 0, "no round corrected an entry before the saved position")
    }

    @Test(
        "the compliance trend and visit delivery resumed from saved states are the bytes of a full rebuild at random cuts, with corrections recorded after the saved position",
        arguments: [UInt64(4), 5, 6])
    func trendAndVisitDeliveryResumedEqualFullRebuild(seed: UInt64) throws {
        let configuration = DemoConfiguration(seed: seed, people: 6, months: 4)
        let store = InMemoryEventStore(storeID: "checkpoints", clock: { Timestamp(millisecondsSinceEpoch: 0) })
        _ = try DemoBuilder(configuration: configuration).build(into: store)
        // A period that starts and ends inside a month, so the first and last months are cut.
        let period = configuration.startDate.adding(days: 10)...configuration.lastDay.adding(days: -5)
        let parameters = ProjectionParameters(
            asAt: configuration.lastDay, periodStart: period.lowerBound, periodEnd: period.upperBound)
        var random = SplitMix64(seed: seed)
        let cache = MemoryFoldStateCache()
        var changedBeforeSaved = 0
        for round in 0..<6 {
            let head = try store.checkpoint().sequence
            let saved = UInt64.random(in: 1...head, using: &random)
            let savedCut = try ProjectionRunner.cut(knownAt: .sequence(saved), in: store)
            _ = try ComplianceTrend.run(parameters: parameters, cut: savedCut, store: store, cache: cache)
            _ = try ProjectionRunner.run(
                VisitDelivery.self, parameters: parameters, cut: savedCut, store: store, cache: cache)
            var targets = try recordLaterChanges(
                in: store, count: Int.random(in: 0...4, using: &random), rules: false, random: &random)
            // Every other round also voids a visit record at or before the saved position and reports
            // at the head, so a state that must not be resumed is always offered.
            let even = round.isMultiple(of: 2)
            if even,
                let early = try store.events(EventSelection.types(VisitDelivery.eventTypes))
                    .filter({ $0.sequence <= saved }).randomElement(using: &random)
            {
                try store.append([
                    CareEvent.entryVoided(EntryVoided(sequence: early.sequence, reason: .enteredInError)).proposed(
                        stream: early.stream, occurredAt: Timestamp(millisecondsSinceEpoch: 0), actor: "test")
                ])
                targets.append(early.sequence)
            }
            let newHead = try store.checkpoint().sequence
            let reported =
                even || Bool.random(using: &random) ? newHead : UInt64.random(in: saved...newHead, using: &random)
            if reported == newHead, targets.contains(where: { $0 <= saved }) { changedBeforeSaved += 1 }
            let cut = try ProjectionRunner.cut(knownAt: .sequence(reported), in: store)

            let trend = try ComplianceTrend.run(parameters: parameters, cut: cut, store: store, cache: cache)
            let trendRebuilt = try ProjectionRunner.run(
                ComplianceTrend.self, parameters: parameters, cut: cut, store: store)
            #expect(trend.output == trendRebuilt.output, "trend saved at \(saved), reported at \(reported)")
            #expect(trend.context.checkpoint == trendRebuilt.context.checkpoint)
            #expect(trend.context.rulesSequence == trendRebuilt.context.rulesSequence)
            let visits = try ProjectionRunner.run(
                VisitDelivery.self, parameters: parameters, cut: cut, store: store, cache: cache)
            let visitsRebuilt = try ProjectionRunner.run(
                VisitDelivery.self, parameters: parameters, cut: cut, store: store)
            #expect(visits.output == visitsRebuilt.output, "visits saved at \(saved), reported at \(reported)")

            // The reports the CLI, the API and the pages send: the same bytes through the cache.
            for kind in [ReportKind.complianceTrend, .visitDelivery] {
                for format in [ReportFormat.json, .html] {
                    let request = ReportRequest(
                        asAt: parameters.asAt, knownAt: .sequence(reported), period: period, format: format,
                        visitGrouping: kind == .visitDelivery ? .carer : nil)
                    let cached = try ReportWiring.report(kind, request, store: store, cache: cache)
                    let rebuilt = try ReportWiring.report(kind, request, store: store)
                    #expect(cached.bytes == rebuilt.bytes, "\(kind) \(format) at \(reported)")
                }
            }
        }
        #expect(cache.entries.keys.contains { $0.hasPrefix("visit-delivery/") })
        #expect(cache.entries.keys.filter { $0.hasPrefix("compliance/") }.count >= 4)
        #expect(changedBeforeSaved > 0, "no round corrected an entry before the saved position")
    }

    @Test(
        "a report a few events past a saved state folds from it and leaves it; one past the re-save distance saves at its cut"
    )
    func resaveDistance() throws {
        let configuration = DemoConfiguration(seed: 5, people: 16, months: 4)
        let store = InMemoryEventStore(storeID: "checkpoints", clock: { Timestamp(millisecondsSinceEpoch: 0) })
        _ = try DemoBuilder(configuration: configuration).build(into: store)
        let parameters = ProjectionParameters(
            asAt: configuration.lastDay, periodStart: configuration.startDate, periodEnd: configuration.lastDay)
        let head = try store.checkpoint().sequence
        let distance = ProjectionRunner.resaveDistance
        try #require(head > distance + 100)
        let cache = MemoryFoldStateCache()
        func report(at sequence: UInt64) throws -> ComplianceOutput {
            let cut = try ProjectionRunner.cut(knownAt: .sequence(sequence), in: store)
            let resumed = try ProjectionRunner.run(
                Compliance.self, parameters: parameters, cut: cut, store: store, cache: cache)
            let rebuilt = try ProjectionRunner.run(Compliance.self, parameters: parameters, cut: cut, store: store)
            #expect(resumed.output == rebuilt.output)
            return resumed.output
        }
        func states() -> [String: [UInt8]] { cache.entries.filter { !$0.key.contains("decisive-days") } }
        let first = head - distance - 50
        _ = try report(at: first)
        let saved = states()
        #expect(saved.count == 1)
        _ = try report(at: first + 40)
        #expect(states() == saved, "a state 40 events back is left as it was")
        _ = try report(at: first + distance)
        #expect(states() != saved, "a state \(distance) events back is saved again")
        #expect(states().count == 1)
    }

    @Test("a damaged or foreign saved state is ignored and the report is rebuilt in full")
    func damagedStateFallsBackToRebuild() throws {
        let configuration = DemoConfiguration(seed: 9, people: 4, months: 3)
        let store = InMemoryEventStore(storeID: "checkpoints", clock: { Timestamp(millisecondsSinceEpoch: 0) })
        _ = try DemoBuilder(configuration: configuration).build(into: store)
        let parameters = ProjectionParameters(
            asAt: configuration.lastDay, periodStart: configuration.startDate, periodEnd: configuration.lastDay)
        let cut = try ProjectionRunner.cut(knownAt: .head, in: store)
        let rebuilt = try ProjectionRunner.run(Compliance.self, parameters: parameters, cut: cut, store: store)
        let cache = MemoryFoldStateCache()
        let earlier = try ProjectionRunner.cut(knownAt: .sequence(cut.checkpoint.sequence / 2), in: store)
        _ = try ProjectionRunner.run(Compliance.self, parameters: parameters, cut: earlier, store: store, cache: cache)
        for key in cache.entries.keys { cache.entries[key] = Array("{\"checkpoint\":".utf8) }
        let resumed = try ProjectionRunner.run(
            Compliance.self, parameters: parameters, cut: cut, store: store, cache: cache)
        #expect(resumed.output == rebuilt.output)

        let other = InMemoryEventStore(storeID: "another", clock: { Timestamp(millisecondsSinceEpoch: 0) })
        _ = try DemoBuilder(configuration: DemoConfiguration(seed: 10, people: 4, months: 3)).build(into: other)
        let foreign = MemoryFoldStateCache()
        _ = try ProjectionRunner.run(
            Compliance.self, parameters: parameters,
            cut: ProjectionRunner.cut(knownAt: .sequence(min(40, cut.checkpoint.sequence)), in: other), store: other,
            cache: foreign)
        let fromForeign = try ProjectionRunner.run(
            Compliance.self, parameters: parameters, cut: cut, store: store, cache: foreign)
        #expect(fromForeign.output == rebuilt.output)
    }

    /// Appends voids, corrections (an entry replaced by another entry of the same type) and
    /// rule changes that target random earlier compliance entries.
    /// Returns the sequence numbers of the entries voided or corrected.
    private func recordLaterChanges(in store: any EventStore, count: Int, rules: Bool, random: inout SplitMix64)
        throws -> [UInt64]
    {
        let entries = try store.events(EventSelection.types(Compliance.eventTypes))
        var targets: [UInt64] = []
        for _ in 0..<count {
            guard let target = entries.randomElement(using: &random) else { break }
            var stream = target.stream
            let event: CareEvent
            switch Int.random(in: 0..<(rules ? 3 : 2), using: &random) {
            case 0:
                event = .entryVoided(EntryVoided(sequence: target.sequence, reason: .enteredInError))
                targets.append(target.sequence)
            case 1:
                let sameType = entries.filter { $0.type == target.type }
                guard let source = sameType.randomElement(using: &random) else { continue }
                event = .entryCorrected(
                    EntryCorrected(
                        sequence: target.sequence, reason: .wrongTime, replacement: try CareEventCodec.decode(source)))
                targets.append(target.sequence)
            default:
                let parameters = try store.checkpoint()
                var rules = RulesAdopted(
                    effectiveFrom: CareDate(year: 2020, month: Int.random(in: 1...8, using: &random), day: 1)
                        ?? UKTime.ukDate(epochMilliseconds: 0),
                    label: "changed after \(parameters.sequence)")
                rules.reviewIntervalMonths = Int.random(in: 1...6, using: &random)
                rules.planDeadlineDays = Int.random(in: 7...40, using: &random)
                event = .rulesAdopted(rules)
                stream = StreamName("rules/service") ?? stream
            }
            try store.append([
                event.proposed(stream: stream, occurredAt: Timestamp(millisecondsSinceEpoch: 0), actor: "test")
            ])
        }
        return targets
    }
}
