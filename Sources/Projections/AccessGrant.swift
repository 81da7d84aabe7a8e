import CareCalendar
import CareRecord

/// One grant as the access register knows it at a log cut: the `AccessGranted` fact (after
/// corrections), who granted it, and its revocation if any.
public struct AccessGrant: Hashable, Sendable {
    /// The grant id (the id of its `access/<grantId>` stream).
    public var grantId: String
    /// The identity's subject (OIDC `sub` or API key name).
    public var subject: String
    /// The carer's staff id, when the grant names one.
    public var staffId: String?
    /// The role given.
    public var role: AccessRole
    /// What the role covers.
    public var scope: AccessScope
    /// The first day in force.
    public var effectiveFrom: CareDate
    /// The last day in force as granted (before any revocation); `nil` when open-ended.
    public var effectiveTo: CareDate?
    /// Why it was granted.
    public var reason: String?
    /// Who granted it (the envelope actor of `AccessGranted`).
    public var grantedBy: String
    /// The sequence number of the `AccessGranted` event.
    public var sequence: UInt64
    /// The first day it is no longer in force because it was revoked (the earliest revocation).
    public var revokedFrom: CareDate?
    /// Who revoked it (the actor of the revocation that set ``revokedFrom``).
    public var revokedBy: String?

    /// Creates a grant from its fact.
    public init(grantId: String, granted: AccessGranted, grantedBy: String, sequence: UInt64) {
        self.grantId = grantId
        self.subject = granted.subject
        self.staffId = granted.staffId
        self.role = granted.role
        self.scope = granted.scope
        self.effectiveFrom = granted.effectiveFrom
        self.effectiveTo = granted.effectiveTo
        self.reason = granted.reason
        self.grantedBy = grantedBy
        self.sequence = sequence
    }

    /// Whether the grant is in force on `day`: on or after `effectiveFrom`, on or before
    /// `effectiveTo`, and before the day it was revoked from.
    public func isInForce(on day: CareDate) -> Bool {
        guard effectiveFrom <= day else { return false }
        if let effectiveTo, day > effectiveTo { return false }
        if let revokedFrom, day >= revokedFrom { return false }
        return true
    }
}
