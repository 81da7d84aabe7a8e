import CareCalendar
import CareRecord
import EventLog

/// The visits the ``AccessRegister`` keeps for the access policy — each plan's person, care day,
/// team and listed staff, and who checked in or out — in columns of integers, with ids interned
/// once. A partnership's years of visits (three million in the 10.7M-event demo) then cost about
/// a hundred bytes each, where a dictionary of decoded events cost several hundred.
///
/// Facts are kept as recorded, with their sequences; the reads take the register's
/// ``CorrectionIndex`` and resolve corrections as they read, so a correction recorded later
/// changes the answers without refolding. The by-day indexes are supersets (a corrected plan is
/// indexed under its new day and person too), verified against the resolved facts on reading.
struct VisitSchedule: Sendable {
    /// Interned ids: person ids, staff ids and team names share one table.
    var names: [String] = []
    var numbers: [String: Int32] = [:]
    /// Each visit's slot (the index of its entries in the per-visit columns), by visit id.
    var slots: [String: Int32] = [:]

    // Per visit (index: slot). A sequence of 0 means no plan recorded yet.
    var planSequence: [UInt64] = []
    var planPerson: [Int32] = []
    var planDay: [Int32] = []
    var planTeam: [Int32] = []
    var planStaffStart: [Int32] = []
    var planStaffCount: [Int32] = []
    var firstCheck: [Int32] = []

    /// The staff ids plans list: a plan's are `planStaffCount` numbers from `planStaffStart`.
    var staffPool: [Int32] = []

    // Per check-in or check-out, in the order folded; `nextCheck` chains a visit's checks.
    var checkSequence: [UInt64] = []
    var checkStaff: [Int32] = []
    var nextCheck: [Int32] = []

    /// Visits by person and by staff id (index: the id's number), as day-and-slot keys kept
    /// sorted, so one day's visits are a range found by binary search.
    var byPerson: [[UInt64]] = []
    var byStaff: [[UInt64]] = []

    static let none: Int32 = -1

    // MARK: Recording

    /// Records a plan for visit `id` (a later plan of the same visit replaces it) and indexes it
    /// under its person and every staff id it lists or that checked in or out.
    mutating func recordPlan(_ plan: VisitScheduled, visit id: String, sequence: UInt64, corrections: CorrectionIndex) {
        let slot = self.slot(of: id)
        let day = Self.day(of: plan)
        planSequence[slot] = sequence
        planPerson[slot] = number(of: plan.personId)
        planDay[slot] = Int32(truncatingIfNeeded: day)
        planTeam[slot] = plan.team.map { number(of: $0) } ?? Self.none
        let staff = plan.staffIds ?? []
        planStaffStart[slot] = Int32(staffPool.count)
        planStaffCount[slot] = Int32(staff.count)
        for staffId in staff { staffPool.append(number(of: staffId)) }
        index(slot: slot, person: plan.personId, staffIds: staff, day: day, corrections: corrections)
    }

    /// Records that `staffId` checked in or out of visit `id`, indexed under the day of the
    /// visit's plan as it stands (once one is recorded).
    mutating func recordCheck(visit id: String, staffId: String, sequence: UInt64, corrections: CorrectionIndex) {
        let slot = self.slot(of: id)
        let staff = number(of: staffId)
        let check = Int32(checkSequence.count)
        checkSequence.append(sequence)
        checkStaff.append(staff)
        nextCheck.append(firstCheck[slot])
        firstCheck[slot] = check
        indexCheck(slot: slot, staff: staff, corrections: corrections)
    }

    /// After a correction in visit `id`'s stream: indexes the replacement's person, day and staff
    /// too (readers verify against the resolved facts, so stale entries do no harm).
    mutating func recordCorrection(visit id: String, replacement: CareEvent, corrections: CorrectionIndex) {
        guard let found = slots[id] else { return }
        let slot = Int(found)
        switch replacement {
        case .visitScheduled(let plan):
            index(
                slot: slot, person: plan.personId, staffIds: plan.staffIds ?? [], day: Self.day(of: plan),
                corrections: corrections)
        case .visitCheckedIn(let e):
            indexCheck(slot: slot, staff: number(of: e.staffId), corrections: corrections)
        case .visitCheckedOut(let e):
            indexCheck(slot: slot, staff: number(of: e.staffId), corrections: corrections)
        default:
            break
        }
    }

    /// Indexes the visit in `slot` under staff number `staff` on the day of its plan as it
    /// stands (once one is recorded).
    private mutating func indexCheck(slot: Int, staff: Int32, corrections: CorrectionIndex) {
        guard let plan = resolvedPlan(slot: slot, corrections: corrections) else { return }
        Self.insert(key: Self.key(day: plan.day, slot: slot), into: &byStaff, at: staff)
    }

    /// Indexes `slot` on `day` under the person, the staff listed and those who checked in or out
    /// (as recorded, and as corrected since).
    private mutating func index(slot: Int, person: String, staffIds: [String], day: Int, corrections: CorrectionIndex) {
        let key = Self.key(day: day, slot: slot)
        let personNumber = number(of: person)
        Self.insert(key: key, into: &byPerson, at: personNumber)
        for staffId in staffIds {
            let staff = number(of: staffId)
            Self.insert(key: key, into: &byStaff, at: staff)
        }
        var check = firstCheck[slot]
        while check != Self.none {
            Self.insert(key: key, into: &byStaff, at: checkStaff[Int(check)])
            if let corrected = Self.correctedStaff(corrections.resolution(of: checkSequence[Int(check)])) {
                let staff = number(of: corrected)
                Self.insert(key: key, into: &byStaff, at: staff)
            }
            check = nextCheck[Int(check)]
        }
    }

    /// The staff id a check's correction names, if the check was replaced.
    private static func correctedStaff(_ resolution: CorrectionIndex.Resolution?) -> String? {
        switch resolution {
        case .replaced(.visitCheckedIn(let e))?: e.staffId
        case .replaced(.visitCheckedOut(let e))?: e.staffId
        default: nil
        }
    }

    /// The slot of visit `id`, made (with empty columns) the first time the visit is named.
    private mutating func slot(of id: String) -> Int {
        if let slot = slots[id] { return Int(slot) }
        let slot = planSequence.count
        slots[id] = Int32(slot)
        planSequence.append(0)
        planPerson.append(Self.none)
        planDay.append(0)
        planTeam.append(Self.none)
        planStaffStart.append(0)
        planStaffCount.append(0)
        firstCheck.append(Self.none)
        return slot
    }

    /// The number of `name`, interned the first time.
    private mutating func number(of name: String) -> Int32 {
        if let number = numbers[name] { return number }
        let number = Int32(names.count)
        names.append(name)
        numbers[name] = number
        return number
    }

    /// Inserts `key` into the sorted list `lists[list]`, unless it is there already.
    private static func insert(key: UInt64, into lists: inout [[UInt64]], at list: Int32) {
        let list = Int(list)
        if lists.count <= list { lists.append(contentsOf: repeatElement([], count: list + 1 - lists.count)) }
        if let last = lists[list].last, last < key {
            lists[list].append(key)
            return
        }
        let at = lowerBound(of: key, in: lists[list])
        if at < lists[list].count, lists[list][at] == key { return }
        lists[list].insert(key, at: at)
    }

    // MARK: Reading

    /// Visit `id`'s plan as it stands, or `nil` when none is recorded or it was voided.
    func plan(ofVisit id: String, corrections: CorrectionIndex) -> PlannedVisit? {
        guard let slot = slots[id], let plan = resolvedPlan(slot: Int(slot), corrections: corrections) else {
            return nil
        }
        return PlannedVisit(
            personId: plan.person, day: CareDate(daysSinceEpoch: plan.day), team: plan.team, staffIds: plan.staffIds)
    }

    /// The staff ids on visit `id`: listed by its plan as it stands, and those who checked in or
    /// out (corrections applied).
    func staff(ofVisit id: String, corrections: CorrectionIndex) -> Set<String> {
        guard let slot = slots[id] else { return [] }
        var staff = Set(resolvedPlan(slot: Int(slot), corrections: corrections)?.staffIds ?? [])
        forEachCheck(of: Int(slot), corrections: corrections) { staff.insert($0) }
        return staff
    }

    /// The people of the visits on `day` whose plan lists `staffId` or that `staffId` checked in
    /// or out of.
    func people(ofStaff staffId: String, on day: CareDate, corrections: CorrectionIndex) -> Set<String> {
        var people: Set<String> = []
        forEachVisit(of: staffId, in: byStaff, on: day) { slot in
            guard let plan = resolvedPlan(slot: slot, corrections: corrections), plan.day == day.daysSinceEpoch,
                isStaffed(by: staffId, slot: slot, plan: plan, corrections: corrections)
            else { return }
            people.insert(plan.person)
        }
        return people
    }

    /// The teams named by `personId`'s visits planned on `day`.
    func teams(ofPerson personId: String, on day: CareDate, corrections: CorrectionIndex) -> Set<String> {
        var teams: Set<String> = []
        forEachVisit(of: personId, in: byPerson, on: day) { slot in
            guard let plan = resolvedPlan(slot: slot, corrections: corrections), plan.person == personId,
                plan.day == day.daysSinceEpoch, let team = plan.team
            else { return }
            teams.insert(team)
        }
        return teams
    }

    /// A plan as it stands, in the strings the reads answer with.
    private struct Resolved {
        var person: String
        var day: Int
        var team: String?
        var staffIds: [String]
    }

    private func resolvedPlan(slot: Int, corrections: CorrectionIndex) -> Resolved? {
        let sequence = planSequence[slot]
        guard sequence != 0 else { return nil }
        switch corrections.resolution(of: sequence) {
        case nil:
            let start = Int(planStaffStart[slot])
            let team = planTeam[slot]
            return Resolved(
                person: names[Int(planPerson[slot])], day: Int(planDay[slot]),
                team: team == Self.none ? nil : names[Int(team)],
                staffIds: staffPool[start..<start + Int(planStaffCount[slot])].map { names[Int($0)] })
        case .replaced(.visitScheduled(let plan))?:
            return Resolved(
                person: plan.personId, day: Self.day(of: plan), team: plan.team, staffIds: plan.staffIds ?? [])
        case .replaced?, .voided?:
            return nil
        }
    }

    /// Whether the visit in `slot` lists `staffId` in its plan or was checked in or out by them.
    private func isStaffed(by staffId: String, slot: Int, plan: Resolved, corrections: CorrectionIndex) -> Bool {
        if plan.staffIds.contains(staffId) { return true }
        var found = false
        forEachCheck(of: slot, corrections: corrections) { if $0 == staffId { found = true } }
        return found
    }

    /// Calls `body` with the staff id of each check of the visit in `slot` as it stands.
    private func forEachCheck(of slot: Int, corrections: CorrectionIndex, _ body: (String) -> Void) {
        var check = firstCheck[slot]
        while check != Self.none {
            let at = Int(check)
            switch corrections.resolution(of: checkSequence[at]) {
            case nil: body(names[Int(checkStaff[at])])
            case .replaced(.visitCheckedIn(let e))?: body(e.staffId)
            case .replaced(.visitCheckedOut(let e))?: body(e.staffId)
            case .replaced?, .voided?: break
            }
            check = nextCheck[at]
        }
    }

    /// Calls `body` with each slot indexed under `id` on `day` in `lists`.
    private func forEachVisit(of id: String, in lists: [[UInt64]], on day: CareDate, _ body: (Int) -> Void) {
        guard let number = numbers[id], Int(number) < lists.count else { return }
        let list = lists[Int(number)]
        let first = Self.key(day: day.daysSinceEpoch, slot: 0)
        var at = Self.lowerBound(of: first, in: list)
        while at < list.count, list[at] >> 32 == first >> 32 {
            body(Int(UInt32(truncatingIfNeeded: list[at])))
            at += 1
        }
    }

    // MARK: Keys

    private static func day(of plan: VisitScheduled) -> Int {
        UKTime.ukDate(epochMilliseconds: plan.plannedStart.millisecondsSinceEpoch).daysSinceEpoch
    }

    /// A day-and-slot key: the day (biased so earlier days sort first) above the slot.
    private static func key(day: Int, slot: Int) -> UInt64 {
        let biased = UInt32(bitPattern: Int32(truncatingIfNeeded: day)) ^ 0x8000_0000
        return UInt64(biased) << 32 | UInt64(UInt32(truncatingIfNeeded: slot))
    }

    private static func lowerBound(of key: UInt64, in list: [UInt64]) -> Int {
        var low = 0
        var high = list.count
        while low < high {
            let middle = (low + high) / 2
            if list[middle] < key { low = middle + 1 } else { high = middle }
        }
        return low
    }
}
