import EventLog

/// A notification was submitted to the Care Inspectorate through eForms.
///
/// Stream: `notification/<id>`. Read by: notification extract, compliance (notifications on time), RAG (notificationsOnTime).
/// Rule: eForms notification, deadline becameAwareAt + SLA (rules.md §1.1–1.2, §11.7, §11.9).
public struct NotificationSubmitted: CareEventPayload {
    /// `NotificationSubmitted`.
    public static let eventType = "NotificationSubmitted"
    /// The current schema version.
    public static let schemaVersion: UInt16 = 1
    /// The stream kind: `notification/<id>`.
    public static let streamKind: StreamKind? = .notification
    /// May be the first event of its stream.
    public static let startsStream = true

    /// The Care Inspectorate category.
    public var category: NotificationCategory
    /// The reference eForms returned.
    public var eFormsReference: String
    /// When it was submitted.
    public var submittedAt: Timestamp
    /// When the service became aware of the matter (deadline start).
    public var becameAwareAt: Timestamp
    /// When the matter happened, if known.
    public var eventOccurredAt: Timestamp?
    /// The incident it concerns (its stream must exist).
    public var incidentId: String?
    /// The person it concerns.
    public var personId: String?
    /// The staff id of the submitter.
    public var submittedBy: String

    /// Creates the value; optional fields default to absent.
    public init(
        category: NotificationCategory, eFormsReference: String, submittedAt: Timestamp, becameAwareAt: Timestamp,
        eventOccurredAt: Timestamp? = nil, incidentId: String? = nil, personId: String? = nil, submittedBy: String
    ) {
        self.category = category
        self.eFormsReference = eFormsReference
        self.submittedAt = submittedAt
        self.becameAwareAt = becameAwareAt
        self.eventOccurredAt = eventOccurredAt
        self.incidentId = incidentId
        self.personId = personId
        self.submittedBy = submittedBy
    }

    /// This event as a ``CareEvent``.
    public var careEvent: CareEvent { .notificationSubmitted(self) }

    /// Checks plausible values and references.
    public func check(_ c: inout PayloadChecks) {
        c.nonEmpty(eFormsReference, "eFormsReference")
        c.notInFuture(submittedAt, "submittedAt")
        c.require(submittedAt >= becameAwareAt, "submittedAt", "must not be before becameAwareAt")
        if let eventOccurredAt {
            c.require(eventOccurredAt <= becameAwareAt, "eventOccurredAt", "must not be after becameAwareAt")
        }
        if let incidentId { c.reference(.incident, incidentId, "incidentId") }
        if let personId { c.reference(.person, personId, "personId") }
        c.identifier(submittedBy, "submittedBy")
    }
}

/// More was sent about a notification, or it was corrected or closed.
///
/// Stream: `notification/<id>`. Read by: notification extract.
/// Rule: Corrections are new events, never edits (rules.md §11.9).
public struct NotificationFollowedUp: CareEventPayload {
    /// `NotificationFollowedUp`.
    public static let eventType = "NotificationFollowedUp"
    /// The current schema version.
    public static let schemaVersion: UInt16 = 1
    /// The stream kind: `notification/<id>`.
    public static let streamKind: StreamKind? = .notification

    /// When.
    public var followedUpAt: Timestamp
    /// Update, correction, outcome or closed.
    public var kind: NotificationFollowUpKind
    /// The right category, for a correction.
    public var correctedCategory: NotificationCategory?
    /// The right became-aware instant, for a correction.
    public var correctedBecameAwareAt: Timestamp?
    /// What was sent (may be personal data).
    public var summary: String?

    /// Creates the value; optional fields default to absent.
    public init(
        followedUpAt: Timestamp, kind: NotificationFollowUpKind, correctedCategory: NotificationCategory? = nil,
        correctedBecameAwareAt: Timestamp? = nil, summary: String? = nil
    ) {
        self.followedUpAt = followedUpAt
        self.kind = kind
        self.correctedCategory = correctedCategory
        self.correctedBecameAwareAt = correctedBecameAwareAt
        self.summary = summary
    }

    /// This event as a ``CareEvent``.
    public var careEvent: CareEvent { .notificationFollowedUp(self) }

    /// Checks plausible values and references.
    public func check(_ c: inout PayloadChecks) {
        c.notInFuture(followedUpAt, "followedUpAt")
        if kind == .correction, correctedCategory == nil, correctedBecameAwareAt == nil {
            c.fail("correctedCategory", .missingField, "a correction needs correctedCategory or correctedBecameAwareAt")
        }
    }
}
