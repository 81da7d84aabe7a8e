import CareCalendar
import CareRecord
import EventLog

/// Who may see what, on any day, as known at a log cut: the grants (with revocations and
/// corrections) and what the access policy needs to know about the record — a person's teams
/// and localities on a day, and the people on a carer's schedule on a day.
///
/// A pure, incremental fold: ``apply(_:recorded:)`` takes events in log order (only
/// ``eventTypes`` matter; others are skipped), so a service keeps one value up to date from the
/// log with ``catchUp(from:)`` and an auditor replays any past cut with ``build(from:knownAt:)``.
/// It keeps the facts as recorded and resolves corrections (``CorrectionIndex``) when asked, so a
/// correction or a void recorded later changes the answers without refolding.
public struct AccessRegister: Sendable {
    /// The event types the register folds.
    public static let eventTypes: Set<String> = Set([
        AccessGranted.eventType, AccessRevoked.eventType, ServiceStarted.eventType, ServiceEnded.eventType,
        VisitScheduled.eventType, VisitCheckedIn.eventType, VisitCheckedOut.eventType,
    ]).union(CorrectionIndex.eventTypes)

    /// A fact with its sequence and actor, as recorded.
    struct Recorded<Fact: Sendable>: Sendable {
        var sequence: UInt64
        var actor: String
        var fact: Fact
    }

    /// What the log says about one grant.
    struct GrantFacts: Sendable {
        var granted: Recorded<AccessGranted>?
        var revocations: [Recorded<AccessRevoked>] = []
    }

    /// One person-stream service fact.
    enum ServiceFact: Sendable {
        case started(ServiceStarted)
        case ended(ServiceEnded)
    }

    /// Where each recorded grant or service fact belongs, so a correction finds what it changes
    /// (a visit's correction is in the visit's stream: ``VisitSchedule`` finds it by id).
    enum Owner: Sendable {
        case grant(String)
        case person(String)
    }

    /// The last sequence folded (0 before any).
    public internal(set) var position: UInt64 = 0
    var corrections = CorrectionIndex()
    var owners: [UInt64: Owner] = [:]
    var grantFacts: [String: GrantFacts] = [:]
    /// Grant ids by subject (a superset after corrections: verified on reading).
    var grantsBySubject: [String: Set<String>] = [:]
    var serviceFacts: [String: [Recorded<ServiceFact>]] = [:]
    /// Every visit's plan and checks, compactly.
    var schedule = VisitSchedule()

    /// An empty register (nothing granted).
    public init() {}

    // MARK: Folding

    /// Folds one event, in log order. Events of other types only move ``position``.
    public mutating func apply(_ event: CareEvent, recorded: RecordedEvent) {
        position = max(position, recorded.sequence)
        let id = String(recorded.stream.id)
        let sequence = recorded.sequence
        switch event {
        case .accessGranted(let e):
            grantFacts[id, default: GrantFacts()].granted = Recorded(sequence: sequence, actor: recorded.actor, fact: e)
            grantsBySubject[e.subject, default: []].insert(id)
            owners[sequence] = .grant(id)
        case .accessRevoked(let e):
            grantFacts[id, default: GrantFacts()].revocations.append(
                Recorded(sequence: sequence, actor: recorded.actor, fact: e))
            owners[sequence] = .grant(id)
        case .serviceStarted(let e):
            serviceFacts[id, default: []].append(Recorded(sequence: sequence, actor: recorded.actor, fact: .started(e)))
            owners[sequence] = .person(id)
        case .serviceEnded(let e):
            serviceFacts[id, default: []].append(Recorded(sequence: sequence, actor: recorded.actor, fact: .ended(e)))
            owners[sequence] = .person(id)
        case .visitScheduled(let e):
            schedule.recordPlan(e, visit: id, sequence: sequence, corrections: corrections)
        case .visitCheckedIn(let e):
            schedule.recordCheck(visit: id, staffId: e.staffId, sequence: sequence, corrections: corrections)
        case .visitCheckedOut(let e):
            schedule.recordCheck(visit: id, staffId: e.staffId, sequence: sequence, corrections: corrections)
        case .entryCorrected(let c):
            corrections.apply(event, sequence: sequence)
            if recorded.stream.kind == StreamKind.visit.rawValue {
                schedule.recordCorrection(visit: id, replacement: c.replacement, corrections: corrections)
            } else {
                reindex(correcting: c.sequence, replacement: c.replacement)
            }
        case .entryVoided:
            corrections.apply(event, sequence: sequence)
        default:
            break
        }
    }

    /// Decodes and folds one recorded event; events of types the register does not read are
    /// only counted in ``position`` (and not decoded).
    public mutating func apply(_ recorded: RecordedEvent) throws(CatalogueError) {
        guard Self.eventTypes.contains(recorded.type) else {
            position = max(position, recorded.sequence)
            return
        }
        apply(try CareEventCodec.decode(recorded), recorded: recorded)
    }

    /// Folds the events recorded after ``position`` up to `knownAt` (the service calls this
    /// after its appends; an auditor's replay starts from an empty register), and moves
    /// ``position`` to that cut even when the last events there are of types it does not read,
    /// so a caller comparing ``position`` with the log's head knows it has nothing to fold.
    public mutating func catchUp(from store: any EventStore, knownAt: KnownAt = .head) throws(ProjectionError) {
        let cut: UInt64
        do { cut = try store.checkpoint(knownAt: knownAt).sequence } catch { throw .store(error) }
        try catchUp(from: store, through: cut)
    }

    /// Folds the events recorded after ``position`` up to and including sequence `cut`, a
    /// sequence the caller has read from the store (its head, say), without reading the head again.
    public mutating func catchUp(from store: any EventStore, through cut: UInt64) throws(ProjectionError) {
        guard cut > position else { return }
        var selection = EventSelection.types(Self.eventTypes).known(at: .sequence(cut))
        selection.fromSequence = position + 1
        // Folded as read (not collected first: at 10.7M events that held millions of decoded
        // events at once), into a local the closure captures, swapped in and out of `self`.
        var folding = AccessRegister()
        swap(&folding, &self)
        do {
            try ProjectionRunner.visit(selection, in: store) { event, recorded in
                folding.apply(event, recorded: recorded)
            }
        } catch {
            swap(&folding, &self)
            throw error
        }
        swap(&folding, &self)
        position = max(position, cut)
    }

    /// The register as known at `knownAt`: every grant, service and visit fact recorded by then.
    public static func build(from store: any EventStore, knownAt: KnownAt = .head) throws(ProjectionError)
        -> AccessRegister
    {
        let checkpoint: Checkpoint
        do { checkpoint = try store.checkpoint(knownAt: knownAt) } catch { throw .store(error) }
        var register = AccessRegister()
        try register.catchUp(from: store, knownAt: .sequence(checkpoint.sequence))
        register.position = max(register.position, checkpoint.sequence)
        return register
    }

    /// After a correction: index the replacement's values too (readers verify against the
    /// resolved facts, so stale index entries do no harm).
    private mutating func reindex(correcting target: UInt64, replacement: CareEvent) {
        switch (owners[target], replacement) {
        case (.grant(let id)?, .accessGranted(let e)):
            grantsBySubject[e.subject, default: []].insert(id)
        default:
            break
        }
    }

    // MARK: Resolving corrections

    /// The fact at `sequence` as it stands: the original, a correction's replacement, or `nil` when voided.
    private func resolved(_ sequence: UInt64, original: CareEvent) -> CareEvent? {
        switch corrections.resolution(of: sequence) {
        case nil: return original
        case .voided: return nil
        case .replaced(let replacement): return replacement
        }
    }

    // MARK: Reading

    /// The grant with this id as it stands (corrections applied, revocations folded), or `nil`
    /// when no such grant is recorded or it was voided.
    public func grant(id: String) -> AccessGrant? {
        guard let facts = grantFacts[id], let recorded = facts.granted,
            case .accessGranted(let granted)? = resolved(recorded.sequence, original: recorded.fact.careEvent)
        else { return nil }
        var grant = AccessGrant(grantId: id, granted: granted, grantedBy: recorded.actor, sequence: recorded.sequence)
        for revocation in facts.revocations {
            guard case .accessRevoked(let revoked)? = resolved(revocation.sequence, original: revocation.fact.careEvent)
            else { continue }
            if grant.revokedFrom.map({ revoked.effectiveFrom < $0 }) ?? true {
                grant.revokedFrom = revoked.effectiveFrom
                grant.revokedBy = revocation.actor
            }
        }
        return grant
    }

    /// Every grant recorded (in force or not), by grant id.
    public var allGrants: [AccessGrant] { grantFacts.keys.sorted().compactMap { grant(id: $0) } }

    /// The grants in force for `subject` on `day`, by grant id.
    public func grants(for subject: String, on day: CareDate) -> [AccessGrant] {
        (grantsBySubject[subject] ?? []).sorted().compactMap { id in
            grant(id: id).flatMap { $0.subject == subject && $0.isInForce(on: day) ? $0 : nil }
        }
    }

    /// Every grant in force on `day`, by subject, then grant id.
    public func grants(on day: CareDate) -> [AccessGrant] {
        allGrants.filter { $0.isInForce(on: day) }.sorted { ($0.subject, $0.grantId) < ($1.subject, $1.grantId) }
    }

    /// Every grant id recorded, voided or not, sorted.
    public var grantIds: [String] { grantFacts.compactMap { $0.value.granted == nil ? nil : $0.key }.sorted() }

    /// Whether any grant was recorded for `id` (a revocation needs one).
    public func hasGrant(id: String) -> Bool { grantFacts[id]?.granted != nil }

    /// The visit's plan as it stands (person, care day, team, listed staff), or `nil` when
    /// unknown or voided.
    public func plan(ofVisit id: String) -> PlannedVisit? { schedule.plan(ofVisit: id, corrections: corrections) }

    /// The person a visit is for, or `nil` when the visit is unknown.
    public func person(ofVisit id: String) -> String? { plan(ofVisit: id)?.personId }

    /// The staff ids on a visit: scheduled (`staffIds`) and those who checked in or out.
    public func staff(ofVisit id: String) -> Set<String> { schedule.staff(ofVisit: id, corrections: corrections) }

    /// The people on a carer's schedule on `day`: the people of that day's visits (by planned
    /// start, Europe/London) that list the staff id in `staffIds` or that the carer checked in or out of.
    public func scheduledPeople(ofStaff staffId: String, on day: CareDate) -> Set<String> {
        schedule.people(ofStaff: staffId, on: day, corrections: corrections)
    }

    /// The teams and localities a person's record belongs to on `day`: the service in force that
    /// day (or, once it has ended, the last one before it), and the team of any visit planned that
    /// day. Empty before the person's first service.
    public func scope(ofPerson personId: String, on day: CareDate) -> PersonScope {
        let chosen = services(ofPerson: personId, on: day)
        var scope = PersonScope(
            teams: Set(chosen.map(\.team)), localities: Set(chosen.compactMap(\.locality)))
        scope.teams.formUnion(schedule.teams(ofPerson: personId, on: day, corrections: corrections))
        return scope
    }

    /// Where team `team` serves on `day`: the locality of each person's service that names the
    /// team (the service in force that day, or once it has ended the last one before it, as
    /// ``scope(ofPerson:on:)`` takes it), with `nil` for a service that names no locality. Empty
    /// when no person's service names the team that day.
    public func localities(ofTeam team: String, on day: CareDate) -> Set<String?> {
        var localities: Set<String?> = []
        for personId in serviceFacts.keys {
            for service in services(ofPerson: personId, on: day) where service.team == team {
                localities.insert(service.locality)
            }
        }
        return localities
    }

    /// The person's service (team and locality) that decides their scope on `day`.
    private func services(ofPerson personId: String, on day: CareDate) -> [(team: String, locality: String?)] {
        var episodes: [(from: CareDate, to: CareDate?, team: String, locality: String?)] = []
        for recorded in serviceFacts[personId] ?? [] {
            let original: CareEvent
            switch recorded.fact {
            case .started(let e): original = e.careEvent
            case .ended(let e): original = e.careEvent
            }
            switch resolved(recorded.sequence, original: original) {
            case .serviceStarted(let e)?:
                episodes.append((e.firstServiceOn, nil, e.team, e.locality))
            case .serviceEnded(let e)?:
                if let open = episodes.lastIndex(where: { $0.to == nil }) { episodes[open].to = e.endedOn }
            default: break
            }
        }
        let started = episodes.filter { $0.from <= day }
        let current = started.filter { $0.to.map { day <= $0 } ?? true }
        let chosen = current.isEmpty ? started.max { $0.from < $1.from }.map { [$0] } ?? [] : current
        return chosen.map { ($0.team, $0.locality) }
    }
}
