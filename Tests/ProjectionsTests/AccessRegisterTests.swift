import CareCalendar
import CareRecord
import EventLog
import Projections
import Testing

/// A grant of `role` over `scope` from `from` (to `to`).
func grant(
    _ subject: String, _ role: AccessRole, _ scope: AccessScope = .partnership, from: String = "2020-01-01",
    to: String? = nil, staffId: String? = nil
) -> AccessGranted {
    AccessGranted(
        subject: subject, staffId: staffId, role: role, scope: scope, effectiveFrom: d(from),
        effectiveTo: to.map { d($0) })
}

@Suite("Access register: the grants in force on a day, as known at a log cut")
struct AccessRegisterTests {
    func register(_ log: TestLog, knownAt: KnownAt = .head) throws -> AccessRegister {
        try AccessRegister.build(from: log.store, knownAt: knownAt)
    }

    @Test("a grant is in force from its first day to its last, inclusive, and not on the days either side")
    func effectiveDates() throws {
        let log = TestLog()
        log.append(grant("u1", .coordinator, .team("barrhead"), from: "2020-02-01", to: "2020-02-29"), to: "access/G1")
        let r = try register(log)
        #expect(r.grants(for: "u1", on: d("2020-01-31")).isEmpty)
        #expect(r.grants(for: "u1", on: d("2020-02-01")).map(\.grantId) == ["G1"])
        #expect(r.grants(for: "u1", on: d("2020-02-29")).map(\.grantId) == ["G1"])
        #expect(r.grants(for: "u1", on: d("2020-03-01")).isEmpty)
        #expect(r.grants(for: "someone-else", on: d("2020-02-10")).isEmpty)
        let g = try #require(r.grant(id: "G1"))
        #expect(g.role == .coordinator)
        #expect(g.scope == .team("barrhead"))
        #expect(g.grantedBy == "test")
    }

    @Test("a revocation ends the grant from its day on; the earliest revocation wins")
    func revocation() throws {
        let log = TestLog()
        log.append(grant("u1", .auditor), to: "access/G1")
        log.append(AccessRevoked(effectiveFrom: d("2020-06-01")), to: "access/G1")
        log.append(AccessRevoked(effectiveFrom: d("2020-07-01")), to: "access/G1")
        let r = try register(log)
        #expect(r.grants(for: "u1", on: d("2020-05-31")).count == 1)
        #expect(r.grants(for: "u1", on: d("2020-06-01")).isEmpty)
        #expect(r.grant(id: "G1")?.revokedFrom == d("2020-06-01"))
    }

    @Test("after a revocation, a new grant puts the subject back in force from its own first day")
    func regrant() throws {
        let log = TestLog()
        log.append(grant("u1", .coordinator, .team("barrhead")), to: "access/G1")
        log.append(AccessRevoked(effectiveFrom: d("2020-03-01")), to: "access/G1")
        log.append(grant("u1", .coordinator, .team("eastwood"), from: "2020-04-01"), to: "access/G2")
        let r = try register(log)
        #expect(r.grants(for: "u1", on: d("2020-03-15")).isEmpty)
        #expect(r.grants(for: "u1", on: d("2020-04-01")).map(\.scope) == [.team("eastwood")])
        #expect(r.grants(on: d("2020-02-01")).map(\.grantId) == ["G1"])
    }

    @Test("a corrected grant is read as corrected; a voided one is gone; voiding a revocation restores the grant")
    func corrections() throws {
        let log = TestLog()
        let g1 = log.append(grant("u1", .coordinator, .team("barrhead")), to: "access/G1")
        let g2 = log.append(grant("u2", .auditor), to: "access/G2")
        log.append(grant("u3", .auditor), to: "access/G3")
        let revoked = log.append(AccessRevoked(effectiveFrom: d("2020-02-01")), to: "access/G3")
        log.correct(g1, in: "access/G1", with: grant("u9", .serviceManager, .service("levern")).careEvent)
        log.void(g2, in: "access/G2")
        log.void(revoked, in: "access/G3")
        let r = try register(log)
        #expect(r.grants(for: "u1", on: d("2020-03-01")).isEmpty, "the corrected grant names another subject")
        #expect(r.grants(for: "u9", on: d("2020-03-01")).map(\.role) == [.serviceManager])
        #expect(r.grants(for: "u2", on: d("2020-03-01")).isEmpty)
        #expect(r.grants(for: "u3", on: d("2020-03-01")).count == 1)
    }

    @Test("replayed as known before the grant, the subject held nothing; after it, the grant")
    func replayKnownAt() throws {
        let log = TestLog()
        let before = log.append(started("2020-01-06"), to: "person/P1")
        log.append(grant("u1", .auditor), to: "access/G1")
        #expect(try register(log, knownAt: .sequence(before)).grants(for: "u1", on: d("2020-02-01")).isEmpty)
        #expect(try register(log).grants(for: "u1", on: d("2020-02-01")).count == 1)
    }

    @Test("catching up from the log gives the same answers as a full build, and skips other types")
    func incremental() throws {
        let log = TestLog()
        log.append(grant("u1", .auditor), to: "access/G1")
        var kept = try register(log)
        log.append(plan("2020-01-20"), to: "person/P1")
        let g2 = log.append(grant("u2", .coordinator, .team("barrhead")), to: "access/G2")
        log.append(AccessRevoked(effectiveFrom: d("2020-03-01")), to: "access/G1")
        log.correct(g2, in: "access/G2", with: grant("u2", .coordinator, .team("eastwood")).careEvent)
        try kept.catchUp(from: log.store)
        let full = try register(log)
        #expect(kept.position == full.position)
        #expect(kept.allGrants == full.allGrants)
        #expect(kept.grants(for: "u2", on: d("2020-02-01")).map(\.scope) == [.team("eastwood")])
    }

    @Test("catching up through a sequence read beforehand folds up to it exactly, and the rest on the next catch-up")
    func catchUpThroughAReadSequence() throws {
        let log = TestLog()
        log.append(grant("u1", .auditor), to: "access/G1")
        var kept = try register(log)
        let g2 = log.append(grant("u2", .auditor), to: "access/G2")
        let head = try log.store.checkpoint().sequence
        // Committed after the head was read: not folded by this catch-up.
        log.append(grant("u3", .auditor), to: "access/G3")
        try kept.catchUp(from: log.store, through: head)
        #expect(head == g2)
        #expect(kept.position == head)
        #expect(kept.grants(for: "u2", on: d("2020-02-01")).count == 1)
        #expect(kept.grants(for: "u3", on: d("2020-02-01")).isEmpty)
        // A cut at or behind the register's position reads nothing and changes nothing.
        try kept.catchUp(from: log.store, through: head - 1)
        #expect(kept.position == head)
        try kept.catchUp(from: log.store, through: try log.store.checkpoint().sequence)
        let full = try register(log)
        #expect(kept.position == full.position)
        #expect(kept.allGrants == full.allGrants)
    }

    @Test("a person's team on a day: the service in force, the last one once ended, and a visit's own team")
    func personScope() throws {
        let log = TestLog()
        log.append(started("2020-01-06", team: "barrhead", locality: "levern"), to: "person/P1")
        log.append(ended("2020-03-31"), to: "person/P1")
        var visit = scheduled("P1", at: "2020-02-03T08:00:00Z")
        visit.team = "night-team"
        log.append(visit, to: "visit/V1")
        let r = try register(log)
        #expect(r.scope(ofPerson: "P1", on: d("2020-01-05")) == PersonScope())
        #expect(
            r.scope(ofPerson: "P1", on: d("2020-01-06")) == PersonScope(teams: ["barrhead"], localities: ["levern"]))
        #expect(r.scope(ofPerson: "P1", on: d("2020-02-03")).teams == ["barrhead", "night-team"])
        #expect(r.scope(ofPerson: "P1", on: d("2020-06-01")).teams == ["barrhead"], "records stay with the last team")
    }

    @Test("a carer's schedule on a day: visits listing their staff id, or that they checked in to")
    func carerSchedule() throws {
        let log = TestLog()
        log.append(started("2020-01-06"), to: "person/P1")
        log.append(started("2020-01-06"), to: "person/P2")
        log.append(started("2020-01-06"), to: "person/P3")
        var rota = scheduled("P1", at: "2020-02-03T08:00:00Z")
        rota.staffIds = ["S7"]
        let v1 = log.append(rota, to: "visit/V1")
        log.append(scheduled("P2", at: "2020-02-03T23:30:00Z"), to: "visit/V2")  // 2020-02-03 in London (GMT)
        log.append(checkIn("2020-02-03T23:31:00Z"), to: "visit/V2")  // staff S1
        log.append(scheduled("P3", at: "2020-02-04T08:00:00Z"), to: "visit/V3")
        var r = try register(log)
        #expect(r.scheduledPeople(ofStaff: "S7", on: d("2020-02-03")) == ["P1"])
        #expect(r.scheduledPeople(ofStaff: "S1", on: d("2020-02-03")) == ["P2"])
        #expect(r.scheduledPeople(ofStaff: "S7", on: d("2020-02-04")).isEmpty)
        #expect(r.person(ofVisit: "V2") == "P2")
        // The rota is corrected: the visit moves to the next day.
        rota.plannedStart = t("2020-02-04T08:00:00Z")
        log.correct(v1, in: "visit/V1", with: rota.careEvent)
        try r.catchUp(from: log.store)
        #expect(r.scheduledPeople(ofStaff: "S7", on: d("2020-02-03")).isEmpty)
        #expect(r.scheduledPeople(ofStaff: "S7", on: d("2020-02-04")) == ["P1"])
    }
}
