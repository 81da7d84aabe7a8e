import CareCalendar

/// A member of staff joined. The stream id is the staff id.
///
/// Stream: `staff/<id>`. Read by: compliance (staff denominators).
/// Rule: Staff records (SSI 2002/114 reg 19; rules.md §2).
public struct StaffJoined: CareEventPayload {
    /// `StaffJoined`.
    public static let eventType = "StaffJoined"
    /// The current schema version.
    public static let schemaVersion: UInt16 = 1
    /// The stream kind: `staff/<id>`.
    public static let streamKind: StreamKind? = .staff
    /// May be the first event of its stream.
    public static let startsStream = true

    /// First day of employment.
    public var joinedOn: CareDate
    /// Their role.
    public var role: StaffRole
    /// Their team.
    public var team: String
    /// Contracted hours a week.
    public var contractedHoursPerWeek: Double?

    /// Creates the value; optional fields default to absent.
    public init(joinedOn: CareDate, role: StaffRole, team: String, contractedHoursPerWeek: Double? = nil) {
        self.joinedOn = joinedOn
        self.role = role
        self.team = team
        self.contractedHoursPerWeek = contractedHoursPerWeek
    }

    /// This event as a ``CareEvent``.
    public var careEvent: CareEvent { .staffJoined(self) }

    /// Checks plausible values and references.
    public func check(_ c: inout PayloadChecks) {
        c.identifier(team, "team")
        if let contractedHoursPerWeek {
            c.nonNegative(contractedHoursPerWeek, "contractedHoursPerWeek")
            c.require(contractedHoursPerWeek <= 168, "contractedHoursPerWeek", "must be at most 168")
        }
    }
}

/// A member of staff left.
///
/// Stream: `staff/<id>`. Read by: compliance (staff denominators).
/// Rule: Staff records (rules.md §2).
public struct StaffLeft: CareEventPayload {
    /// `StaffLeft`.
    public static let eventType = "StaffLeft"
    /// The current schema version.
    public static let schemaVersion: UInt16 = 1
    /// The stream kind: `staff/<id>`.
    public static let streamKind: StreamKind? = .staff

    /// Last day of employment.
    public var leftOn: CareDate
    /// Why.
    public var reason: StaffLeavingReason

    /// Creates the value; optional fields default to absent.
    public init(leftOn: CareDate, reason: StaffLeavingReason) {
        self.leftOn = leftOn
        self.reason = reason
    }

    /// This event as a ``CareEvent``.
    public var careEvent: CareEvent { .staffLeft(self) }
}

/// A member of staff completed a course.
///
/// Stream: `staff/<id>`. Read by: compliance (training current), RAG (trainingCurrent).
/// Rule: Staff trained and competent (HSCS 3.14; rules.md §8).
public struct TrainingCompleted: CareEventPayload {
    /// `TrainingCompleted`.
    public static let eventType = "TrainingCompleted"
    /// The current schema version.
    public static let schemaVersion: UInt16 = 1
    /// The stream kind: `staff/<id>`.
    public static let streamKind: StreamKind? = .staff

    /// The course.
    public var course: TrainingCourse
    /// The day it was completed.
    public var completedOn: CareDate
    /// When it must be refreshed; after `completedOn`.
    public var expiresOn: CareDate?

    /// Creates the value; optional fields default to absent.
    public init(course: TrainingCourse, completedOn: CareDate, expiresOn: CareDate? = nil) {
        self.course = course
        self.completedOn = completedOn
        self.expiresOn = expiresOn
    }

    /// This event as a ``CareEvent``.
    public var careEvent: CareEvent { .trainingCompleted(self) }

    /// Checks plausible values and references.
    public func check(_ c: inout PayloadChecks) {
        if let expiresOn { c.require(expiresOn > completedOn, "expiresOn", "must be after completedOn") }
    }
}

/// A member of staff had a supervision session.
///
/// Stream: `staff/<id>`. Read by: compliance (supervision within interval), RAG (supervisionWithinInterval).
/// Rule: Supervision interval is configuration (rules.md seed: field-based supervision).
public struct SupervisionHeld: CareEventPayload {
    /// `SupervisionHeld`.
    public static let eventType = "SupervisionHeld"
    /// The current schema version.
    public static let schemaVersion: UInt16 = 1
    /// The stream kind: `staff/<id>`.
    public static let streamKind: StreamKind? = .staff

    /// The day of the session.
    public var heldOn: CareDate
    /// Field or office.
    public var kind: SupervisionKind
    /// The supervisor's staff id.
    public var supervisorId: String

    /// Creates the value; optional fields default to absent.
    public init(heldOn: CareDate, kind: SupervisionKind, supervisorId: String) {
        self.heldOn = heldOn
        self.kind = kind
        self.supervisorId = supervisorId
    }

    /// This event as a ``CareEvent``.
    public var careEvent: CareEvent { .supervisionHeld(self) }

    /// Checks plausible values and references.
    public func check(_ c: inout PayloadChecks) {
        c.identifier(supervisorId, "supervisorId")
    }
}

/// A member of staff's registration with the Scottish Social Services Council was recorded.
///
/// Stream: `staff/<id>`. Read by: compliance (SSSC registration current), RAG (ssscRegistrationCurrent).
/// Rule: Fitness of employees (SSI 2011/210 regs 6–9; rules.md §2).
public struct SSSCRegistrationRecorded: CareEventPayload {
    /// `SSSCRegistrationRecorded`.
    public static let eventType = "SSSCRegistrationRecorded"
    /// The current schema version.
    public static let schemaVersion: UInt16 = 1
    /// The stream kind: `staff/<id>`.
    public static let streamKind: StreamKind? = .staff

    /// The day registration took effect (or was renewed).
    public var registeredOn: CareDate
    /// The day it expires; after `registeredOn`.
    public var expiresOn: CareDate
    /// The SSSC registration number.
    public var registrationNumber: String?
    /// The part of the register, e.g. `Support worker in a care at home service`.
    public var registerPart: String?

    /// Creates the value; optional fields default to absent.
    public init(
        registeredOn: CareDate, expiresOn: CareDate, registrationNumber: String? = nil, registerPart: String? = nil
    ) {
        self.registeredOn = registeredOn
        self.expiresOn = expiresOn
        self.registrationNumber = registrationNumber
        self.registerPart = registerPart
    }

    /// This event as a ``CareEvent``.
    public var careEvent: CareEvent { .ssscRegistrationRecorded(self) }

    /// Checks plausible values and references.
    public func check(_ c: inout PayloadChecks) {
        c.require(expiresOn > registeredOn, "expiresOn", "must be after registeredOn")
    }
}
