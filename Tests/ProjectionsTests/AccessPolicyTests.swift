import CareCalendar
import CareRecord
import EventLog
import Projections
import Testing

/// The world the policy matrix runs in, on 2020-02-03: P1 in team barrhead (locality levern) on
/// carer S1's schedule; P2 in team eastwood (locality eastwood), on nobody's. One subject per role.
let policyDay = d("2020-02-03")

func policyWorld() throws -> AccessRegister {
    let log = TestLog()
    log.append(started("2020-01-06", team: "barrhead", locality: "levern"), to: "person/P1")
    log.append(started("2020-01-06", team: "eastwood", locality: "eastwood"), to: "person/P2")
    var v1 = scheduled("P1", at: "2020-02-03T08:00:00Z")
    v1.staffIds = ["S1"]
    log.append(v1, to: "visit/V1")
    log.append(scheduled("P2", at: "2020-02-03T09:00:00Z"), to: "visit/V2")
    for (role, scope) in policyScopes.sorted(by: { $0.key.rawValue < $1.key.rawValue }) {
        log.append(
            grant(role.rawValue, role, scope, staffId: role == .carer ? "S1" : nil), to: "access/G-\(role.rawValue)")
    }
    return try AccessRegister.build(from: log.store)
}

/// Each role's grant scope in the matrix.
let policyScopes: [AccessRole: AccessScope] = [
    .carer: .team("barrhead"), .coordinator: .team("barrhead"), .serviceManager: .service("levern"),
    .auditor: .partnership, .inspector: .partnership, .feed: .partnership, .administrator: .partnership,
]

/// The resource an action is asked of, inside the role's scope or outside it.
func policyResource(_ action: AccessAction, inScope: Bool, role: AccessRole) -> AccessResource {
    let person = inScope ? "P1" : "P2"
    switch action {
    case .streamRead: return .stream(StreamName("person/" + person)!)
    case .timelineRead: return .person(person)
    case .eventsAppend:
        return .events(
            type: VisitCheckedIn.eventType, stream: StreamName(inScope ? "visit/V1" : "visit/V2")!, personId: nil)
    case .report: return .report(kind: "compliance", scope: inScope ? policyScopes[role]! : .team("eastwood"))
    case .extract: return .extract(kind: "care-inspectorate-notifications", pseudonymised: inScope)
    case .verify, .checkpoint: return .log
    case .accessReport: return .accessLog
    case .accessAdminister, .accessList: return .grants
    }
}

/// One cell of the matrix: role × action × in or out of scope, and whether it is allowed.
struct PolicyCell: CustomTestStringConvertible, Sendable {
    var role: AccessRole
    var action: AccessAction
    var inScope: Bool
    var allowed: Bool
    var testDescription: String {
        "\(role.rawValue) \(action.rawValue) \(inScope ? "in" : "out of") scope → \(allowed ? "allowed" : "refused")"
    }
}

/// The matrix as `Docs/access.md` states it: per role, per action, "in/out" as A (allowed) or R (refused).
let policyMatrix: [AccessRole: [AccessAction: String]] = [
    .carer: [
        .streamRead: "A/R", .timelineRead: "A/R", .eventsAppend: "A/R", .report: "R/R", .extract: "R/R",
        .verify: "R/R", .checkpoint: "R/R", .accessReport: "R/R", .accessAdminister: "R/R", .accessList: "R/R",
    ],
    .coordinator: [
        .streamRead: "A/R", .timelineRead: "A/R", .eventsAppend: "A/R", .report: "A/R", .extract: "R/R",
        .verify: "R/R", .checkpoint: "R/R", .accessReport: "R/R", .accessAdminister: "R/R", .accessList: "R/R",
    ],
    .serviceManager: [
        .streamRead: "A/R", .timelineRead: "A/R", .eventsAppend: "A/R", .report: "A/R", .extract: "R/R",
        .verify: "A/A", .checkpoint: "A/A", .accessReport: "R/R", .accessAdminister: "R/R", .accessList: "R/R",
    ],
    .auditor: [
        .streamRead: "A/A", .timelineRead: "A/A", .eventsAppend: "R/R", .report: "A/A", .extract: "A/A",
        .verify: "A/A", .checkpoint: "A/A", .accessReport: "A/A", .accessAdminister: "R/R", .accessList: "A/A",
    ],
    .inspector: [
        .streamRead: "R/R", .timelineRead: "R/R", .eventsAppend: "R/R", .report: "R/R", .extract: "A/R",
        .verify: "R/R", .checkpoint: "R/R", .accessReport: "R/R", .accessAdminister: "R/R", .accessList: "R/R",
    ],
    .feed: [
        .streamRead: "R/R", .timelineRead: "R/R", .eventsAppend: "A/A", .report: "R/R", .extract: "R/R",
        .verify: "R/R", .checkpoint: "R/R", .accessReport: "R/R", .accessAdminister: "R/R", .accessList: "R/R",
    ],
    .administrator: [
        .streamRead: "R/R", .timelineRead: "R/R", .eventsAppend: "R/R", .report: "R/R", .extract: "R/R",
        .verify: "A/A", .checkpoint: "A/A", .accessReport: "R/R", .accessAdminister: "A/A", .accessList: "A/A",
    ],
]

let policyCells: [PolicyCell] = AccessRole.allCases.flatMap { role in
    AccessAction.allCases.flatMap { action in
        let cell = Array(policyMatrix[role]?[action] ?? "?/?")
        return [
            PolicyCell(role: role, action: action, inScope: true, allowed: cell.first == "A"),
            PolicyCell(role: role, action: action, inScope: false, allowed: cell.last == "A"),
        ]
    }
}

@Suite("Access policy: every role × every action × in and out of scope")
struct AccessPolicyTests {
    @Test("the matrix covers every role and every action")
    func matrixIsComplete() {
        for role in AccessRole.allCases {
            #expect(Set(policyMatrix[role]?.keys.map { $0 } ?? []) == Set(AccessAction.allCases), "\(role)")
        }
    }

    @Test("each cell of the matrix", arguments: policyCells)
    func cell(_ cell: PolicyCell) throws {
        let register = try policyWorld()
        let decision = AccessPolicy.decide(
            subject: cell.role.rawValue, action: cell.action,
            resource: policyResource(cell.action, inScope: cell.inScope, role: cell.role), on: policyDay,
            register: register, allowedEventTypes: [VisitCheckedIn.eventType])
        #expect(decision.isAllowed == cell.allowed)
        #expect(decision.role == cell.role)
        #expect(!decision.breakGlass)
        if case .refused(let refusal) = decision {
            for datum in ["P1", "P2", "eastwood", "V1", "V2"] {
                #expect(!refusal.message.contains(datum), "a refusal never names the record asked for")
            }
        }
    }

    @Test("with a stated reason, a carer, coordinator or service manager may read outside their scope (flagged)")
    func breakGlass() throws {
        let register = try policyWorld()
        for role in AccessRole.allCases {
            for action in [AccessAction.streamRead, .timelineRead] {
                let resource = policyResource(action, inScope: false, role: role)
                let silent = AccessPolicy.decide(
                    subject: role.rawValue, action: action, resource: resource, on: policyDay, register: register)
                let urgent = AccessPolicy.decide(
                    subject: role.rawValue, action: action, resource: resource, on: policyDay, register: register,
                    breakGlassReason: "ambulance crew asking for medication history")
                let blank = AccessPolicy.decide(
                    subject: role.rawValue, action: action, resource: resource, on: policyDay, register: register,
                    breakGlassReason: "  ")
                let mayBreakGlass = AccessPolicy.breakGlassRoles.contains(role)
                #expect(urgent.isAllowed == (mayBreakGlass || role == .auditor), "\(role) \(action)")
                #expect(urgent.breakGlass == mayBreakGlass, "\(role) \(action)")
                #expect(blank.isAllowed == silent.isAllowed)
                if mayBreakGlass, case .refused(let refusal) = silent {
                    #expect(refusal.kind == .outOfScope)
                    #expect(refusal.message.contains("break glass"))
                }
            }
        }
    }

    @Test("break glass never opens writes, reports or extracts")
    func breakGlassReadsOnly() throws {
        let register = try policyWorld()
        for action in [AccessAction.eventsAppend, .report, .extract] {
            let decision = AccessPolicy.decide(
                subject: "coordinator", action: action,
                resource: policyResource(action, inScope: false, role: .coordinator),
                on: policyDay, register: register, breakGlassReason: "urgent")
            #expect(!decision.isAllowed, "\(action)")
        }
    }

    @Test("a feed key appends only the types its key allows, and never access events")
    func feedTypes() throws {
        let register = try policyWorld()
        func decide(_ type: String) -> AccessDecision {
            AccessPolicy.decide(
                subject: "feed", action: .eventsAppend,
                resource: .events(type: type, stream: StreamName("complaint/C1")!, personId: nil), on: policyDay,
                register: register, allowedEventTypes: [VisitCheckedIn.eventType, AccessGranted.eventType])
        }
        #expect(decide(VisitCheckedIn.eventType).isAllowed)
        guard case .refused(let complaint) = decide(ComplaintReceived.eventType) else {
            Issue.record("a feed key appended a complaint")
            return
        }
        #expect(complaint.kind == .eventTypeNotAllowed)
        #expect(!decide(AccessGranted.eventType).isAllowed, "access events are never appended as care events")
    }

    @Test("a carer records check-ins and medication for their own people, nothing else")
    func carerTypes() throws {
        let register = try policyWorld()
        func decide(_ type: String, _ stream: String, person: String? = nil) -> Bool {
            AccessPolicy.decide(
                subject: "carer", action: .eventsAppend,
                resource: .events(type: type, stream: StreamName(stream)!, personId: person), on: policyDay,
                register: register
            ).isAllowed
        }
        #expect(decide(MedicationRecorded.eventType, "medication/P1"))
        #expect(!decide(MedicationRecorded.eventType, "medication/P2"))
        #expect(!decide(ServiceEnded.eventType, "person/P1"))
        #expect(!decide(VisitScheduled.eventType, "visit/V9", person: "P1"))
    }

    @Test("a subject with no grant in force is refused, and told to ask an administrator")
    func noGrant() throws {
        let register = try policyWorld()
        let decision = AccessPolicy.decide(
            subject: "stranger", action: .timelineRead, resource: .person("P1"), on: policyDay, register: register)
        guard case .refused(let refusal) = decision else {
            Issue.record("allowed without a grant")
            return
        }
        #expect(refusal.kind == .noGrant)
        #expect(decision.role == nil)
        let before = AccessPolicy.decide(
            subject: "auditor", action: .timelineRead, resource: .person("P1"), on: d("2019-12-31"), register: register)
        #expect(!before.isAllowed, "grants start on their first day")
    }

    @Test("a service grant covers a report limited to a team of its locality, and no team serving elsewhere")
    func serviceGrantCoversItsTeams() throws {
        let log = TestLog()
        log.append(started("2020-01-06", team: "barrhead", locality: "levern"), to: "person/P1")
        log.append(started("2020-01-06", team: "eastwood", locality: "eastwood"), to: "person/P2")
        // Team "mixed" serves both localities: a levern grant does not cover all of its people.
        log.append(started("2020-01-06", team: "mixed", locality: "levern"), to: "person/P3")
        log.append(started("2020-01-06", team: "mixed", locality: "eastwood"), to: "person/P4")
        // Team "later" moves to levern only on 2020-03-02.
        log.append(started("2020-01-06", team: "later", locality: "eastwood"), to: "person/P5")
        log.append(ended("2020-03-01"), to: "person/P5")
        log.append(started("2020-03-02", team: "later", locality: "levern"), to: "person/P5")
        log.append(grant("manager", .serviceManager, .service("levern")), to: "access/G1")
        let register = try AccessRegister.build(from: log.store)
        func report(_ scope: AccessScope, on day: String = "2020-02-03") -> AccessDecision {
            AccessPolicy.decide(
                subject: "manager", action: .report, resource: .report(kind: "compliance", scope: scope), on: d(day),
                register: register)
        }
        #expect(report(.service("levern")).isAllowed)
        #expect(report(.team("barrhead")).isAllowed, "a team whose people are all in levern")
        #expect(!report(.team("eastwood")).isAllowed, "a team of another locality")
        #expect(!report(.team("mixed")).isAllowed, "a team that also serves another locality")
        #expect(!report(.team("nobody")).isAllowed, "a team no service names")
        #expect(!report(.team("later")).isAllowed, "on a day the team still served eastwood")
        #expect(report(.team("later"), on: "2020-03-02").isAllowed, "from the day it serves only levern")
        #expect(!report(.partnership).isAllowed)
        #expect(register.localities(ofTeam: "mixed", on: d("2020-02-03")) == ["levern", "eastwood"])
    }

    @Test("a team grant never covers its service's report, nor another team's")
    func teamGrantCoversOnlyItsTeam() throws {
        let register = try policyWorld()
        func report(_ scope: AccessScope) -> Bool {
            AccessPolicy.decide(
                subject: "coordinator", action: .report, resource: .report(kind: "compliance", scope: scope),
                on: policyDay, register: register
            ).isAllowed
        }
        #expect(report(.team("barrhead")))
        #expect(!report(.service("levern")))
        #expect(!report(.team("eastwood")))
    }

    @Test("the decision becomes the RecordAccessed fact the service appends")
    func recordedFact() throws {
        let register = try policyWorld()
        let decision = AccessPolicy.decide(
            subject: "coordinator", action: .timelineRead, resource: .person("P2"), on: policyDay, register: register,
            breakGlassReason: "hospital asked")
        let fact = decision.recordAccessed(
            subject: "coordinator", action: .timelineRead, target: AccessTarget(personId: "P2"),
            reason: "hospital asked",
            requestId: "r-9")
        #expect(fact.outcome == .allowed)
        #expect(fact.breakGlass)
        #expect(fact.role == .coordinator)
        #expect(fact.grantId == "G-coordinator")
        var checks = PayloadChecks(stream: RecordAccessed.stream(on: policyDay), now: nil)
        fact.check(&checks)
        #expect(checks.problems.isEmpty)
    }
}
