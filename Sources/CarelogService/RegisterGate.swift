import CareCalendar
import CareRecord
import CarelogOperations
import EventLog
import Projections

/// The access decision from roles and scopes granted in the log (Docs/access.md): an
/// ``Projections/AccessRegister`` kept up to date from the store, judged by
/// ``Projections/AccessPolicy`` on today's UK date. Every read of personal data — allowed or
/// refused — is appended as a `RecordAccessed` event (through the store's group commit) before
/// the response is sent; its actor is the identity.
///
/// Each decision sees every event committed before it began: it reads the log's head (one read
/// transaction, no lock) and folds the register forward only when the head has moved past what
/// the register has folded. Concurrent decisions therefore share catch-ups: while one folds
/// (alone, ``SharedRegister``'s exclusive hold), the others wait and then find the register
/// already at or past the head they read; decisions themselves run side by side (shared holds).
package final class RegisterGate: AccessGate {
    private let store: any EventStore
    private let register: SharedRegister
    private let clock: @Sendable () -> Timestamp

    /// The log position the register was resumed from at start-up (0: folded from the first event).
    package let resumedFrom: UInt64

    /// Builds the register from the whole log.
    package init(store: any EventStore, clock: @escaping @Sendable () -> Timestamp) throws {
        self.store = store
        self.clock = clock
        register = SharedRegister(try AccessRegister.build(from: store))
        resumedFrom = 0
        isAheadOfSavedState = false
    }

    /// Whether the register's saved state is far enough behind the head it started at to be worth
    /// saving again (``saveRegister(in:)``): when none was saved, or the start folded at least a
    /// sixteenth of the log (``resaveShare``) and 4,096 positions past it. A nearer state is left
    /// as it is: at 10.7M events saving costs seconds and 300 MB written and synced, while folding
    /// a sixteenth of the log at the next start costs about a second — and every restart of a
    /// service in use finds the head moved by the reads it recorded.
    package let isAheadOfSavedState: Bool

    /// The share of the log a start must fold past the saved state before it saves it again.
    package static let resaveShare: UInt64 = 16

    /// Builds the register from the state saved in `checkpoints` (the store's projection cache)
    /// and the events recorded since (``Projections/AccessRegister/resume(from:cache:save:)``);
    /// from the whole log when there is no cache or no usable state. With `saving`, the state at
    /// the head is saved back here when it moved; without, ``isAheadOfSavedState`` says whether
    /// it is worth saving and the caller saves it later (the service, once it is serving: at 10.7M events the state is
    /// about 300 MB, several seconds to write).
    package init(
        store: any EventStore, clock: @escaping @Sendable () -> Timestamp, checkpoints: (any FoldStateCache)?,
        saving: Bool = true
    ) throws {
        self.store = store
        self.clock = clock
        guard let checkpoints else {
            register = SharedRegister(try AccessRegister.build(from: store))
            resumedFrom = 0
            isAheadOfSavedState = false
            return
        }
        let resumed = try AccessRegister.resume(from: store, cache: checkpoints, save: saving)
        register = SharedRegister(resumed.register)
        resumedFrom = resumed.resumedFrom
        let folded = resumed.register.position - resumed.resumedFrom
        isAheadOfSavedState =
            !saving && folded > 0
            && (resumed.resumedFrom == 0 || folded >= max(4096, resumed.register.position / Self.resaveShare))
    }

    /// Saves the register as it stands in the store's projection cache, so the next start resumes
    /// from here, on a low-priority thread of its own (``LowPriorityWork``: seconds of copying at
    /// 10.7M events must hold neither a request nor the task pool). The state is written from a
    /// copy taken under a shared hold (decisions go on; a catch-up meanwhile copies the columns it
    /// changes), and stored in one transaction of the cache without taking a user's turn on it
    /// (``SharedReportCache/unlent``): writing and syncing 300 MB must not hold a report.
    package func saveRegister(in cache: SharedReportCache) async throws {
        let snapshot = register.read { $0 }
        guard snapshot.position > 0 else { return }
        let store = store
        try await LowPriorityWork.run {
            let bytes = try snapshot.savedBytes(store: store)
            cache.unlent?.save(key: AccessRegister.checkpointKey, bytes: bytes)
        }
    }

    /// Decides `action` for `identity` on today's UK date. A refused read of personal data is
    /// recorded with `parameters` (what was asked, a report's team or service included) before
    /// the refusal is thrown.
    package func authorise(
        _ action: ServiceAction, by identity: ServiceIdentity, reason: String?, parameters: [String: String]
    ) async throws -> AccessUse {
        let now = clock()
        let day = UKTime.ukDate(epochMilliseconds: now.millisecondsSinceEpoch)
        let (policyAction, resource) = Self.policyTerms(action)
        let decision = try await StoreWork.run { [self] in
            try self.withCaughtUpRegister { register in
                AccessPolicy.decide(
                    subject: identity.subject, action: policyAction, resource: resource, on: day, register: register,
                    breakGlassReason: reason, allowedEventTypes: identity.allowedEventTypes)
            }
        }
        switch decision {
        case .allowed(let grant, let breakGlass):
            return AccessUse(
                identity: identity, action: action, role: grant.role.rawValue, breakGlass: breakGlass, reason: reason,
                decision: decision)
        case .refused(let refusal):
            if action.readsPersonalData {
                try await append(
                    decision.recordAccessed(
                        subject: identity.subject, action: policyAction, target: Self.target(action, parameters),
                        reason: reason),
                    by: identity, at: now)
            }
            throw ServiceProblem.forbidden(refusal.message)
        }
    }

    /// Decides an action that reads no personal data (an append, a checkpoint), synchronously on
    /// the calling thread (an append's task): nothing is recorded, so a refusal is only thrown.
    package func authoriseNow(_ action: ServiceAction, by identity: ServiceIdentity) throws -> AccessUse {
        let day = UKTime.ukDate(epochMilliseconds: clock().millisecondsSinceEpoch)
        let (policyAction, resource) = Self.policyTerms(action)
        let decision = try withCaughtUpRegister { register in
            AccessPolicy.decide(
                subject: identity.subject, action: policyAction, resource: resource, on: day, register: register,
                allowedEventTypes: identity.allowedEventTypes)
        }
        switch decision {
        case .allowed(let grant, let breakGlass):
            return AccessUse(
                identity: identity, action: action, role: grant.role.rawValue, breakGlass: breakGlass,
                decision: decision)
        case .refused(let refusal):
            throw ServiceProblem.forbidden(refusal.message)
        }
    }

    /// The register caught up with the store (what the next decision would see).
    package func currentRegister(store _: any EventStore) async throws -> AccessRegister {
        try await StoreWork.run { [self] in try self.withCaughtUpRegister { $0 } }
    }

    /// Runs `body` on the register, first folded up to (at least) the log's head as it stands
    /// now. The head is read before any hold is taken; a decision that finds the register
    /// already there (another caller caught it up meanwhile) reads nothing more, and a catch-up
    /// folds up to that head without reading it again. The fold runs
    /// under the exclusive hold, `body` under a shared one beside other decisions; `body` must be
    /// quick (a policy decision, a lookup).
    private func withCaughtUpRegister<T: Sendable>(_ body: (AccessRegister) -> T) throws -> T {
        let head: UInt64
        do { head = try store.checkpoint(knownAt: .head).sequence } catch { throw ServiceProblem.from(error) }
        if register.read({ $0.position }) < head {
            let store = store
            try register.update { register throws -> Void in
                if register.position < head { try register.catchUp(from: store, through: head) }
            }
        }
        return register.read { body($0) }
    }

    package func recordRead(_ use: AccessUse, parameters: [String: String]) async throws {
        guard let decision = use.decision else { return }
        let (policyAction, _) = Self.policyTerms(use.action)
        try await append(
            decision.recordAccessed(
                subject: use.identity.subject, action: policyAction, target: Self.target(use.action, parameters),
                reason: use.reason),
            by: use.identity, at: clock())
    }

    /// Appends `record` to its day's stream as `identity` (one single append: the store's group
    /// commit batches concurrent ones), durably; the task waits for the commit without holding a
    /// thread.
    private func append(_ record: RecordAccessed, by identity: ServiceIdentity, at now: Timestamp) async throws {
        let day = UKTime.ukDate(epochMilliseconds: now.millisecondsSinceEpoch)
        let line = EventLine(
            stream: RecordAccessed.stream(on: day), event: record.careEvent, occurredAt: now, actor: identity.actor)
        _ = try await store.appendDurably(AppendBatch(events: [line.proposedEvent]))
    }

    // MARK: Pages (CarelogWeb): the same register, policy and recording, in a page's own terms

    /// The grants `subject` holds in force today (UK date), the register first caught up from the
    /// store: what the web pages show a signed-in subject (their roles and teams).
    package func grantsInForce(for subject: String) async throws -> [AccessGrant] {
        let day = UKTime.ukDate(epochMilliseconds: clock().millisecondsSinceEpoch)
        return try await StoreWork.run { [self] in
            try self.withCaughtUpRegister { $0.grants(for: subject, on: day) }
        }
    }

    /// Decides `action` on `resource` for `identity` today, exactly as ``authorise(_:by:reason:)``
    /// does for a route (the register caught up, ``Projections/AccessPolicy`` on today's UK date);
    /// a refusal is appended as a `RecordAccessed` naming `target` before it is returned.
    package func decide(
        _ action: AccessAction, on resource: AccessResource, target: AccessTarget, by identity: ServiceIdentity,
        reason: String? = nil
    ) async throws -> AccessDecision {
        let now = clock()
        let day = UKTime.ukDate(epochMilliseconds: now.millisecondsSinceEpoch)
        let decision = try await StoreWork.run { [self] in
            try self.withCaughtUpRegister { register in
                AccessPolicy.decide(
                    subject: identity.subject, action: action, resource: resource, on: day, register: register,
                    breakGlassReason: reason, allowedEventTypes: identity.allowedEventTypes)
            }
        }
        if !decision.isAllowed {
            try await append(
                decision.recordAccessed(subject: identity.subject, action: action, target: target, reason: reason),
                by: identity, at: now)
        }
        return decision
    }

    /// Records a read that `decision` allowed (`RecordAccessed` naming `target`), durably, through
    /// the same single append (and so the store's group commit) as ``recordRead(_:parameters:)``.
    package func record(
        _ decision: AccessDecision, _ action: AccessAction, target: AccessTarget, by identity: ServiceIdentity,
        reason: String? = nil
    ) async throws {
        try await append(
            decision.recordAccessed(subject: identity.subject, action: action, target: target, reason: reason),
            by: identity, at: clock())
    }

    /// The policy's action and resource for a route's action.
    static func policyTerms(_ action: ServiceAction) -> (AccessAction, AccessResource) {
        switch action {
        case .readCheckpoint: return (.checkpoint, .log)
        case .verify: return (.verify, .log)
        case .append(let type, let stream): return (.eventsAppend, .events(type: type, stream: stream, personId: nil))
        case .readStream(let stream): return (.streamRead, .stream(stream))
        case .readTimeline(let personId): return (.timelineRead, .person(personId))
        case .report(let kind, let scope):
            if kind == .access { return (.accessReport, .accessLog) }
            return (.report, .report(kind: kind.rawValue, scope: scope))
        case .extract(let kind): return (.extract, .extract(kind: kind.rawValue, pseudonymised: true))
        case .administerAccess: return (.accessAdminister, .grants)
        case .listAccess: return (.accessList, .grants)
        }
    }

    /// What was read, as `RecordAccessed` names it.
    static func target(_ action: ServiceAction, _ parameters: [String: String]) -> AccessTarget {
        let asked = parameters.isEmpty ? nil : parameters
        switch action {
        case .readStream(let stream):
            let person: String? = ["person", "medication"].contains(stream.kind) ? String(stream.id) : nil
            return AccessTarget(stream: stream.description, personId: person, parameters: asked)
        case .readTimeline(let personId): return AccessTarget(personId: personId, parameters: asked)
        case .report(let kind, _), .extract(let kind): return AccessTarget(report: kind.rawValue, parameters: asked)
        case .readCheckpoint, .verify, .append, .administerAccess, .listAccess: return AccessTarget(parameters: asked)
        }
    }
}
