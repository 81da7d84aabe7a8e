import CarelogOperations
import EventLog
import Projections

/// Decides what a signed-in identity may do, and records every read of personal data: the seam
/// between the routes and the access model (roles and scopes as events in the log).
package protocol AccessGate: Sendable {
    /// Allows `action` for `identity` (with the stated `reason`, if any), or throws a 403 problem;
    /// a refusal of a personal-data read is recorded, with the `parameters` asked for, before the throw.
    func authorise(
        _ action: ServiceAction, by identity: ServiceIdentity, reason: String?, parameters: [String: String]
    ) async throws -> AccessUse
    /// Decides an action that reads no personal data (an append), synchronously on the calling
    /// thread (a request's task, which `carelog serve` runs on an event loop, ``TaskPlacement``;
    /// or ``StoreWork``'s pool): it reads the log's head and folds the few events the register
    /// has not seen, and waits for no disk write. A refusal throws a 403 problem and records nothing.
    func authoriseNow(_ action: ServiceAction, by identity: ServiceIdentity) throws -> AccessUse
    /// Records a read that was allowed (`RecordAccessed`), durably, before its response is sent.
    func recordRead(_ use: AccessUse, parameters: [String: String]) async throws
    /// The access register as the next decision would see it (grants, revocations, corrections
    /// applied up to the head). The default folds it from `store`.
    func currentRegister(store: any EventStore) async throws -> AccessRegister
}

extension AccessGate {
    package func currentRegister(store: any EventStore) async throws -> AccessRegister {
        try await StoreWork.run { try AccessAdministration.register(store) }
    }
}

/// An allowed action: who, what, and how it was allowed (the role used, break glass).
package struct AccessUse: Sendable, Hashable {
    /// Who.
    package var identity: ServiceIdentity
    /// What.
    package var action: ServiceAction
    /// The role that allowed it (nil before roles exist).
    package var role: String?
    /// Whether it was allowed only by a stated reason outside the identity's scope.
    package var breakGlass: Bool
    /// The reason stated (`X-Carelog-Reason`), if any.
    package var reason: String?
    /// The access policy's decision, when the roles in the log decided.
    package var decision: AccessDecision?

    package init(
        identity: ServiceIdentity, action: ServiceAction, role: String? = nil, breakGlass: Bool = false,
        reason: String? = nil, decision: AccessDecision? = nil
    ) {
        self.decision = decision
        self.identity = identity
        self.action = action
        self.role = role
        self.breakGlass = breakGlass
        self.reason = reason
    }
}

extension AccessGate {
    /// ``authorise(_:by:reason:parameters:)`` for a request with no parameters to record.
    func authorise(_ action: ServiceAction, by identity: ServiceIdentity, reason: String?) async throws -> AccessUse {
        try await authorise(action, by: identity, reason: reason, parameters: [:])
    }
}
