import CareCalendar
import CareRecord
import EventLog
import Testing

@testable import Projections

/// The access register's visits (kept in `VisitSchedule`'s columns) against a plain reading of
/// the log: random plans, re-plans, check-ins before and after their plan, corrections and voids.
@Suite("Visit schedule: the register's visits answer as a plain reading of the log")
struct VisitScheduleTests {
    static let people = ["P0", "P1", "P2", "P3"]
    static let staff = ["S0", "S1", "S2", "S3", "S4"]
    static let teams = ["north", "south"]
    static let visits = (0..<16).map { "V\($0)" }
    /// Planned starts around midnight in winter and summer, so UK days and UTC days differ.
    static let starts = [
        "2020-02-03T08:00:00Z", "2020-02-03T23:30:00Z", "2020-02-04T00:15:00Z", "2020-06-01T22:45:00Z",
        "2020-06-01T23:30:00Z", "2020-06-02T09:00:00Z",
    ]
    static let days = ["2020-02-03", "2020-02-04", "2020-06-01", "2020-06-02", "2020-06-03"]

    /// One random history of `steps` events.
    static func history(seed: UInt64, steps: Int, into log: TestLog, afterEach: (Int) throws -> Void) rethrows {
        var random = SplitMix64(seed: seed)
        var facts: [(sequence: UInt64, stream: String, event: CareEvent)] = []
        func randomPlan() -> VisitScheduled {
            var plan = scheduled(people.randomElement(using: &random)!, at: starts.randomElement(using: &random)!)
            if Bool.random(using: &random) { plan.team = teams.randomElement(using: &random) }
            if Bool.random(using: &random) {
                plan.staffIds = Array(staff.shuffled(using: &random).prefix(Int.random(in: 1...2, using: &random)))
            }
            return plan
        }
        func randomCheck(in: Bool) -> CareEvent {
            let staffId = staff.randomElement(using: &random)!
            return `in`
                ? VisitCheckedIn(checkedInAt: t("2020-02-03T08:01:00Z"), staffId: staffId, method: .electronic)
                    .careEvent
                : VisitCheckedOut(checkedOutAt: t("2020-02-03T08:31:00Z"), staffId: staffId, method: .electronic)
                    .careEvent
        }
        for step in 0..<steps {
            let stream = "visit/" + visits.randomElement(using: &random)!
            let roll = Int.random(in: 0..<10, using: &random)
            if roll < 4 {
                let event = randomPlan().careEvent
                facts.append((log.append(event, to: stream), stream, event))
            } else if roll < 7 {
                let event = randomCheck(in: roll < 6)
                facts.append((log.append(event, to: stream), stream, event))
            } else if let target = facts.randomElement(using: &random) {
                if roll == 9 {
                    log.void(target.sequence, in: target.stream)
                } else {
                    let replacement: CareEvent
                    switch target.event {
                    case .visitScheduled: replacement = randomPlan().careEvent
                    case .visitCheckedIn: replacement = randomCheck(in: true)
                    default: replacement = randomCheck(in: false)
                    }
                    log.correct(target.sequence, in: target.stream, with: replacement)
                }
            }
            try afterEach(step)
        }
    }

    /// What the register should answer, read plainly from the log: each visit's last plan as it
    /// stands, its staff, and from those every carer's people and every person's teams by day.
    static func expected(_ store: any EventStore) throws -> [String] {
        var corrections = CorrectionIndex()
        var plans: [String: (sequence: UInt64, plan: VisitScheduled)] = [:]
        var checks: [String: [(sequence: UInt64, staffId: String)]] = [:]
        try store.read(EventSelection()) { recorded in
            let event = try CareEventCodec.decode(recorded)
            let visit = String(recorded.stream.id)
            switch event {
            case .visitScheduled(let plan): plans[visit] = (recorded.sequence, plan)
            case .visitCheckedIn(let e): checks[visit, default: []].append((recorded.sequence, e.staffId))
            case .visitCheckedOut(let e): checks[visit, default: []].append((recorded.sequence, e.staffId))
            default: corrections.apply(event, sequence: recorded.sequence)
            }
        }
        func plan(_ visit: String) -> PlannedVisit? {
            guard let recorded = plans[visit] else { return nil }
            let stands: VisitScheduled
            switch corrections.resolution(of: recorded.sequence) {
            case nil: stands = recorded.plan
            case .replaced(.visitScheduled(let replacement))?: stands = replacement
            default: return nil
            }
            return PlannedVisit(
                personId: stands.personId,
                day: UKTime.ukDate(epochMilliseconds: stands.plannedStart.millisecondsSinceEpoch),
                team: stands.team, staffIds: stands.staffIds ?? [])
        }
        func staffOf(_ visit: String) -> Set<String> {
            var out = Set(plan(visit)?.staffIds ?? [])
            for check in checks[visit] ?? [] {
                switch corrections.resolution(of: check.sequence) {
                case nil: out.insert(check.staffId)
                case .replaced(.visitCheckedIn(let e))?: out.insert(e.staffId)
                case .replaced(.visitCheckedOut(let e))?: out.insert(e.staffId)
                default: break
                }
            }
            return out
        }
        var out: [String] = []
        for visit in visits { out.append("\(visit) \(String(describing: plan(visit))) \(staffOf(visit).sorted())") }
        for day in days.map({ d($0) }) {
            for id in staff {
                let people = visits.compactMap { v in
                    plan(v).flatMap { $0.day == day && staffOf(v).contains(id) ? $0.personId : nil }
                }
                out.append("\(id) \(day) \(Set(people).sorted())")
            }
            for person in people {
                let teams = visits.compactMap { v in
                    plan(v).flatMap { $0.personId == person && $0.day == day ? $0.team : nil }
                }
                out.append("\(person) \(day) \(Set(teams).sorted())")
            }
        }
        return out
    }

    /// The same questions put to the register.
    static func answers(_ r: AccessRegister) -> [String] {
        var out: [String] = []
        for visit in visits {
            out.append("\(visit) \(String(describing: r.plan(ofVisit: visit))) \(r.staff(ofVisit: visit).sorted())")
        }
        for day in days.map({ d($0) }) {
            for id in staff { out.append("\(id) \(day) \(r.scheduledPeople(ofStaff: id, on: day).sorted())") }
            for person in people { out.append("\(person) \(day) \(r.scope(ofPerson: person, on: day).teams.sorted())") }
        }
        return out
    }

    @Test(
        "built whole, caught up after every event, and resumed from a state saved midway, it answers as the log reads",
        arguments: [1, 2, 3, 4, 5, 6, 7, 8] as [UInt64])
    func answersAsTheLogReads(seed: UInt64) throws {
        let log = TestLog()
        var following = AccessRegister()
        let checkpoints = MemoryCheckpoints()
        try Self.history(seed: seed, steps: 120, into: log) { step in
            try following.catchUp(from: log.store)
            if step == 60 { _ = try AccessRegister.resume(from: log.store, cache: checkpoints) }
            if step % 30 == 29 { #expect(Self.answers(following) == (try Self.expected(log.store))) }
        }
        let expected = try Self.expected(log.store)
        #expect(Self.answers(try AccessRegister.build(from: log.store)) == expected)
        #expect(Self.answers(following) == expected)
        let resumed = try AccessRegister.resume(from: log.store, cache: checkpoints)
        #expect(resumed.resumedFrom > 0, "the state saved midway was used")
        #expect(Self.answers(resumed.register) == expected)
        // Something to check: the history planned visits and gave carers people.
        #expect(expected.contains { $0.hasPrefix("S") && !$0.hasSuffix("[]") })
    }
}

@Suite("Visit schedule: a carer stays on the schedule through corrections in either order")
struct VisitScheduleCorrectionOrderTests {
    @Test(
        "a check-in corrected to another carer, then the plan moved to the next day: that carer has the person that day"
    )
    func correctedCarerFollowsTheMovedPlan() throws {
        let log = TestLog()
        let plan = log.append(scheduled("P1", at: "2020-02-03T08:00:00Z"), to: "visit/V1")
        let check = log.append(checkIn("2020-02-03T08:01:00Z"), to: "visit/V1")
        var byS7 = checkIn("2020-02-03T08:01:00Z")
        byS7.staffId = "S7"
        log.correct(check, in: "visit/V1", with: byS7.careEvent)
        log.correct(plan, in: "visit/V1", with: scheduled("P1", at: "2020-02-04T08:00:00Z").careEvent)

        let register = try AccessRegister.build(from: log.store)
        #expect(register.scheduledPeople(ofStaff: "S7", on: d("2020-02-04")) == ["P1"])
        #expect(register.scheduledPeople(ofStaff: "S7", on: d("2020-02-03")).isEmpty)
        #expect(
            register.scheduledPeople(ofStaff: "S1", on: d("2020-02-04")).isEmpty, "S1's check-in was corrected away")
        #expect(register.staff(ofVisit: "V1") == ["S7"])
    }
}

@Suite("Access register: catching up moves its position to the cut")
struct AccessRegisterCatchUpTests {
    @Test("caught up through a head whose last events it does not read, its position is that head")
    func positionReachesTheCutPastEventsItDoesNotRead() throws {
        let log = TestLog()
        log.append(scheduled("P1", at: "2020-02-03T08:00:00Z"), to: "visit/V1")
        var register = AccessRegister()
        try register.catchUp(from: log.store)
        log.append(review("2020-02-04"), to: "person/P1")
        let head = log.append(review("2020-02-05"), to: "person/P1")
        try register.catchUp(from: log.store)
        #expect(register.position == head)
        try register.catchUp(from: log.store, through: head)
        #expect(register.position == head)
        #expect(register.person(ofVisit: "V1") == "P1")
    }
}

@Suite("Visit schedule: its saved form")
struct VisitScheduleSavedFormTests {
    static func schedule() -> VisitSchedule {
        var schedule = VisitSchedule()
        let none = CorrectionIndex()
        var plan = scheduled("P1", at: "2020-02-03T08:00:00Z")
        plan.team = "north"
        plan.staffIds = ["S2"]
        schedule.recordCheck(visit: "V2", staffId: "S1", sequence: 1, corrections: none)
        schedule.recordPlan(plan, visit: "V1", sequence: 2, corrections: none)
        schedule.recordCheck(visit: "V1", staffId: "S1", sequence: 3, corrections: none)
        schedule.recordPlan(scheduled("P2", at: "2020-02-04T08:00:00Z"), visit: "V2", sequence: 4, corrections: none)
        return schedule
    }

    static func saved(_ schedule: VisitSchedule) -> [UInt8] {
        var writer = FoldStateWriter()
        schedule.write(to: &writer)
        return writer.bytes
    }

    @Test("read back, it answers as written")
    func roundTrip() throws {
        var reader = FoldStateReader(Self.saved(Self.schedule()))
        let read = try VisitSchedule(from: &reader)
        let none = CorrectionIndex()
        #expect(read.people(ofStaff: "S1", on: d("2020-02-03"), corrections: none) == ["P1"])
        #expect(read.people(ofStaff: "S1", on: d("2020-02-04"), corrections: none) == ["P2"])
        #expect(read.people(ofStaff: "S2", on: d("2020-02-03"), corrections: none) == ["P1"])
        #expect(read.teams(ofPerson: "P1", on: d("2020-02-03"), corrections: none) == ["north"])
        #expect(read.plan(ofVisit: "V2", corrections: none)?.personId == "P2")
        #expect(Self.saved(read) == Self.saved(Self.schedule()), "the same bytes again")
    }

    @Test("columns that point outside each other are refused, not trusted")
    func inconsistentColumnsRefused() {
        var badPerson = Self.schedule()
        badPerson.planPerson[0] = 99
        var badCheck = Self.schedule()
        badCheck.nextCheck[0] = 7
        var shortColumn = Self.schedule()
        shortColumn.planDay.removeLast()
        var badKey = Self.schedule()
        badKey.byStaff[badKey.byStaff.count - 1].append(UInt64(UInt32.max))
        for broken in [badPerson, badCheck, shortColumn, badKey] {
            var reader = FoldStateReader(Self.saved(broken))
            #expect(throws: FoldStateDecodingError.self) { try VisitSchedule(from: &reader) }
        }
    }
}
