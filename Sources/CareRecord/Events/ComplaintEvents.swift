import CareCalendar

/// A complaint was received. The stream id is the complaint id.
///
/// Stream: `complaint/<id>`. Read by: compliance (complaints on time), RAG (complaintsStage1OnTime), audit timeline.
/// Rule: SPSO model CHP (rules.md §3.1, §11.12–15).
public struct ComplaintReceived: CareEventPayload {
    /// `ComplaintReceived`.
    public static let eventType = "ComplaintReceived"
    /// The current schema version.
    public static let schemaVersion: UInt16 = 1
    /// The stream kind: `complaint/<id>`.
    public static let streamKind: StreamKind? = .complaint
    /// May be the first event of its stream.
    public static let startsStream = true

    /// The day it was received (day 0 for working-day deadlines).
    public var receivedOn: CareDate
    /// How it came in.
    public var channel: ComplaintChannel
    /// What it is mainly about.
    public var category: ComplaintCategory
    /// Who complained, relative to the person supported.
    public var complainant: Complainant
    /// For a third party: whether the person's consent was obtained.
    public var consentObtained: Bool?
    /// The person whose care it concerns (their stream must exist).
    public var personId: String?
    /// The team it concerns.
    public var team: String?
    /// The points of complaint.
    public var points: [ComplaintPoint]
    /// `stage1`, or `stage2` when complex from the outset.
    public var startsAt: ComplaintStage
    /// When the matter complained of happened (six-month time limit).
    public var matterOccurredOn: CareDate?

    /// Creates the value; optional fields default to absent.
    public init(
        receivedOn: CareDate, channel: ComplaintChannel, category: ComplaintCategory, complainant: Complainant,
        consentObtained: Bool? = nil, personId: String? = nil, team: String? = nil, points: [ComplaintPoint],
        startsAt: ComplaintStage, matterOccurredOn: CareDate? = nil
    ) {
        self.receivedOn = receivedOn
        self.channel = channel
        self.category = category
        self.complainant = complainant
        self.consentObtained = consentObtained
        self.personId = personId
        self.team = team
        self.points = points
        self.startsAt = startsAt
        self.matterOccurredOn = matterOccurredOn
    }

    /// This event as a ``CareEvent``.
    public var careEvent: CareEvent { .complaintReceived(self) }

    /// Checks plausible values and references.
    public func check(_ c: inout PayloadChecks) {
        c.nonEmpty(points, "points")
        var seen = Set<String>()
        for (i, point) in points.enumerated() {
            c.identifier(point.pointId, "points[\(i)].pointId")
            c.require(
                seen.insert(point.pointId).inserted, "points[\(i)].pointId", "is used twice; give each point its own id"
            )
        }
        if let personId { c.reference(.person, personId, "personId") }
        if let team { c.identifier(team, "team") }
        if let matterOccurredOn {
            c.require(matterOccurredOn <= receivedOn, "matterOccurredOn", "must not be after receivedOn")
        }
    }
}

/// Receipt of the complaint was acknowledged to the complainant.
///
/// Stream: `complaint/<id>`. Read by: compliance, audit timeline.
/// Rule: SPSO model CHP (rules.md §3.1).
public struct ComplaintAcknowledged: CareEventPayload {
    /// `ComplaintAcknowledged`.
    public static let eventType = "ComplaintAcknowledged"
    /// The current schema version.
    public static let schemaVersion: UInt16 = 1
    /// The stream kind: `complaint/<id>`.
    public static let streamKind: StreamKind? = .complaint

    /// The day of acknowledgement.
    public var acknowledgedOn: CareDate

    /// Creates the value; optional fields default to absent.
    public init(acknowledgedOn: CareDate) {
        self.acknowledgedOn = acknowledgedOn
    }

    /// This event as a ``CareEvent``.
    public var careEvent: CareEvent { .complaintAcknowledged(self) }
}

/// The stage 1 (frontline) decision was given.
///
/// Stream: `complaint/<id>`. Read by: compliance (stage 1 within 5 working days, 10 with extension), RAG.
/// Rule: Stage 1 within 5 working days (SPSO MCHP; rules.md §3.1, §11.12).
public struct ComplaintStage1Responded: CareEventPayload {
    /// `ComplaintStage1Responded`.
    public static let eventType = "ComplaintStage1Responded"
    /// The current schema version.
    public static let schemaVersion: UInt16 = 1
    /// The stream kind: `complaint/<id>`.
    public static let streamKind: StreamKind? = .complaint

    /// The day of the response.
    public var respondedOn: CareDate
    /// The outcome for each point.
    public var outcomes: [ComplaintPointResult]

    /// Creates the value; optional fields default to absent.
    public init(respondedOn: CareDate, outcomes: [ComplaintPointResult]) {
        self.respondedOn = respondedOn
        self.outcomes = outcomes
    }

    /// This event as a ``CareEvent``.
    public var careEvent: CareEvent { .complaintStage1Responded(self) }

    /// Checks plausible values and references.
    public func check(_ c: inout PayloadChecks) {
        c.nonEmpty(outcomes, "outcomes")
    }
}

/// A longer timescale was agreed with the complainant.
///
/// Stream: `complaint/<id>`. Read by: compliance (deadline with extension).
/// Rule: Stage 1 extension +5 working days with agreement; stage 2 revised timescale (rules.md §3.1, §11.12–13).
public struct ComplaintExtensionAgreed: CareEventPayload {
    /// `ComplaintExtensionAgreed`.
    public static let eventType = "ComplaintExtensionAgreed"
    /// The current schema version.
    public static let schemaVersion: UInt16 = 1
    /// The stream kind: `complaint/<id>`.
    public static let streamKind: StreamKind? = .complaint

    /// The stage extended.
    public var stage: ComplaintStage
    /// The day it was agreed.
    public var agreedOn: CareDate
    /// The new due date; not before `agreedOn`.
    public var newDueOn: CareDate
    /// Why.
    public var reason: ExtensionReason
    /// Whether the complainant agreed (stage 1 extensions need it).
    public var agreedWithComplainant: Bool

    /// Creates the value; optional fields default to absent.
    public init(
        stage: ComplaintStage, agreedOn: CareDate, newDueOn: CareDate, reason: ExtensionReason,
        agreedWithComplainant: Bool
    ) {
        self.stage = stage
        self.agreedOn = agreedOn
        self.newDueOn = newDueOn
        self.reason = reason
        self.agreedWithComplainant = agreedWithComplainant
    }

    /// This event as a ``CareEvent``.
    public var careEvent: CareEvent { .complaintExtensionAgreed(self) }

    /// Checks plausible values and references.
    public func check(_ c: inout PayloadChecks) {
        c.require(newDueOn >= agreedOn, "newDueOn", "must not be before agreedOn")
    }
}

/// The complaint moved to stage 2 (investigation).
///
/// Stream: `complaint/<id>`. Read by: compliance (stage 2 deadlines).
/// Rule: Stage 2 (rules.md §3.1, §11.13).
public struct ComplaintEscalatedToStage2: CareEventPayload {
    /// `ComplaintEscalatedToStage2`.
    public static let eventType = "ComplaintEscalatedToStage2"
    /// The current schema version.
    public static let schemaVersion: UInt16 = 1
    /// The stream kind: `complaint/<id>`.
    public static let streamKind: StreamKind? = .complaint

    /// The day stage 2 started (day 0).
    public var escalatedOn: CareDate
    /// Why.
    public var route: EscalationRoute

    /// Creates the value; optional fields default to absent.
    public init(escalatedOn: CareDate, route: EscalationRoute) {
        self.escalatedOn = escalatedOn
        self.route = route
    }

    /// This event as a ``CareEvent``.
    public var careEvent: CareEvent { .complaintEscalatedToStage2(self) }
}

/// The stage 2 complaint was acknowledged.
///
/// Stream: `complaint/<id>`. Read by: compliance (stage 2 acknowledged within 3 working days).
/// Rule: Acknowledge within 3 working days (rules.md §3.1, §11.13).
public struct ComplaintStage2Acknowledged: CareEventPayload {
    /// `ComplaintStage2Acknowledged`.
    public static let eventType = "ComplaintStage2Acknowledged"
    /// The current schema version.
    public static let schemaVersion: UInt16 = 1
    /// The stream kind: `complaint/<id>`.
    public static let streamKind: StreamKind? = .complaint

    /// The day of acknowledgement.
    public var acknowledgedOn: CareDate

    /// Creates the value; optional fields default to absent.
    public init(acknowledgedOn: CareDate) {
        self.acknowledgedOn = acknowledgedOn
    }

    /// This event as a ``CareEvent``.
    public var careEvent: CareEvent { .complaintStage2Acknowledged(self) }
}

/// The stage 2 investigation response was sent.
///
/// Stream: `complaint/<id>`. Read by: compliance (stage 2 within 20 working days), RAG (complaintsStage2OnTime).
/// Rule: Respond within 20 working days; signpost SPSO (rules.md §3.1, §11.13–14).
public struct ComplaintStage2Responded: CareEventPayload {
    /// `ComplaintStage2Responded`.
    public static let eventType = "ComplaintStage2Responded"
    /// The current schema version.
    public static let schemaVersion: UInt16 = 1
    /// The stream kind: `complaint/<id>`.
    public static let streamKind: StreamKind? = .complaint

    /// The day of the response.
    public var respondedOn: CareDate
    /// The outcome for each point.
    public var outcomes: [ComplaintPointResult]
    /// Whether the response told the complainant how to go to the SPSO.
    public var spsoSignposted: Bool

    /// Creates the value; optional fields default to absent.
    public init(respondedOn: CareDate, outcomes: [ComplaintPointResult], spsoSignposted: Bool) {
        self.respondedOn = respondedOn
        self.outcomes = outcomes
        self.spsoSignposted = spsoSignposted
    }

    /// This event as a ``CareEvent``.
    public var careEvent: CareEvent { .complaintStage2Responded(self) }

    /// Checks plausible values and references.
    public func check(_ c: inout PayloadChecks) {
        c.nonEmpty(outcomes, "outcomes")
    }
}

/// The complaint was closed, with the actions and learning.
///
/// Stream: `complaint/<id>`. Read by: compliance, audit timeline.
/// Rule: Complaints recorded with outcome and action taken (rules.md §2, §11.15).
public struct ComplaintClosed: CareEventPayload {
    /// `ComplaintClosed`.
    public static let eventType = "ComplaintClosed"
    /// The current schema version.
    public static let schemaVersion: UInt16 = 1
    /// The stream kind: `complaint/<id>`.
    public static let streamKind: StreamKind? = .complaint

    /// The day it was closed.
    public var closedOn: CareDate
    /// Actions taken (may be personal data).
    public var actionsTaken: [String]?
    /// Learning for the service.
    public var learning: [String]?

    /// Creates the value; optional fields default to absent.
    public init(closedOn: CareDate, actionsTaken: [String]? = nil, learning: [String]? = nil) {
        self.closedOn = closedOn
        self.actionsTaken = actionsTaken
        self.learning = learning
    }

    /// This event as a ``CareEvent``.
    public var careEvent: CareEvent { .complaintClosed(self) }
}

/// The complainant withdrew the complaint.
///
/// Stream: `complaint/<id>`. Read by: compliance (withdrawn complaints leave the denominators).
/// Rule: SPSO model CHP (rules.md §3.1).
public struct ComplaintWithdrawn: CareEventPayload {
    /// `ComplaintWithdrawn`.
    public static let eventType = "ComplaintWithdrawn"
    /// The current schema version.
    public static let schemaVersion: UInt16 = 1
    /// The stream kind: `complaint/<id>`.
    public static let streamKind: StreamKind? = .complaint

    /// The day it was withdrawn.
    public var withdrawnOn: CareDate

    /// Creates the value; optional fields default to absent.
    public init(withdrawnOn: CareDate) {
        self.withdrawnOn = withdrawnOn
    }

    /// This event as a ``CareEvent``.
    public var careEvent: CareEvent { .complaintWithdrawn(self) }
}

/// The complaint went to the SPSO or the Care Inspectorate.
///
/// Stream: `complaint/<id>`. Read by: audit timeline.
/// Rule: SPSO after the procedure; Care Inspectorate complaints (rules.md §3.1–3.2).
public struct ComplaintReferred: CareEventPayload {
    /// `ComplaintReferred`.
    public static let eventType = "ComplaintReferred"
    /// The current schema version.
    public static let schemaVersion: UInt16 = 1
    /// The stream kind: `complaint/<id>`.
    public static let streamKind: StreamKind? = .complaint

    /// The day it was referred, or the service learned of it.
    public var referredOn: CareDate
    /// Which body.
    public var to: ReferralBody
    /// That body's reference.
    public var externalReference: String?

    /// Creates the value; optional fields default to absent.
    public init(referredOn: CareDate, to: ReferralBody, externalReference: String? = nil) {
        self.referredOn = referredOn
        self.to = to
        self.externalReference = externalReference
    }

    /// This event as a ``CareEvent``.
    public var careEvent: CareEvent { .complaintReferred(self) }
}

/// One point of complaint.
public struct ComplaintPoint: Codable, Hashable, Sendable {
    /// An identifier for the point within the complaint, e.g. `1`, `2`.
    public var pointId: String
    /// What the point is about, in the complainant's terms (personal data: never shown in errors).
    public var summary: String?

    /// Creates the value; optional fields default to absent.
    public init(pointId: String, summary: String? = nil) {
        self.pointId = pointId
        self.summary = summary
    }
}

/// The outcome given for one point of complaint.
public struct ComplaintPointResult: Codable, Hashable, Sendable {
    /// The point's identifier, as in `ComplaintReceived.points`.
    public var pointId: String
    /// Upheld, partially upheld, not upheld or resolved.
    public var outcome: ComplaintPointOutcome

    /// Creates the value; optional fields default to absent.
    public init(pointId: String, outcome: ComplaintPointOutcome) {
        self.pointId = pointId
        self.outcome = outcome
    }
}
