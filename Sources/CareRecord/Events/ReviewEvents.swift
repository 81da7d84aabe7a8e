import CareCalendar

/// Someone asked for the personal plan to be reviewed.
///
/// Stream: `person/<id>`. Read by: reviews due (request deadline from the rules).
/// Rule: Review on request (reg 5(2)(a); rules.md §11.2; deadline is local policy §11.3).
public struct ReviewRequested: CareEventPayload {
    /// `ReviewRequested`.
    public static let eventType = "ReviewRequested"
    /// The current schema version.
    public static let schemaVersion: UInt16 = 1
    /// The stream kind: `person/<id>`.
    public static let streamKind: StreamKind? = .person

    /// The day the request was made.
    public var requestedOn: CareDate
    /// Who asked.
    public var requestedBy: ReviewRequester

    /// Creates the value; optional fields default to absent.
    public init(requestedOn: CareDate, requestedBy: ReviewRequester) {
        self.requestedOn = requestedOn
        self.requestedBy = requestedBy
    }

    /// This event as a ``CareEvent``.
    public var careEvent: CareEvent { .reviewRequested(self) }
}

/// A significant change in the person's health, welfare or safety needs was identified.
///
/// Stream: `person/<id>`. Read by: reviews due (change deadline from the rules).
/// Rule: Review on significant change (reg 5(2)(b); rules.md §11.2; deadline is local policy §11.3).
public struct SignificantChangeRecorded: CareEventPayload {
    /// `SignificantChangeRecorded`.
    public static let eventType = "SignificantChangeRecorded"
    /// The current schema version.
    public static let schemaVersion: UInt16 = 1
    /// The stream kind: `person/<id>`.
    public static let streamKind: StreamKind? = .person

    /// The day the change was identified.
    public var identifiedOn: CareDate
    /// Which needs changed.
    public var areas: [NeedsArea]
    /// What changed (personal data).
    public var summary: String?

    /// Creates the value; optional fields default to absent.
    public init(identifiedOn: CareDate, areas: [NeedsArea], summary: String? = nil) {
        self.identifiedOn = identifiedOn
        self.areas = areas
        self.summary = summary
    }

    /// This event as a ``CareEvent``.
    public var careEvent: CareEvent { .significantChangeRecorded(self) }

    /// Checks plausible values and references.
    public func check(_ c: inout PayloadChecks) {
        c.nonEmpty(areas, "areas")
    }
}

/// The personal plan was reviewed.
///
/// Stream: `person/<id>`. Read by: reviews due, compliance (reviews within six months), RAG (reviewsWithinSixMonths).
/// Rule: Review at least once in every six-month period (reg 5(2)(c); rules.md §11.2–3).
public struct ReviewHeld: CareEventPayload {
    /// `ReviewHeld`.
    public static let eventType = "ReviewHeld"
    /// The current schema version.
    public static let schemaVersion: UInt16 = 1
    /// The stream kind: `person/<id>`.
    public static let streamKind: StreamKind? = .person

    /// The day of the review.
    public var heldOn: CareDate
    /// Who took part.
    public var participants: [ReviewParticipant]
    /// What was decided.
    public var outcome: ReviewOutcome
    /// Which duty it answers; when absent it answers every pending one.
    public var trigger: ReviewTrigger?
    /// The staff id of the reviewer.
    public var reviewedBy: String

    /// Creates the value; optional fields default to absent.
    public init(
        heldOn: CareDate, participants: [ReviewParticipant], outcome: ReviewOutcome, trigger: ReviewTrigger? = nil,
        reviewedBy: String
    ) {
        self.heldOn = heldOn
        self.participants = participants
        self.outcome = outcome
        self.trigger = trigger
        self.reviewedBy = reviewedBy
    }

    /// This event as a ``CareEvent``.
    public var careEvent: CareEvent { .reviewHeld(self) }

    /// Checks plausible values and references.
    public func check(_ c: inout PayloadChecks) {
        c.nonEmpty(participants, "participants")
        c.identifier(reviewedBy, "reviewedBy")
    }
}
