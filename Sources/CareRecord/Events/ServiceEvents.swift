import CareCalendar

/// A person started receiving care at home: the first service date starts the 28-day personal plan clock.
///
/// Stream: `person/<id>`. Read by: reviews due, compliance (plans within 28 days), audit timeline.
/// Rule: Plan due 28 days after first service (SSI 2011/210 reg 5; rules.md §2, §11.1).
public struct ServiceStarted: CareEventPayload {
    /// `ServiceStarted`.
    public static let eventType = "ServiceStarted"
    /// The current schema version.
    public static let schemaVersion: UInt16 = 1
    /// The stream kind: `person/<id>`.
    public static let streamKind: StreamKind? = .person
    /// May be the first event of its stream.
    public static let startsStream = true

    /// The date the person first received the service.
    public var firstServiceOn: CareDate
    /// How the care is arranged.
    public var model: ServiceModel
    /// Commissioned hours a week.
    public var plannedHoursPerWeek: Double
    /// The team that delivers the service (identifier, e.g. `barrhead`).
    public var team: String
    /// The locality the team belongs to, when reports group by it.
    public var locality: String?
    /// The staff id of the person's coordinator or organiser.
    public var careCoordinatorId: String?

    /// Creates the value; optional fields default to absent.
    public init(
        firstServiceOn: CareDate, model: ServiceModel, plannedHoursPerWeek: Double, team: String,
        locality: String? = nil, careCoordinatorId: String? = nil
    ) {
        self.firstServiceOn = firstServiceOn
        self.model = model
        self.plannedHoursPerWeek = plannedHoursPerWeek
        self.team = team
        self.locality = locality
        self.careCoordinatorId = careCoordinatorId
    }

    /// This event as a ``CareEvent``.
    public var careEvent: CareEvent { .serviceStarted(self) }

    /// Checks plausible values and references.
    public func check(_ c: inout PayloadChecks) {
        c.nonNegative(plannedHoursPerWeek, "plannedHoursPerWeek")
        c.require(plannedHoursPerWeek <= 168, "plannedHoursPerWeek", "must be at most 168 (hours in a week)")
        c.identifier(team, "team")
        if let locality { c.identifier(locality, "locality") }
        if let careCoordinatorId { c.identifier(careCoordinatorId, "careCoordinatorId") }
    }
}

/// A person's service ended; they leave the reviews-due list.
///
/// Stream: `person/<id>`. Read by: reviews due, compliance, audit timeline.
/// Rule: Reviews apply only while the person receives the service (reg 5; rules.md §2).
public struct ServiceEnded: CareEventPayload {
    /// `ServiceEnded`.
    public static let eventType = "ServiceEnded"
    /// The current schema version.
    public static let schemaVersion: UInt16 = 1
    /// The stream kind: `person/<id>`.
    public static let streamKind: StreamKind? = .person

    /// The last day of service.
    public var endedOn: CareDate
    /// Why it ended.
    public var reason: ServiceEndReason

    /// Creates the value; optional fields default to absent.
    public init(endedOn: CareDate, reason: ServiceEndReason) {
        self.endedOn = endedOn
        self.reason = reason
    }

    /// This event as a ``CareEvent``.
    public var careEvent: CareEvent { .serviceEnded(self) }
}

/// The person was admitted to hospital; visits are suspended.
///
/// Stream: `person/<id>`. Read by: compliance (visits not expected), audit timeline.
/// Rule: Visits cancelled for a hospital stay are not missed (rules.md §11.22).
public struct HospitalAdmissionRecorded: CareEventPayload {
    /// `HospitalAdmissionRecorded`.
    public static let eventType = "HospitalAdmissionRecorded"
    /// The current schema version.
    public static let schemaVersion: UInt16 = 1
    /// The stream kind: `person/<id>`.
    public static let streamKind: StreamKind? = .person

    /// The day of admission.
    public var admittedOn: CareDate
    /// Whether the admission was planned.
    public var planned: Bool

    /// Creates the value; optional fields default to absent.
    public init(admittedOn: CareDate, planned: Bool) {
        self.admittedOn = admittedOn
        self.planned = planned
    }

    /// This event as a ``CareEvent``.
    public var careEvent: CareEvent { .hospitalAdmissionRecorded(self) }
}

/// The person came home from hospital.
///
/// Stream: `person/<id>`. Read by: reviews due (a discharge is often a significant change), audit timeline.
/// Rule: Significant change triggers review (reg 5(2)(b); rules.md §11.2).
public struct HospitalDischargeRecorded: CareEventPayload {
    /// `HospitalDischargeRecorded`.
    public static let eventType = "HospitalDischargeRecorded"
    /// The current schema version.
    public static let schemaVersion: UInt16 = 1
    /// The stream kind: `person/<id>`.
    public static let streamKind: StreamKind? = .person

    /// The day of discharge.
    public var dischargedOn: CareDate
    /// The day visits resume, if different.
    public var serviceResumesOn: CareDate?

    /// Creates the value; optional fields default to absent.
    public init(dischargedOn: CareDate, serviceResumesOn: CareDate? = nil) {
        self.dischargedOn = dischargedOn
        self.serviceResumesOn = serviceResumesOn
    }

    /// This event as a ``CareEvent``.
    public var careEvent: CareEvent { .hospitalDischargeRecorded(self) }

    /// Checks plausible values and references.
    public func check(_ c: inout PayloadChecks) {
        if let serviceResumesOn {
            c.require(serviceResumesOn >= dischargedOn, "serviceResumesOn", "must not be before dischargedOn")
        }
    }
}
