import CareCalendar
import EventLog

/// The part of the care record a grant covers: a team, a service (a locality's teams) or the partnership.
///
/// JSON: `{"kind": "team", "id": "barrhead"}`, `{"kind": "service", "id": "levern"}`, `{"kind": "partnership"}`.
public struct AccessScope: Codable, Hashable, Sendable {
    /// Team, service or partnership.
    public var kind: AccessScopeKind
    /// The team id (`team`) or locality id (`service`); absent for the partnership.
    public var id: String?

    /// Creates a scope.
    public init(kind: AccessScopeKind, id: String? = nil) {
        self.kind = kind
        self.id = id
    }

    /// The whole partnership.
    public static let partnership = AccessScope(kind: .partnership)
    /// One team.
    public static func team(_ id: String) -> AccessScope { AccessScope(kind: .team, id: id) }
    /// One service (the teams of a locality).
    public static func service(_ id: String) -> AccessScope { AccessScope(kind: .service, id: id) }

    /// `team:ID`, `service:ID` or `partnership`, as the CLI writes it.
    public var text: String { id.map { kind.rawValue + ":" + $0 } ?? kind.rawValue }

    /// Checks that a team or service names its id and the partnership does not.
    func check(_ c: inout PayloadChecks, field: String) {
        switch (kind, id) {
        case (.partnership, nil): break
        case (.partnership, _?): c.fail(field + ".id", .implausible, "must be absent for a partnership scope")
        case (_, nil): c.fail(field + ".id", .missingField, "is required for a team or service scope")
        case (_, let id?): c.identifier(id, field + ".id")
        }
    }
}

/// A subject was given a role over a scope for a stretch of days. The actor is who granted it.
///
/// Stream: `access/<grantId>` (the grant id is the stream id). Read by: the access register and
/// policy (who may see what on a day), `carelog access list`, the service.
/// Rule: access to health records is limited to those with a legitimate relationship, by role,
/// and the log shows who was allowed what (Caldicott principles; UK GDPR art. 5(1)(f), 32).
///
/// JSON: `{"subject": "oidc-sub-123", "staffId": "S0043", "role": "carer", "scope": {"kind": "team",
/// "id": "barrhead"}, "effectiveFrom": "2020-01-01", "effectiveTo": "2020-12-31", "reason": "…"}`.
public struct AccessGranted: CareEventPayload {
    /// `AccessGranted`.
    public static let eventType = "AccessGranted"
    /// The current schema version.
    public static let schemaVersion: UInt16 = 1
    /// The stream kind: `access/<grantId>`.
    public static let streamKind: StreamKind? = .access
    /// Opens its stream.
    public static let startsStream = true

    /// The identity's subject: the OIDC `sub` of a member of staff, or an API key's name.
    public var subject: String
    /// The carer's staff id, whose visit schedule defines a carer's scope (required for `carer`).
    public var staffId: String?
    /// The role given.
    public var role: AccessRole
    /// What the role covers.
    public var scope: AccessScope
    /// The first day the grant is in force.
    public var effectiveFrom: CareDate
    /// The last day the grant is in force; absent when open-ended.
    public var effectiveTo: CareDate?
    /// Why it was granted.
    public var reason: String?

    /// Creates the value; optional fields default to absent.
    public init(
        subject: String, staffId: String? = nil, role: AccessRole, scope: AccessScope, effectiveFrom: CareDate,
        effectiveTo: CareDate? = nil, reason: String? = nil
    ) {
        self.subject = subject
        self.staffId = staffId
        self.role = role
        self.scope = scope
        self.effectiveFrom = effectiveFrom
        self.effectiveTo = effectiveTo
        self.reason = reason
    }

    /// This event as a ``CareEvent``.
    public var careEvent: CareEvent { .accessGranted(self) }

    /// Checks the subject, the staff id a carer needs, the scope and the date range.
    public func check(_ c: inout PayloadChecks) {
        c.nonEmpty(subject, "subject")
        c.require(subject.utf8.count <= 255, "subject", "must be at most 255 bytes")
        if let staffId { c.identifier(staffId, "staffId") }
        if role == .carer && staffId == nil {
            c.fail("staffId", .missingField, "is required for a carer (their visit schedule is their scope)")
        }
        scope.check(&c, field: "scope")
        if let effectiveTo {
            c.require(effectiveTo >= effectiveFrom, "effectiveTo", "must not be before effectiveFrom")
        }
        if let reason { c.nonEmpty(reason, "reason") }
    }
}

/// A grant stops being in force from a day on. The actor is who revoked it.
///
/// Stream: `access/<grantId>` of the grant revoked. Read by: the access register and policy.
/// Rule: access ends when the legitimate relationship ends (Caldicott principles; UK GDPR art. 32).
///
/// JSON: `{"effectiveFrom": "2020-07-01", "reason": "left the team"}`.
public struct AccessRevoked: CareEventPayload {
    /// `AccessRevoked`.
    public static let eventType = "AccessRevoked"
    /// The current schema version.
    public static let schemaVersion: UInt16 = 1
    /// The stream kind: `access/<grantId>`.
    public static let streamKind: StreamKind? = .access

    /// The first day the grant is no longer in force.
    public var effectiveFrom: CareDate
    /// Why it was revoked.
    public var reason: String?

    /// Creates the value; optional fields default to absent.
    public init(effectiveFrom: CareDate, reason: String? = nil) {
        self.effectiveFrom = effectiveFrom
        self.reason = reason
    }

    /// This event as a ``CareEvent``.
    public var careEvent: CareEvent { .accessRevoked(self) }

    /// Checks the reason, when given, is not blank.
    public func check(_ c: inout PayloadChecks) {
        if let reason { c.nonEmpty(reason, "reason") }
    }
}

/// What a recorded read (or refused request) was about: a stream, a person, a report or extract
/// and its parameters. Every field is optional; the service fills in those that apply.
///
/// JSON: `{"stream": "person/P1", "personId": "P1"}` or `{"report": "compliance", "parameters": {"asAt": "2020-03-31"}}`.
public struct AccessTarget: Codable, Hashable, Sendable {
    /// The stream read, e.g. `person/P000101`.
    public var stream: String?
    /// The person whose record was read.
    public var personId: String?
    /// The report or extract kind, e.g. `compliance`, `notifications`, `access`.
    public var report: String?
    /// The request's parameters (`asAt`, `knownAt`, `from`, `to`, `format`, …), by name.
    public var parameters: [String: String]?

    /// Creates a target; every field defaults to absent.
    public init(
        stream: String? = nil, personId: String? = nil, report: String? = nil, parameters: [String: String]? = nil
    ) {
        self.stream = stream
        self.personId = personId
        self.report = report
        self.parameters = parameters
    }
}

/// A subject read personal data, or was refused: who, with which role, what, why, and the outcome.
///
/// Stream: `accessed/<YYYY-MM-DD>` (the Europe/London day of `occurredAt`; it may open its
/// stream). Written by the service (through group commit, one per request). Read by: the access
/// report (`carelog report access`).
/// Rule: every read of a person's record, and every refusal, is itself on the record, and
/// break-glass reads carry a stated reason and are flagged (Caldicott principles; UK GDPR art. 5(2)).
///
/// JSON: `{"subject": "oidc-sub-123", "role": "coordinator", "grantId": "G7", "action": "timeline.read",
/// "target": {"personId": "P1"}, "outcome": "allowed", "breakGlass": false, "requestId": "r-1"}`.
public struct RecordAccessed: CareEventPayload {
    /// `RecordAccessed`.
    public static let eventType = "RecordAccessed"
    /// The current schema version.
    public static let schemaVersion: UInt16 = 1
    /// The stream kind: `accessed/<YYYY-MM-DD>`.
    public static let streamKind: StreamKind? = .accessed
    /// Any read may open its day's stream.
    public static let startsStream = true

    /// The identity's subject (OIDC `sub` or API key name).
    public var subject: String
    /// The role the decision used; absent when the subject held no grant in force.
    public var role: AccessRole?
    /// The grant the decision used, when one did.
    public var grantId: String?
    /// What was asked.
    public var action: AccessAction
    /// What it was asked of.
    public var target: AccessTarget
    /// Allowed or refused.
    public var outcome: AccessOutcome
    /// Whether the request read outside the subject's scope on a stated reason.
    public var breakGlass: Bool
    /// The reason the subject stated (required for break glass).
    public var reason: String?
    /// The service's request id, to match the request log.
    public var requestId: String?

    /// Creates the value; optional fields default to absent.
    public init(
        subject: String, role: AccessRole? = nil, grantId: String? = nil, action: AccessAction, target: AccessTarget,
        outcome: AccessOutcome, breakGlass: Bool = false, reason: String? = nil, requestId: String? = nil
    ) {
        self.subject = subject
        self.role = role
        self.grantId = grantId
        self.action = action
        self.target = target
        self.outcome = outcome
        self.breakGlass = breakGlass
        self.reason = reason
        self.requestId = requestId
    }

    /// This event as a ``CareEvent``.
    public var careEvent: CareEvent { .recordAccessed(self) }

    /// Checks the day stream, the subject, and that break glass states a reason.
    public func check(_ c: inout PayloadChecks) {
        if CareDate(iso8601: c.streamID) == nil {
            c.failStream(.wrongStream, "must be accessed/<YYYY-MM-DD>: the calendar day of occurredAt")
        }
        c.nonEmpty(subject, "subject")
        if let grantId { c.identifier(grantId, "grantId") }
        if let personId = target.personId { c.identifier(personId, "target.personId") }
        if breakGlass {
            c.require(
                reason.map { $0.contains { !$0.isWhitespace } } ?? false, "reason",
                "is required when breakGlass is true (break glass needs a stated reason)")
        }
        if let reason { c.nonEmpty(reason, "reason") }
    }
}

extension RecordAccessed {
    /// The stream a read on `day` is recorded in: `accessed/<YYYY-MM-DD>`.
    public static func stream(on day: CareDate) -> StreamName {
        // A calendar date (digits and `-`) is always a valid stream id.
        guard let name = StreamName(kind: StreamKind.accessed.rawValue, id: day.iso8601) else {
            preconditionFailure("a calendar date is a valid stream id")
        }
        return name
    }
}
