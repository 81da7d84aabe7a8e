import EventLog

/// An incident happened. The stream id is the incident id.
///
/// Stream: `incident/<id>`. Read by: notification extract (notifiable incidents without a notification), audit timeline.
/// Rule: Notify the Care Inspectorate immediately (rules.md §1.1, §11.6–7).
public struct IncidentRecorded: CareEventPayload {
    /// `IncidentRecorded`.
    public static let eventType = "IncidentRecorded"
    /// The current schema version.
    public static let schemaVersion: UInt16 = 1
    /// The stream kind: `incident/<id>`.
    public static let streamKind: StreamKind? = .incident
    /// May be the first event of its stream.
    public static let startsStream = true

    /// What kind of incident.
    public var kind: IncidentKind
    /// When it happened.
    public var occurredAt: Timestamp
    /// When the service became aware; not before it happened. Starts the notification deadline.
    public var becameAwareAt: Timestamp
    /// The person it concerns, if any (their stream must exist).
    public var personId: String?
    /// Staff involved.
    public var staffIds: [String]?
    /// Harm caused, if assessed.
    public var harm: HarmLevel?
    /// Other bodies told.
    public var agenciesInformed: [Agency]?
    /// The manager's decision whether it is notifiable; absent means decided by kind.
    public var notifiable: Bool?
    /// What happened (personal data).
    public var summary: String?

    /// Creates the value; optional fields default to absent.
    public init(
        kind: IncidentKind, occurredAt: Timestamp, becameAwareAt: Timestamp, personId: String? = nil,
        staffIds: [String]? = nil, harm: HarmLevel? = nil, agenciesInformed: [Agency]? = nil, notifiable: Bool? = nil,
        summary: String? = nil
    ) {
        self.kind = kind
        self.occurredAt = occurredAt
        self.becameAwareAt = becameAwareAt
        self.personId = personId
        self.staffIds = staffIds
        self.harm = harm
        self.agenciesInformed = agenciesInformed
        self.notifiable = notifiable
        self.summary = summary
    }

    /// This event as a ``CareEvent``.
    public var careEvent: CareEvent { .incidentRecorded(self) }

    /// Checks plausible values and references.
    public func check(_ c: inout PayloadChecks) {
        c.notInFuture(occurredAt, "occurredAt")
        c.notInFuture(becameAwareAt, "becameAwareAt")
        c.require(becameAwareAt >= occurredAt, "becameAwareAt", "must not be before occurredAt")
        if let personId { c.reference(.person, personId, "personId") }
        for (i, id) in (staffIds ?? []).enumerated() { c.identifier(id, "staffIds[\(i)]") }
    }
}
