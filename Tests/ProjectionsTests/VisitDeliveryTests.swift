import CareCalendar
import CareRecord
import EventLog
import Projections
import Testing

@Suite("Visit delivery")
struct VisitDeliveryTests {
    /// Q1 2020 as at its last day (default rules: late 30, early 30, time-critical 15, missed after
    /// 120, short below planned − 15 minutes).
    let q1 = params("2020-03-31", from: "2020-01-01", to: "2020-03-31")

    func visit(_ person: String, at start: String, minutes: Int = 30, carers: Int = 1, timeCritical: Bool = false)
        -> VisitScheduled
    {
        VisitScheduled(
            personId: person, plannedStart: t(start), plannedMinutes: minutes, carersNeeded: carers,
            timeCritical: timeCritical)
    }

    func arrive(_ staff: String, _ at: String, _ method: CheckMethod = .electronic) -> VisitCheckedIn {
        VisitCheckedIn(
            checkedInAt: t(at), staffId: staff, method: method, exceptionCode: method == .manual ? "NOSIGNAL" : nil)
    }

    func leave(_ staff: String, _ at: String, _ method: CheckMethod = .electronic) -> VisitCheckedOut {
        VisitCheckedOut(
            checkedOutAt: t(at), staffId: staff, method: method, exceptionCode: method == .manual ? "NOSIGNAL" : nil)
    }

    /// Twelve visits worked by hand, one or more per category (comments give the expectation).
    func handWorkedLog() -> TestLog {
        let log = TestLog()
        log.append(started("2019-06-01", team: "barrhead"), to: "person/P1")
        log.append(started("2019-06-01", team: "paisley"), to: "person/P2")
        // V1: +5 min, 30 of 30 minutes: on time.
        log.append(visit("P1", at: "2020-03-02T09:00:00Z"), to: "visit/V1")
        log.append(arrive("S1", "2020-03-02T09:05:00Z"), to: "visit/V1")
        log.append(leave("S1", "2020-03-02T09:35:00Z"), to: "visit/V1")
        // V2: +40 min: late; 20 of 30 minutes is not short (threshold 15).
        log.append(visit("P1", at: "2020-03-02T10:00:00Z"), to: "visit/V2")
        log.append(arrive("S1", "2020-03-02T10:40:00Z"), to: "visit/V2")
        log.append(leave("S1", "2020-03-02T11:00:00Z"), to: "visit/V2")
        // V3: −40 min: early; 30 of 60 minutes: short; by hand: manually verified.
        log.append(visit("P1", at: "2020-03-02T11:00:00Z", minutes: 60), to: "visit/V3")
        log.append(arrive("S2", "2020-03-02T10:20:00Z", .manual), to: "visit/V3")
        log.append(leave("S2", "2020-03-02T10:50:00Z", .manual), to: "visit/V3")
        // V4: time-critical, +20 min: late (tolerance 15); no check-out: unverified.
        log.append(visit("P1", at: "2020-03-02T12:00:00Z", timeCritical: true), to: "visit/V4")
        log.append(arrive("S1", "2020-03-02T12:20:00Z"), to: "visit/V4")
        // V5: needs two carers, one came: fewer carers than needed; on time, 60 minutes.
        log.append(visit("P2", at: "2020-03-03T09:00:00Z", minutes: 60, carers: 2), to: "visit/V5")
        log.append(arrive("S1", "2020-03-03T09:00:00Z"), to: "visit/V5")
        log.append(leave("S1", "2020-03-03T10:00:00Z"), to: "visit/V5")
        // V6: two carers came (S2 ten minutes after S1): on time, 10:00–11:05 = 65 minutes.
        log.append(visit("P2", at: "2020-03-03T10:00:00Z", minutes: 60, carers: 2), to: "visit/V6")
        log.append(arrive("S1", "2020-03-03T10:00:00Z"), to: "visit/V6")
        log.append(arrive("S2", "2020-03-03T10:10:00Z"), to: "visit/V6")
        log.append(leave("S1", "2020-03-03T11:00:00Z"), to: "visit/V6")
        log.append(leave("S2", "2020-03-03T11:05:00Z"), to: "visit/V6")
        // V7: recorded missed.
        log.append(visit("P2", at: "2020-03-03T12:00:00Z"), to: "visit/V7")
        log.append(
            VisitMissed(detectedAt: t("2020-03-03T14:00:00Z"), reason: .noCarerAvailable, personInformed: true),
            to: "visit/V7")
        // V8: cancelled by the person.
        log.append(visit("P2", at: "2020-03-03T13:00:00Z"), to: "visit/V8")
        log.append(
            VisitCancelled(cancelledAt: t("2020-03-03T08:00:00Z"), cancelledBy: .person, reason: .personRequest),
            to: "visit/V8")
        // V9: 22:30 BST on the last day, nothing yet: pending (120 minutes run past midnight).
        log.append(visit("P1", at: "2020-03-31T21:30:00Z"), to: "visit/V9")
        // V10: nothing recorded, long past: missed.
        log.append(visit("P1", at: "2020-03-10T09:00:00Z"), to: "visit/V10")
        // V11: planned after the period: not counted.
        log.append(visit("P1", at: "2020-04-01T09:00:00Z"), to: "visit/V11")
        // V12: recorded missed, but a carer checked in at +50: delivered (attendance wins), late.
        log.append(visit("P2", at: "2020-03-12T09:00:00Z"), to: "visit/V12")
        log.append(
            VisitMissed(detectedAt: t("2020-03-12T09:45:00Z"), reason: .unknown, personInformed: false),
            to: "visit/V12")
        log.append(arrive("S3", "2020-03-12T09:50:00Z"), to: "visit/V12")
        log.append(leave("S3", "2020-03-12T10:20:00Z"), to: "visit/V12")
        return log
    }

    /// The counts of one row, in the report's order.
    func counts(_ f: VisitDeliveryFigures) -> [Int] {
        [
            f.planned, f.delivered, f.onTime, f.late, f.early, f.short, f.missed, f.cancelled, f.pending,
            f.unverified, f.manuallyVerified, f.understaffed,
        ]
    }

    @Test func eachCategoryIsCountedAsWorkedByHand() throws {
        let output = try handWorkedLog().run(VisitDelivery.self, q1)
        let s = output.service
        #expect(counts(s) == [11, 7, 3, 3, 1, 1, 2, 1, 1, 1, 1, 1])
        // Offsets −40, 0, 0, 5, 20, 40, 50: nearest-rank median the 4th, 90th percentile the 7th.
        #expect(s.medianLatenessMinutes == 5)
        #expect(s.p90LatenessMinutes == 50)
        #expect(s.plannedMinutes == 390)  // every visit but the cancelled one
        #expect(s.deliveredMinutes == 30 + 20 + 30 + 60 + 65 + 30)  // V4 has no check-out
    }

    @Test func teamsAndPeopleEachCountTheirOwnVisits() throws {
        let output = try handWorkedLog().run(VisitDelivery.self, q1)
        #expect(output.byTeam.map(\.group) == ["barrhead", "paisley"])
        #expect(counts(output.byTeam[0]) == [6, 4, 1, 2, 1, 1, 1, 0, 1, 1, 1, 0])
        #expect(counts(output.byTeam[1]) == [5, 3, 2, 1, 0, 0, 1, 1, 0, 0, 0, 1])
        #expect(output.byPerson.map(\.group) == ["P1", "P2"])
        #expect(counts(output.byPerson[0]) == counts(output.byTeam[0]))
    }

    @Test func aCarerIsJudgedByTheirOwnTimesAndUnattendedVisitsHaveTheirOwnRow() throws {
        let output = try handWorkedLog().run(VisitDelivery.self, q1)
        #expect(output.byCarer.map(\.group) == ["S1", "S2", "S3", VisitDelivery.unattendedGroup])
        let s1 = output.byCarer[0]
        #expect(counts(s1) == [5, 5, 3, 2, 0, 0, 0, 0, 0, 1, 0, 1])
        let s2 = output.byCarer[1]
        // V3 early, short and by hand; V6 on S2's own +10 and 55 minutes.
        #expect(counts(s2) == [2, 2, 1, 0, 1, 1, 0, 0, 0, 0, 1, 0])
        #expect(s2.deliveredMinutes == 30 + 55)
        #expect(s2.medianLatenessMinutes == -40 && s2.p90LatenessMinutes == 10)
        #expect(counts(output.byCarer[3]) == [4, 0, 0, 0, 0, 0, 2, 1, 1, 0, 0, 0])
    }

    @Test func recordsAfterTheReportingDateAreIgnored() throws {
        let log = TestLog()
        log.append(started("2019-06-01"), to: "person/P1")
        log.append(visit("P1", at: "2020-03-02T09:00:00Z"), to: "visit/V1")
        log.append(arrive("S1", "2020-03-02T09:05:00Z"), to: "visit/V1")
        log.append(leave("S1", "2020-03-02T09:35:00Z"), to: "visit/V1")
        log.append(visit("P1", at: "2020-03-03T09:00:00Z"), to: "visit/V2")
        log.append(arrive("S1", "2020-03-03T09:05:00Z"), to: "visit/V2")
        let asAtFirst = try log.run(VisitDelivery.self, params("2020-03-02", from: "2020-03-01", to: "2020-03-31"))
        #expect(counts(asAtFirst.service) == [1, 1, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0])
        let asAtSecond = try log.run(VisitDelivery.self, params("2020-03-03", from: "2020-03-01", to: "2020-03-31"))
        #expect(counts(asAtSecond.service) == [2, 2, 2, 0, 0, 0, 0, 0, 0, 1, 0, 0])
    }

    @Test func rulesInForceSetTheTolerances() throws {
        let log = TestLog()
        log.append(started("2019-06-01"), to: "person/P1")
        log.append(visit("P1", at: "2020-03-02T09:00:00Z"), to: "visit/V1")
        log.append(arrive("S1", "2020-03-02T09:20:00Z"), to: "visit/V1")
        log.append(leave("S1", "2020-03-02T09:40:00Z"), to: "visit/V1")
        #expect(counts(try log.run(VisitDelivery.self, q1).service)[2...5] == [1, 0, 0, 0])
        var rules = RulesAdopted(effectiveFrom: d("2020-01-01"))
        rules.lateVisitToleranceMinutes = 10
        rules.shortVisitToleranceMinutes = 5
        log.append(rules, to: "rules/service")
        // Now late (20 > 10) and short (20 minutes < 30 − 5).
        #expect(counts(try log.run(VisitDelivery.self, q1).service)[2...5] == [0, 1, 0, 1])
    }

    @Test func aCorrectedCheckInIsCountedAsCorrected() throws {
        let log = TestLog()
        log.append(started("2019-06-01"), to: "person/P1")
        log.append(visit("P1", at: "2020-03-02T09:00:00Z"), to: "visit/V1")
        let wrong = log.append(arrive("S1", "2020-03-02T10:00:00Z"), to: "visit/V1")
        log.append(leave("S1", "2020-03-02T10:30:00Z"), to: "visit/V1")
        #expect(try log.run(VisitDelivery.self, q1).service.late == 1)
        log.correct(wrong, in: "visit/V1", with: arrive("S1", "2020-03-02T09:10:00Z").careEvent)
        let corrected = try log.run(VisitDelivery.self, q1).service
        #expect(corrected.late == 0 && corrected.onTime == 1 && corrected.deliveredMinutes == 80)
    }

    // MARK: Differential: the fold against a naive recount of generated visits

    /// One generated visit and what happened at it, in the generator's own terms.
    struct GeneratedVisit {
        var person: Int
        var start: Timestamp
        var minutes: Int
        var carersNeeded: Int
        var timeCritical: Bool
        var cancelled: Timestamp?
        var missed: Timestamp?
        /// (staff, in, out, manual) per carer record.
        var carers: [(staff: String, checkIn: Timestamp, checkOut: Timestamp?, manual: Bool)]
    }

    func generate(count: Int, seed: UInt64) -> [GeneratedVisit] {
        var rng = SplitMix64(seed: seed)
        let first = t("2020-02-20T00:00:00Z").millisecondsSinceEpoch
        return (0..<count).map { _ in
            let start = Timestamp(
                millisecondsSinceEpoch: first + Int64.random(in: 0..<(45 * 24 * 60), using: &rng) * 60_000)
            func minutes(_ range: ClosedRange<Int>) -> Int64 { Int64(Int.random(in: range, using: &rng)) * 60_000 }
            var visit = GeneratedVisit(
                person: Int.random(in: 0..<7, using: &rng), start: start, minutes: Int.random(in: 15...90, using: &rng),
                carersNeeded: Int.random(in: 1...2, using: &rng), timeCritical: Bool.random(using: &rng),
                cancelled: nil, missed: nil, carers: [])
            let roll = Double.random(in: 0..<1, using: &rng)
            if roll < 0.1 { visit.cancelled = start.adding(milliseconds: -minutes(0...120)) }
            if roll >= 0.1 && roll < 0.25 { visit.missed = start.adding(milliseconds: minutes(60...200)) }
            if roll >= 0.2 {
                for _ in 0..<Int.random(in: 0...visit.carersNeeded, using: &rng) {
                    let checkIn = start.adding(milliseconds: minutes(-60...90))
                    let out = Bool.random(using: &rng) || Bool.random(using: &rng)
                    visit.carers.append(
                        (
                            "S\(Int.random(in: 0..<5, using: &rng))", checkIn,
                            out ? checkIn.adding(milliseconds: minutes(0...100)) : nil,
                            Double.random(in: 0..<1, using: &rng) < 0.2
                        ))
                }
            }
            return visit
        }
    }

    /// Counts the generated visits straight from their description, without the projection's types.
    func naiveRecount(_ visits: [GeneratedVisit], team: String?, teams: [String]) -> [Int] {
        let end = UKTime.startOfDay(d("2020-04-01"))
        var c = Array(repeating: 0, count: 15)
        var offsets: [Int64] = []
        var delivered: Int64 = 0
        for v in visits {
            let day = UKTime.ukDate(epochMilliseconds: v.start.millisecondsSinceEpoch)
            guard day >= d("2020-01-01") && day <= d("2020-03-31") else { continue }
            if let team, teams[v.person] != team { continue }
            c[0] += 1
            let ins = v.carers.filter { $0.checkIn.millisecondsSinceEpoch < end }
            let attended = Set(ins.map(\.staff))
            let cancelled = v.cancelled.map { $0.millisecondsSinceEpoch < end } ?? false
            let missed = v.missed.map { $0.millisecondsSinceEpoch < end } ?? false
            if attended.isEmpty {
                if cancelled {
                    c[7] += 1
                    continue
                }
                if missed || v.start.millisecondsSinceEpoch + 120 * 60_000 < end { c[6] += 1 } else { c[8] += 1 }
                c[12] += v.minutes
                continue
            }
            c[12] += v.minutes
            c[1] += 1
            let firstIn = ins.map(\.checkIn.millisecondsSinceEpoch).min() ?? 0
            let offset = firstIn - v.start.millisecondsSinceEpoch
            offsets.append(offset)
            let tolerance: Int64 = v.timeCritical ? 15 : 30
            if offset > tolerance * 60_000 {
                c[3] += 1
            } else if offset < -tolerance * 60_000 {
                c[4] += 1
            } else {
                c[2] += 1
            }
            // A carer's last check-out, where every carer who checked in has one known.
            var lastOut: Int64? = Int64.min
            for staff in attended {
                let outs = v.carers.filter { $0.staff == staff }.compactMap(\.checkOut)
                    .map(\.millisecondsSinceEpoch).filter { $0 < end }
                if let latest = outs.max(), let so = lastOut { lastOut = max(so, latest) } else { lastOut = nil }
            }
            if let lastOut {
                let length = max(0, lastOut - firstIn)
                delivered += length
                if length < Int64(v.minutes - 15) * 60_000 { c[5] += 1 }
            } else {
                c[9] += 1
            }
            if v.carers.contains(where: {
                attended.contains($0.staff) && $0.manual && $0.checkIn.millisecondsSinceEpoch < end
            }) {
                c[10] += 1
            }
            if v.carersNeeded >= 2 && attended.count < v.carersNeeded { c[11] += 1 }
        }
        offsets.sort()
        c[13] = offsets.isEmpty ? 9999 : Int(offsets[Int((Double(offsets.count) * 0.5).rounded(.up)) - 1] / 60_000)
        c[14] = offsets.isEmpty ? 9999 : Int(offsets[Int((Double(offsets.count) * 0.9).rounded(.up)) - 1] / 60_000)
        return c + [Int(delivered / 60_000)]
    }

    func figures(_ f: VisitDeliveryFigures) -> [Int] {
        counts(f) + [
            f.plannedMinutes, f.medianLatenessMinutes ?? 9999, f.p90LatenessMinutes ?? 9999, f.deliveredMinutes,
        ]
    }

    @Test(arguments: [UInt64(1), 2, 3])
    func theFoldAgreesWithANaiveRecount(seed: UInt64) throws {
        let teams = ["A", "B", "C", "A", "B", "C", "A"]
        let log = TestLog()
        for (index, team) in teams.enumerated() {
            log.append(started("2019-06-01", team: team), to: "person/P\(index)")
        }
        let visits = generate(count: 400, seed: seed)
        var rng = SplitMix64(seed: seed &+ 99)
        for (index, v) in visits.enumerated() {
            let stream = "visit/V\(index)"
            log.append(
                VisitScheduled(
                    personId: "P\(v.person)", plannedStart: v.start, plannedMinutes: v.minutes,
                    carersNeeded: v.carersNeeded, timeCritical: v.timeCritical), to: stream)
            var events: [CareEvent] = []
            if let at = v.cancelled {
                events.append(VisitCancelled(cancelledAt: at, cancelledBy: .person, reason: .other).careEvent)
            }
            if let at = v.missed {
                events.append(VisitMissed(detectedAt: at, reason: .unknown, personInformed: true).careEvent)
            }
            for carer in v.carers {
                let method: CheckMethod = carer.manual ? .manual : .electronic
                events.append(arrive(carer.staff, carer.checkIn.iso8601, method).careEvent)
                if let out = carer.checkOut { events.append(leave(carer.staff, out.iso8601, method).careEvent) }
            }
            for event in events.shuffled(using: &rng) { log.append(event, to: stream) }
        }
        let output = try log.run(VisitDelivery.self, q1)
        let naive = naiveRecount(visits, team: nil, teams: teams)
        #expect(figures(output.service) == naive)
        #expect(output.service.delivered > 100 && output.service.missed > 10 && output.service.unverified > 10)
        for team in ["A", "B", "C"] {
            let row = try #require(output.byTeam.first { $0.group == team })
            #expect(figures(row) == naiveRecount(visits, team: team, teams: teams), "team \(team)")
            // The team's report: its visits recounted, and the partnership's rows of its people.
            let scoped = output.limited(toTeams: [team])
            #expect(figures(scoped.service) == naiveRecount(visits, team: team, teams: teams), "scoped \(team)")
            #expect(scoped.byTeam == [row])
            let people = Set(teams.indices.filter { teams[$0] == team }.map { "P\($0)" })
            #expect(scoped.byPerson == output.byPerson.filter { people.contains($0.group ?? "") }, "team \(team)")
            #expect(scoped.byCarer.reduce(0) { $0 + $1.delivered } >= scoped.service.delivered)
        }
        #expect(output.limited(toTeams: ["A", "B", "C"]) == output, "every team is the partnership")
    }

    // MARK: A team or service scope

    @Test func aTeamScopeCountsOnlyThatTeamsVisitsInEveryGrouping() throws {
        let output = try handWorkedLog().run(VisitDelivery.self, q1)
        let barrhead = output.limited(toTeams: ["barrhead"])
        #expect(counts(barrhead.service) == counts(output.byTeam[0]))
        #expect(barrhead.service.offsets == output.byTeam[0].offsets)
        #expect(barrhead.byTeam == [output.byTeam[0]])
        #expect(barrhead.byPerson == [output.byPerson[0]])
        // Barrhead's visits V1–V4, V9, V10: S1 at V1, V2, V4; S2 at V3; V9 and V10 unattended.
        #expect(barrhead.byCarer.map(\.group) == ["S1", "S2", VisitDelivery.unattendedGroup])
        #expect(counts(barrhead.byCarer[0]) == [3, 3, 1, 2, 0, 0, 0, 0, 0, 1, 0, 0])
        #expect(counts(barrhead.byCarer[1]) == [1, 1, 0, 0, 1, 1, 0, 0, 0, 0, 1, 0])
        #expect(counts(barrhead.byCarer[2]) == [2, 0, 0, 0, 0, 0, 1, 0, 1, 0, 0, 0])
        let nobody = output.limited(toTeams: ["levern"])
        #expect(nobody.service.planned == 0 && nobody.byTeam.isEmpty && nobody.byCarer.isEmpty)
        #expect(nobody.period == output.period)
    }

    @Test func aPersonWhoMovesTeamLeavesTheirEarlierVisitsWithTheTeamThatHadThem() throws {
        let log = TestLog()
        log.append(started("2019-06-01", team: "barrhead"), to: "person/P1")
        log.append(visit("P1", at: "2020-03-02T09:00:00Z"), to: "visit/V1")
        log.append(arrive("S1", "2020-03-02T09:05:00Z"), to: "visit/V1")
        // P1 moves to paisley from 5 March; visits scheduled after the move are paisley's.
        log.append(started("2020-03-05", team: "paisley"), to: "person/P1")
        log.append(visit("P1", at: "2020-03-06T09:00:00Z"), to: "visit/V2")
        log.append(arrive("S2", "2020-03-06T09:50:00Z"), to: "visit/V2")
        let output = try log.run(VisitDelivery.self, q1)
        let barrhead = output.limited(toTeams: ["barrhead"])
        let paisley = output.limited(toTeams: ["paisley"])
        #expect(barrhead.service.planned == 1 && barrhead.service.onTime == 1)
        #expect(paisley.service.planned == 1 && paisley.service.late == 1)
        #expect(barrhead.byCarer.map(\.group) == ["S1"] && paisley.byCarer.map(\.group) == ["S2"])
        // The person's row in each team's report holds that team's visits of theirs.
        #expect(barrhead.byPerson.map(\.planned) == [1] && paisley.byPerson.map(\.planned) == [1])
        #expect(output.byPerson.map(\.planned) == [2])
        #expect(output.limited(toTeams: ["barrhead", "paisley"]) == output)
    }

    @Test func aCorrectedTeamAssignmentMovesTheVisitsAsKnownAtTheCut() throws {
        let log = TestLog()
        let start = log.append(started("2019-06-01", team: "barrhead"), to: "person/P1")
        log.append(visit("P1", at: "2020-03-02T09:00:00Z"), to: "visit/V1")
        log.append(arrive("S1", "2020-03-02T09:05:00Z"), to: "visit/V1")
        let before = log.append(visit("P1", at: "2020-03-03T09:00:00Z"), to: "visit/V2")
        log.correct(start, in: "person/P1", with: started("2019-06-01", team: "paisley").careEvent)
        let corrected = try log.run(VisitDelivery.self, q1)
        #expect(corrected.limited(toTeams: ["paisley"]).service.planned == 2)
        #expect(corrected.limited(toTeams: ["barrhead"]).service.planned == 0)
        let asKnownBefore = try log.run(
            VisitDelivery.self, params("2020-03-31", from: "2020-01-01", to: "2020-03-31", knownAt: .sequence(before)))
        #expect(asKnownBefore.limited(toTeams: ["barrhead"]).service.planned == 2)
        #expect(asKnownBefore.limited(toTeams: ["paisley"]).service.planned == 0)
        // A voided assignment leaves the visits unassigned.
        log.void(start, in: "person/P1")
        #expect(
            try log.run(VisitDelivery.self, q1).limited(toTeams: [VisitDelivery.unassignedTeam]).service.planned == 2)
    }
}
