import CareCalendar

/// A written personal plan was prepared after consulting the person.
///
/// Stream: `person/<id>`. Read by: reviews due, compliance (plans within 28 days), RAG (plansWithin28Days).
/// Rule: Plan within 28 days, after consultation (reg 5(1); rules.md §2, §11.1, §11.4).
public struct PersonalPlanPrepared: CareEventPayload {
    /// `PersonalPlanPrepared`.
    public static let eventType = "PersonalPlanPrepared"
    /// The current schema version.
    public static let schemaVersion: UInt16 = 1
    /// The stream kind: `person/<id>`.
    public static let streamKind: StreamKind? = .person

    /// The day the plan was completed in writing.
    public var preparedOn: CareDate
    /// Personal outcomes, in the person's words (personal data).
    public var outcomes: [String]
    /// Tasks at visits (personal data).
    public var tasks: [String]
    /// The level of medication support.
    public var medicationSupport: MedicationSupportLevel
    /// Whether a risk assessment was completed with the plan.
    public var riskAssessmentCompleted: Bool
    /// Who was consulted; must include the person or their representative.
    public var consulted: [ConsultedParty]
    /// The staff id of the author.
    public var preparedBy: String

    /// Creates the value; optional fields default to absent.
    public init(
        preparedOn: CareDate, outcomes: [String], tasks: [String], medicationSupport: MedicationSupportLevel,
        riskAssessmentCompleted: Bool, consulted: [ConsultedParty], preparedBy: String
    ) {
        self.preparedOn = preparedOn
        self.outcomes = outcomes
        self.tasks = tasks
        self.medicationSupport = medicationSupport
        self.riskAssessmentCompleted = riskAssessmentCompleted
        self.consulted = consulted
        self.preparedBy = preparedBy
    }

    /// This event as a ``CareEvent``.
    public var careEvent: CareEvent { .personalPlanPrepared(self) }

    /// Checks plausible values and references.
    public func check(_ c: inout PayloadChecks) {
        c.require(
            consulted.contains(.person) || consulted.contains(.representative), "consulted",
            "must include person or representative (reg 5: the plan is prepared after consulting them)")
        c.identifier(preparedBy, "preparedBy")
    }
}

/// The plan was given or made available to the person and any representative consulted.
///
/// Stream: `person/<id>`. Read by: reviews due (plan status), audit timeline.
/// Rule: Plan made available to the person and representative (reg 5; rules.md §11.4).
public struct PersonalPlanMadeAvailable: CareEventPayload {
    /// `PersonalPlanMadeAvailable`.
    public static let eventType = "PersonalPlanMadeAvailable"
    /// The current schema version.
    public static let schemaVersion: UInt16 = 1
    /// The stream kind: `person/<id>`.
    public static let streamKind: StreamKind? = .person

    /// The day it was made available.
    public var madeAvailableOn: CareDate
    /// Who it was made available to.
    public var recipients: [PlanRecipient]

    /// Creates the value; optional fields default to absent.
    public init(madeAvailableOn: CareDate, recipients: [PlanRecipient]) {
        self.madeAvailableOn = madeAvailableOn
        self.recipients = recipients
    }

    /// This event as a ``CareEvent``.
    public var careEvent: CareEvent { .personalPlanMadeAvailable(self) }

    /// Checks plausible values and references.
    public func check(_ c: inout PayloadChecks) {
        c.nonEmpty(recipients, "recipients")
    }
}

/// The plan was revised, after consultation.
///
/// Stream: `person/<id>`. Read by: reviews due, audit timeline.
/// Rule: Revised where appropriate after review (reg 5(3); rules.md §2, §11.4).
public struct PersonalPlanRevised: CareEventPayload {
    /// `PersonalPlanRevised`.
    public static let eventType = "PersonalPlanRevised"
    /// The current schema version.
    public static let schemaVersion: UInt16 = 1
    /// The stream kind: `person/<id>`.
    public static let streamKind: StreamKind? = .person

    /// The day the revision was made.
    public var revisedOn: CareDate
    /// Which parts changed.
    public var changes: [PlanChangeArea]
    /// What changed, in words (personal data).
    public var summary: String?
    /// The new medication support level, if it changed.
    public var medicationSupport: MedicationSupportLevel?
    /// Who was consulted on the revision.
    public var consulted: [ConsultedParty]
    /// The staff id of the author.
    public var revisedBy: String

    /// Creates the value; optional fields default to absent.
    public init(
        revisedOn: CareDate, changes: [PlanChangeArea], summary: String? = nil,
        medicationSupport: MedicationSupportLevel? = nil, consulted: [ConsultedParty], revisedBy: String
    ) {
        self.revisedOn = revisedOn
        self.changes = changes
        self.summary = summary
        self.medicationSupport = medicationSupport
        self.consulted = consulted
        self.revisedBy = revisedBy
    }

    /// This event as a ``CareEvent``.
    public var careEvent: CareEvent { .personalPlanRevised(self) }

    /// Checks plausible values and references.
    public func check(_ c: inout PayloadChecks) {
        c.nonEmpty(changes, "changes")
        c.identifier(revisedBy, "revisedBy")
    }
}

/// The person and/or representative were told of a plan revision.
///
/// Stream: `person/<id>`. Read by: reviews due (revision notified), audit timeline.
/// Rule: Revisions notified to person and representative (reg 5; rules.md §11.4).
public struct PlanRevisionNotified: CareEventPayload {
    /// `PlanRevisionNotified`.
    public static let eventType = "PlanRevisionNotified"
    /// The current schema version.
    public static let schemaVersion: UInt16 = 1
    /// The stream kind: `person/<id>`.
    public static let streamKind: StreamKind? = .person

    /// The day they were told.
    public var notifiedOn: CareDate
    /// The `revisedOn` date of the revision notified.
    public var revisedOn: CareDate
    /// Who was told.
    public var recipients: [PlanRecipient]

    /// Creates the value; optional fields default to absent.
    public init(notifiedOn: CareDate, revisedOn: CareDate, recipients: [PlanRecipient]) {
        self.notifiedOn = notifiedOn
        self.revisedOn = revisedOn
        self.recipients = recipients
    }

    /// This event as a ``CareEvent``.
    public var careEvent: CareEvent { .planRevisionNotified(self) }

    /// Checks plausible values and references.
    public func check(_ c: inout PayloadChecks) {
        c.nonEmpty(recipients, "recipients")
        c.require(notifiedOn >= revisedOn, "notifiedOn", "must not be before revisedOn")
    }
}
