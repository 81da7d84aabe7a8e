import CareCalendar
import CareRecord
import EventLog
import Testing

@testable import Projections

/// A fold-state cache in memory.
private final class MemoryCache: FoldStateCache {
    var entries: [String: [UInt8]] = [:]
    func load(key: String) -> [UInt8]? { entries[key] }
    func save(key: String, bytes: [UInt8]) { entries[key] = bytes }
}

/// Visit delivery's saved visits are read in place (``SavedVisits``) beside each team's tally of
/// them (``VisitDeliveryTally``): a resumed fold takes out only the visits later events touch,
/// and `output()` adds the saved tallies. These check that this gives a full rebuild's figures in
/// every grouping and scope, saved again and resumed again, and that damage reads as a miss.
@Suite struct VisitDeliverySavedVisitsTests {
    private let parameters = params("2020-03-31", from: "2020-03-01", to: "2020-03-31")

    /// People in two teams and visits V1–V8 (V1 delivered by two carers, V6 checked in by hand).
    private func firstPart(_ log: TestLog) {
        log.append(started("2020-01-06", team: "barrhead"), to: "person/P1")
        log.append(started("2020-01-06", team: "ness"), to: "person/P2")
        for (index, person) in ["P1", "P2", "P1", "P2", "P1", "P2", "P1", "P2"].enumerated() {
            log.append(
                scheduled(person, at: "2020-03-0\(index + 1)T09:00:00Z", timeCritical: index == 2, carers: 2),
                to: "visit/V\(index + 1)")
        }
        log.append(checkIn("2020-03-01T09:03:00Z"), to: "visit/V1")
        log.append(carer("S2", in: "2020-03-01T09:12:00Z"), to: "visit/V1")
        log.append(checkOut("2020-03-01T09:40:00Z"), to: "visit/V1")
        log.append(checkIn("2020-03-06T09:40:00Z", .manual), to: "visit/V6")
    }

    private func carer(_ staffId: String, in at: String) -> VisitCheckedIn {
        VisitCheckedIn(checkedInAt: t(at), staffId: staffId, method: .electronic, exceptionCode: nil)
    }

    /// Folds visit delivery fresh to `position`, or from `state` saved at `from`.
    private func fold(
        _ log: TestLog, to position: UInt64, from state: (VisitDeliveryFoldState, UInt64)? = nil
    ) throws -> VisitDelivery {
        let cut = try ProjectionRunner.cut(knownAt: .sequence(position), in: log.store)
        let context = cut.context(for: parameters)
        var folds = [state.map { VisitDelivery(context: context, resuming: $0.0) } ?? VisitDelivery(context: context)]
        try ProjectionRunner.fold(
            &folds, corrections: cut.corrections, after: state?.1 ?? 0, checkpoint: position, store: log.store)
        return folds[0]
    }

    /// The state as saved and read back.
    private func roundTrip(_ state: VisitDeliveryFoldState) throws -> VisitDeliveryFoldState {
        var writer = FoldStateWriter()
        state.write(to: &writer)
        var reader = FoldStateReader(writer.bytes)
        let read = try VisitDeliveryFoldState(from: &reader)
        #expect(reader.isAtEnd)
        return read
    }

    private func rebuilt(_ log: TestLog, at position: UInt64) throws -> VisitDeliveryOutput {
        var at = parameters
        at.knownAt = .sequence(position)
        return try ProjectionRunner.run(VisitDelivery.self, parameters: at, store: log.store).output
    }

    /// The output and each team scope's equal the rebuild's.
    private func expectRebuild(_ fold: VisitDelivery, _ log: TestLog, at position: UInt64) throws {
        let output = fold.output()
        let rebuild = try rebuilt(log, at: position)
        #expect(output == rebuild)
        for scope in [["barrhead"], ["ness"], ["barrhead", "ness"], ["levern"]] as [Set<String>] {
            #expect(output.limited(toTeams: scope) == rebuild.limited(toTeams: scope), "scope \(scope)")
        }
    }

    @Test("a visit-delivery state read back keeps its visits in place: each is found by its id, an unknown id is not")
    func savedVisitsAreFoundById() throws {
        let log = TestLog()
        firstPart(log)
        let state = try fold(log, to: try log.store.checkpoint().sequence).foldState
        let read = try roundTrip(state)
        let saved = try #require(read.saved)
        #expect(read.visits.isEmpty && saved.count == 8)
        #expect(read == state)
        #expect(read.tallies.keys.sorted() == ["barrhead", "ness"])
        for (id, visit) in state.allVisits {
            guard case .found(_, let found) = saved.find(id) else {
                Issue.record("\(id) not found")
                continue
            }
            #expect(found == visit)
        }
        guard case .absent = saved.find("V9") else {
            Issue.record("an unknown id was found")
            return
        }
    }

    @Test(
        "a visit-delivery fold resumed from a saved state equals a full rebuild, in every scope, when later events check saved visits in and out, miss, cancel, reschedule in and out of the period, correct and void them, and again after the resumed state is saved and read back"
    )
    func resumedAndResavedFoldsEqualRebuilds() throws {
        let log = TestLog()
        firstPart(log)
        let saved = try log.store.checkpoint().sequence
        let first = try roundTrip(try fold(log, to: saved).foldState)

        log.append(checkOut("2020-03-01T10:00:00Z", .manual), to: "visit/V1")  // later check-out, by hand
        log.append(checkIn("2020-03-02T09:20:00Z"), to: "visit/V2")
        log.append(
            VisitMissed(detectedAt: t("2020-03-03T12:00:00Z"), reason: .carerDidNotAttend, personInformed: true),
            to: "visit/V3")
        log.append(
            VisitCancelled(cancelledAt: t("2020-03-04T08:00:00Z"), cancelledBy: .provider, reason: .personInHospital),
            to: "visit/V4")
        log.append(scheduled("P1", at: "2020-03-20T09:00:00Z"), to: "visit/V5")  // scheduled again
        log.append(scheduled("P2", at: "2020-04-20T09:00:00Z"), to: "visit/V8")  // out of the period
        let wrong = log.append(checkIn("2020-03-07T11:00:00Z"), to: "visit/V7")
        log.correct(wrong, in: "visit/V7", with: checkIn("2020-03-07T09:05:00Z").careEvent)
        let voided = log.append(checkOut("2020-03-06T10:00:00Z"), to: "visit/V6")
        log.void(voided, in: "visit/V6")
        log.append(scheduled("P2", at: "2020-03-21T09:00:00Z"), to: "visit/V9")
        let second = try log.store.checkpoint().sequence

        let resumed = try fold(log, to: second, from: (first, saved))
        try expectRebuild(resumed, log, at: second)
        #expect(!resumed.resumedStateIsDamaged)
        // Only the visits the new events touched were taken out of the saved ones.
        let touched = resumed.foldState
        #expect(Set(touched.visits.keys) == ["V1", "V2", "V3", "V4", "V5", "V7", "V9"])
        #expect(touched.taken.count == 7 && touched.saved?.count == 8)
        // Saved again: the untouched entries copied, the touched ones from the fold.
        let again = try roundTrip(resumed.foldState)
        #expect(again == (try fold(log, to: second).foldState))
        #expect(again.saved?.count == 8)

        log.append(checkOut("2020-03-02T10:00:00Z"), to: "visit/V2")
        log.append(carer("S3", in: "2020-03-02T09:30:00Z"), to: "visit/V2")
        log.append(scheduled("P1", at: "2020-03-22T09:00:00Z", carers: 2), to: "visit/V9")  // keeps its records
        log.append(checkIn("2020-03-21T09:00:00Z"), to: "visit/V9")
        let third = try log.store.checkpoint().sequence
        let last = try fold(log, to: third, from: (again, second))
        try expectRebuild(last, log, at: third)
        #expect(try roundTrip(last.foldState) == (try fold(log, to: third).foldState))
    }

    @Test(
        "a visit-delivery state whose visit entry is damaged is a miss: the fold that reads it says so, and the runner's report equals a full rebuild"
    )
    func damagedVisitEntryFallsBackToRebuild() throws {
        let log = TestLog()
        firstPart(log)
        log.append(scheduled("P1", at: "2020-03-09T09:00:00Z"), to: "visit/damaged-visit-id")
        let saved = try log.store.checkpoint().sequence
        let cache = MemoryCache()
        var at = parameters
        at.knownAt = .sequence(saved)
        _ = try ProjectionRunner.run(
            VisitDelivery.self, parameters: at, cut: ProjectionRunner.cut(knownAt: at.knownAt, in: log.store),
            store: log.store, cache: cache)
        let key = ProjectionRunner.cacheKey(VisitDelivery.self, parameters: at)
        var bytes = try #require(cache.entries[key])
        // The entry's team place, after its id and its person id ("P1"), made one no team table has.
        let id = Array("damaged-visit-id".utf8)
        let start = try #require(
            (0...(bytes.count - id.count)).first { Array(bytes[$0..<$0 + id.count]) == id })
        bytes[start + id.count + 3] = 0x7F
        cache.entries[key] = bytes
        // Read whole, the state is still accepted: the entry is checked only where it is read.
        let state = try SavedFold<VisitDeliveryFoldState>(bytes: bytes).state
        log.append(checkIn("2020-03-09T09:00:00Z"), to: "visit/damaged-visit-id")
        let head = try log.store.checkpoint().sequence
        let resumed = try fold(log, to: head, from: (state, saved))
        #expect(resumed.resumedStateIsDamaged)

        at.knownAt = .sequence(head)
        let report = try ProjectionRunner.run(
            VisitDelivery.self, parameters: at, cut: ProjectionRunner.cut(knownAt: at.knownAt, in: log.store),
            store: log.store, cache: cache)
        #expect(report.output == (try rebuilt(log, at: head)))
        let resaved = try SavedFold<VisitDeliveryFoldState>(bytes: try #require(cache.entries[key]))
        #expect(resaved.checkpoint.sequence == head)
    }

    @Test(
        "a visit-delivery state whose tallies do not count every saved visit, or whose offsets do not match its delivered visits, is refused"
    )
    func inconsistentTalliesAreRefused() throws {
        let log = TestLog()
        firstPart(log)
        let state = try fold(log, to: try log.store.checkpoint().sequence).foldState
        var extra = state
        extra.visitTallies["barrhead"]?.team.planned += 1
        var short = state
        short.visitTallies["barrhead"]?.team.offsets.removeLast()
        for damaged in [extra, short] {
            var writer = FoldStateWriter()
            damaged.write(to: &writer)
            var reader = FoldStateReader(writer.bytes)
            #expect(throws: FoldStateDecodingError.self) { try VisitDeliveryFoldState(from: &reader) }
        }
    }

    @Test(
        "a visit added to a team's tally and taken away again leaves nothing, whatever its outcome",
        arguments: [nil, "2020-03-02T09:00:00Z", "2020-03-02T09:40:00Z"] as [String?])
    func takingAVisitAwayLeavesNothing(checkIn at: String?) {
        let rules = RulesAdopted(effectiveFrom: d("2020-01-01"), label: "defaults")
        for asAt in ["2020-03-02", "2020-03-31"] {
            let window = ComplianceWindow(period: d("2020-03-01")...d("2020-03-31"), asAt: d(asAt))
            var visit = VisitDeliveryVisit(
                scheduled: scheduled("P1", at: "2020-03-02T09:00:00Z", carers: 2), team: "ness")
            if let at {
                visit.update("S1") { $0.checkedIn(at: t(at), method: .manual) }
                visit.update("S1") { $0.checkedOut(at: t("2020-03-02T09:50:00Z"), method: .electronic) }
            }
            var tally = VisitDeliveryTally(team: "ness")
            let added = tally.add(visit, sign: 1, rules: rules, window: window)
            #expect(added && !tally.isEmpty)
            let takenAway = tally.add(visit, sign: -1, rules: rules, window: window)
            #expect(takenAway)
            #expect(tally.normalized == VisitDeliveryTally(team: "ness"))
        }
    }
}
