import CareCalendar
import CareRecord
import EventLog
import Projections
import Testing

/// A fold-state cache in memory, counting saves.
final class MemoryCheckpoints: FoldStateCache {
    var entries: [String: [UInt8]] = [:]
    var saves = 0
    func load(key: String) -> [UInt8]? { entries[key] }
    func save(key: String, bytes: [UInt8]) {
        entries[key] = bytes
        saves += 1
    }
}

@Suite("Access register checkpoint: resumed from a saved state and the tail, as a full fold")
struct AccessRegisterCheckpointTests {
    static let subjects = ["u1", "u2", "u3", "u4", "u9"]
    static let people = ["P1", "P2", "P3"]
    static let staff = ["S1", "S7", "S8"]
    static let visits = ["V1", "V2", "V3", "V4"]
    static let days = ["2020-01-05", "2020-01-06", "2020-02-03", "2020-02-04", "2020-03-01", "2020-06-01"]

    /// Every answer the register gives over the test's subjects, people, staff, visits and days.
    static func answers(_ r: AccessRegister) -> [String] {
        var out = ["position \(r.position)", "ids \(r.grantIds)", "all \(r.allGrants)"]
        for day in days.map({ d($0) }) {
            out.append("on \(day) \(r.grants(on: day))")
            for subject in subjects { out.append("\(subject) \(day) \(r.grants(for: subject, on: day))") }
            for person in people {
                let scope = r.scope(ofPerson: person, on: day)
                out.append("\(person) \(day) \(scope.teams.sorted()) \(scope.localities.sorted())")
            }
            for id in staff { out.append("\(id) \(day) \(r.scheduledPeople(ofStaff: id, on: day).sorted())") }
        }
        for visit in visits {
            out.append("\(visit) \(String(describing: r.plan(ofVisit: visit))) \(r.staff(ofVisit: visit).sorted())")
        }
        return out
    }

    /// Grants, services, visits and corrections before the checkpoint.
    static func before(_ log: TestLog) -> (grant: UInt64, visit: UInt64, revoked: UInt64) {
        let g1 = log.append(grant("u1", .coordinator, .team("barrhead")), to: "access/G1")
        log.append(grant("u2", .auditor), to: "access/G2")
        log.append(grant("u3", .carer, staffId: "S7"), to: "access/G3")
        let revoked = log.append(AccessRevoked(effectiveFrom: d("2020-02-01")), to: "access/G2")
        log.append(started("2020-01-06", team: "barrhead", locality: "levern"), to: "person/P1")
        log.append(started("2020-01-06", team: "eastwood"), to: "person/P2")
        var rota = scheduled("P1", at: "2020-02-03T08:00:00Z")
        rota.staffIds = ["S7"]
        rota.tasks = ["personal-care"]
        let v1 = log.append(rota, to: "visit/V1")
        var night = scheduled("P2", at: "2020-02-03T23:30:00Z")
        night.team = "night-team"
        let v2 = log.append(night, to: "visit/V2")
        log.append(checkIn("2020-02-03T23:31:00Z"), to: "visit/V2")
        log.void(v2, in: "visit/V2")
        _ = v1
        return (g1, v1, revoked)
    }

    /// Grants, revocations and corrections after the checkpoint, some changing entries before it.
    static func after(_ log: TestLog, _ earlier: (grant: UInt64, visit: UInt64, revoked: UInt64)) {
        log.append(grant("u4", .serviceManager, .service("levern"), from: "2020-03-01"), to: "access/G4")
        log.append(AccessRevoked(effectiveFrom: d("2020-06-01"), reason: "left"), to: "access/G1")
        log.correct(earlier.grant, in: "access/G1", with: grant("u9", .coordinator, .team("eastwood")).careEvent)
        log.void(earlier.revoked, in: "access/G2")
        var moved = scheduled("P1", at: "2020-02-04T08:00:00Z")
        moved.staffIds = ["S7", "S8"]
        log.correct(earlier.visit, in: "visit/V1", with: moved.careEvent)
        log.append(started("2020-03-01", team: "barrhead"), to: "person/P3")
        log.append(scheduled("P3", at: "2020-03-01T09:00:00Z"), to: "visit/V3")
        log.append(checkIn("2020-03-01T09:02:00Z"), to: "visit/V3")
        log.append(ended("2020-03-31"), to: "person/P2")
    }

    @Test("resumed from a state saved before grants, revocations and corrections, it answers as a full fold")
    func resumedEqualsFull() throws {
        let log = TestLog()
        let earlier = Self.before(log)
        let checkpoints = MemoryCheckpoints()
        let first = try AccessRegister.resume(from: log.store, cache: checkpoints)
        #expect(first.resumedFrom == 0, "nothing was saved yet: the whole log is folded")
        #expect(checkpoints.saves == 1)
        #expect(Self.answers(first.register) == Self.answers(try AccessRegister.build(from: log.store)))
        let saved = first.register.position

        Self.after(log, earlier)
        let resumed = try AccessRegister.resume(from: log.store, cache: checkpoints)
        #expect(resumed.resumedFrom == saved)
        let full = try AccessRegister.build(from: log.store)
        #expect(Self.answers(resumed.register) == Self.answers(full))
        #expect(resumed.register.grants(for: "u9", on: d("2020-03-01")).map(\.scope) == [.team("eastwood")])
        #expect(resumed.register.scheduledPeople(ofStaff: "S8", on: d("2020-02-04")) == ["P1"])

        // Saved again at the head: the next start folds nothing and answers the same.
        let again = try AccessRegister.resume(from: log.store, cache: checkpoints)
        #expect(again.resumedFrom == full.position)
        #expect(checkpoints.saves == 2)
        #expect(Self.answers(again.register) == Self.answers(full))
    }

    @Test("a state saved for another store, or damaged, is not used: the log is folded from the start")
    func unusableStates() throws {
        let one = TestLog()
        _ = Self.before(one)
        let checkpoints = MemoryCheckpoints()
        _ = try AccessRegister.resume(from: one.store, cache: checkpoints)

        // Another history: its head hash at the saved position differs.
        let other = TestLog()
        other.append(started("2020-01-07", team: "eastwood"), to: "person/P9")
        let earlier = Self.before(other)
        Self.after(other, earlier)
        let fromOther = try AccessRegister.resume(from: other.store, cache: checkpoints)
        #expect(fromOther.resumedFrom == 0)
        #expect(Self.answers(fromOther.register) == Self.answers(try AccessRegister.build(from: other.store)))

        let key = AccessRegister.checkpointKey
        checkpoints.entries[key] = Array((checkpoints.entries[key] ?? []).dropLast(3))
        let damaged = try AccessRegister.resume(from: other.store, cache: checkpoints)
        #expect(damaged.resumedFrom == 0)
        #expect(Self.answers(damaged.register) == Self.answers(fromOther.register))
    }
}
