import CareCalendar
import CareRecord
import DemoPartnership
import EventLog
import Testing

@testable import Projections

@Suite("Visit delivery's saved visits on demo logs")
struct VisitDeliverySavedVisitsTests {
    @Test(
        "visit delivery saved, resumed and saved again at random cuts of a demo log equals a full rebuild in every team scope, and each state saved again equals a fresh fold's",
        arguments: [UInt64(1), 2, 3])
    func savedResumedAndSavedAgainEqualsRebuild(seed: UInt64) throws {
        let configuration = DemoConfiguration(seed: seed, people: 6, months: 4)
        let store = InMemoryEventStore(storeID: "saved-visits", clock: { Timestamp(millisecondsSinceEpoch: 0) })
        _ = try DemoBuilder(configuration: configuration).build(into: store)
        let parameters = ProjectionParameters(
            asAt: configuration.lastDay, periodStart: configuration.startDate, periodEnd: configuration.lastDay)
        let head = try store.checkpoint().sequence
        var random = SplitMix64(seed: seed)
        for _ in 0..<4 {
            // Three random cuts in order: saved at the first, resumed and saved again at the
            // second, resumed at the third.
            let cuts = (0..<3).map { _ in UInt64.random(in: 1...head, using: &random) }.sorted()
            var state: VisitDeliveryFoldState?
            var position: UInt64 = 0
            var rulesSequence: UInt64?
            for cut in cuts {
                let logCut = try ProjectionRunner.cut(knownAt: .sequence(cut), in: store)
                let context = logCut.context(for: parameters)
                if logCut.corrections.changesEntries(atOrBefore: position) || context.rulesSequence != rulesSequence {
                    state = nil
                    position = 0
                }
                var folds = [
                    state.map { VisitDelivery(context: context, resuming: $0) } ?? VisitDelivery(context: context)
                ]
                try ProjectionRunner.fold(
                    &folds, corrections: logCut.corrections, after: position, checkpoint: cut, store: store)
                var fresh = VisitDelivery(context: context)
                try ProjectionRunner.fold(&fresh, corrections: logCut.corrections, context: context, store: store)
                let output = folds[0].output()
                let rebuild = fresh.output()
                #expect(output == rebuild, "cuts \(cuts), at \(cut)")
                for team in rebuild.byTeam.compactMap(\.group) {
                    #expect(output.limited(toTeams: [team]) == rebuild.limited(toTeams: [team]), "\(team) at \(cut)")
                }
                #expect(!folds[0].resumedStateIsDamaged)
                var writer = FoldStateWriter()
                folds[0].foldState.write(to: &writer)
                var reader = FoldStateReader(writer.bytes)
                let read = try VisitDeliveryFoldState(from: &reader)
                #expect(read == fresh.foldState, "cuts \(cuts), at \(cut)")
                state = read
                position = cut
                rulesSequence = context.rulesSequence
            }
        }
    }
}
