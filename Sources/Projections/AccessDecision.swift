import CareCalendar
import CareRecord

/// The access policy's answer: allowed, with the grant (and so the role) used, or refused with a
/// reason a user can act on.
public enum AccessDecision: Hashable, Sendable {
    /// Allowed under `grant`; `breakGlass` when the resource lay outside the grant's scope and a
    /// reason was stated (the read is flagged in the access report).
    case allowed(grant: AccessGrant, breakGlass: Bool)
    /// Refused.
    case refused(AccessRefusal)

    /// Whether the request may go ahead.
    public var isAllowed: Bool {
        if case .allowed = self { return true }
        return false
    }

    /// The role the decision used: the allowing grant's, or the refusal's (when the subject held one).
    public var role: AccessRole? {
        switch self {
        case .allowed(let grant, _): return grant.role
        case .refused(let refusal): return refusal.role
        }
    }

    /// The grant the decision used, if any.
    public var grantId: String? {
        switch self {
        case .allowed(let grant, _): return grant.grantId
        case .refused(let refusal): return refusal.grantId
        }
    }

    /// Whether the request was allowed by break glass.
    public var breakGlass: Bool {
        if case .allowed(_, true) = self { return true }
        return false
    }

    /// The `RecordAccessed` fact that records this decision (the service appends it to
    /// ``RecordAccessed/stream(on:)`` of the day).
    public func recordAccessed(
        subject: String, action: AccessAction, target: AccessTarget, reason: String? = nil, requestId: String? = nil
    ) -> RecordAccessed {
        let stated = reason.flatMap { $0.contains { !$0.isWhitespace } ? $0 : nil }
        return RecordAccessed(
            subject: subject, role: role, grantId: grantId, action: action, target: target,
            outcome: isAllowed ? .allowed : .refused, breakGlass: breakGlass, reason: stated, requestId: requestId)
    }
}

/// Why a request was refused: a kind, and a message that names the subject's own role and scope
/// and what to do — never anything from the record asked for.
public struct AccessRefusal: Error, Hashable, Sendable, CustomStringConvertible {
    /// The kinds of refusal.
    public enum Kind: String, Hashable, Sendable {
        /// No grant in force for the subject on the day.
        case noGrant
        /// The subject's roles do not include this action.
        case roleNotPermitted
        /// The role permits the action, but the resource lies outside the grant's scope.
        case outOfScope
        /// The event type is not one the key (or role) may append.
        case eventTypeNotAllowed
        /// Inspectors receive pseudonymised extracts only.
        case notPseudonymised
    }

    /// What kind of refusal.
    public var kind: Kind
    /// The role of the grant considered, if the subject held one in force.
    public var role: AccessRole?
    /// That grant's id.
    public var grantId: String?
    /// A message a user can act on.
    public var message: String

    /// Creates a refusal.
    public init(kind: Kind, role: AccessRole? = nil, grantId: String? = nil, message: String) {
        self.kind = kind
        self.role = role
        self.grantId = grantId
        self.message = message
    }

    public var description: String { message }
}
